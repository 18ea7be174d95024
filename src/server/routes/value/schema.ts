// Request schemas of the value, churn-risk and maturity routes.
import { z } from 'zod';
import { IsoDate } from '../shared-schema.js';

const Kind = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be an outcome kind (lower_snake_case)');

/** GET /api/v1/value/summary */
export const ValueSummaryQuery = z.object({
  metric: z.enum(['nps', 'csat', 'ces']).default('nps'),
  outcome: Kind.optional().describe('outcome kind whose amounts are summed per contact (default revenue)'),
  window: z.string().max(10).optional().describe('window after each answer: 90d, 12w, 6m, 1y (default 180d)'),
  asOf: IsoDate.optional().describe('evaluate as of this date (default now)'),
});

/** GET /api/v1/initiatives/:id/roi and /api/v1/value/initiatives */
export const InitiativeRoiQuery = z.object({
  window: z
    .string()
    .max(10)
    .optional()
    .describe('window after each answer the revenue difference is measured in (default 180d)'),
});

/** GET /api/v1/value/satisfied-defectors */
export const SatisfiedDefectorsQuery = z.object({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  npsMin: z.coerce.number().int().min(0).max(10).default(7),
  csatMin: z.coerce.number().int().min(1).max(5).default(4),
  cesMin: z.coerce.number().int().min(1).max(7).default(5),
});

/** GET /api/v1/value/revenue-at-risk */
export const RevenueAtRiskQuery = z.object({
  by: z.enum(['theme', 'touchpoint', 'driver']).default('theme'),
  asOf: IsoDate.optional(),
});

/** GET /api/v1/churn/risk */
export const ChurnRiskQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(20) });

/** POST /api/v1/churn/models */
export const ChurnTrainBody = z
  .object({ horizonDays: z.number().int().min(7).max(730).default(180) })
  .default({ horizonDays: 180 });

/** PUT /api/v1/programme/maturity/questionnaire */
export const MaturityQuestionnaire = z
  .object({
    leadership: z.boolean(),
    coalition: z.boolean(),
    journeyMap: z.boolean(),
    processesRedesigned: z.boolean(),
    incentives: z.boolean(),
    embeddedDecisions: z.boolean(),
    employeePulse: z.boolean(),
  })
  .partial()
  .strict();

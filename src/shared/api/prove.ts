// Response bodies of the prove routes: outcomes, value by loyalty group, churn risk, revenue at risk,
// programme maturity.
import { z } from 'zod';
import { Id, Timestamp } from './common.js';

/** A 95% interval without its level (the level is the response's). */
export const Bounds = z.object({ low: z.number(), high: z.number() });

/** A business event or fact about a contact; money as exact decimal text and minor units. */
export const Outcome = z.object({
  id: Id,
  key: z.string().describe('the idempotency key it was sent with'),
  source: z.string(),
  contactId: Id,
  kind: z.string(),
  occurredAt: Timestamp,
  amount: z.string().nullable().describe('decimal text in the currency, e.g. "1234.56"'),
  amountMinor: z.string().nullable().describe('integer minor units as text (cents)'),
  currency: z.string().nullable(),
  value: z.string().nullable().describe('an exact numeric outcome as decimal text'),
  flag: z.boolean().nullable(),
  createdAt: Timestamp,
});
export const OutcomeBatchResult = z.object({
  inserted: z.number().int(),
  duplicates: z.number().int().describe('items whose key was already stored, left as they were'),
  items: z.array(Outcome),
});
export const OutcomeImportResult = z.object({
  inserted: z.number().int(),
  duplicates: z.number().int(),
  rows: z.number().int(),
});
export const OutcomeList = z.object({
  items: z.array(Outcome),
  kinds: z.array(
    z.object({
      kind: z.string(),
      n: z.number().int(),
      contacts: z.number().int(),
      total: z.string().nullable().describe('exact money total of the kind'),
      currency: z.string().nullable(),
    }),
  ),
});

/** Outcomes by loyalty group in a window after each answer. */
export const ValueSummary = z.object({
  metric: z.enum(['nps', 'csat', 'ces']),
  outcome: z.string(),
  window: z.string(),
  asOf: Timestamp,
  level: z.number(),
  categories: z.array(
    z.object({
      category: z.string(),
      n: z.number().int(),
      retention: z.object({ rate: z.number().nullable(), retained: z.number().int(), ci: Bounds.nullable() }),
      revenue: z.object({
        mean: z.number().nullable(),
        ci: Bounds.nullable(),
        currency: z.string().nullable(),
      }),
      frequency: z.object({ mean: z.number().nullable(), ci: Bounds.nullable() }),
    }),
  ),
  differences: z.array(
    z.object({
      a: z.string(),
      b: z.string(),
      measure: z.enum(['retention', 'revenue', 'frequency']),
      difference: z.number().nullable(),
      ci: Bounds.nullable(),
      p: z.number().nullable(),
      method: z.string(),
    }),
  ),
  method: z.array(z.string()),
});

export const SatisfiedDefectors = z.object({
  from: Timestamp,
  to: Timestamp,
  n: z.number().int(),
  satisfied: z.number().int(),
  share: z.number().nullable(),
  ci: Bounds.nullable(),
  unanswered: z.number().int(),
  thresholds: z.object({ npsMin: z.number(), csatMin: z.number(), cesMin: z.number() }),
  themes: z.array(z.object({ theme: z.string(), name: z.string(), n: z.number().int(), share: z.number() })),
});

export const RevenueAtRisk = z.object({
  by: z.enum(['theme', 'touchpoint', 'driver']),
  currency: z.string().nullable(),
  contacts: z.number().int(),
  revenue: z.string(),
  total: z.string(),
  totalCi: Bounds.nullable().describe('95% percentile bootstrap interval over the at-risk contacts (seeded)'),
  parts: z.array(
    z.object({
      key: z.string(),
      label: z.string().describe('the theme name, touchpoint name or driver'),
      contacts: z.number().int(),
      amount: z.number(),
      ci: Bounds.nullable(),
      share: z.number(),
    }),
  ),
  assumptions: z.array(z.string()),
});

export const ChurnModelSummary = z.object({
  id: Id,
  trainedAt: Timestamp,
  outcome: z.string(),
  horizonDays: z.number().int(),
  rows: z.number().int(),
  positives: z.number().int(),
  model: z
    .enum(['gbdt', 'logistic'])
    .describe('the model that scores: the trees unless the logistic baseline did better in cross-validation'),
  selection: z.string().describe('why that model scores'),
  cv: z.object({
    auc: z.number(),
    aucSd: z.number(),
    logLoss: z.number(),
    calibration: z.object({
      bins: z.array(
        z.object({
          low: z.number(),
          high: z.number(),
          n: z.number().int(),
          predicted: z.number(),
          observed: z.number(),
        }),
      ),
      ece: z.number(),
      brier: z.number(),
    }),
  }),
  baseline: z.object({ model: z.literal('logistic'), auc: z.number() }),
  importance: z.array(z.object({ feature: z.string(), importance: z.number() })),
});

export const ContactRiskScore = z.object({
  contactId: Id,
  externalId: z.string().nullable(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  probability: z.number(),
  band: z.enum(['low', 'medium', 'high']),
  reasons: z.array(
    z.object({
      feature: z.string(),
      value: z.string().nullable(),
      contribution: z.number(),
      text: z.string().describe('the reason in words, e.g. "last NPS 3" or "mentioned Refunds"'),
    }),
  ),
  explanation: z
    .string()
    .describe('the top reasons in words, e.g. "last NPS 3, down 4 points; mentioned Refunds"'),
  scoredAt: Timestamp,
  modelId: Id,
});

export const ChurnRisk = z.object({
  model: ChurnModelSummary.nullable(),
  bands: z.object({ high: z.number().int(), medium: z.number().int(), low: z.number().int() }),
  histogram: z.array(z.object({ low: z.number(), high: z.number(), n: z.number().int() })),
  items: z.array(ContactRiskScore),
});

export const ContactRisk = z.object({
  contactId: Id,
  risk: ContactRiskScore.nullable(),
  model: ChurnModelSummary.nullable(),
});

export const ChurnTrainQueued = z.object({ queued: z.literal(true), horizonDays: z.number().int() });

const Answers = z.object({
  leadership: z.boolean(),
  coalition: z.boolean(),
  journeyMap: z.boolean(),
  processesRedesigned: z.boolean(),
  incentives: z.boolean(),
  embeddedDecisions: z.boolean(),
  employeePulse: z.boolean(),
});
const Stage = z.object({ number: z.number().int(), name: z.string(), description: z.string() });

export const Maturity = z.object({
  stage: Stage,
  stages: z.array(Stage),
  ladder: z.array(
    z.object({
      number: z.number().int(),
      name: z.string(),
      reached: z.boolean(),
      met: z.array(z.string()),
      missing: z.array(z.string()),
    }),
  ),
  evidence: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      value: z.string(),
      met: z.boolean(),
      source: z.enum(['product', 'questionnaire']),
      step: z.string(),
      link: z.string(),
    }),
  ),
  questionnaire: z.object({
    answers: Answers,
    questions: z.array(z.object({ id: z.string(), text: z.string() })),
    updatedAt: Timestamp.nullable(),
  }),
  nextSteps: z.array(
    z.object({ evidence: z.string(), step: z.string(), link: z.string(), forStage: z.string() }),
  ),
  mistakes: z.array(
    z.object({
      id: z.string(),
      mistake: z.string(),
      atRisk: z.boolean(),
      missing: z.array(z.string()),
      checked: z.number().int(),
    }),
  ),
  history: z.array(z.object({ assessedAt: Timestamp, stage: z.number().int() })),
});

/** An estimate with its 95% interval. */
const Interval = z.object({ estimate: z.number(), low: z.number(), high: z.number() });

/** The return on an initiative: the value of its measured change against its cost, with intervals. */
export const InitiativeRoi = z.object({
  initiativeId: Id,
  title: z.string(),
  metric: z.string(),
  verdict: z.string().describe('the effect verdict: win, worse, no_detectable_change, too_early'),
  available: z.boolean().describe('true when the change is a measured win and the value could be computed'),
  reason: z.string().nullable().describe('why figures are missing, or a note on them'),
  effect: Interval.nullable().describe('measured change in the metric unit'),
  unit: z.string(),
  move: z.string().nullable().describe('the move a one-unit change stands for, e.g. "detractor → passive"'),
  gap: z.number().nullable().describe("metric units one customer's move shifts the metric by"),
  customers: z.number().int().describe('customers who answered at the targeted touchpoints since the start'),
  window: z.string(),
  currency: z.string().nullable(),
  difference: Interval.nullable().describe('revenue difference per customer of the move in the window'),
  valuePerPoint: Interval.nullable().describe('value of a one-unit move per customer reached'),
  value: Interval.nullable(),
  cost: z.object({ amount: z.string(), currency: z.string() }).nullable(),
  net: Interval.nullable().describe('value − cost'),
  roi: Interval.nullable().describe('(value − cost) / cost'),
  method: z.array(z.string()),
});
export const InitiativeRoiList = z.object({ items: z.array(InitiativeRoi) });

export type InitiativeRoi = z.output<typeof InitiativeRoi>;
export type InitiativeRoiList = z.output<typeof InitiativeRoiList>;
export type Outcome = z.output<typeof Outcome>;
export type OutcomeList = z.output<typeof OutcomeList>;
export type ValueSummary = z.output<typeof ValueSummary>;
export type SatisfiedDefectors = z.output<typeof SatisfiedDefectors>;
export type RevenueAtRisk = z.output<typeof RevenueAtRisk>;
export type ChurnModelSummary = z.output<typeof ChurnModelSummary>;
export type ContactRiskScore = z.output<typeof ContactRiskScore>;
export type ChurnRisk = z.output<typeof ChurnRisk>;
export type ContactRisk = z.output<typeof ContactRisk>;
export type Maturity = z.output<typeof Maturity>;

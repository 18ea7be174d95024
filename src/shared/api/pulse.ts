// Responses of the employee pulse route.
import { z } from 'zod';
import { Id } from './common.js';

/** eNPS of a group with its adjusted-Wald 95% interval. */
export const EnpsCell = z.object({
  n: z.number().int(),
  enps: z.number(),
  ci: z.object({ low: z.number(), high: z.number() }).nullable(),
});

/** `GET /api/v1/employee-pulse/{surveyId}`. */
export const EmployeePulse = z.object({
  surveyId: Id,
  available: z.boolean(),
  reason: z.string().nullable(),
  minGroup: z.number().int(),
  overall: EnpsCell.nullable().describe('Null when fewer than minGroup answered or the survey is open'),
  teams: z.array(z.object({ team: z.string(), result: EnpsCell.nullable().describe('Null: hidden') })),
  hiddenTeams: z.number().int(),
});

export type EnpsCell = z.output<typeof EnpsCell>;
export type EmployeePulse = z.output<typeof EmployeePulse>;

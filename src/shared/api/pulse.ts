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

/** `GET /api/v1/employee-pulse`: surveys answered by employees. */
export const PulseSurveyList = z.object({
  items: z.array(z.object({ id: Id, name: z.string(), status: z.string() })),
});

/** `GET /api/v1/employee-pulse/{surveyId}/link`: employee eNPS beside customer NPS per team, and their correlation. */
export const PulseLink = z.object({
  surveyId: Id,
  available: z.boolean(),
  minGroup: z.number().int(),
  window: z
    .object({ from: z.string(), to: z.string() })
    .nullable()
    .describe('Customer feedback counted: the days up to the last employee answer'),
  teams: z.array(
    z.object({
      team: z.string(),
      teamId: Id.nullable(),
      touchpoints: z.array(z.object({ id: Id, name: z.string() })),
      employee: EnpsCell.nullable().describe('Null: hidden under the threshold'),
      customer: EnpsCell.nullable().describe("Customer NPS at the team's touchpoints"),
    }),
  ),
  correlation: z.object({
    n: z.number().int().describe('Teams with both scores'),
    r: z.number().nullable(),
    ci: z.object({ low: z.number(), high: z.number(), level: z.number() }).nullable().describe('Fisher z'),
    p: z.number().nullable(),
  }),
  warnings: z.array(z.string()),
});

export type EnpsCell = z.output<typeof EnpsCell>;
export type PulseSurveyList = z.output<typeof PulseSurveyList>;
export type PulseLink = z.output<typeof PulseLink>;
export type EmployeePulse = z.output<typeof EmployeePulse>;

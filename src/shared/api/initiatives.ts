// Responses of the initiative routes: initiatives, milestones, notes and their measured effect.
import { z } from 'zod';
import { Id, listOf, Timestamp } from './common.js';

const Day = z.string().describe('A date, YYYY-MM-DD (UTC)');
const Interval = z.object({ low: z.number(), high: z.number() });

/** A score with its interval, in the metric's unit (NPS points, CSAT percent, CES/rating scale). */
export const EffectGroup = z.object({
  n: z.number().int(),
  estimate: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
});

/** One period of the before/after series (period 0 starts on the start date). */
export const EffectSeriesPoint = z.object({
  period: z.number().int(),
  from: Day,
  treated: EffectGroup,
  control: EffectGroup.nullable(),
});

/** The effect in a list: verdict, estimate, interval, p and method. */
export const EffectSummary = z.object({
  verdict: z.enum(['win', 'worse', 'no_detectable_change', 'too_early']),
  estimate: z
    .number()
    .nullable()
    .describe('Difference-in-differences (or ITS level change); null when too early'),
  ci: Interval.nullable(),
  p: z.number().nullable(),
  method: z.enum(['did', 'its', 'none']),
});

/** The full effect of an initiative (`GET /api/v1/initiatives/{id}/effect`). */
export const Effect = EffectSummary.extend({
  metric: z
    .enum(['nps', 'csat', 'ces', 'rating', 'mean', 'theme_share', 'recovery_rate'])
    .describe(
      'theme_share: share of comments mentioning the themes, lower is better; recovery_rate: detractor cases recovered',
    ),
  unit: z.enum(['points', 'percent', 'scale']),
  interval: z.enum(['week', 'month']),
  start: Day,
  end: Day.nullable(),
  level: z.number(),
  before: EffectGroup.describe('Treated feedback before the start'),
  after: EffectGroup.describe('Treated feedback after the start'),
  control: z.object({ before: EffectGroup, after: EffectGroup }).nullable(),
  minimumDetectableEffect: z.number().nullable(),
  target: z.number().nullable(),
  nNeeded: z.number().int().nullable(),
  preTrend: z.object({ slopeDifference: z.number(), se: z.number(), p: z.number() }).nullable(),
  slopeChange: z.object({ estimate: z.number(), ci: Interval, p: z.number() }).nullable(),
  warnings: z.array(z.string()),
  series: z.array(EffectSeriesPoint),
});

/** A milestone. */
export const Milestone = z.object({
  id: Id,
  title: z.string(),
  dueOn: Day.nullable(),
  done: z.boolean(),
  doneAt: Timestamp.nullable(),
});

/** A note. */
export const InitiativeNote = z.object({
  id: Id,
  authorId: Id.nullable(),
  body: z.string(),
  createdAt: Timestamp,
});

const initiativeFields = {
  id: Id,
  title: z.string(),
  ownerId: Id.nullable(),
  teamId: Id.nullable(),
  hypothesis: z.string(),
  metric: z.enum(['nps', 'csat', 'ces', 'rating', 'theme_share', 'recovery_rate']),
  touchpointIds: z.array(Id),
  controlTouchpointIds: z.array(Id).describe('Empty: every other touchpoint is the control'),
  themes: z.array(z.string()),
  status: z.enum(['planned', 'running', 'done', 'stopped']),
  startedAt: Day,
  endedAt: Day.nullable(),
  interval: z.enum(['week', 'month']),
  minimumEffect: z.number().nullable(),
  cost: z
    .object({
      amount: z.string().describe('decimal text in the currency, e.g. "12000.00"'),
      amountMinor: z.string().describe('integer minor units as text'),
      currency: z.string(),
    })
    .nullable()
    .describe('what the initiative cost, as its owner entered it (null: not entered)'),
  createdAt: Timestamp,
  updatedAt: Timestamp,
};

/** An initiative with its milestones and notes. */
export const Initiative = z.object({
  ...initiativeFields,
  milestones: z.array(Milestone),
  notes: z.array(InitiativeNote),
});

/** `GET /api/v1/initiatives/{id}`: the initiative, its effect and the before/after series. */
export const InitiativeDetail = Initiative.extend({ effect: Effect, series: z.array(EffectSeriesPoint) });

/** `GET /api/v1/initiatives`: each initiative with its effect summary. */
export const InitiativeList = listOf(z.object({ ...initiativeFields, effect: EffectSummary }));

export type EffectGroup = z.output<typeof EffectGroup>;
export type EffectSeriesPoint = z.output<typeof EffectSeriesPoint>;
export type EffectSummary = z.output<typeof EffectSummary>;
export type Effect = z.output<typeof Effect>;
export type Milestone = z.output<typeof Milestone>;
export type InitiativeNote = z.output<typeof InitiativeNote>;
export type Initiative = z.output<typeof Initiative>;
export type InitiativeDetail = z.output<typeof InitiativeDetail>;
export type InitiativeList = z.output<typeof InitiativeList>;

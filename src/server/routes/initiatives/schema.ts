// Schemas of the initiative routes.
import { z } from 'zod';
import { Uuid } from '../shared-schema.js';

/** A calendar date (YYYY-MM-DD) or an ISO 8601 timestamp; checked as a real date by the service. */
const DateText = z.string().trim().min(1).max(40);
const Metric = z.enum(['nps', 'csat', 'ces', 'rating', 'theme_share', 'recovery_rate']);
const Status = z.enum(['planned', 'running', 'done', 'stopped']);
const MilestoneCreate = z
  .object({ title: z.string().trim().min(1).max(200), dueOn: DateText.nullable().optional() })
  .strict();

const fields = {
  title: z.string().trim().min(1).max(200),
  ownerId: Uuid.nullable().optional(),
  teamId: Uuid.nullable().optional(),
  hypothesis: z.string().max(4000).optional(),
  metric: Metric,
  touchpointIds: z.array(Uuid).max(200).optional(),
  controlTouchpointIds: z.array(Uuid).max(200).optional(),
  themes: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
  status: Status.optional(),
  startedAt: DateText,
  endedAt: DateText.nullable().optional(),
  interval: z.enum(['week', 'month']).optional(),
  minimumEffect: z.number().positive().nullable().optional(),
  /** What it cost: decimal text (exact) in an ISO 4217 currency; null clears it. */
  cost: z
    .object({
      amount: z.union([z.string().trim().min(1).max(40), z.number()]),
      currency: z.string().trim().length(3),
    })
    .strict()
    .nullable()
    .optional(),
};

/** Create-initiative body. */
export const InitiativeCreate = z
  .object({ ...fields, milestones: z.array(MilestoneCreate).max(50).optional() })
  .strict();

/** Patch-initiative body: any of the create fields. */
export const InitiativePatch = z
  .object({
    ...fields,
    title: fields.title.optional(),
    metric: Metric.optional(),
    startedAt: DateText.optional(),
  })
  .strict();

/** List query. */
export const InitiativeQuery = z
  .object({ status: Status.optional(), limit: z.coerce.number().int().min(1).max(200).default(100) })
  .strict();

/** New milestone body. */
export const MilestoneBody = MilestoneCreate;

/** Milestone change body. */
export const MilestonePatch = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    dueOn: DateText.nullable().optional(),
    done: z.boolean().optional(),
  })
  .strict();

/** `{ id, milestoneId }` path parameters. */
export const MilestoneParams = z.object({ id: Uuid, milestoneId: Uuid });

/** New note body. */
export const NoteBody = z.object({ body: z.string().trim().min(1).max(4000) }).strict();

/** "You said, we did" follow-up body. */
export const FollowUpBody = z
  .object({
    message: z.string().trim().min(1).max(4000),
    subject: z.string().trim().min(1).max(200).optional(),
    surveyId: Uuid.optional(),
  })
  .strict();

// Schemas of the case routes.
import { z } from 'zod';
import { CASE_STATUSES, PRIORITIES } from '../../../act/index.js';
import { IsoDate, Paging, Uuid } from '../shared-schema.js';

const List = <T extends string>(values: readonly [T, ...T[]], name: string) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values, { message: `${name} is one of ${values.join(', ')}` })).min(1));

/** Inbox query. */
export const CaseQuery = Paging.extend({
  status: List(CASE_STATUSES, 'status').optional(),
  teamId: Uuid.optional(),
  ownerId: Uuid.optional(),
  priority: List(PRIORITIES, 'priority').optional(),
  breached: z
    .enum(['true', 'false'])
    .transform((b) => b === 'true')
    .optional(),
  feedbackId: Uuid.optional(),
  contactId: Uuid.optional(),
  touchpointId: Uuid.optional(),
  rootCause: z.string().max(200).optional(),
}).strict();

/** PATCH body. */
export const CaseUpdate = z
  .object({
    status: z.enum(CASE_STATUSES).optional(),
    ownerId: Uuid.nullable().optional(),
    teamId: Uuid.nullable().optional(),
    priority: z.enum(PRIORITIES).optional(),
  })
  .strict();

/** Note body. */
export const NoteCreate = z.object({ body: z.string().trim().min(1).max(20_000) }).strict();

/** Reply body. */
export const ReplyCreate = z
  .object({
    subject: z.string().trim().min(1).max(300).optional(),
    body: z.string().trim().min(1).max(50_000),
  })
  .strict();

/** Close body. */
export const CloseCase = z
  .object({
    resolution: z.string().trim().min(1).max(5_000),
    rootCause: z.string().trim().min(1).max(200).optional(),
    recoverySurvey: z.boolean().optional(),
  })
  .strict();

/** Stats query. */
export const CaseStatsQuery = z
  .object({
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    teamId: Uuid.optional(),
    touchpointId: Uuid.optional(),
    groupBy: z.enum(['team', 'touchpoint', 'rootCause', 'month']).optional(),
  })
  .strict();

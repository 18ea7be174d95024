// Schemas of the campaign, list, segment, frequency-rule and response-rate routes.
import { z } from 'zod';
import { SegmentRule } from '../../../listen/contacts/index.js';
import { Paging, Uuid } from '../shared-schema.js';

const Localised = z.union([z.string().min(1).max(2000), z.record(z.string().max(20), z.string().max(2000))]);

/** Who a campaign or preview is for. */
export const AudienceSchema = z.union([
  z.object({ listId: Uuid }).strict(),
  z.object({ segmentId: Uuid }).strict(),
  z.object({ rules: SegmentRule }).strict(),
]);

/** Create-campaign body. */
export const CampaignCreate = z
  .object({
    surveyId: Uuid,
    name: z.string().trim().min(1).max(200),
    audience: AudienceSchema,
    subject: Localised,
    intro: Localised.optional(),
    fromAddress: z.string().max(320).optional(),
    language: z.string().max(20).optional(),
    reminderAfterHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .optional(),
    maxReminders: z.number().int().min(0).max(5).optional(),
  })
  .strict();

/** List-campaigns query. */
export const CampaignListQuery = z
  .object({ survey: Uuid.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) })
  .strict();

/** List-invitations query. */
export const InvitationQuery = Paging.extend({
  // The cursor is the last invitation id seen.
  cursor: Uuid.optional(),
  status: z.enum(['queued', 'sent', 'bounced', 'opened', 'responded', 'suppressed', 'failed']).optional(),
}).strict();

/** Record-a-bounce body. */
export const BounceCreate = z.object({ reason: z.string().min(1).max(500) }).strict();

/** Create-list body. */
export const ListCreate = z.object({ name: z.string().trim().min(1).max(200) }).strict();

/** Add-to-list body. */
export const ListMembers = z.object({ contactIds: z.array(Uuid).min(1).max(10_000) }).strict();

/** Create-segment body. */
export const SegmentCreate = z
  .object({ name: z.string().trim().min(1).max(200), rules: SegmentRule })
  .strict();

/** Create-frequency-rule body: at most `maxInvitations` in `windowDays`, for one survey or (no surveyId) all. */
export const FrequencyRuleCreate = z
  .object({
    surveyId: Uuid.optional(),
    maxInvitations: z.number().int().min(1).max(1000),
    windowDays: z.number().int().min(1).max(3660),
  })
  .strict();

/** Response-rate query. */
export const ResponseRateQuery = z.object({ survey: Uuid.optional() }).strict();

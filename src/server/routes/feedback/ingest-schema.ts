// Schemas of the feedback ingestion routes (reviews, tickets, social posts and other non-survey feedback).
import { z } from 'zod';
import { LIMITS } from '../../../shared/limits.js';
import { ContactRef } from '../contacts/schema.js';
import { Uuid } from '../shared-schema.js';

/** One feedback record. `sourceId` (the review or ticket id) makes it idempotent within its source. */
export const FeedbackCreate = z
  .object({
    source: z.enum(['review', 'ticket', 'social', 'api']),
    sourceId: z.string().min(1).max(200).optional(),
    channel: z.string().trim().min(1).max(50).default('api'),
    occurredAt: z.iso
      .datetime({ offset: true })
      .transform((s) => new Date(s))
      .optional(),
    text: z.string().max(LIMITS.commentLength).optional(),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/)
      .optional(),
    nps: z.number().int().min(0).max(10).optional(),
    csat: z.number().int().min(1).max(5).optional(),
    ces: z.number().int().min(1).max(7).optional(),
    rating: z.object({ value: z.number(), min: z.number(), max: z.number() }).strict().optional(),
    contact: ContactRef.optional(),
    touchpointId: Uuid.optional(),
    metadata: z
      .record(z.string().max(63), z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]))
      .optional(),
  })
  .strict();
/** One feedback record, as parsed. */
export type FeedbackCreate = z.infer<typeof FeedbackCreate>;

/** Batch body. */
export const FeedbackBatch = z.object({ items: z.array(z.unknown()).min(1).max(LIMITS.batchSize) }).strict();

// Schemas of the response submission routes.
import { z } from 'zod';
import { LIMITS } from '../../../shared/limits.js';
import { ContactRef } from '../contacts/schema.js';
import { Uuid } from '../shared-schema.js';

const AnswerValue = z.union([
  z.number(),
  z.string().max(10_000),
  z.array(z.string().max(200)).max(100),
  z.null(),
]);

/** Submit-response body. */
export const ResponseCreate = z
  .object({
    answers: z.record(z.string().max(64), AnswerValue),
    contact: ContactRef.optional(),
    touchpointId: Uuid.optional(),
    channel: z.enum(['api', 'link', 'widget', 'email', 'sms', 'in_app', 'import']).default('api'),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/)
      .optional(),
    metadata: z
      .record(z.string().max(63), z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]))
      .optional(),
    startedAt: z.iso
      .datetime({ offset: true })
      .transform((s) => new Date(s))
      .optional(),
    submittedAt: z.iso
      .datetime({ offset: true })
      .transform((s) => new Date(s))
      .optional(),
    idempotencyKey: z.string().min(1).max(200).optional(),
  })
  .strict();

/** Optional idempotency header. */
export const IdempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(200).optional() });

/** Batch-submit body: items are checked one by one, so one bad item never sinks the others. */
export const ResponseBatch = z.object({ items: z.array(z.unknown()).min(1).max(LIMITS.batchSize) }).strict();

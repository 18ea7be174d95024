// Ingesting non-survey feedback (reviews, tickets, social posts) one record or a batch at a time.
import { ingestFeedback } from '../../../listen/index.js';
import { ValidationError } from '../../../platform/errors/index.js';
import * as api from '../../../shared/api/index.js';
import { defineRoute } from '../../route.js';
import { idempotencyHeader, parseItems, summarise } from '../batch-items.js';
import { FeedbackBatch, FeedbackCreate } from './ingest-schema.js';

/** POST /api/v1/feedback/batch */
export const ingestFeedbackBatchRoute = defineRoute({
  summary:
    'Ingest up to 1,000 feedback records (reviews, tickets, social); idempotent on (source, sourceId), ' +
    'or on "<Idempotency-Key header>:<index>" for items without a sourceId; per-item results',
  tags: ['feedback'],
  schema: { body: FeedbackBatch, response: { 200: api.FeedbackBatchResult } },
  handler: async ({ body, principal, deps, req }) => {
    const header = idempotencyHeader(req);
    const { valid, invalid } = parseItems(FeedbackCreate, body.items);
    const stored = await ingestFeedback(
      deps.sql,
      principal.orgId,
      valid.map(({ index, value }) => ({
        ...value,
        sourceId: value.sourceId ?? (header ? `${header}:${index}` : null),
      })),
    );
    const results = [
      ...invalid.map((i) => ({ index: i.index, status: 'invalid' as const, errors: i.errors })),
      ...stored.map((r, k) => ({ ...r, index: valid[k]!.index })),
    ].sort((a, b) => a.index - b.index);
    return { summary: summarise(results), results };
  },
});

/** POST /api/v1/feedback */
export const ingestFeedbackRoute = defineRoute({
  summary: 'Ingest one feedback record (review, ticket, social); idempotent on (source, sourceId)',
  tags: ['feedback'],
  schema: { body: FeedbackCreate, response: { 200: api.FeedbackIngested, 201: api.FeedbackIngested } },
  handler: async ({ body, principal, deps, req, reply }) => {
    const header = idempotencyHeader(req);
    const [result] = await ingestFeedback(deps.sql, principal.orgId, [
      { ...body, sourceId: body.sourceId ?? header ?? null },
    ]);
    if (!result) throw new Error('ingestFeedback gave no result for the one record');
    if (result.status === 'invalid') {
      throw new ValidationError('The feedback record is invalid', result.errors);
    }
    reply.status(result.status === 'created' ? 201 : 200);
    return result;
  },
});

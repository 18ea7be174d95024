// Submitting and reading survey responses.
import { getResponse, submitResponse, submitResponses } from '../../../listen/index.js';
import { ValidationError } from '../../../platform/errors/index.js';
import * as api from '../../../shared/api/index.js';
import { presentResponse } from '../../presenters.js';
import { defineRoute } from '../../route.js';
import { idempotencyHeader, parseItems, summarise } from '../batch-items.js';
import { IdParams } from '../shared-schema.js';
import { ResponseBatch, ResponseCreate } from './schema.js';

/** POST /api/v1/surveys/:id/responses */
export const submitResponseRoute = defineRoute({
  summary:
    'Submit a response to a live survey (idempotent with an Idempotency-Key header or idempotencyKey field)',
  tags: ['responses'],
  schema: {
    params: IdParams,
    body: ResponseCreate,
    response: { 200: api.SubmittedResponse, 201: api.SubmittedResponse },
  },
  handler: async ({ params, body, principal, deps, req, reply }) => {
    const header = req.headers['idempotency-key'];
    const headerKey = Array.isArray(header) ? header[0] : header;
    if (headerKey && body.idempotencyKey && headerKey !== body.idempotencyKey) {
      throw new ValidationError('Idempotency key given twice with different values', [
        { name: 'idempotencyKey', reason: 'differs from the Idempotency-Key header' },
      ]);
    }
    if (headerKey && headerKey.length > 200) {
      throw new ValidationError('Idempotency key too long', [
        { name: 'header.idempotency-key', reason: 'at most 200 characters' },
      ]);
    }
    const { response, duplicate } = await submitResponse(deps.sql, principal.orgId, params.id, {
      ...body,
      idempotencyKey: body.idempotencyKey ?? headerKey ?? null,
    });
    reply.status(duplicate ? 200 : 201);
    return { ...presentResponse(response), duplicate };
  },
});

/** GET /api/v1/responses/:id */
export const getResponseRoute = defineRoute({
  summary: 'Get a response',
  tags: ['responses'],
  schema: { params: IdParams, response: { 200: api.SurveyResponse } },
  handler: async ({ params, principal, deps }) =>
    presentResponse(await getResponse(deps.sql, principal.orgId, params.id)),
});

/** POST /api/v1/surveys/:id/responses/batch */
export const submitResponseBatchRoute = defineRoute({
  summary:
    'Submit up to 1,000 responses at once; per-item results (created, duplicate, invalid with field and reason). ' +
    'Items without an idempotencyKey get "<Idempotency-Key header>:<index>", so a retried request creates nothing twice',
  tags: ['responses'],
  schema: { params: IdParams, body: ResponseBatch, response: { 200: api.ResponseBatchResult } },
  handler: async ({ params, body, principal, deps, req }) => {
    const header = idempotencyHeader(req);
    const { valid, invalid } = parseItems(ResponseCreate, body.items);
    const stored = await submitResponses(
      deps.sql,
      principal.orgId,
      params.id,
      valid.map(({ index, value }) => ({
        ...value,
        idempotencyKey: value.idempotencyKey ?? (header ? `${header}:${index}` : null),
      })),
    );
    const results = [
      ...invalid.map((i) => ({ index: i.index, status: 'invalid' as const, errors: i.errors })),
      ...stored.map((r, k) => ({ ...r, index: valid[k]!.index })),
    ].sort((a, b) => a.index - b.index);
    return { summary: summarise(results), results };
  },
});

// Shared by the batch routes: parse each item on its own and derive per-item idempotency keys.
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { type InvalidParam, ValidationError } from '../../platform/errors/index.js';
import { findUnstorableText } from '../../shared/unstorable.js';

/** The request's Idempotency-Key header, checked. */
export function idempotencyHeader(req: FastifyRequest): string | undefined {
  const header = req.headers['idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  if (key !== undefined && (key.length < 1 || key.length > 200)) {
    throw new ValidationError('Idempotency key must be 1 to 200 characters', [
      { name: 'header.idempotency-key', reason: '1 to 200 characters' },
    ]);
  }
  return key;
}

/** Parse each item with `schema`; failures become per-item errors naming the field. */
export function parseItems<S extends z.ZodType>(
  schema: S,
  items: unknown[],
): {
  valid: Array<{ index: number; value: z.output<S> }>;
  invalid: Array<{ index: number; errors: InvalidParam[] }>;
} {
  const valid: Array<{ index: number; value: z.output<S> }> = [];
  const invalid: Array<{ index: number; errors: InvalidParam[] }> = [];
  items.forEach((item, index) => {
    // NUL characters and lone surrogates cannot be stored: the item is refused, the others go on.
    const unstorable = findUnstorableText(item, '');
    if (unstorable.length > 0) {
      invalid.push({ index, errors: unstorable });
      return;
    }
    const parsed = schema.safeParse(item);
    if (parsed.success) valid.push({ index, value: parsed.data });
    else
      invalid.push({
        index,
        errors: parsed.error.issues.map((i) => ({ name: i.path.join('.') || '(item)', reason: i.message })),
      });
  });
  return { valid, invalid };
}

/** Count results by status, for the response summary. */
export function summarise(results: Array<{ status: string }>): Record<string, number> {
  const summary: Record<string, number> = { created: 0, duplicate: 0, invalid: 0 };
  for (const r of results) summary[r.status] = (summary[r.status] ?? 0) + 1;
  return summary;
}

// Turning a parsed comment query into the module's filter: known keys, and attr.<name> segment keys.
import { ValidationError } from '../../../platform/errors/index.js';
import type { CommentFilter } from '../../../understand/comments/index.js';
import type { CommentQuery } from './schema.js';

const SEGMENT = /^attr\.([a-zA-Z][a-zA-Z0-9_]{0,62})$/;

/** Parsed query → filter; an unknown key is refused and named. `known` are the route's own keys. */
export function commentFilter(query: Record<string, unknown>, known: ReadonlySet<string>): CommentFilter {
  const q = query as unknown as CommentQuery & { q?: string };
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    if (known.has(key) || value === undefined) continue;
    const m = SEGMENT.exec(key);
    if (!m?.[1]) {
      throw new ValidationError(`Unknown query parameter ${key}`, [
        {
          name: `query.${key}`,
          reason: 'unknown parameter (segment filters are written attr.<name>=<value>)',
        },
      ]);
    }
    attributes[m[1]] = String(value);
  }
  const { from, to } = q;
  if (from && to && from >= to) {
    throw new ValidationError('The date range is empty', [
      { name: 'query.to', reason: 'must be after from' },
    ]);
  }
  const { scoreMin, scoreMax } = q;
  if (scoreMin !== undefined && scoreMax !== undefined && scoreMin > scoreMax) {
    throw new ValidationError('The score range is empty', [
      { name: 'query.scoreMax', reason: 'must be at least scoreMin' },
    ]);
  }
  return {
    touchpointId: q.touchpoint,
    surveyId: q.survey,
    channel: q.channel,
    from,
    to,
    attributes,
    theme: q.theme,
    sentiment: q.sentiment,
    ...(scoreMin !== undefined || scoreMax !== undefined
      ? { score: { metric: q.scoreMetric, min: scoreMin, max: scoreMax } }
      : {}),
    q: q.q,
  };
}

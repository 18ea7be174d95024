// Schema fragments shared by the analytics routes: slice filters, dimensions, engines.
import { z } from 'zod';
import { ValidationError } from '../../../platform/errors/index.js';
import type { Dimension, SliceFilter } from '../../../understand/index.js';
import { DateRange, IsoDate, TimeZone, Uuid } from '../shared-schema.js';

/** A dimension to group or compare by. */
export const DimensionParam = z
  .string()
  .regex(
    /^(survey|touchpoint|stage|journey|channel|(attr|meta)\.[a-zA-Z][a-zA-Z0-9_]{0,62})$/,
    'must be survey, touchpoint, stage, journey, channel, attr.<name> or meta.<name>',
  )
  .transform((s) => s as Dimension);

/** Filters and options every analytics query takes. `attr.<name>=` and `meta.<name>=` come as extra keys. */
export const SliceQuery = DateRange.extend({
  survey: Uuid.optional(),
  touchpoint: Uuid.optional(),
  stage: Uuid.optional(),
  journey: Uuid.optional(),
  channel: z.string().min(1).max(50).optional(),
  tz: TimeZone.default('UTC'),
  engine: z.enum(['auto', 'raw', 'rollup', 'index']).default('auto'),
});

const SEGMENT = /^(attr|meta)\.([a-zA-Z][a-zA-Z0-9_]{0,62})$/;
const COLUMNS = ['survey', 'touchpoint', 'stage', 'journey', 'channel'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The filter of a parsed query: column filters, from/to, and `attr.<name>`/`meta.<name>` equality for
 * every extra key; any other key is refused, named in the error. `known` are the route's own keys.
 * With `sides`, keys under `a.` and `b.` are left for `sideFilter`.
 */
export function sliceFilter(
  query: Record<string, unknown>,
  known: ReadonlySet<string>,
  opts: { sides?: boolean } = {},
): SliceFilter {
  const equals: Array<{ dimension: Dimension; value: string }> = [];
  const filter: SliceFilter = { equals };
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (known.has(key)) {
      if ((COLUMNS as readonly string[]).includes(key))
        equals.push({ dimension: key as Dimension, value: String(value) });
      else if (key === 'from') filter.from = value as Date;
      else if (key === 'to') filter.to = value as Date;
      continue;
    }
    if (opts.sides && /^[ab]\./.test(key)) continue;
    equals.push({ dimension: segmentKey(key, key, value), value: value as string });
  }
  checkRange(filter, 'to');
  return filter;
}

/** The filter of one side (`a.` or `b.`) of an A-vs-B comparison: `a.touchpoint=…`, `a.attr.plan=…`, `a.from=…`. */
export function sideFilter(query: Record<string, unknown>, side: 'a' | 'b'): SliceFilter {
  const equals: Array<{ dimension: Dimension; value: string }> = [];
  const filter: SliceFilter = { equals };
  const prefix = `${side}.`;
  for (const [rawKey, value] of Object.entries(query)) {
    if (!rawKey.startsWith(prefix) || value === undefined) continue;
    const key = rawKey.slice(prefix.length);
    const name = `query.${rawKey}`;
    const text = checkText(rawKey, value);
    if ((COLUMNS as readonly string[]).includes(key)) {
      if (key !== 'channel' && !UUID.test(text))
        throw new ValidationError(`Bad ${rawKey}`, [{ name, reason: 'must be a UUID' }]);
      equals.push({ dimension: key as Dimension, value: text });
    } else if (key === 'from' || key === 'to') {
      const parsed = IsoDate.safeParse(text);
      if (!parsed.success)
        throw new ValidationError(`Bad ${rawKey}`, [{ name, reason: 'must be an ISO date or date-time' }]);
      filter[key] = parsed.data;
    } else {
      equals.push({ dimension: segmentKey(key, rawKey, value), value: text });
    }
  }
  checkRange(filter, `${side}.to`);
  return filter;
}

function checkText(rawKey: string, value: unknown): string {
  if (typeof value !== 'string' || value.length > 200) {
    throw new ValidationError(`Bad value for ${rawKey}`, [
      { name: `query.${rawKey}`, reason: 'must be given once, as text of at most 200 characters' },
    ]);
  }
  return value;
}

function segmentKey(key: string, rawKey: string, value: unknown): Dimension {
  if (!SEGMENT.test(key)) {
    throw new ValidationError(`Unknown query parameter ${rawKey}`, [
      {
        name: `query.${rawKey}`,
        reason: 'unknown parameter (segment filters are written attr.<name>=<value> or meta.<name>=<value>)',
      },
    ]);
  }
  checkText(rawKey, value);
  return key as Dimension;
}

function checkRange(filter: SliceFilter, name: string): void {
  if (filter.from && filter.to && filter.from >= filter.to) {
    throw new ValidationError('The date range is empty', [
      { name: `query.${name}`, reason: 'must be after from' },
    ]);
  }
}

/** Merge side filters over a common filter (a side's from/to win). */
export function mergeFilters(common: SliceFilter, side: SliceFilter): SliceFilter {
  return {
    equals: [...(common.equals ?? []), ...(side.equals ?? [])],
    from: side.from ?? common.from,
    to: side.to ?? common.to,
    hasText: side.hasText ?? common.hasText,
  };
}

/** Where survey analyses read answers: `engine=raw` reads SQL; any other value the answer store when it can. */
export function answersEngine(engine: string | undefined): 'auto' | 'raw' {
  return engine === 'raw' ? 'raw' : 'auto';
}

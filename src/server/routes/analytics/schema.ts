// Schemas of the slicing, comparison and top-movers routes.
import { z } from 'zod';
import { Metric } from '../../../shared/api/analytics.js';
import type { Dimension } from '../../../understand/index.js';
import { DimensionParam, SliceQuery } from './slice-schema.js';

const MinN = z.coerce.number().int().min(1).max(10_000).optional();
const Q = z.coerce.number().gt(0).lt(1).default(0.05);

/** Scores per time bucket and combination of up to three dimensions. */
export const SliceScoresQuery = SliceQuery.extend({
  metric: Metric,
  interval: z.enum(['day', 'week', 'month', 'quarter', 'year']).optional(),
  by: z
    .string()
    .max(300)
    .default('')
    .transform((s, ctx) => {
      const dims = s === '' ? [] : s.split(',');
      if (dims.length > 3) ctx.addIssue({ code: 'custom', message: 'at most three dimensions' });
      for (const d of dims) {
        if (!DimensionParam.safeParse(d).success)
          ctx.addIssue({
            code: 'custom',
            message: `"${d}" is not survey, touchpoint, stage, journey, channel, attr.<name> or meta.<name>`,
          });
      }
      if (new Set(dims).size !== dims.length)
        ctx.addIssue({ code: 'custom', message: 'a dimension is repeated' });
      return dims as Dimension[];
    }),
  minN: MinN,
}).catchall(z.string().max(200));

/** Comparisons: previous period, segments vs the rest, or A vs B (`a.<filter>=`, `b.<filter>=`). */
export const CompareQuery = SliceQuery.extend({
  metric: Metric,
  mode: z.enum(['previous', 'segments', 'ab']),
  by: DimensionParam.optional(),
  q: Q,
  minN: MinN,
}).catchall(z.string().max(200));

/** Top movers between [from, to) and the period of the same length before it. */
export const MoversQuery = SliceQuery.extend({
  metric: Metric,
  by: DimensionParam,
  q: Q,
  minN: MinN,
  limit: z.coerce.number().int().min(1).max(100).default(10),
}).catchall(z.string().max(200));

/** Rollup settings: kept time zones (besides UTC) and segment dimensions. */
export const RollupSettingsBody = z
  .object({
    timeZones: z.array(z.string().max(64)).max(4).default([]),
    dimensions: z
      .array(
        z.string().regex(/^(attr|meta)\.[a-zA-Z][a-zA-Z0-9_]{0,62}$/, 'must be attr.<name> or meta.<name>'),
      )
      .max(8)
      .default([]),
  })
  .strict();

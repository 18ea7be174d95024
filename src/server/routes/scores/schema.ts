// Schemas of the score summary route.
import { z } from 'zod';
import { DimensionParam, SliceQuery } from '../analytics/slice-schema.js';

/** Score summary query. `attr.<name>=<value>` and `meta.<name>=<value>` filter on segments. */
export const ScoreQuery = SliceQuery.extend({
  metric: z.enum(['nps', 'csat', 'ces', 'rating']),
  interval: z.enum(['day', 'week', 'month', 'quarter', 'year']).optional(),
  groupBy: DimensionParam.optional(),
  minN: z.coerce.number().int().min(1).max(10_000).optional(),
}).catchall(z.string().max(200));

/** Query of the overview: the trend's bucket size and the usual filters. */
export const ScoreOverviewQuery = SliceQuery.extend({
  interval: z.enum(['day', 'week', 'month', 'quarter', 'year']),
  minN: z.coerce.number().int().min(1).max(10_000).optional(),
}).catchall(z.string().max(200));

// Schemas of the score summary route.
import { z } from 'zod';
import { DateRange, TimeZone, Uuid } from '../shared-schema.js';

/** Score summary query. `attr.<name>=<value>` filters on contact attributes. */
export const ScoreQuery = DateRange.extend({
  metric: z.enum(['nps', 'csat', 'ces']),
  interval: z.enum(['day', 'week', 'month', 'quarter', 'year']).optional(),
  groupBy: z.enum(['touchpoint', 'stage', 'survey', 'channel']).optional(),
  survey: Uuid.optional(),
  touchpoint: Uuid.optional(),
  journey: Uuid.optional(),
  channel: z.string().max(50).optional(),
  tz: TimeZone.default('UTC'),
  minN: z.coerce.number().int().min(1).max(10_000).optional(),
}).catchall(z.string().max(200));

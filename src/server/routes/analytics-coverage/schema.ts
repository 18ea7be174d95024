// Schemas of the non-response and coverage route.
import { z } from 'zod';
import { SliceQuery } from '../analytics/slice-schema.js';
import { Uuid } from '../shared-schema.js';

/** Commenter bias for a metric, and response rates by channel or contact attribute. */
export const CoverageQuery = SliceQuery.extend({
  metric: z.enum(['nps', 'csat', 'ces', 'rating']).default('nps'),
  by: z
    .string()
    .regex(/^(channel|attr\.[a-zA-Z][a-zA-Z0-9_]{0,62})$/, 'must be channel or attr.<name>')
    .default('channel')
    .transform((s) => s as 'channel' | `attr.${string}`),
  invitedSurvey: Uuid.optional(),
  minN: z.coerce.number().int().min(1).max(10_000).optional(),
}).catchall(z.string().max(200));

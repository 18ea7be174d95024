// Schemas of the gap routes: expectation gap, stated importance-performance, delivery gap, mirrors.
import { z } from 'zod';
import { SliceQuery } from '../analytics/slice-schema.js';
import { Uuid } from '../shared-schema.js';

/** Expectation gap of one survey; weights as `dimension:weight,…` (e.g. a 100-point allocation). */
export const ExpectationGapQuery = SliceQuery.extend({
  survey: Uuid,
  weights: z
    .string()
    .max(2000)
    .regex(
      /^([a-zA-Z][a-zA-Z0-9_-]{0,63}:\d+(\.\d+)?)(,[a-zA-Z][a-zA-Z0-9_-]{0,63}:\d+(\.\d+)?)*$/,
      'must be dimension:weight,…',
    )
    .transform(
      (s) =>
        Object.fromEntries(s.split(',').map((p) => [p.split(':')[0], Number(p.split(':')[1])])) as Record<
          string,
          number
        >,
    )
    .optional(),
  weightBy: z.enum(['importance']).optional(),
}).catchall(z.string().max(200));

/** Stated importance-performance map of one survey. */
export const IpaQuery = SliceQuery.extend({ survey: Uuid }).catchall(z.string().max(200));

/** Delivery gap of a customer survey against its mirror surveys. */
export const DeliveryGapQuery = SliceQuery.extend({
  survey: Uuid,
  by: z.enum(['item', 'touchpoint']).default('item'),
  superior: z.string().max(130).optional(),
  superiorFrom: z.coerce.number().optional(),
  q: z.coerce.number().gt(0).lt(1).default(0.05),
}).catchall(z.string().max(200));

/** Mark a survey as the mirror of a customer survey (null: not a mirror). */
export const MirrorBody = z.object({ mirrorOf: Uuid.nullable() }).strict();

// Schemas of the key-driver route.
import { z } from 'zod';
import { SliceQuery } from '../analytics/slice-schema.js';

const List = (what: string) =>
  z
    .string()
    .max(2000)
    .transform((s) => s.split(',').filter((x) => x !== ''))
    .refine((xs) => xs.length <= 40, `at most 40 ${what}`);

/**
 * Key drivers. source=survey: items of one survey explain `outcome` (an item id or attr.<name>).
 * source=touchpoints: per-contact touchpoint scores (`metric`) explain `outcome` (attr.<name> or
 * survey:<id> for the contact's mean NPS in that survey).
 */
export const DriversQuery = SliceQuery.extend({
  source: z.enum(['survey', 'touchpoints']).default('survey'),
  outcome: z.string().min(1).max(120),
  outcomeAs: z.enum(['value', 'promoter']).default('value'),
  drivers: List('drivers').optional(),
  na: z
    .string()
    .max(200)
    .regex(/^-?\d+(,-?\d+)*$/, 'must be whole numbers separated by commas, e.g. 0')
    .transform((s) => s.split(',').map(Number))
    .optional(),
  missing: z.enum(['listwise', 'pairwise']).optional(),
  metric: z.enum(['nps', 'csat', 'ces', 'rating']).default('csat'),
}).catchall(z.string().max(200));

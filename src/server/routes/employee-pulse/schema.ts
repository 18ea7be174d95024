// Schemas of the employee pulse route.
import { z } from 'zod';
import { Uuid } from '../shared-schema.js';

/** `{ surveyId }` path parameters. */
export const PulseParams = z.object({ surveyId: Uuid });

/** Query: the anonymity threshold, 5 or more (it can be raised, never lowered). */
export const PulseQuery = z
  .object({ minGroup: z.coerce.number().int().min(5, 'must be at least 5').max(1000).optional() })
  .strict();

/** Link query: the threshold as above, and the days of customer feedback before the last employee answer. */
export const LinkQuery = z
  .object({
    minGroup: z.coerce.number().int().min(5, 'must be at least 5').max(1000).optional(),
    days: z.coerce.number().int().min(7).max(730).optional(),
  })
  .strict();

// Schemas of the employee pulse route.
import { z } from 'zod';
import { Uuid } from '../shared-schema.js';

/** `{ surveyId }` path parameters. */
export const PulseParams = z.object({ surveyId: Uuid });

/** Query: the anonymity threshold, 5 or more (it can be raised, never lowered). */
export const PulseQuery = z
  .object({ minGroup: z.coerce.number().int().min(5, 'must be at least 5').max(1000).optional() })
  .strict();

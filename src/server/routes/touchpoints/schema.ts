// Schemas of the touchpoint routes.
import { z } from 'zod';
import { Uuid } from '../shared-schema.js';

/** Create-touchpoint body. */
export const TouchpointCreate = z
  .object({
    journeyId: Uuid,
    stageId: Uuid.nullable().optional(),
    name: z.string().trim().min(1).max(200),
    channel: z.string().trim().min(1).max(50).nullable().optional(),
    description: z.string().max(2000).optional(),
  })
  .strict();

/** List-touchpoints query. */
export const TouchpointQuery = z.object({ journeyId: Uuid.optional() }).strict();

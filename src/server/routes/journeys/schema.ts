// Schemas of the journey routes.
import { z } from 'zod';

/** Create-journey body. */
export const JourneyCreate = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2000).optional(),
    stages: z.array(z.string().trim().min(1).max(200)).max(50).optional(),
  })
  .strict();
/** Create-journey body type. */
export type JourneyCreate = z.infer<typeof JourneyCreate>;

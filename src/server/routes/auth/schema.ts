// Schemas of the session login routes.
import { z } from 'zod';

/** Login body. */
export const LoginBody = z
  .object({ email: z.email().max(320), password: z.string().min(1).max(512) })
  .strict();
/** Login body type. */
export type LoginBody = z.infer<typeof LoginBody>;

// Schemas of the API key routes.
import { z } from 'zod';

/** Roles a key can be given. */
export const KeyRoleSchema = z.enum(['viewer', 'agent', 'analyst', 'admin']);

/** POST /api-keys body. */
export const ApiKeyCreate = z
  .object({
    name: z.string().trim().min(1).max(100),
    role: KeyRoleSchema,
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .strict();

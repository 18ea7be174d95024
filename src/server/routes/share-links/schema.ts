// Schemas of the share-link routes.
import { z } from 'zod';
import { SHARE_MAX_DAYS } from '../../../platform/auth/index.js';

/** POST /share-links body. */
export const ShareLinkCreate = z
  .object({
    path: z
      .string()
      .min(1)
      .max(2000)
      .describe('The view: a dashboard page with its query, e.g. /gaps?range=90d'),
    expiresInDays: z.number().int().min(1).max(SHARE_MAX_DAYS).default(7),
  })
  .strict();

/** GET /shared/:token params. */
export const SharedParams = z.object({ token: z.string().min(1).max(200) }).strict();

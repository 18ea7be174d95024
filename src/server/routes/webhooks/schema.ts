// Schemas of the webhook routes.
import { z } from 'zod';
import { EVENT_TYPES } from '../../../act/index.js';
import { Uuid } from '../shared-schema.js';

const Url = z.string().trim().min(1).max(2_000);
const Events = z
  .array(z.enum(EVENT_TYPES, { message: `one of ${EVENT_TYPES.join(', ')}` }))
  .min(1)
  .max(EVENT_TYPES.length);

/** Create-endpoint body. */
export const WebhookCreate = z
  .object({ url: Url, events: Events, description: z.string().trim().max(500).optional() })
  .strict();

/** Change-endpoint body. */
export const WebhookUpdate = z
  .object({
    url: Url.optional(),
    events: Events.optional(),
    description: z.string().trim().max(500).nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

/** Delivery-log query. */
export const DeliveryQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    status: z.enum(['pending', 'delivered', 'failed']).optional(),
  })
  .strict();

/** `{ id, deliveryId }` path parameters. */
export const DeliveryParams = z.object({ id: Uuid, deliveryId: Uuid });

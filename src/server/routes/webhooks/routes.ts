// Webhook endpoints (Standard Webhooks), their delivery log, and manual retries.
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listDeliveries,
  listWebhooks,
  retryDelivery,
  updateWebhook,
} from '../../../act/index.js';
import * as api from '../../../shared/api/index.js';
import { defineRoute, type FieldMap } from '../../route.js';

const fields: FieldMap = { url: 'body.url', enabled: 'body.enabled' };

import { IdParams } from '../shared-schema.js';
import { DeliveryParams, DeliveryQuery, WebhookCreate, WebhookUpdate } from './schema.js';

/** GET /api/v1/webhooks */
export const listWebhooksRoute = defineRoute({
  summary: 'Webhook endpoints (secrets are shown only when created)',
  tags: ['act'],
  schema: { response: { 200: api.WebhookEndpointList } },
  handler: async ({ principal, deps }) => ({ items: await listWebhooks(deps.sql, principal.orgId) }),
});

/** POST /api/v1/webhooks */
export const createWebhookRoute = defineRoute({
  summary: 'Add an endpoint: its signing secret (whsec_…) is in this answer only',
  tags: ['act'],
  schema: { body: WebhookCreate, response: { 201: api.CreatedWebhookEndpoint } },
  fields,
  handler: async ({ body, principal, deps, reply }) => {
    reply.status(201);
    return createWebhook(deps.sql, principal.orgId, body);
  },
});

/** GET /api/v1/webhooks/{id} */
export const getWebhookRoute = defineRoute({
  summary: 'One endpoint, with why it was disabled if it was',
  tags: ['act'],
  schema: { params: IdParams, response: { 200: api.WebhookEndpoint } },
  handler: async ({ params, principal, deps }) => getWebhook(deps.sql, principal.orgId, params.id),
});

/** PATCH /api/v1/webhooks/{id} */
export const updateWebhookRoute = defineRoute({
  summary: 'Change an endpoint; enabled: true re-enables one disabled after failures',
  tags: ['act'],
  schema: { params: IdParams, body: WebhookUpdate, response: { 200: api.WebhookEndpoint } },
  fields,
  handler: async ({ params, body, principal, deps }) =>
    updateWebhook(deps.sql, principal.orgId, params.id, body),
});

/** DELETE /api/v1/webhooks/{id} */
export const deleteWebhookRoute = defineRoute({
  summary: 'Delete an endpoint and its delivery log',
  tags: ['act'],
  schema: { params: IdParams, response: { 204: api.NoContent } },
  handler: async ({ params, principal, deps, reply }) => {
    await deleteWebhook(deps.sql, principal.orgId, params.id);
    reply.status(204);
    return undefined;
  },
});

/** GET /api/v1/webhooks/{id}/deliveries */
export const listDeliveriesRoute = defineRoute({
  summary: 'The delivery log: each event with its attempts, status codes and errors',
  tags: ['act'],
  schema: { params: IdParams, querystring: DeliveryQuery, response: { 200: api.WebhookDeliveryList } },
  handler: async ({ params, query, principal, deps }) => ({
    items: await listDeliveries(deps.sql, principal.orgId, params.id, query),
  }),
});

/** POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/retry */
export const retryDeliveryRoute = defineRoute({
  summary: 'Send a delivery again now',
  tags: ['act'],
  schema: { params: DeliveryParams, response: { 202: api.RetriedDelivery } },
  fields,
  handler: async ({ params, principal, deps, reply }) => {
    await retryDelivery(deps.sql, principal.orgId, params.id, params.deliveryId);
    reply.status(202);
    return { id: params.deliveryId, status: 'pending' as const };
  },
});

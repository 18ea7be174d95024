// API keys: list, create (the key shown once) and revoke (effective at once), each audited.
import { actorOf, recordAudit } from '../../../platform/audit/index.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../../../platform/auth/index.js';
import type { Sql } from '../../../platform/db/index.js';
import { NotFoundError } from '../../../platform/errors/index.js';
import * as api from '../../../shared/api/index.js';
import { presentApiKey } from '../../presenters.js';
import { defineRoute } from '../../route.js';
import { IdParams } from '../shared-schema.js';
import { ApiKeyCreate } from './schema.js';

/** GET /api/v1/api-keys */
export const listApiKeysRoute = defineRoute({
  summary:
    "The organisation's API keys: name, role, prefix, created, expires, last used, revoked (never the secret)",
  tags: ['api-keys'],
  schema: { response: { 200: api.ApiKeyList } },
  handler: async ({ principal, deps }) => ({
    items: (await listApiKeys(deps.sql, principal.orgId)).map(presentApiKey),
  }),
});

/** POST /api/v1/api-keys */
export const createApiKeyRoute = defineRoute({
  summary:
    'Create an API key with a role (viewer, agent, analyst, admin) and an optional expiry; the key is in this answer only',
  tags: ['api-keys'],
  schema: { body: ApiKeyCreate, response: { 201: api.ApiKeyCreated } },
  handler: async ({ body, principal, deps, req, reply }) => {
    const { apiKey, key } = await deps.sql.begin(async (tx) => {
      const created = await createApiKey(tx as unknown as Sql, principal.orgId, body.name, {
        role: body.role,
        expiresInDays: body.expiresInDays,
      });
      await recordAudit(tx, {
        orgId: principal.orgId,
        actor: actorOf(principal),
        action: 'api_key.create',
        target: created.apiKey.id,
        ip: req.ip,
        detail: { name: body.name, role: body.role, expiresInDays: body.expiresInDays ?? null },
      });
      return created;
    });
    reply.status(201);
    return { ...presentApiKey(apiKey), key };
  },
});

/** DELETE /api/v1/api-keys/:id */
export const revokeApiKeyRoute = defineRoute({
  summary: 'Revoke an API key: refused from the next request on, in every server process',
  tags: ['api-keys'],
  schema: { params: IdParams, response: { 204: api.NoContent } },
  handler: async ({ params, principal, deps, req, reply }) => {
    await deps.sql.begin(async (tx) => {
      const revoked = await revokeApiKey(tx as unknown as Sql, principal.orgId, params.id);
      if (!revoked) throw new NotFoundError(`API key ${params.id} not found`);
      await recordAudit(tx, {
        orgId: principal.orgId,
        actor: actorOf(principal),
        action: 'api_key.revoke',
        target: params.id,
        ip: req.ip,
      });
    });
    reply.status(204);
    return null;
  },
});

// The website widget: sites for admins, and the public configuration and response endpoints with CORS
// limited to each site's origins.
import fastifyCors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  createWidgetSite,
  findSiteByKey,
  getWidgetConfig,
  listWidgetSites,
  normaliseOrigin,
  originAllowed,
  submitWidgetResponse,
  updateWidgetSite,
  type WidgetSite,
} from '../../../listen/channels/widget/index.js';
import type { Sql } from '../../../platform/db/index.js';
import { ForbiddenError } from '../../../platform/errors/index.js';
import * as api from '../../../shared/api/index.js';
import { LIMITS } from '../../../shared/limits.js';
import { defineRoute } from '../../route.js';
import { IdParams } from '../shared-schema.js';
import { SiteKeyParams, WidgetResponseBody, WidgetSiteCreate } from './schema.js';

const presentSite = (s: WidgetSite) => ({
  id: s.id,
  siteKey: s.siteKey,
  name: s.name,
  origins: s.origins,
  surveys: s.surveys,
  createdAt: s.createdAt.toISOString(),
});

/** POST /api/v1/widget/sites */
export const createWidgetSiteRoute = defineRoute({
  summary:
    'Create a widget site: its public key, allowed origins, and surveys with triggers, targeting, sampling',
  tags: ['widget'],
  schema: { body: WidgetSiteCreate, response: { 201: api.WidgetSite } },
  handler: async ({ body, principal, deps, reply }) => {
    reply.status(201);
    return presentSite(await createWidgetSite(deps.sql, principal.orgId, body));
  },
});

/** PUT /api/v1/widget/sites/:id */
export const updateWidgetSiteRoute = defineRoute({
  summary:
    "Replace a widget site's name, allowed origins, and surveys with their triggers, targeting, sampling (the key stays)",
  tags: ['widget'],
  schema: { params: IdParams, body: WidgetSiteCreate, response: { 200: api.WidgetSite } },
  handler: async ({ params, body, principal, deps }) =>
    presentSite(await updateWidgetSite(deps.sql, principal.orgId, params.id, body)),
});

/** GET /api/v1/widget/sites */
export const listWidgetSitesRoute = defineRoute({
  summary: 'List widget sites',
  tags: ['widget'],
  schema: { response: { 200: api.WidgetSiteList } },
  handler: async ({ principal, deps }) => ({
    items: (await listWidgetSites(deps.sql, principal.orgId)).map(presentSite),
  }),
});

/** GET /api/v1/public/widget/:siteKey/config */
export const widgetConfigRoute = defineRoute({
  summary: "The widget's configuration for a site: live surveys, rules and single-use tokens",
  tags: ['widget'],
  schema: { params: SiteKeyParams, response: { 200: api.WidgetConfig } },
  rateLimit: LIMITS.publicRatePerMinute,
  handler: async ({ params, deps, reply }) => {
    reply.header('cache-control', 'no-store');
    return getWidgetConfig(deps.sql, params.siteKey);
  },
});

/** POST /api/v1/public/widget/:siteKey/responses */
export const widgetResponseRoute = defineRoute({
  summary: 'Submit a response from the widget (one per token)',
  tags: ['widget'],
  schema: {
    params: SiteKeyParams,
    body: WidgetResponseBody,
    response: { 200: api.WidgetResponseResult, 201: api.WidgetResponseResult },
  },
  rateLimit: LIMITS.publicRatePerMinute,
  handler: async ({ params, body, deps, reply }) => {
    const result = await submitWidgetResponse(deps.sql, params.siteKey, body);
    reply.status(result.duplicate ? 200 : 201);
    return result;
  },
});

const PREFIX = '/api/v1/public/widget/';

/**
 * CORS for the public widget endpoints (@fastify/cors): only a site's configured origins get an
 * Access-Control-Allow-Origin; a preflight or a POST from any other origin is refused before it runs.
 */
export async function registerWidgetCors(app: FastifyInstance, sql: Sql): Promise<void> {
  const siteOf = async (req: FastifyRequest) => {
    const siteKey = req.url.slice(PREFIX.length).split(/[/?]/)[0] ?? '';
    const site = await findSiteByKey(sql, siteKey);
    return { site, allowed: site !== undefined && originAllowed(site, req.headers.origin) };
  };
  await app.register(fastifyCors, {
    delegator: async (req: FastifyRequest) => {
      if (!req.url.startsWith(PREFIX)) return { origin: false };
      const { allowed } = await siteOf(req);
      return allowed
        ? {
            origin: normaliseOrigin(req.headers.origin!),
            methods: ['GET', 'POST'],
            allowedHeaders: ['content-type'],
            maxAge: 600,
            strictPreflight: false,
          }
        : { origin: false };
    },
  });
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith(PREFIX) || req.method !== 'POST' || !req.headers.origin) return;
    if (!(await siteOf(req)).allowed) {
      throw new ForbiddenError(`Origin ${req.headers.origin} is not allowed for this widget site`);
    }
  });
  // Preflights from allowed origins are answered by the CORS hook; any that reach here are refused.
  app.options(`${PREFIX}*`, { schema: { hide: true } }, async (_req, reply) => reply.status(403).send());
}

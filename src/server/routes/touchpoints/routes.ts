// Touchpoints on journeys.
import { createTouchpoint, getTouchpoint, listTouchpoints } from '../../../listen/index.js';
import * as api from '../../../shared/api/index.js';
import { presentTouchpoint } from '../../presenters.js';
import { defineRoute } from '../../route.js';
import { IdParams } from '../shared-schema.js';
import { TouchpointCreate, TouchpointQuery } from './schema.js';

/** POST /api/v1/touchpoints */
export const createTouchpointRoute = defineRoute({
  summary: 'Create a touchpoint on a journey (optionally in a stage)',
  tags: ['touchpoints'],
  schema: { body: TouchpointCreate, response: { 201: api.Touchpoint } },
  handler: async ({ body, principal, deps, reply }) => {
    reply.status(201);
    return presentTouchpoint(await createTouchpoint(deps.sql, principal.orgId, body));
  },
});

/** GET /api/v1/touchpoints */
export const listTouchpointsRoute = defineRoute({
  summary: 'List touchpoints in journey-stage order',
  tags: ['touchpoints'],
  schema: { querystring: TouchpointQuery, response: { 200: api.TouchpointList } },
  handler: async ({ query, principal, deps }) => ({
    items: (await listTouchpoints(deps.sql, principal.orgId, query)).map(presentTouchpoint),
  }),
});

/** GET /api/v1/touchpoints/:id */
export const getTouchpointRoute = defineRoute({
  summary: 'Get a touchpoint',
  tags: ['touchpoints'],
  schema: { params: IdParams, response: { 200: api.Touchpoint } },
  handler: async ({ params, principal, deps }) =>
    presentTouchpoint(await getTouchpoint(deps.sql, principal.orgId, params.id)),
});

// Journeys and their stages.
import { createJourney, getJourney, listJourneys } from '../../../listen/index.js';
import * as api from '../../../shared/api/index.js';
import { presentJourney } from '../../presenters.js';
import { defineRoute } from '../../route.js';
import { IdParams } from '../shared-schema.js';
import { JourneyCreate } from './schema.js';

/** POST /api/v1/journeys */
export const createJourneyRoute = defineRoute({
  summary: 'Create a journey with its ordered stages',
  tags: ['journeys'],
  schema: { body: JourneyCreate, response: { 201: api.Journey } },
  handler: async ({ body, principal, deps, reply }) => {
    reply.status(201);
    return presentJourney(await createJourney(deps.sql, principal.orgId, body));
  },
});

/** GET /api/v1/journeys */
export const listJourneysRoute = defineRoute({
  summary: 'List journeys with their stages',
  tags: ['journeys'],
  schema: { response: { 200: api.JourneyList } },
  handler: async ({ principal, deps }) => ({
    items: (await listJourneys(deps.sql, principal.orgId)).map(presentJourney),
  }),
});

/** GET /api/v1/journeys/:id */
export const getJourneyRoute = defineRoute({
  summary: 'Get a journey',
  tags: ['journeys'],
  schema: { params: IdParams, response: { 200: api.Journey } },
  handler: async ({ params, principal, deps }) =>
    presentJourney(await getJourney(deps.sql, principal.orgId, params.id)),
});

// Surveys and their versions.
import { createSurvey, getSurvey, listSurveys, updateSurvey } from '../../../listen/index.js';
import * as api from '../../../shared/api/index.js';
import { presentSurvey } from '../../presenters.js';
import { defineRoute } from '../../route.js';
import { IdParams } from '../shared-schema.js';
import { SurveyCreate, SurveyUpdate } from './schema.js';

/** POST /api/v1/surveys */
export const createSurveyRoute = defineRoute({
  summary: 'Create a survey (version 1)',
  tags: ['surveys'],
  schema: { body: SurveyCreate, response: { 201: api.Survey } },
  handler: async ({ body, principal, deps, reply }) => {
    reply.status(201);
    return presentSurvey(await createSurvey(deps.sql, principal.orgId, body));
  },
});

/** GET /api/v1/surveys */
export const listSurveysRoute = defineRoute({
  summary: 'List surveys with their current definitions',
  tags: ['surveys'],
  schema: { response: { 200: api.SurveyList } },
  handler: async ({ principal, deps }) => ({
    items: (await listSurveys(deps.sql, principal.orgId)).map(presentSurvey),
  }),
});

/** GET /api/v1/surveys/:id */
export const getSurveyRoute = defineRoute({
  summary: 'Get a survey with its current definition',
  tags: ['surveys'],
  schema: { params: IdParams, response: { 200: api.Survey } },
  handler: async ({ params, principal, deps }) =>
    presentSurvey(await getSurvey(deps.sql, principal.orgId, params.id)),
});

/** PATCH /api/v1/surveys/:id */
export const updateSurveyRoute = defineRoute({
  summary: 'Change a survey; a new definition becomes a new version',
  tags: ['surveys'],
  schema: { params: IdParams, body: SurveyUpdate, response: { 200: api.Survey } },
  handler: async ({ params, body, principal, deps }) =>
    presentSurvey(await updateSurvey(deps.sql, principal.orgId, params.id, body)),
});

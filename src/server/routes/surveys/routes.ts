// Surveys and their versions.
import {
  createSurvey,
  getSurvey,
  getSurveyVersion,
  listSurveys,
  listSurveyVersions,
  type SurveyVersion,
  surveyLanguages,
  updateSurvey,
} from '../../../listen/index.js';
import * as api from '../../../shared/api/index.js';
import { presentSurvey } from '../../presenters.js';
import { defineRoute } from '../../route.js';
import { IdParams } from '../shared-schema.js';
import { SurveyCreate, SurveyUpdate, SurveyVersionParams } from './schema.js';

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

const versionSummary = (v: SurveyVersion, current: number) => ({
  version: v.version,
  createdAt: v.createdAt.toISOString(),
  publishedAt: v.publishedAt?.toISOString() ?? null,
  current: v.version === current,
  questions: v.definition.questions.length,
  languages: surveyLanguages(v.definition),
  responses: v.responses,
});

/** GET /api/v1/surveys/:id/versions */
export const listSurveyVersionsRoute = defineRoute({
  summary: "A survey's version history, newest first, with the responses each version was given",
  tags: ['surveys'],
  schema: { params: IdParams, response: { 200: api.SurveyVersionList } },
  handler: async ({ params, principal, deps }) => {
    const survey = await getSurvey(deps.sql, principal.orgId, params.id);
    const versions = await listSurveyVersions(deps.sql, principal.orgId, params.id);
    return { items: versions.map((v) => versionSummary(v, survey.version)) };
  },
});

/** GET /api/v1/surveys/:id/versions/:version */
export const getSurveyVersionRoute = defineRoute({
  summary: 'One stored version of a survey with its definition',
  tags: ['surveys'],
  schema: { params: SurveyVersionParams, response: { 200: api.SurveyVersion } },
  handler: async ({ params, principal, deps }) => {
    const survey = await getSurvey(deps.sql, principal.orgId, params.id);
    const v = await getSurveyVersion(deps.sql, principal.orgId, params.id, params.version);
    return { ...versionSummary(v, survey.version), surveyId: survey.id, definition: v.definition };
  },
});

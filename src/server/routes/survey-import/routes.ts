// Import of survey definitions from other formats (SurveyJS JSON).
import { importSurveyJsSurvey } from '../../../listen/index.js';
import * as api from '../../../shared/api/index.js';
import { presentSurvey } from '../../presenters.js';
import { defineRoute } from '../../route.js';
import { SurveyJsImportBody } from './schema.js';

/** POST /api/v1/surveys/import/surveyjs */
export const importSurveyJsRoute = defineRoute({
  summary:
    'Convert SurveyJS JSON into a Northstar definition with a report of what could not be mapped; `create: true` stores it as a draft survey',
  tags: ['surveys'],
  schema: { body: SurveyJsImportBody, response: { 200: api.SurveyJsImport, 201: api.SurveyJsImport } },
  handler: async ({ body, principal, deps, reply }) => {
    const { definition, report, survey } = await importSurveyJsSurvey(deps.sql, principal.orgId, {
      json: body.surveyjs,
      name: body.name,
      create: body.create,
    });
    reply.status(survey ? 201 : 200);
    return { definition, report, ...(survey ? { survey: presentSurvey(survey) } : {}) };
  },
});

// Employee pulse results (eNPS by team, anonymity threshold).
import { employeeCustomerLink, employeePulse, listPulseSurveys } from '../../../act/pulse/index.js';
import * as api from '../../../shared/api/index.js';
import { defineRoute } from '../../route.js';
import { LinkQuery, PulseParams, PulseQuery } from './schema.js';

/** GET /api/v1/employee-pulse/:surveyId */
export const employeePulseRoute = defineRoute({
  summary:
    'eNPS of a closed pulse survey overall and by team; groups under the threshold (at least 5) hidden',
  tags: ['employee-pulse'],
  schema: { params: PulseParams, querystring: PulseQuery, response: { 200: api.EmployeePulse } },
  handler: async ({ params, query, principal, deps }) =>
    employeePulse(deps.sql, principal.orgId, params.surveyId, { minGroup: query.minGroup }),
});

/** GET /api/v1/employee-pulse */
export const listPulseSurveysRoute = defineRoute({
  summary: 'Surveys answered by employees (pulse surveys)',
  tags: ['employee-pulse'],
  schema: { response: { 200: api.PulseSurveyList } },
  handler: async ({ principal, deps }) => ({ items: await listPulseSurveys(deps.sql, principal.orgId) }),
});

/** GET /api/v1/employee-pulse/:surveyId/link */
export const pulseLinkRoute = defineRoute({
  summary:
    'Employee eNPS beside customer NPS per team, with the correlation across teams (Fisher z CI); hidden teams left out',
  tags: ['employee-pulse'],
  schema: { params: PulseParams, querystring: LinkQuery, response: { 200: api.PulseLink } },
  handler: async ({ params, query, principal, deps }) =>
    employeeCustomerLink(deps.sql, principal.orgId, params.surveyId, query),
});

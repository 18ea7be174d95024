// Employee pulse results (eNPS by team, anonymity threshold).
import { employeePulse } from '../../../act/pulse/index.js';
import * as api from '../../../shared/api/index.js';
import { defineRoute } from '../../route.js';
import { PulseParams, PulseQuery } from './schema.js';

/** GET /api/v1/employee-pulse/:surveyId */
export const employeePulseRoute = defineRoute({
  summary:
    'eNPS of a closed pulse survey overall and by team; groups under the threshold (at least 5) hidden',
  tags: ['employee-pulse'],
  schema: { params: PulseParams, querystring: PulseQuery, response: { 200: api.EmployeePulse } },
  handler: async ({ params, query, principal, deps }) =>
    employeePulse(deps.sql, principal.orgId, params.surveyId, { minGroup: query.minGroup }),
});

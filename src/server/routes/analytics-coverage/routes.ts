// Non-response and coverage: commenter bias and response rates.

import * as api from '../../../shared/api/index.js';
import { getCommenterBias, getResponseRates } from '../../../understand/index.js';
import { defineRoute } from '../../route.js';
import { sliceFilter } from '../analytics/slice-schema.js';
import { CoverageQuery } from './schema.js';

const KNOWN = new Set(Object.keys(CoverageQuery.shape));

/** GET /api/v1/analytics/coverage */
export const coverageRoute = defineRoute({
  summary:
    'Commenters vs all respondents (bias and test), and AAPOR RR1 response rates where invitations exist',
  tags: ['analytics'],
  schema: { querystring: CoverageQuery, response: { 200: api.Coverage } },
  handler: async ({ query, principal, deps }) => {
    const filter = sliceFilter(query, KNOWN);
    const [commenters, responseRates] = await Promise.all([
      getCommenterBias(deps.readSql, principal.orgId, {
        metric: query.metric,
        filter,
        timeZone: query.tz,
        minN: query.minN,
      }),
      getResponseRates(deps.readSql, principal.orgId, {
        surveyId: query.invitedSurvey,
        by: query.by,
        from: filter.from,
        to: filter.to,
      }),
    ]);
    return { commenters, responseRates };
  },
});

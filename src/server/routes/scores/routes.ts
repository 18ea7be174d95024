// Score summaries with confidence intervals.

import * as api from '../../../shared/api/index.js';
import { getScoreSummary } from '../../../understand/index.js';
import { defineRoute, queryFields } from '../../route.js';
import { sliceFilter } from '../analytics/slice-schema.js';
import { ScoreQuery } from './schema.js';

const KNOWN = new Set(Object.keys(ScoreQuery.shape));

/** GET /api/v1/scores */
export const getScoresRoute = defineRoute({
  summary:
    'NPS, CSAT (top-2-box % and mean), CES (mean and 5-7 share) or rating per bucket with n and a 95% interval',
  tags: ['scores'],
  schema: { querystring: ScoreQuery, response: { 200: api.ScoreSummary } },
  fields: queryFields('engine'),
  handler: async ({ query, principal, deps }) => {
    const filter = sliceFilter(query, KNOWN);
    const summary = await getScoreSummary(deps.readSql, principal.orgId, {
      metric: query.metric,
      interval: query.interval,
      groupBy: query.groupBy,
      timeZone: query.tz,
      minN: query.minN,
      engine: query.engine,
      filter,
    });
    return { ...summary, from: query.from?.toISOString() ?? null, to: query.to?.toISOString() ?? null };
  },
});

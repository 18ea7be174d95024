// Score summaries with confidence intervals.

import * as api from '../../../shared/api/index.js';
import { getScoreOverview, getScoreSummary } from '../../../understand/index.js';
import { defineRoute, queryFields } from '../../route.js';
import { sliceFilter } from '../analytics/slice-schema.js';
import { ScoreOverviewQuery, ScoreQuery } from './schema.js';

const KNOWN = new Set(Object.keys(ScoreQuery.shape));
const OVERVIEW_KNOWN = new Set(Object.keys(ScoreOverviewQuery.shape));

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

/** GET /api/v1/scores/overview */
export const getScoreOverviewRoute = defineRoute({
  summary:
    'The dashboard overview in one answer: NPS, CSAT and CES per bucket (each overall the headline) and the three and ratings by touchpoint, as GET /api/v1/scores answers each',
  tags: ['scores'],
  schema: { querystring: ScoreOverviewQuery, response: { 200: api.ScoreOverview } },
  fields: queryFields('engine'),
  handler: async ({ query, principal, deps }) => {
    const overview = await getScoreOverview(deps.sql, principal.orgId, {
      interval: query.interval,
      timeZone: query.tz,
      minN: query.minN,
      engine: query.engine,
      filter: sliceFilter(query, OVERVIEW_KNOWN),
    });
    // Each summary carries the range asked, as GET /api/v1/scores does.
    const range = { from: query.from?.toISOString() ?? null, to: query.to?.toISOString() ?? null };
    const withRange = <T extends Record<string, object>>(views: T) =>
      Object.fromEntries(Object.entries(views).map(([k, v]) => [k, { ...v, ...range }])) as {
        [K in keyof T]: T[K] & typeof range;
      };
    return { trend: withRange(overview.trend), byTouchpoint: withRange(overview.byTouchpoint) };
  },
});

// Score summaries with confidence intervals.
import { ValidationError } from '../../../platform/errors/index.js';
import { getScoreSummary } from '../../../understand/index.js';
import { defineRoute } from '../../route.js';
import { ScoreQuery } from './schema.js';

const KNOWN = new Set(Object.keys(ScoreQuery.shape));

/** GET /api/v1/scores */
export const getScoresRoute = defineRoute({
  summary: 'NPS, CSAT (top-2-box %) or CES (mean) per bucket with n and a 95% interval',
  tags: ['scores'],
  schema: { querystring: ScoreQuery },
  handler: async ({ query, principal, deps }) => {
    const attributes: Record<string, string> = {};
    for (const [key, value] of Object.entries(query)) {
      if (KNOWN.has(key)) continue;
      const m = /^attr\.([a-zA-Z][a-zA-Z0-9_]{0,62})$/.exec(key);
      if (!m?.[1] || typeof value !== 'string') {
        throw new ValidationError(`Unknown query parameter ${key}`, [
          {
            name: `query.${key}`,
            reason: 'unknown parameter (contact attribute filters are written attr.<name>=<value>)',
          },
        ]);
      }
      attributes[m[1]] = value;
    }
    const summary = await getScoreSummary(deps.sql, principal.orgId, {
      metric: query.metric,
      interval: query.interval,
      groupBy: query.groupBy,
      timeZone: query.tz,
      minN: query.minN,
      filter: {
        surveyId: query.survey,
        touchpointId: query.touchpoint,
        journeyId: query.journey,
        channel: query.channel,
        from: query.from,
        to: query.to,
        attributes,
      },
    });
    return { ...summary, from: query.from?.toISOString() ?? null, to: query.to?.toISOString() ?? null };
  },
});

// Analytics: slicing, comparisons with multiplicity control, top movers, and rollup settings.
import { ValidationError } from '../../../platform/errors/index.js';
import * as api from '../../../shared/api/index.js';
import {
  compareScores,
  getRollupSettings,
  getScoreSlice,
  getTopMovers,
  saveRollupSettings,
} from '../../../understand/index.js';
import { defineRoute, queryFields } from '../../route.js';
import { TimeZone } from '../shared-schema.js';
import { CompareQuery, MoversQuery, RollupSettingsBody, SliceScoresQuery } from './schema.js';
import { sideFilter, sliceFilter } from './slice-schema.js';

const known = (shape: object) => new Set(Object.keys(shape));
const SLICE_KEYS = known(SliceScoresQuery.shape);
const COMPARE_KEYS = known(CompareQuery.shape);
const MOVERS_KEYS = known(MoversQuery.shape);

/** GET /api/v1/analytics/slice */
export const sliceRoute = defineRoute({
  summary: 'Scores per time bucket and combination of up to three dimensions, with filters combined',
  tags: ['analytics'],
  schema: { querystring: SliceScoresQuery, response: { 200: api.ScoreSlice } },
  fields: queryFields('engine'),
  handler: async ({ query, principal, deps }) =>
    getScoreSlice(deps.readSql, principal.orgId, {
      metric: query.metric,
      interval: query.interval,
      by: query.by,
      timeZone: query.tz,
      minN: query.minN,
      engine: query.engine,
      filter: sliceFilter(query, SLICE_KEYS),
    }),
});

/** GET /api/v1/analytics/compare */
export const compareRoute = defineRoute({
  summary:
    'Compare scores: this period vs the previous one, each segment vs the rest, or A vs B; BH-adjusted',
  tags: ['analytics'],
  schema: { querystring: CompareQuery, response: { 200: api.ComparisonResult } },
  fields: queryFields('engine', 'from', 'to', 'by'),
  handler: async ({ query, principal, deps }) => {
    const filter = sliceFilter(query, COMPARE_KEYS, { sides: query.mode === 'ab' });
    const a = query.mode === 'ab' ? sideFilter(query, 'a') : undefined;
    const b = query.mode === 'ab' ? sideFilter(query, 'b') : undefined;
    if (
      a &&
      b &&
      (a.equals ?? []).length + (b.equals ?? []).length === 0 &&
      !a.from &&
      !b.from &&
      !a.to &&
      !b.to
    ) {
      throw new ValidationError('A vs B needs a filter on at least one side', [
        {
          name: 'query.a',
          reason: 'give a.<filter>=… and/or b.<filter>=… (e.g. a.channel=web&b.channel=email)',
        },
      ]);
    }
    return compareScores(deps.readSql, principal.orgId, {
      metric: query.metric,
      mode: query.mode,
      by: query.by,
      filter,
      a,
      b,
      timeZone: query.tz,
      q: query.q,
      minN: query.minN,
      engine: query.engine,
    });
  },
});

/** GET /api/v1/analytics/movers */
export const moversRoute = defineRoute({
  summary:
    'Top movers: segments whose score changed significantly since the previous period (BH), largest first',
  tags: ['analytics'],
  schema: { querystring: MoversQuery, response: { 200: api.Movers } },
  fields: queryFields('engine', 'from', 'to', 'by'),
  handler: async ({ query, principal, deps }) =>
    getTopMovers(deps.readSql, principal.orgId, {
      metric: query.metric,
      by: query.by,
      filter: sliceFilter(query, MOVERS_KEYS),
      timeZone: query.tz,
      q: query.q,
      minN: query.minN,
      limit: query.limit,
      engine: query.engine,
    }),
});

/** GET /api/v1/analytics/settings */
export const getSettingsRoute = defineRoute({
  summary: 'Rollup settings: time zones kept besides UTC and segment dimensions',
  tags: ['analytics'],
  schema: { response: { 200: api.RollupSettings } },
  handler: async ({ principal, deps }) => getRollupSettings(deps.readSql, principal.orgId),
});

/** PUT /api/v1/analytics/settings */
export const putSettingsRoute = defineRoute({
  summary: 'Change the rollup settings; the rollup is rebuilt in the same transaction',
  tags: ['analytics'],
  schema: { body: RollupSettingsBody, response: { 200: api.RollupSettings } },
  fields: { timeZones: 'body.timeZones' },
  handler: async ({ body, principal, deps }) => {
    body.timeZones.forEach((tz, i) => {
      if (!TimeZone.safeParse(tz).success || tz === 'UTC')
        throw new ValidationError('Unknown time zone', [
          {
            name: `body.timeZones.${i}`,
            reason: 'must be an IANA time zone other than UTC (UTC is always kept)',
          },
        ]);
    });
    const settings = { timeZones: [...new Set(body.timeZones)], dimensions: [...new Set(body.dimensions)] };
    await saveRollupSettings(deps.sql, principal.orgId, settings);
    return settings;
  },
});

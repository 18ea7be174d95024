// Gaps: expectation vs perception, stated importance-performance, internal vs customer (mirror surveys).

import * as api from '../../../shared/api/index.js';
import {
  getDeliveryGap,
  getExpectationGap,
  getImportancePerformance,
  setMirror,
} from '../../../understand/index.js';
import { defineRoute } from '../../route.js';
import { answersEngine, sliceFilter } from '../analytics/slice-schema.js';
import { IdParams } from '../shared-schema.js';
import { DeliveryGapQuery, ExpectationGapQuery, IpaQuery, MirrorBody } from './schema.js';

const known = (shape: object) => new Set(Object.keys(shape));
const GAP_KEYS = known(ExpectationGapQuery.shape);
const IPA_KEYS = known(IpaQuery.shape);
const DELIVERY_KEYS = known(DeliveryGapQuery.shape);
/** The survey is the subject of these routes, not a filter on it. */
const withoutSurvey = (f: ReturnType<typeof sliceFilter>) => ({
  ...f,
  equals: f.equals?.filter((e) => e.dimension !== 'survey'),
});

/** GET /api/v1/analytics/expectation-gap */
export const expectationGapRoute = defineRoute({
  summary: 'Expectation gap P - E per attribute and dimension (SERVQUAL), optionally importance-weighted',
  tags: ['analytics'],
  schema: { querystring: ExpectationGapQuery, response: { 200: api.ExpectationGapResult } },
  fields: { surveyId: 'query.survey' },
  handler: async ({ query, principal, deps }) =>
    getExpectationGap(deps.readSql, principal.orgId, {
      surveyId: query.survey,
      filter: withoutSurvey(sliceFilter(query, GAP_KEYS)),
      weights: query.weights,
      weightByImportance: query.weightBy === 'importance',
      engine: answersEngine(query.engine),
    }),
});

/** GET /api/v1/analytics/ipa */
export const ipaRoute = defineRoute({
  summary: 'Stated importance-performance map with the four quadrants',
  tags: ['analytics'],
  schema: { querystring: IpaQuery, response: { 200: api.ImportancePerformance } },
  fields: { surveyId: 'query.survey' },
  handler: async ({ query, principal, deps }) =>
    getImportancePerformance(deps.readSql, principal.orgId, {
      surveyId: query.survey,
      filter: withoutSurvey(sliceFilter(query, IPA_KEYS)),
      engine: answersEngine(query.engine),
    }),
});

/** GET /api/v1/analytics/delivery-gap */
export const deliveryGapRoute = defineRoute({
  summary: 'Delivery gap: internal (mirror survey) vs customer answers per item, Welch t + BH, classified',
  tags: ['analytics'],
  schema: { querystring: DeliveryGapQuery, response: { 200: api.DeliveryGapResult } },
  fields: { surveyId: 'query.survey', superiorItem: 'query.superior' },
  handler: async ({ query, principal, deps }) =>
    getDeliveryGap(deps.readSql, principal.orgId, {
      surveyId: query.survey,
      filter: withoutSurvey(sliceFilter(query, DELIVERY_KEYS)),
      byTouchpoint: query.by === 'touchpoint',
      superiorItem: query.superior,
      superiorFrom: query.superiorFrom,
      q: query.q,
      engine: answersEngine(query.engine),
    }),
});

/** PUT /api/v1/analytics/mirrors/:id */
export const setMirrorRoute = defineRoute({
  summary: 'Mark a survey as the internal mirror of a customer survey; its answers leave customer scores',
  tags: ['analytics'],
  schema: { params: IdParams, body: MirrorBody, response: { 200: api.Mirror } },
  fields: { mirrorOf: 'body.mirrorOf' },
  handler: async ({ params, body, principal, deps }) =>
    setMirror(deps.sql, principal.orgId, params.id, body.mirrorOf),
});

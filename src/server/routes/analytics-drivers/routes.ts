// Key drivers with Shapley/LMG and Johnson's relative weights, and the importance-performance map.
import { ValidationError } from '../../../platform/errors/index.js';
import * as api from '../../../shared/api/index.js';
import { getSurveyDrivers, getTouchpointDrivers } from '../../../understand/index.js';
import { defineRoute, queryFields } from '../../route.js';
import { answersEngine, sliceFilter } from '../analytics/slice-schema.js';
import { DriversQuery } from './schema.js';

const KNOWN = new Set(Object.keys(DriversQuery.shape));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** GET /api/v1/analytics/drivers */
export const driversRoute = defineRoute({
  summary:
    'Key drivers of an outcome (Shapley/LMG, Johnson weights; importance sums to R², signed) with the IPA map',
  tags: ['analytics'],
  schema: { querystring: DriversQuery, response: { 200: api.KeyDrivers } },
  fields: queryFields('outcome', 'drivers', 'metric'),
  handler: async ({ query, principal, deps }) => {
    const filter = sliceFilter(query, KNOWN);
    if (query.source === 'touchpoints') {
      const m = /^(attr\.([a-zA-Z][a-zA-Z0-9_]{0,62})|survey:(.+))$/.exec(query.outcome);
      if (!m || (m[3] !== undefined && !UUID.test(m[3]))) {
        throw new ValidationError('Bad outcome', [
          { name: 'query.outcome', reason: 'with source=touchpoints: attr.<name> or survey:<survey id>' },
        ]);
      }
      return getTouchpointDrivers(deps.readSql, principal.orgId, {
        metric: query.metric,
        outcome: m[2] ? { attribute: m[2] } : { surveyId: m[3] as string },
        missing: query.missing,
        filter,
      });
    }
    const survey = filter.equals?.find((e) => e.dimension === 'survey')?.value;
    if (!survey)
      throw new ValidationError('Which survey?', [
        { name: 'query.survey', reason: 'required with source=survey' },
      ]);
    return getSurveyDrivers(deps.readSql, principal.orgId, {
      surveyId: survey,
      outcome: query.outcome,
      outcomeAs: query.outcomeAs,
      drivers: query.drivers,
      notApplicable: query.na,
      missing: query.missing,
      filter: { ...filter, equals: filter.equals?.filter((e) => e.dimension !== 'survey') },
      engine: answersEngine(query.engine),
    });
  },
});

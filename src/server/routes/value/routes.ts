// Value of CX, churn risk and programme maturity.
import {
  getChurnRisk,
  getContactRisk,
  getInitiativeRoi,
  getMaturity,
  getRevenueAtRisk,
  getSatisfiedDefectors,
  getValueSummary,
  listInitiativeRoi,
  requestChurnTraining,
  saveMaturityAnswers,
} from '../../../prove/index.js';
import * as api from '../../../shared/api/index.js';
import { defineRoute } from '../../route.js';
import { IdParams } from '../shared-schema.js';
import {
  ChurnRiskQuery,
  ChurnTrainBody,
  InitiativeRoiQuery,
  MaturityQuestionnaire,
  RevenueAtRiskQuery,
  SatisfiedDefectorsQuery,
  ValueSummaryQuery,
} from './schema.js';

/** GET /api/v1/value/summary */
export const valueSummaryRoute = defineRoute({
  summary:
    'Retention (Wilson CI), revenue and purchase frequency (t CI) by NPS category or CSAT/CES band in a window after each answer, with top/middle minus bottom differences',
  tags: ['value'],
  schema: { querystring: ValueSummaryQuery, response: { 200: api.ValueSummary } },
  handler: async ({ query, principal, deps }) => getValueSummary(deps.sql, principal.orgId, query),
});

/** GET /api/v1/value/satisfied-defectors */
export const satisfiedDefectorsRoute = defineRoute({
  summary:
    'Share of churned customers whose last answer before leaving was satisfied (Wilson CI), with their themes',
  tags: ['value'],
  schema: { querystring: SatisfiedDefectorsQuery, response: { 200: api.SatisfiedDefectors } },
  handler: async ({ query, principal, deps }) => getSatisfiedDefectors(deps.sql, principal.orgId, query),
});

/** GET /api/v1/value/revenue-at-risk */
export const revenueAtRiskRoute = defineRoute({
  summary:
    'Expected revenue loss of at-risk customers, attributed by theme, touchpoint or driver (parts sum to the total), with assumptions',
  tags: ['value'],
  schema: { querystring: RevenueAtRiskQuery, response: { 200: api.RevenueAtRisk } },
  handler: async ({ query, principal, deps }) => getRevenueAtRisk(deps.sql, principal.orgId, query),
});

/** GET /api/v1/churn/risk */
export const churnRiskRoute = defineRoute({
  summary:
    'The churn model in use (CV AUC, baseline, calibration), risk bands and the customers most at risk with reasons',
  tags: ['churn'],
  schema: { querystring: ChurnRiskQuery, response: { 200: api.ChurnRisk } },
  handler: async ({ query, principal, deps }) => getChurnRisk(deps.sql, principal.orgId, query.limit),
});

/** POST /api/v1/churn/models */
export const trainChurnRoute = defineRoute({
  summary:
    'Queue a training of the churn model (features before a cutoff, churn in the horizon after it) and a rescoring',
  tags: ['churn'],
  schema: { body: ChurnTrainBody, response: { 202: api.ChurnTrainQueued } },
  handler: async ({ body, principal, deps, reply }) => {
    await requestChurnTraining(deps.jobs, principal.orgId, body.horizonDays);
    reply.status(202);
    return { queued: true as const, horizonDays: body.horizonDays };
  },
});

/** GET /api/v1/contacts/:id/risk */
export const contactRiskRoute = defineRoute({
  summary: "A contact's churn risk, band and top reasons (risk null until the model has scored it)",
  tags: ['churn'],
  schema: { params: IdParams, response: { 200: api.ContactRisk } },
  handler: async ({ params, principal, deps }) => getContactRisk(deps.sql, principal.orgId, params.id),
});

/** GET /api/v1/programme/maturity */
export const maturityRoute = defineRoute({
  summary:
    'CX programme maturity: stage with reasons, evidence, questionnaire, next three steps, five-mistakes check, history',
  tags: ['programme'],
  schema: { response: { 200: api.Maturity } },
  handler: async ({ principal, deps }) => getMaturity(deps.sql, principal.orgId),
});

/** PUT /api/v1/programme/maturity/questionnaire */
export const putMaturityQuestionnaireRoute = defineRoute({
  summary: "Save the CX lead's questionnaire answers (yes/no); returns the new assessment",
  tags: ['programme'],
  schema: { body: MaturityQuestionnaire, response: { 200: api.Maturity } },
  handler: async ({ body, principal, deps }) =>
    saveMaturityAnswers(deps.sql, principal.orgId, body, principal.kind === 'user' ? principal.id : null),
});

/** GET /api/v1/initiatives/:id/roi */
export const initiativeRoiRoute = defineRoute({
  summary:
    "The value of an initiative's measured change (from the value difference between loyalty groups) against its cost, with 95% intervals",
  tags: ['value', 'initiatives'],
  schema: { params: IdParams, querystring: InitiativeRoiQuery, response: { 200: api.InitiativeRoi } },
  handler: async ({ params, query, principal, deps }) =>
    getInitiativeRoi(deps.sql, principal.orgId, params.id, query),
});

/** GET /api/v1/value/initiatives */
export const initiativesRoiRoute = defineRoute({
  summary: 'The return on each started initiative (value of wins against cost, with intervals)',
  tags: ['value', 'initiatives'],
  schema: { querystring: InitiativeRoiQuery, response: { 200: api.InitiativeRoiList } },
  handler: async ({ query, principal, deps }) => listInitiativeRoi(deps.sql, principal.orgId, query),
});

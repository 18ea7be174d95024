// Case rules: which feedback opens a case, who gets it, its priority and SLA.
import {
  createCaseRule,
  deleteCaseRule,
  getCaseRule,
  listCaseRules,
  updateCaseRule,
} from '../../../act/index.js';
import * as api from '../../../shared/api/index.js';
import { defineRoute, type FieldMap } from '../../route.js';

const fields: FieldMap = { when: 'body.when', assign: 'body.assign', notify: 'body.notify' };

import { IdParams } from '../shared-schema.js';
import { CaseRuleCreate, CaseRuleUpdate } from './schema.js';

/** GET /api/v1/case-rules */
export const listCaseRulesRoute = defineRoute({
  summary: 'Case rules in the order they are tried',
  tags: ['act'],
  schema: { response: { 200: api.CaseRuleList } },
  handler: async ({ principal, deps }) => ({ items: await listCaseRules(deps.sql, principal.orgId) }),
});

/** POST /api/v1/case-rules */
export const createCaseRuleRoute = defineRoute({
  summary:
    'Add a case rule: conditions (score, sentiment, themes, keywords, touchpoints, surveys, channels, contact attributes), assignment, priority, SLA',
  tags: ['act'],
  schema: { body: CaseRuleCreate, response: { 201: api.CaseRule } },
  fields,
  handler: async ({ body, principal, deps, reply }) => {
    reply.status(201);
    return createCaseRule(deps.sql, principal.orgId, body);
  },
});

/** GET /api/v1/case-rules/{id} */
export const getCaseRuleRoute = defineRoute({
  summary: 'One case rule',
  tags: ['act'],
  schema: { params: IdParams, response: { 200: api.CaseRule } },
  handler: async ({ params, principal, deps }) => getCaseRule(deps.sql, principal.orgId, params.id),
});

/** PATCH /api/v1/case-rules/{id} */
export const updateCaseRuleRoute = defineRoute({
  summary: 'Change a case rule',
  tags: ['act'],
  schema: { params: IdParams, body: CaseRuleUpdate, response: { 200: api.CaseRule } },
  fields,
  handler: async ({ params, body, principal, deps }) =>
    updateCaseRule(deps.sql, principal.orgId, params.id, body),
});

/** DELETE /api/v1/case-rules/{id} */
export const deleteCaseRuleRoute = defineRoute({
  summary: 'Delete a case rule (the cases it opened stay)',
  tags: ['act'],
  schema: { params: IdParams, response: { 204: api.NoContent } },
  handler: async ({ params, principal, deps, reply }) => {
    await deleteCaseRule(deps.sql, principal.orgId, params.id);
    reply.status(204);
    return undefined;
  },
});

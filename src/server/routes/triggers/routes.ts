// The trigger API for transactional surveys, its rules, and the log of what it decided and why.
import {
  createTriggerRule,
  handleTrigger,
  listTriggerDecisions,
  listTriggerRules,
} from '../../../listen/triggers/index.js';
import * as api from '../../../shared/api/index.js';
import { defineRoute } from '../../route.js';
import { DecisionQuery, TriggerCreate, TriggerRuleCreate } from './schema.js';

/** POST /api/v1/triggers */
export const triggerRoute = defineRoute({
  summary:
    'Contact X just finished touchpoint Y: decide per rule whether to invite (conditions, sampling, consent, frequency caps, quiet hours) and on which channel; every decision is logged with its reason',
  tags: ['triggers'],
  schema: { body: TriggerCreate, response: { 200: api.TriggerResult } },
  handler: async ({ body, principal, deps }) => ({
    decisions: await handleTrigger(deps.sql, deps.jobs, principal.orgId, body),
  }),
});

/** GET /api/v1/trigger-rules */
export const listTriggerRulesRoute = defineRoute({
  summary: 'Trigger rules',
  tags: ['triggers'],
  schema: { response: { 200: api.TriggerRuleList } },
  handler: async ({ principal, deps }) => ({ items: await listTriggerRules(deps.sql, principal.orgId) }),
});

/** POST /api/v1/trigger-rules */
export const createTriggerRuleRoute = defineRoute({
  summary: 'Add a trigger rule: touchpoint → survey, channel, sample rate, quiet hours, contact conditions',
  tags: ['triggers'],
  schema: { body: TriggerRuleCreate, response: { 201: api.TriggerRule } },
  handler: async ({ body, principal, deps, reply }) => {
    reply.status(201);
    return createTriggerRule(deps.sql, principal.orgId, body);
  },
});

/** GET /api/v1/trigger-decisions */
export const listTriggerDecisionsRoute = defineRoute({
  summary: 'The latest trigger decisions with their reasons (filter decision=skip for "why not")',
  tags: ['triggers'],
  schema: { querystring: DecisionQuery, response: { 200: api.TriggerDecisionList } },
  handler: async ({ query, principal, deps }) => ({
    items: await listTriggerDecisions(deps.sql, principal.orgId, query),
  }),
});

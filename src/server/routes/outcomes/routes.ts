// Outcomes: record business events per contact (single, batch, CSV), list them.
import {
  importOutcomesCsv,
  listOutcomes,
  recordOutcomes,
  summariseOutcomeKinds,
} from '../../../prove/index.js';
import * as api from '../../../shared/api/index.js';
import { LIMITS } from '../../../shared/limits.js';
import { defineRoute } from '../../route.js';
import { OutcomeBatch, OutcomeCreate, OutcomeImport, OutcomeQuery } from './schema.js';

/** POST /api/v1/outcomes */
export const createOutcomeRoute = defineRoute({
  summary: 'Record one outcome (201; 200 with the stored one when its key was already recorded)',
  tags: ['outcomes'],
  schema: { body: OutcomeCreate, response: { 200: api.Outcome, 201: api.Outcome } },
  handler: async ({ body, principal, deps, reply }) => {
    const r = await recordOutcomes(deps.sql, principal.orgId, [body], { where: () => 'body' });
    reply.status(r.inserted === 1 ? 201 : 200);
    return r.items[0] as api.Outcome;
  },
});

/** POST /api/v1/outcomes/batch */
export const createOutcomeBatchRoute = defineRoute({
  summary:
    'Record outcomes all or nothing: any bad item refuses the batch, each problem named (items[i].field)',
  tags: ['outcomes'],
  schema: { body: OutcomeBatch, response: { 200: api.OutcomeBatchResult } },
  bodyLimit: LIMITS.importBodyBytes,
  handler: async ({ body, principal, deps }) => {
    const r = await recordOutcomes(deps.sql, principal.orgId, body.items);
    return { inserted: r.inserted, duplicates: r.duplicates, items: r.items };
  },
});

/** POST /api/v1/outcomes/import */
export const importOutcomesRoute = defineRoute({
  summary:
    'Import a CSV file of outcomes (key, contact_id | contact_external_id | contact_email, kind, occurred_at, amount, currency, value, flag) all or nothing, problems named by row and line',
  tags: ['outcomes'],
  schema: { body: OutcomeImport, response: { 200: api.OutcomeImportResult } },
  bodyLimit: LIMITS.importBodyBytes,
  handler: async ({ body, principal, deps }) => {
    const r = await importOutcomesCsv(deps.sql, principal.orgId, body.content);
    return { inserted: r.inserted, duplicates: r.duplicates, rows: r.items.length };
  },
});

/** GET /api/v1/outcomes */
export const listOutcomesRoute = defineRoute({
  summary: 'Outcomes, newest first (of one contact or kind)',
  tags: ['outcomes'],
  schema: { querystring: OutcomeQuery, response: { 200: api.OutcomeList } },
  handler: async ({ query, principal, deps }) => ({
    items: await listOutcomes(deps.sql, principal.orgId, query),
    kinds: await summariseOutcomeKinds(deps.sql, principal.orgId),
  }),
});

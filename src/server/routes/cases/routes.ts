// Cases: the inbox, one case with its customer's history, changes, notes, replies, close and reopen, figures.
import {
  type Actor,
  addCaseNote,
  caseStats,
  closeCase,
  getCase,
  listCases,
  reopenCase,
  replyToCase,
  updateCase,
} from '../../../act/index.js';
import type { Principal } from '../../../platform/auth/index.js';
import { ForbiddenError } from '../../../platform/errors/index.js';
import * as api from '../../../shared/api/index.js';
import { defineRoute, type FieldMap } from '../../route.js';

const changeFields: FieldMap = { ownerId: 'body.ownerId', teamId: 'body.teamId', status: 'body.status' };

import { IdParams } from '../shared-schema.js';
import { CaseQuery, CaseStatsQuery, CaseUpdate, CloseCase, NoteCreate, ReplyCreate } from './schema.js';

const actor = (p: Principal): Actor => {
  // Share links only read analytics (src/server/share-access.ts); they never reach a case.
  if (p.kind === 'share_link') throw new ForbiddenError('A share link cannot act on cases');
  return { kind: p.kind, id: p.id };
};

/** GET /api/v1/cases */
export const listCasesRoute = defineRoute({
  summary:
    'Cases newest first, filtered by status, team, owner, priority, breach, feedback, contact, touchpoint, root cause',
  tags: ['act'],
  schema: { querystring: CaseQuery, response: { 200: api.CasePage } },
  fields: { cursor: 'query.cursor' },
  handler: async ({ query, principal, deps }) => listCases(deps.sql, principal.orgId, query),
});

/** GET /api/v1/cases/stats */
export const caseStatsRoute = defineRoute({
  summary:
    'Loop figures: opened, open, closed, breached, median hours to first response and to close, share within SLA and recovery rate with Wilson 95% intervals',
  tags: ['act'],
  schema: { querystring: CaseStatsQuery, response: { 200: api.CaseStats } },
  handler: async ({ query, principal, deps }) => caseStats(deps.sql, principal.orgId, query),
});

/** GET /api/v1/cases/{id} */
export const getCaseRoute = defineRoute({
  summary:
    'One case with its history, notes, messages, feedback, and the customer with all their feedback and cases',
  tags: ['act'],
  schema: { params: IdParams, response: { 200: api.CaseDetail } },
  handler: async ({ params, principal, deps }) => getCase(deps.sql, principal.orgId, params.id),
});

/** PATCH /api/v1/cases/{id} */
export const updateCaseRoute = defineRoute({
  summary: 'Change status (open, in_progress, waiting), owner, team or priority',
  tags: ['act'],
  schema: { params: IdParams, body: CaseUpdate, response: { 200: api.CaseSummary } },
  fields: changeFields,
  handler: async ({ params, body, principal, deps }) =>
    updateCase(deps.sql, principal.orgId, params.id, body, actor(principal)),
});

/** POST /api/v1/cases/{id}/notes */
export const addNoteRoute = defineRoute({
  summary: 'Add an internal note',
  tags: ['act'],
  schema: { params: IdParams, body: NoteCreate, response: { 201: api.CaseNote } },
  handler: async ({ params, body, principal, deps, reply }) => {
    reply.status(201);
    return addCaseNote(deps.sql, principal.orgId, params.id, body.body, actor(principal));
  },
});

/** POST /api/v1/cases/{id}/reply */
export const replyRoute = defineRoute({
  summary: 'Email the customer (threaded; refused when they opted out of email)',
  tags: ['act'],
  schema: { params: IdParams, body: ReplyCreate, response: { 202: api.CaseReply } },
  handler: async ({ params, body, principal, deps, reply }) => {
    reply.status(202);
    return replyToCase(deps.sql, deps.jobs, principal.orgId, params.id, body, actor(principal));
  },
});

/** POST /api/v1/cases/{id}/close */
export const closeCaseRoute = defineRoute({
  summary:
    'Close with a resolution and root cause; the customer gets the recovery question unless recoverySurvey is false',
  tags: ['act'],
  schema: { params: IdParams, body: CloseCase, response: { 200: api.ClosedCase } },
  fields: { status: 'body.status' },
  handler: async ({ params, body, principal, deps }) =>
    closeCase(deps.sql, deps.jobs, principal.orgId, params.id, body, actor(principal)),
});

/** POST /api/v1/cases/{id}/reopen */
export const reopenCaseRoute = defineRoute({
  summary: 'Reopen a closed case (a new due time from now)',
  tags: ['act'],
  schema: { params: IdParams, response: { 200: api.CaseSummary } },
  handler: async ({ params, principal, deps }) =>
    reopenCase(deps.sql, deps.jobs, principal.orgId, params.id, actor(principal)),
});

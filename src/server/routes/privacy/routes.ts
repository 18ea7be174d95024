// Personal data: a contact's, exported or erased (both audited); the organisation's retention policy.
import { z } from 'zod';
import {
  eraseContact,
  exportContact,
  getRetention,
  type RetentionRow,
  setRetention,
} from '../../../listen/privacy/index.js';
import { actorOf, recordAudit } from '../../../platform/audit/index.js';
import * as api from '../../../shared/api/index.js';
import { defineRoute } from '../../route.js';
import { IdParams } from '../shared-schema.js';

/** DELETE /api/v1/contacts/:id */
export const eraseContactRoute = defineRoute({
  summary:
    'Erase a contact and everything about them (feedback, answers, attributes, invitations, sessions, decisions); aggregates stay exact',
  tags: ['contacts'],
  schema: { params: IdParams, response: { 204: api.NoContent } },
  handler: async ({ params, principal, deps, req, reply }) => {
    await deps.sql.begin(async (tx) => {
      const removed = await eraseContact(tx, principal.orgId, params.id);
      await recordAudit(tx, {
        orgId: principal.orgId,
        actor: actorOf(principal),
        action: 'contact.erase',
        target: params.id,
        ip: req.ip,
        detail: { removed },
      });
    });
    reply.status(204);
    return null;
  },
});

/** GET /api/v1/contacts/:id/export */
export const exportContactRoute = defineRoute({
  summary:
    'Everything Northstar holds about a contact, as JSON (the contact and every row naming them, by table)',
  tags: ['contacts'],
  schema: { params: IdParams, response: { 200: api.ContactExport } },
  handler: async ({ params, principal, deps, req, reply }) => {
    const data = await exportContact(deps.sql, principal.orgId, params.id);
    await recordAudit(deps.sql, {
      orgId: principal.orgId,
      actor: actorOf(principal),
      action: 'contact.export',
      target: params.id,
      ip: req.ip,
    });
    reply.header('content-disposition', `attachment; filename="contact-${params.id}.json"`);
    return { exportedAt: new Date().toISOString(), ...data };
  },
});

const RetentionBody = z.strictObject({
  retentionMonths: z.number().int().min(1).max(1200).nullable(),
  mode: z.enum(['delete', 'anonymise']).default('delete'),
});

const presentRetention = (r: RetentionRow) => ({
  retentionMonths: r.months,
  mode: r.mode,
  lastRunAt: r.lastRunAt ? r.lastRunAt.toISOString() : null,
});

/** GET /api/v1/organisation/retention */
export const getRetentionRoute = defineRoute({
  summary:
    'How long feedback is kept: months (null: for ever), and whether older feedback is deleted or anonymised',
  tags: ['organisation'],
  schema: { response: { 200: api.RetentionSettings } },
  handler: async ({ principal, deps }) => presentRetention(await getRetention(deps.sql, principal.orgId)),
});

/** PUT /api/v1/organisation/retention */
export const putRetentionRoute = defineRoute({
  summary:
    'Set the retention policy; a daily job then deletes or anonymises older feedback (rollups stay exact; audited)',
  tags: ['organisation'],
  schema: { body: RetentionBody, response: { 200: api.RetentionSettings } },
  handler: async ({ body, principal, deps, req }) =>
    presentRetention(
      await setRetention(
        deps.sql,
        principal.orgId,
        { months: body.retentionMonths, mode: body.mode },
        { actor: actorOf(principal), ip: req.ip },
      ),
    ),
});

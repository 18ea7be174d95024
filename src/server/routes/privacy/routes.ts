// A contact's personal data: export all of it, or erase all of it (both audited).
import { eraseContact, exportContact } from '../../../listen/privacy/index.js';
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

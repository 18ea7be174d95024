// The audit log for administrators.
import { z } from 'zod';
import { listAudit } from '../../../platform/audit/index.js';
import * as api from '../../../shared/api/index.js';
import { LIMITS } from '../../../shared/limits.js';
import { defineRoute } from '../../route.js';
import { IsoDate } from '../shared-schema.js';

const AuditQuery = z
  .object({
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    actor: z.string().min(1).max(200).optional(),
    action: z.string().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(LIMITS.pageSize).default(50),
    cursor: z
      .string()
      .regex(/^\d{1,18}$/, 'must be a cursor from a previous page')
      .optional(),
  })
  .strict();

/** GET /api/v1/audit */
export const listAuditRoute = defineRoute({
  summary: 'Who did what, when and from where (newest first): configuration, users, keys, exports, erasures',
  tags: ['audit'],
  schema: { querystring: AuditQuery, response: { 200: api.AuditPage } },
  handler: async ({ query, principal, deps }) => {
    const rows = await listAudit(deps.sql, principal.orgId, {
      from: query.from,
      to: query.to,
      actor: query.actor,
      action: query.action,
      before: query.cursor,
      limit: query.limit,
    });
    const last = rows[rows.length - 1];
    return {
      items: rows.map((r) => ({
        at: r.at.toISOString(),
        actor: r.actor,
        action: r.action,
        target: r.target,
        ip: r.ip,
        detail: r.detail,
      })),
      nextCursor: rows.length === query.limit && last ? last.id : null,
    };
  },
});

// Read-only share links of a dashboard view: create (the URL shown once), list, revoke; and the shared
// URL itself, which hands the reader a cookie and opens the view. Creating and revoking are audited.
import type { FastifyReply } from 'fastify';
import { actorOf, recordAudit } from '../../../platform/audit/index.js';
import {
  authenticateShareLink,
  createShareLink,
  listShareLinks,
  revokeShareLink,
  SHARE_COOKIE,
  type ShareLink,
} from '../../../platform/auth/index.js';
import type { Sql } from '../../../platform/db/index.js';
import { NotFoundError } from '../../../platform/errors/index.js';
import * as api from '../../../shared/api/index.js';
import { defineRoute, media } from '../../route.js';
import { IdParams } from '../shared-schema.js';
import { SharedParams, ShareLinkCreate } from './schema.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const present = (l: ShareLink) => ({
  id: l.id,
  path: l.path,
  createdAt: l.createdAt.toISOString(),
  expiresAt: l.expiresAt.toISOString(),
  revokedAt: iso(l.revokedAt),
  lastUsedAt: iso(l.lastUsedAt),
});

/** GET /api/v1/share-links */
export const listShareLinksRoute = defineRoute({
  summary:
    "The organisation's read-only share links: view, created, expires, revoked, last used (never the token)",
  tags: ['share-links'],
  schema: { response: { 200: api.ShareLinkList } },
  handler: async ({ principal, deps }) => ({
    items: (await listShareLinks(deps.sql, principal.orgId)).map(present),
  }),
});

/** POST /api/v1/share-links */
export const createShareLinkRoute = defineRoute({
  summary:
    'Share a view read-only: a URL that opens the page without logging in, reading only this organisation’s analytics, until it expires (1–90 days, default 7) or is revoked',
  tags: ['share-links'],
  schema: { body: ShareLinkCreate, response: { 201: api.ShareLinkCreated } },
  fields: { path: 'body.path' },
  handler: async ({ body, principal, deps, req, reply }) => {
    const { link, token } = await deps.sql.begin(async (tx) => {
      const created = await createShareLink(
        tx as unknown as Sql,
        principal.orgId,
        principal.kind === 'user' ? principal.id : null,
        body,
      );
      await recordAudit(tx, {
        orgId: principal.orgId,
        actor: actorOf(principal),
        action: 'share_link.create',
        target: created.link.id,
        ip: req.ip,
        detail: { path: created.link.path, expiresInDays: body.expiresInDays },
      });
      return created;
    });
    reply.status(201);
    return { ...present(link), url: `${req.protocol}://${req.host}/shared/${token}` };
  },
});

/** DELETE /api/v1/share-links/:id */
export const revokeShareLinkRoute = defineRoute({
  summary: 'Revoke a share link: refused from the next request on',
  tags: ['share-links'],
  schema: { params: IdParams, response: { 204: api.NoContent } },
  handler: async ({ params, principal, deps, req, reply }) => {
    await deps.sql.begin(async (tx) => {
      if (!(await revokeShareLink(tx as unknown as Sql, principal.orgId, params.id)))
        throw new NotFoundError(`Share link ${params.id} not found`);
      await recordAudit(tx, {
        orgId: principal.orgId,
        actor: actorOf(principal),
        action: 'share_link.revoke',
        target: params.id,
        ip: req.ip,
      });
    });
    reply.status(204);
    return null;
  },
});

function page(reply: FastifyReply, status: number, body: string): string {
  reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', "default-src 'none'; frame-ancestors 'none'; base-uri 'none'")
    // The token is in this URL: never leak it in a Referer.
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store');
  return body;
}

/** GET /shared/:token */
export const openShareLinkRoute = defineRoute({
  summary:
    'Open a share link: sets the read-only cookie and goes on to the shared view (410 when expired or revoked)',
  tags: ['share-links'],
  schema: {
    params: SharedParams,
    response: {
      303: media('text/html', 'On to the shared view'),
      410: media('text/html', 'The link has expired or was revoked'),
    },
  },
  handler: async ({ params, deps, req, reply }) => {
    const link = await authenticateShareLink(deps.sql, params.token);
    if (!link) {
      reply.clearCookie(SHARE_COOKIE, { path: '/' });
      return page(
        reply,
        410,
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Link expired · Northstar</title></head><body><main><h1>This link no longer works</h1><p>The shared view has expired or its owner revoked it. Ask them for a new link.</p></main></body></html>',
      );
    }
    reply.setCookie(SHARE_COOKIE, params.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: req.protocol === 'https',
      expires: link.expiresAt,
    });
    reply.header('location', link.path);
    return page(
      reply,
      303,
      `<!doctype html><html lang="en"><title>Shared view</title><a href="${link.path.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}">Open the shared view</a></html>`,
    );
  },
});

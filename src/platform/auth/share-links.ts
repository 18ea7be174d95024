// Read-only share links of a dashboard view: a random token, stored only as its SHA-256 digest, that
// lets whoever holds it read one organisation's analytics until it expires or is revoked. What such a
// reader may call is decided by the server (src/server/share-access.ts), never by the token.
import { randomBytes } from 'node:crypto';
import { SHAREABLE_PAGES } from '../../shared/share-pages.js';
import type { Sql } from '../db/index.js';
import { ValidationError } from '../errors/index.js';
import { digest } from './tokens.js';

/** The cookie a share link's reader carries after opening the link. */
export const SHARE_COOKIE = 'ns_share';

export { SHAREABLE_PAGES };

/** The longest a share link may live. */
export const SHARE_MAX_DAYS = 90;

/** A share link's public fields (never its token). */
export interface ShareLink {
  orgId: string;
  id: string;
  path: string;
  createdBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

const COLUMNS = (
  sql: Sql,
) => sql`org_id as "orgId", id, path, created_by as "createdBy", created_at as "createdAt",
  expires_at as "expiresAt", revoked_at as "revokedAt", last_used_at as "lastUsedAt"`;

/**
 * The view's path and query as stored: a dashboard page of SHAREABLE_PAGES with its query string (the
 * filters). Anything else (another host, another page, a fragment) is refused naming `path`.
 */
export function shareablePath(input: string): string {
  let url: URL;
  try {
    url = new URL(input, 'http://northstar.invalid');
  } catch {
    throw new ValidationError('path is not a dashboard path', [{ name: 'path', reason: 'is not a path' }]);
  }
  const pages: readonly string[] = SHAREABLE_PAGES;
  if (url.origin !== 'http://northstar.invalid' || !input.startsWith('/') || input.startsWith('//'))
    throw new ValidationError('path must be a dashboard path', [
      { name: 'path', reason: 'must be a path of this dashboard, starting with /' },
    ]);
  if (!pages.includes(url.pathname))
    throw new ValidationError(`${url.pathname} cannot be shared`, [
      { name: 'path', reason: `must be one of the analytics pages: ${SHAREABLE_PAGES.join(', ')}` },
    ]);
  return `${url.pathname}${url.search}`;
}

/** Create a share link; the token is returned once and stored only as a digest. */
export async function createShareLink(
  sql: Sql,
  orgId: string,
  createdBy: string | null,
  input: { path: string; expiresInDays: number },
): Promise<{ link: ShareLink; token: string }> {
  const path = shareablePath(input.path);
  const token = `nss_${randomBytes(32).toString('base64url')}`;
  const [link] = await sql<ShareLink[]>`
    insert into share_links (org_id, path, token_hash, created_by, expires_at)
    values (${orgId}, ${path}, ${digest(token)}, ${createdBy},
      now() + make_interval(days => ${input.expiresInDays}))
    returning ${COLUMNS(sql)}`;
  return { link: link as ShareLink, token };
}

/** The organisation's share links, newest first. */
export function listShareLinks(sql: Sql, orgId: string): Promise<ShareLink[]> {
  return sql<ShareLink[]>`
    select ${COLUMNS(sql)} from share_links where org_id = ${orgId} order by created_at desc, id`;
}

/** Revoke a share link (from the next request on); false when the organisation has no such link. */
export async function revokeShareLink(sql: Sql, orgId: string, id: string): Promise<boolean> {
  const rows = await sql`
    update share_links set revoked_at = coalesce(revoked_at, now())
    where org_id = ${orgId} and id = ${id} returning id`;
  return rows.length > 0;
}

/** The live (unexpired, unrevoked) share link behind a token, if any; its last use is noted once a minute. */
export async function authenticateShareLink(sql: Sql, token: string): Promise<ShareLink | undefined> {
  if (!token.startsWith('nss_') || token.length > 100) return undefined;
  const [link] = await sql<ShareLink[]>`
    select ${COLUMNS(sql)} from share_links
    where token_hash = ${digest(token)} and revoked_at is null and expires_at > now()`;
  if (link && (!link.lastUsedAt || Date.now() - link.lastUsedAt.getTime() > 60_000))
    await sql`update share_links set last_used_at = now() where org_id = ${link.orgId} and id = ${link.id}`;
  return link;
}

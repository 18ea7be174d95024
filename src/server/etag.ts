// HTTP caching of the score reads: an ETag made of the organisation's analytics version, the request
// URL, the caller (role and identity) and the quarter hour; a conditional GET whose tag still holds answers 304
// without computing anything.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Sql } from '../platform/db/index.js';
import { getAnalyticsVersion } from '../understand/index.js';

/** The GET routes whose answers follow only from the analytics version (with the URL, role and clock). */
export const VERSIONED_ROUTES: ReadonlySet<string> = new Set([
  '/api/v1/scores',
  '/api/v1/scores/overview',
  '/api/v1/analytics/slice',
  '/api/v1/analytics/compare',
  '/api/v1/analytics/movers',
]);

// Ranges that default to "now" move with the clock: a tag lasts a quarter of an hour at most (local
// midnight falls on a quarter hour in every time zone).
const QUARTER_HOUR_MS = 15 * 60_000;

declare module 'fastify' {
  interface FastifyRequest {
    analyticsEtag: string | undefined;
  }
}

/** The tag of an analytics answer: the same inputs always give the same tag, any change another. */
export function analyticsEtag(input: {
  orgId: string;
  /** Role, and who: a user, a key or a share link (whose answers may be narrowed to its view). */
  caller: string;
  version: string;
  url: string;
  now: number;
}): string {
  const hash = createHash('sha256')
    .update(
      [input.orgId, input.caller, input.version, input.url, Math.floor(input.now / QUARTER_HOUR_MS)].join(
        '\n',
      ),
    )
    .digest('base64url')
    .slice(0, 27);
  return `W/"${hash}"`;
}

/** Whether an If-None-Match header names this tag (weak comparison, RFC 9110 13.1.2). */
export function etagMatches(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = tag.replace(/^W\//, '');
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === bare);
}

/**
 * Tag the answers of VERSIONED_ROUTES and answer a conditional GET whose tag still holds with 304
 * before the handler runs. The version is read before the answer is computed, and from the database the
 * answer is read from (`pool`: the primary or a replica, chosen once per request), so an answer is never
 * older than the tag it carries. Browsers revalidate every time (`private, no-cache`).
 */
export function registerAnalyticsEtags(app: FastifyInstance, pool: (req: FastifyRequest) => Sql): void {
  app.decorateRequest('analyticsEtag', undefined);
  app.addHook('preHandler', async (req, reply) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.principal) return;
    if (!VERSIONED_ROUTES.has(req.routeOptions.url ?? '')) return;
    const { orgId, role, kind, id } = req.principal;
    const version = await getAnalyticsVersion(pool(req), orgId);
    const tag = analyticsEtag({
      orgId,
      caller: `${role}:${kind}:${id}`,
      version,
      url: req.url,
      now: Date.now(),
    });
    req.analyticsEtag = tag;
    if (etagMatches(req.headers['if-none-match'], tag)) {
      reply.code(304).header('etag', tag).header('cache-control', 'private, no-cache');
      reply.header('vary', 'authorization, cookie');
      return reply.send();
    }
  });
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.analyticsEtag && reply.statusCode === 200) {
      reply.header('etag', req.analyticsEtag).header('cache-control', 'private, no-cache');
      reply.header('vary', 'authorization, cookie');
    }
    return payload;
  });
}

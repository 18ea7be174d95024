// HTTP caching of the analytics reads: an ETag made of the organisation's analytics version, the request
// URL, the caller (role and identity) and the quarter hour; a conditional GET whose tag still holds answers 304
// without computing anything, and an answer already computed for the same organisation, URL and version is
// sent again from memory. The version is shared by the requests of a short window (NORTHSTAR_ANALYTICS_STALENESS_MS,
// see docs/analytics.md) so that both hold under a stream of submissions.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createCache } from '../platform/cache/index.js';
import type { Sql } from '../platform/db/index.js';
import { AnalyticsVersions, versionAtLeast } from '../understand/index.js';

/** The GET routes whose answers follow only from the analytics version (with the URL, role and clock). */
export const VERSIONED_ROUTES: ReadonlySet<string> = new Set([
  '/api/v1/scores',
  '/api/v1/scores/overview',
  '/api/v1/analytics/slice',
  '/api/v1/analytics/compare',
  '/api/v1/analytics/movers',
  '/api/v1/analytics/drivers',
  '/api/v1/analytics/expectation-gap',
  '/api/v1/analytics/ipa',
  '/api/v1/analytics/delivery-gap',
]);

/**
 * Whether this request of a VERSIONED_ROUTES route follows from the version alone. Key drivers across
 * touchpoints do when their outcome is a survey's NPS: they read feedback records only (their contact
 * links, attributes and metadata), and every change to those moves the version: a link removed by
 * retention is an update of feedback, a contact erased deletes its records. With a contact attribute as
 * the outcome (`attr.<name>`) they read the contacts table, whose changes move no version: not kept.
 * The survey's answers, its definition, mirrors and the feedback records' attributes all move it (a
 * response comes and goes with its feedback record).
 */
export function isVersionedRequest(route: string, query: unknown): boolean {
  if (!VERSIONED_ROUTES.has(route)) return false;
  if (route === '/api/v1/analytics/drivers') {
    const q = query as { source?: unknown; outcome?: unknown } | undefined;
    return q?.source !== 'touchpoints' || (typeof q.outcome === 'string' && q.outcome.startsWith('survey:'));
  }
  return true;
}

// Ranges that default to "now" move with the clock: a tag lasts a quarter of an hour at most (local
// midnight falls on a quarter hour in every time zone).
const QUARTER_HOUR_MS = 15 * 60_000;

declare module 'fastify' {
  interface FastifyRequest {
    analyticsEtag: string | undefined;
    /** Where this request's answer is kept, and under which version, when it was computed here. */
    analyticsAnswer: { key: string; version: string } | undefined;
  }
}

/** An answer as it went on the wire, and the version it was computed at (or after). */
interface CachedAnswer {
  version: string;
  payload: string;
}

/** How the analytics reads are cached. */
export interface AnalyticsCacheOptions {
  /**
   * How old (ms) a shared analytics version may be: reads within the window share one version, their
   * answers and tags (default 0: every read takes the version anew).
   */
  stalenessMs?: number;
  /** When this caller (`kind:id`) last changed something here: its reads take a version read after that. */
  lastWrite?: (who: string) => number | undefined;
  /** Bytes of computed answers kept in memory (default 32 MiB); 0 keeps none. */
  maxBytes?: number;
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
 * Tag the answers of VERSIONED_ROUTES, answer a conditional GET whose tag still holds with 304 and a
 * GET whose answer was already computed at the organisation's version (or a newer one) from memory,
 * before the handler runs. The version is read before the answer is computed, and from the database the
 * answer is read from (`pool`: the primary or a replica, chosen once per request), so an answer is never
 * older than the tag it carries. Browsers revalidate every time (`private, no-cache`).
 */
export function registerAnalyticsEtags(
  app: FastifyInstance,
  pool: (req: FastifyRequest) => Sql,
  opts: AnalyticsCacheOptions = {},
): void {
  const versions = new AnalyticsVersions(opts.stalenessMs ?? 0);
  const maxBytes = opts.maxBytes ?? 32 * 1024 * 1024;
  // Keyed by database, organisation, quarter hour and URL; one entry per key, the newest version's.
  const answers =
    maxBytes > 0
      ? createCache<CachedAnswer>({
          max: 50_000,
          ttlMs: QUARTER_HOUR_MS,
          maxBytes,
          sizeOf: (a) => 2 * a.payload.length + 200,
        })
      : undefined;
  const poolIds = new WeakMap<Sql, number>();
  let pools = 0;
  const poolId = (sql: Sql): number => {
    const known = poolIds.get(sql);
    if (known !== undefined) return known;
    pools += 1;
    poolIds.set(sql, pools);
    return pools;
  };
  app.decorateRequest('analyticsEtag', undefined);
  app.decorateRequest('analyticsAnswer', undefined);
  app.addHook('preHandler', async (req, reply) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.principal) return;
    if (!isVersionedRequest(req.routeOptions.url ?? '', req.query)) return;
    const { orgId, role, kind, id } = req.principal;
    const caller = `${kind}:${id}`;
    const sql = pool(req);
    const version = await versions.get(sql, orgId, opts.lastWrite?.(caller));
    const now = Date.now();
    // The answer depends on the organisation and the URL only (every role that may read it gets the
    // same); the tag names the caller too, so that one caller's tag never validates another's copy.
    const key = `${poolId(sql)}\n${orgId}\n${Math.floor(now / QUARTER_HOUR_MS)}\n${req.url}`;
    const kept = answers?.get(key);
    const hit = kept && versionAtLeast(kept.version, version) ? kept : undefined;
    const tag = analyticsEtag({
      orgId,
      caller: `${role}:${caller}`,
      version: hit?.version ?? version,
      url: req.url,
      now,
    });
    req.analyticsEtag = tag;
    if (etagMatches(req.headers['if-none-match'], tag)) {
      reply.code(304).header('etag', tag).header('cache-control', 'private, no-cache');
      reply.header('vary', 'authorization, cookie');
      return reply.send();
    }
    if (hit) {
      // Computed at this version or a newer one: the same bytes as computing it again would give, or newer.
      reply.code(200).header('content-type', 'application/json; charset=utf-8');
      return reply.send(hit.payload);
    }
    if (answers && req.method === 'GET') req.analyticsAnswer = { key, version };
  });
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.analyticsEtag && reply.statusCode === 200) {
      reply.header('etag', req.analyticsEtag).header('cache-control', 'private, no-cache');
      reply.header('vary', 'authorization, cookie');
      const computed = req.analyticsAnswer;
      if (answers && computed && typeof payload === 'string') {
        // Never replace a newer answer by an older one (a caller that just wrote reads a newer version).
        const kept = answers.get(computed.key);
        if (!kept || versionAtLeast(computed.version, kept.version))
          answers.set(computed.key, { version: computed.version, payload });
      }
    }
    return payload;
  });
}

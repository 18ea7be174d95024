// The organisation's analytics version: grows with every change score reads could show (migration 0020).
// Read directly, or through AnalyticsVersions: one read shared by the requests of a short window.
import { createCache } from '../../platform/cache/index.js';
import type { Sql } from '../../platform/db/index.js';

/**
 * The analytics version of an organisation, as text ('0' before its first change). Read it before
 * computing an answer, so that the answer is at least as new as the version it is tagged with.
 */
export async function getAnalyticsVersion(sql: Sql, orgId: string): Promise<string> {
  const [row] = await sql<{ v: string }[]>`
    select coalesce(sum(n), 0)::text as v from analytics_versions where org_id = ${orgId}`;
  return row?.v ?? '0';
}

/** Whether version `a` is newer than or as new as `b` (versions are non-negative integers as text). */
export function versionAtLeast(a: string, b: string): boolean {
  return a.length !== b.length ? a.length > b.length : a >= b;
}

interface Snapshot {
  /** When its read was sent (ms since the epoch): it holds every change committed before then. */
  startedAt: number;
  version: Promise<string>;
}

/**
 * Analytics versions shared between the requests of a window of `maxAgeMs`: while the last read of an
 * organisation's version (from one database) started less than `maxAgeMs` ago, its answer is reused, so
 * a busy organisation's version moves at most once per window for its readers and their cached answers
 * and ETags hold meanwhile. A caller passes `notBefore`, the time of its own last change, and never gets
 * a version read before it (it sees its own writes). `maxAgeMs` 0: every call reads the version.
 */
export class AnalyticsVersions {
  // One map per database (primary, replica): their versions are read apart.
  private readonly byPool = new WeakMap<Sql, ReturnType<typeof createCache<Snapshot>>>();

  constructor(readonly maxAgeMs: number) {}

  /** The organisation's version, read at most `maxAgeMs` ago and after `notBefore` (ms since the epoch). */
  get(sql: Sql, orgId: string, notBefore?: number): Promise<string> {
    if (this.maxAgeMs <= 0) return getAnalyticsVersion(sql, orgId);
    let snapshots = this.byPool.get(sql);
    if (!snapshots) {
      snapshots = createCache<Snapshot>({ max: 10_000 });
      this.byPool.set(sql, snapshots);
    }
    const now = Date.now();
    const last = snapshots.get(orgId);
    // Strictly after the caller's change: a read sent in the same millisecond may have missed it.
    if (
      last &&
      now - last.startedAt < this.maxAgeMs &&
      (notBefore === undefined || last.startedAt > notBefore)
    )
      return last.version;
    const version = getAnalyticsVersion(sql, orgId);
    const snapshot = { startedAt: now, version };
    snapshots.set(orgId, snapshot);
    // A failed read is not shared: the next request reads again.
    version.catch(() => {
      if (snapshots.get(orgId) === snapshot) snapshots.delete(orgId);
    });
    return version;
  }
}

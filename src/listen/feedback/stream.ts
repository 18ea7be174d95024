// New feedback as it arrives, per organisation, for every server process. The process that stores
// feedback announces it after commit on the channel `northstar_feedback` (LISTEN/NOTIFY), coalesced
// every 50 ms; each listening process also looks for rows it was not told about every 500 ms (paths
// that do not announce, a lost notification). A NOTIFY inside the storing transaction would serialise
// commits (see migration 0009), so it never happens there.
import type { Sql } from '../../platform/db/index.js';
import type { Feedback } from './index.js';
import { notifyAll, selectFeedbackByIds, selectRecentFeedback } from './queries/feedback.js';

/** Called with each batch of new feedback records of the subscriber's organisation. */
export type FeedbackListener = (items: Feedback[]) => void;

const CHANNEL = 'northstar_feedback';
const ANNOUNCE_MS = 50;
const CATCH_UP_MS = 500;
// Rows whose occurred_at is this recent are looked for by the catch-up query.
const CATCH_UP_WINDOW_S = 10;
// A payload names at most this many ids (NOTIFY payloads are limited to 8000 bytes).
const IDS_PER_NOTICE = 150;

const pending = new Map<Sql, { byOrg: Map<string, Set<string>>; timer: NodeJS.Timeout }>();

async function flushAnnouncements(sql: Sql): Promise<void> {
  const p = pending.get(sql);
  pending.delete(sql);
  if (!p) return;
  const payloads: string[] = [];
  for (const [org, ids] of p.byOrg) {
    const all = [...ids];
    for (let i = 0; i < all.length; i += IDS_PER_NOTICE) {
      payloads.push(JSON.stringify({ org, ids: all.slice(i, i + IDS_PER_NOTICE) }));
    }
  }
  // A notification need not be durable: its commit does not wait for its WAL flush.
  await notifyAll(sql, CHANNEL, payloads);
}

/** Announce feedback just stored (after its transaction committed) to every listening process. */
export function announceFeedback(sql: Sql, orgId: string, ids: string[]): void {
  if (ids.length === 0) return;
  let p = pending.get(sql);
  if (!p) {
    p = {
      byOrg: new Map(),
      timer: setTimeout(() => {
        flushAnnouncements(sql).catch(() => {});
      }, ANNOUNCE_MS),
    };
    p.timer.unref();
    pending.set(sql, p);
  }
  let set = p.byOrg.get(orgId);
  if (!set) {
    set = new Set();
    p.byOrg.set(orgId, set);
  }
  for (const id of ids) set.add(id);
}

/** The process's feed of new feedback: subscribe per organisation; LISTEN starts with the first subscriber. */
export class FeedbackFeed {
  private readonly listeners = new Map<string, Set<FeedbackListener>>();
  // Ids already delivered per organisation (with when), so a row is never sent twice.
  private readonly delivered = new Map<string, Map<string, number>>();
  // When each organisation's first subscriber came: the catch-up query does not replay older rows.
  private readonly since = new Map<string, number>();
  private listening: Promise<{ unlisten(): Promise<void> }> | undefined;
  private catchUp: NodeJS.Timeout | undefined;

  constructor(private readonly sql: Sql) {}

  /** Receive new feedback of one organisation; returns the unsubscribe function. */
  async subscribe(orgId: string, listener: FeedbackListener): Promise<() => void> {
    let set = this.listeners.get(orgId);
    if (!set) {
      set = new Set();
      this.listeners.set(orgId, set);
      this.delivered.set(orgId, new Map());
      this.since.set(orgId, Date.now() - 1_000);
    }
    set.add(listener);
    this.listening ??= this.sql.listen(CHANNEL, (payload) => {
      this.onNotice(payload).catch(() => {});
    });
    if (!this.catchUp) {
      this.catchUp = setInterval(() => {
        this.lookForNew().catch(() => {});
      }, CATCH_UP_MS);
      this.catchUp.unref();
    }
    await this.listening;
    return () => {
      set.delete(listener);
      if (set.size === 0) {
        this.listeners.delete(orgId);
        this.delivered.delete(orgId);
        this.since.delete(orgId);
      }
      if (this.listeners.size === 0 && this.catchUp) {
        clearInterval(this.catchUp);
        this.catchUp = undefined;
      }
    };
  }

  /** How many subscribers are connected. */
  get size(): number {
    let n = 0;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }

  private deliver(orgId: string, rows: Feedback[]): void {
    const seen = this.delivered.get(orgId);
    const set = this.listeners.get(orgId);
    if (!seen || !set) return;
    const now = Date.now();
    const fresh = rows.filter((r) => !seen.has(r.id));
    for (const r of fresh) seen.set(r.id, now);
    // Forget ids once they are out of the catch-up window.
    if (seen.size > 5_000)
      for (const [id, at] of seen) if (now - at > 2 * CATCH_UP_WINDOW_S * 1000) seen.delete(id);
    if (fresh.length === 0) return;
    for (const listener of set) listener(fresh);
  }

  private async onNotice(payload: string): Promise<void> {
    const notice = JSON.parse(payload) as { org: string; ids: string[] };
    if (!this.listeners.has(notice.org)) return;
    const seen = this.delivered.get(notice.org);
    const ids = notice.ids.filter((id) => !seen?.has(id));
    if (ids.length === 0) return;
    // One query per notice, whatever the number of subscribers.
    const rows = await selectFeedbackByIds(this.sql, notice.org, ids);
    this.deliver(notice.org, rows);
  }

  private async lookForNew(): Promise<void> {
    const orgs = [...this.listeners.keys()];
    if (orgs.length === 0) return;
    const rows = await selectRecentFeedback(this.sql, orgs, CATCH_UP_WINDOW_S);
    const byOrg = new Map<string, Feedback[]>();
    for (const { orgId, ...f } of rows) byOrg.set(orgId, [...(byOrg.get(orgId) ?? []), f as Feedback]);
    for (const [org, items] of byOrg) {
      const since = this.since.get(org) ?? 0;
      this.deliver(
        org,
        items.filter((f) => f.occurredAt.getTime() >= since),
      );
    }
  }

  /** Stop listening (subscribers are dropped). */
  async close(): Promise<void> {
    this.listeners.clear();
    if (this.catchUp) clearInterval(this.catchUp);
    this.catchUp = undefined;
    const l = this.listening;
    this.listening = undefined;
    if (l) await (await l).unlisten().catch(() => {});
  }
}

const feeds = new WeakMap<Sql, FeedbackFeed>();

/** The feed for a pool (one per process and database). */
export function feedbackFeed(sql: Sql): FeedbackFeed {
  let feed = feeds.get(sql);
  if (!feed) {
    feed = new FeedbackFeed(sql);
    feeds.set(sql, feed);
  }
  return feed;
}

// New feedback as it arrives, per organisation: one LISTEN connection per process on the channel the
// feedback table's trigger notifies (migration 0008), so every server process sees every insert.
import type { Sql } from '../../platform/db/index.js';
import type { Feedback } from './index.js';

/** Called with each batch of new feedback records of the subscriber's organisation. */
export type FeedbackListener = (items: Feedback[]) => void;

interface Notice {
  org: string;
  n: number;
  ids: string[] | null;
  since: string;
}

const SELECT = (sql: Sql) => sql`
  select id, source, source_id as "sourceId", response_id as "responseId", survey_id as "surveyId",
    contact_id as "contactId", journey_id as "journeyId", stage_id as "stageId", touchpoint_id as "touchpointId",
    channel, occurred_at as "occurredAt", nps, csat, ces, rating, rating_scale as "ratingScale", text, language,
    attributes, metadata, enrichment
  from feedback`;

/** The process's feed of new feedback: subscribe per organisation; LISTEN starts with the first subscriber. */
export class FeedbackFeed {
  private readonly listeners = new Map<string, Set<FeedbackListener>>();
  private listening: Promise<{ unlisten(): Promise<void> }> | undefined;

  constructor(private readonly sql: Sql) {}

  /** Receive new feedback of one organisation; returns the unsubscribe function. */
  async subscribe(orgId: string, listener: FeedbackListener): Promise<() => void> {
    let set = this.listeners.get(orgId);
    if (!set) {
      set = new Set();
      this.listeners.set(orgId, set);
    }
    set.add(listener);
    this.listening ??= this.sql.listen('northstar_feedback', (payload) => {
      this.onNotice(payload).catch(() => {});
    });
    await this.listening;
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(orgId);
    };
  }

  /** How many subscribers are connected. */
  get size(): number {
    let n = 0;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }

  private async onNotice(payload: string): Promise<void> {
    const notice = JSON.parse(payload) as Notice;
    const set = this.listeners.get(notice.org);
    if (!set || set.size === 0) return;
    // One query per notice, whatever the number of subscribers; a large batch sends its time range instead of ids.
    const items = notice.ids
      ? await this.sql<Feedback[]>`${SELECT(this.sql)}
          where org_id = ${notice.org} and id = any(${notice.ids}::uuid[]) order by occurred_at, id`
      : await this.sql<Feedback[]>`${SELECT(this.sql)}
          where org_id = ${notice.org} and created_at >= ${notice.since} order by created_at, id limit 1000`;
    if (items.length === 0) return;
    for (const listener of set) listener(items);
  }

  /** Stop listening (subscribers are dropped). */
  async close(): Promise<void> {
    this.listeners.clear();
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

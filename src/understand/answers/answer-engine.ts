// The per-process answer stores, one per organisation and survey read: built in the background on the
// first read (SQL answers meanwhile), caught up with the responses committed since on a read that sees
// the analytics version moved, dropped and rebuilt when a feedback row was updated or deleted (a deleted
// response takes its record with it). Off the write path: nothing is kept by triggers. Answers only when
// current as of the read; bounded by a row budget over all stores (least recently read evicted first).
import type { Sql } from '../../platform/db/index.js';
import {
  evictFor as evictIdle,
  getIndexCounters,
  heldRows as heldRowsOf,
  isPool,
  OverBudget,
  RETRY_MS,
  type SliceFilter,
  snapshotCovers,
} from '../sums/index.js';
import { type AnswersStamp, readAnswerRows } from './answer-read.js';
import { type StoreRow, SurveyAnswers } from './answer-store.js';
import type { AnswerTable } from './answer-table.js';
import { viewAnswers } from './answer-view.js';

/** How the stores are configured. */
export interface AnswerStoreSettings {
  enabled: boolean;
  /** Responses held by all stores together, at most. */
  maxRows: number;
}

/** On, 10 M responses (about 1 GB with twenty numeric answers each). */
export const DEFAULT_ANSWER_STORE_SETTINGS: Readonly<AnswerStoreSettings> = {
  enabled: true,
  maxRows: 10_000_000,
};

let settings: AnswerStoreSettings = { ...DEFAULT_ANSWER_STORE_SETTINGS };

/** Replace the settings (tests, benchmarks, the server's configuration); drops every store. */
export function configureAnswerStore(s: Partial<AnswerStoreSettings>): void {
  settings = { ...settings, ...s };
  entries.clear();
}

interface Entry {
  store: SurveyAnswers | null;
  stamp: AnswersStamp | null;
  /** A build or a catch-up in flight (one at a time per store). */
  work: Promise<void> | null;
  usedAt: number;
  /** After a refused build (over the budget), no new attempt before this time. */
  refusedUntil: number;
  builds: number;
}

const entries = new Map<string, Entry>();
/** The last failure of a build or catch-up (for the warm-up's log). */
let lastBuildError: unknown = null;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Rows an entry holds (null: none loaded). */
const rowsOf = (e: Entry): number | null => (e.store ? e.store.length : null);
const heldRows = (except: string): number => heldRowsOf(entries, except, rowsOf);
/** Drop the least recently read idle entries until `need` more rows fit the budget. */
const evictFor = (key: string, need: number): void =>
  evictIdle(entries, key, need, settings.maxRows, rowsOf, (e) => e.work !== null);

async function build(sql: Sql, orgId: string, surveyId: string, key: string, e: Entry): Promise<void> {
  const store = new SurveyAnswers(surveyId);
  const stamp = await readAnswerRows(sql, orgId, surveyId, null, (r) => {
    if (store.length >= settings.maxRows) throw new OverBudget();
    store.append(r);
  });
  store.settle(0);
  evictFor(key, store.length);
  e.builds++;
  e.store = store;
  e.stamp = stamp;
}

async function catchUp(sql: Sql, orgId: string, surveyId: string, key: string, e: Entry): Promise<void> {
  const store = e.store as SurveyAnswers;
  const old = e.stamp as AnswersStamp;
  const rows: StoreRow[] = [];
  const stamp = await readAnswerRows(sql, orgId, surveyId, old.snapshot, (r) => rows.push(r));
  // A reader behind the store (a lagging replica) cannot extend it: keep it as it is.
  if (!snapshotCovers(stamp.snapshot, old.snapshot)) return;
  if (stamp.rewrites !== old.rewrites) {
    e.store = null;
    e.stamp = null;
    return;
  }
  if (heldRows(key) + store.length + rows.length > settings.maxRows)
    evictFor(key, store.length + rows.length);
  if (store.length + rows.length > settings.maxRows) {
    entries.delete(key);
    return;
  }
  const from = store.length;
  for (const r of rows) store.append(r);
  store.settle(from);
  e.stamp = stamp;
}

/** Run one piece of work for the entry (a build or a catch-up); concurrent callers share it. */
function schedule(e: Entry, key: string, f: () => Promise<void>): Promise<void> {
  if (e.work) return e.work;
  const work = f()
    .catch((err: unknown) => {
      lastBuildError = err;
      if (err instanceof OverBudget) e.refusedUntil = Date.now() + RETRY_MS;
      e.store = null;
      e.stamp = null;
      if (!(err instanceof OverBudget) && entries.get(key) === e) entries.delete(key);
    })
    .finally(() => {
      e.work = null;
    });
  e.work = work;
  return work;
}

function entryFor(key: string): Entry {
  let e = entries.get(key);
  if (!e) {
    e = { store: null, stamp: null, work: null, usedAt: Date.now(), refusedUntil: 0, builds: 0 };
    entries.set(key, e);
  }
  e.usedAt = Date.now();
  return e;
}

type Counters = () => Promise<{ version: string; rewrites: string }>;

/**
 * The store of a survey when it is current as of now (caught up first when only inserts came since),
 * else null — after starting a build in the background, or with `wait`, after waiting for one.
 */
async function currentStore(
  sql: Sql,
  orgId: string,
  surveyId: string,
  wait: boolean,
  counters: Counters,
): Promise<SurveyAnswers | null> {
  const key = `${orgId}/${surveyId}`;
  const e = entryFor(key);
  for (let attempt = 0; attempt < 4; attempt++) {
    if (e.work) {
      if (!wait && !e.store) return null;
      await e.work;
      continue;
    }
    if (!e.store) {
      if (e.refusedUntil > Date.now()) return null;
      const building = schedule(e, key, () => build(sql, orgId, surveyId, key, e));
      if (!wait) return null;
      await building;
      continue;
    }
    const now = await counters();
    const stamp = e.stamp as AnswersStamp;
    if (BigInt(now.rewrites) > BigInt(stamp.rewrites)) {
      // Updated or deleted records: the store may hold what is gone; never answer from it again.
      e.store = null;
      e.stamp = null;
      continue;
    }
    if (BigInt(now.version) <= BigInt(stamp.version)) return e.store;
    await schedule(e, key, () => catchUp(sql, orgId, surveyId, key, e));
    if (e.store && e.stamp && BigInt(e.stamp.version) >= BigInt(now.version)) return e.store;
  }
  return null;
}

/**
 * The answers `getSurveyAnswers` would read, from the surveys' stores when every one is loaded and
 * current, else null (the caller reads SQL; the first such read starts loading the stores). `wait`:
 * build, rebuild or catch up first.
 */
export async function getStoredAnswers(
  sql: Sql,
  orgId: string,
  surveyIds: readonly string[],
  filter: SliceFilter,
  limit: number,
  wait = false,
): Promise<AnswerTable | null> {
  if (!settings.enabled || !isPool(sql) || surveyIds.length === 0) return null;
  const ids = [...new Set(surveyIds.map((s) => s.toLowerCase()))];
  if (!UUID.test(orgId) || ids.some((s) => !UUID.test(s))) return null;
  // One read of the counters serves every survey of the request.
  let read: ReturnType<Counters> | null = null;
  const counters: Counters = () => {
    read ??= getIndexCounters(sql, orgId);
    return read;
  };
  const stores = await Promise.all(ids.map((s) => currentStore(sql, orgId, s, wait, counters)));
  if (stores.some((s) => s === null)) return null;
  return viewAnswers(stores as SurveyAnswers[], filter, limit);
}

/** Load the survey's store now if it is not current (startup warm-up, benchmarks, tests). */
export async function warmAnswerStore(sql: Sql, orgId: string, surveyId: string): Promise<boolean> {
  return (await getStoredAnswers(sql, orgId, [surveyId], {}, 0, true)) !== null;
}

/** Responses and bytes held, per organisation and survey (for metrics and benchmarks). */
export function answerStoreStats(): Array<{
  orgId: string;
  surveyId: string;
  rows: number;
  bytes: number;
  builds: number;
}> {
  return [...entries.entries()].flatMap(([key, e]) => {
    const [orgId = '', surveyId = ''] = key.split('/');
    return e.store
      ? [{ orgId, surveyId, rows: e.store.length, bytes: e.store.bytes(), builds: e.builds }]
      : [];
  });
}

/** Where the start-up warm-up stands (for /metrics). */
const warmState = { pending: 0, done: 0 };

/**
 * Load the stores of the surveys with responses, largest first, as many as fit the row budget, one at
 * a time (each load streams its rows, so requests are served between chunks; SQL answers a survey's
 * analyses until its store is ready). `stopped` ends it between surveys.
 */
export async function warmAnswerStores(
  sql: Sql,
  log: { info(o: object, msg: string): void; warn(o: object, msg: string): void },
  stopped: () => boolean = () => false,
): Promise<void> {
  if (!settings.enabled || !isPool(sql)) return;
  const surveys = await sql<{ org: string; survey: string; n: number }[]>`
    select org_id::text as org, survey_id::text as survey, count(*)::float8 as n
    from responses group by org_id, survey_id order by 3 desc`;
  let budget = settings.maxRows;
  const chosen = surveys.filter((s) => {
    if (s.n > budget) return false;
    budget -= s.n;
    return true;
  });
  warmState.pending = chosen.length;
  warmState.done = 0;
  const started = Date.now();
  log.info(
    { surveys: chosen.length, skipped: surveys.length - chosen.length, rows: settings.maxRows - budget },
    'answer store: warming up',
  );
  for (const { org, survey, n } of chosen) {
    if (stopped() || !settings.enabled) {
      warmState.pending = 0;
      return;
    }
    await new Promise((r) => setImmediate(r)); // let waiting requests run first
    const t0 = Date.now();
    try {
      lastBuildError = null;
      const ok = await warmAnswerStore(sql, org, survey);
      if (ok) log.info({ org, survey, rows: n, ms: Date.now() - t0 }, 'answer store: survey loaded');
      else log.warn({ org, survey, rows: n, err: lastBuildError }, 'answer store: survey not loaded');
    } catch (err) {
      log.warn({ org, survey, err }, 'answer store: warm-up of a survey failed');
    }
    warmState.pending--;
    warmState.done++;
  }
  log.info(
    { surveys: warmState.done, ms: Date.now() - started, ...answerStoreTotals() },
    'answer store: warm',
  );
}

/** Totals over all stores: surveys loaded and loading, responses and bytes held, warm-up left. */
export function answerStoreTotals(): {
  ready: number;
  building: number;
  rows: number;
  bytes: number;
  warmPending: number;
} {
  const stats = answerStoreStats();
  let building = 0;
  for (const e of entries.values()) if (!e.store && e.work) building++;
  return {
    ready: stats.length,
    building,
    rows: stats.reduce((n, s) => n + s.rows, 0),
    bytes: stats.reduce((n, s) => n + s.bytes, 0),
    warmPending: warmState.pending,
  };
}

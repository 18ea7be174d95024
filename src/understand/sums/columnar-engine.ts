// The per-process columnar indexes, one per organisation read: built in the background on the first
// read, caught up with the rows committed since on a read that sees the analytics version moved, and
// dropped and rebuilt (SQL answering meanwhile) when a feedback row was updated or deleted. Answers only
// when current as of the read; bounded by a row budget shared by all organisations (least recently
// read evicted first).
import type { Sql } from '../../platform/db/index.js';
import {
  columnarTouchpointPairSums,
  type PairQuery,
  type TouchpointPairSums,
} from './columnar-contact-moments.js';
import {
  type ContactTouchpointQuery,
  type ContactTouchpointTable,
  columnarContactTouchpoints,
} from './columnar-contacts.js';
import { columnarFeedbackFacts, type FeedbackFacts, type FeedbackFactsQuery } from './columnar-facts.js';
import { ColumnarIndex, type IndexRow, MERGE_ROWS, MERGE_SLICE_ROWS } from './columnar-index.js';
import { IndexLoader } from './columnar-load.js';
import { BLOCK_ROWS } from './columnar-presums.js';
import { type IndexStamp, readIndexCopy, readIndexRows } from './columnar-read.js';
import { snapshotCovers } from './columnar-rows.js';
import { getIndexCounters } from './columnar-stamp.js';
import { columnarSums } from './columnar-sums.js';
import {
  evictFor as evictIdle,
  heldRows as heldRowsOf,
  isPool,
  OverBudget,
  RETRY_MS,
} from './store-budget.js';
import { defaultPairQueries, type RememberedPairQuery, rememberPairQuery } from './touchpoint-warm.js';
import type { SumsQuery, SumsRow } from './types.js';

/** How the index is configured (NORTHSTAR_ANALYTICS_INDEX, NORTHSTAR_ANALYTICS_INDEX_ROWS). */
export interface ColumnarSettings {
  enabled: boolean;
  /** Rows held by all organisations' indexes together, at most. */
  maxRows: number;
  /** Rows per pre-summed block (tests and benchmarks change it). */
  blockRows?: number;
  /** Unsorted rows caught up past which they are merged into the sorted rows (tests change it). */
  mergeRows?: number;
  /** Rows of one column per slice of a merge in the background (tests make merges take many slices). */
  mergeSliceRows?: number;
}

/** The settings a process starts with: on, 20 M rows (`serve` and `demo` apply the configuration's). */
export const DEFAULT_COLUMNAR_SETTINGS: Readonly<ColumnarSettings> = {
  enabled: true,
  maxRows: 20_000_000,
  blockRows: BLOCK_ROWS,
  mergeRows: MERGE_ROWS,
  mergeSliceRows: MERGE_SLICE_ROWS,
};

let settings: ColumnarSettings = { ...DEFAULT_COLUMNAR_SETTINGS };

/** Replace the settings (tests, benchmarks); drops every index. */
export function configureColumnarIndex(s: Partial<ColumnarSettings>): void {
  settings = { ...settings, ...s };
  entries.clear();
}

interface Entry {
  index: ColumnarIndex | null;
  stamp: IndexStamp | null;
  /** A build or a catch-up in flight (one at a time per organisation). */
  work: Promise<void> | null;
  usedAt: number;
  /** After a refused build (over the budget), no new attempt before this time. */
  refusedUntil: number;
  /** Full builds so far (the rest were catch-ups). */
  builds: number;
  /** Queries of key drivers across touchpoints read lately: a new index computes their sums as it loads. */
  pairQueries: Map<string, RememberedPairQuery>;
  /** A merge of the index's tail built in the background (see `mergeInBackground`). */
  merging: Promise<void> | null;
}

const entries = new Map<string, Entry>();
/** The last failure of a build or catch-up (for the warm-up's log). */
let lastBuildError: unknown = null;

/** Rows an entry holds (null: none loaded). */
const rowsOf = (e: Entry): number | null => (e.index ? e.index.length : null);
const heldRows = (except: string): number => heldRowsOf(entries, except, rowsOf);
/** Drop the least recently read idle entries until `need` more rows fit the budget. */
const evictFor = (key: string, need: number): void =>
  evictIdle(entries, key, need, settings.maxRows, rowsOf, (e) => e.work !== null);

async function build(sql: Sql, orgId: string, e: Entry): Promise<void> {
  const ix = new ColumnarIndex(1 << 16, settings.blockRows, settings.mergeRows);
  const loader = new IndexLoader(ix, settings.maxRows);
  const stamp = await readIndexCopy(sql, orgId, null, loader, true);
  if (loader.over) throw new OverBudget();
  ix.merge();
  if (ix.bitmapRows < ix.sorted) ix.buildBitmaps();
  ix.extendPresums();
  ix.trim();
  await warmPairSums(sql, orgId, e, ix);
  evictFor(orgId, ix.length);
  e.builds++;
  e.index = ix;
  e.stamp = stamp;
}

/**
 * Run on the pair sums an index computes as it loads (set by the drivers module: it analyses them, so
 * that the exact Shapley values of their matrix are kept too).
 */
let pairSumsWarmed: ((pairs: TouchpointPairSums, minContacts: number) => void) | null = null;

/** Set what runs on the pair sums an index computes as it loads (see `pairSumsWarmed`). */
export function onPairSumsWarmed(f: ((pairs: TouchpointPairSums, minContacts: number) => void) | null): void {
  pairSumsWarmed = f;
}

/**
 * Compute the kept pair sums of the queries read from the previous index and of the drivers page's
 * default as part of the load (see touchpoint-warm.ts): their first read is then served.
 */
async function warmPairSums(sql: Sql, orgId: string, e: Entry, ix: ColumnarIndex): Promise<void> {
  const queries = [...e.pairQueries.values()];
  try {
    queries.unshift(...(await defaultPairQueries(sql, orgId)));
  } catch (err) {
    lastBuildError = err; // the remembered queries are still warmed; the default is read on demand
  }
  for (const { q, minContacts } of queries) {
    await new Promise((r) => setImmediate(r)); // let waiting requests run between queries
    try {
      const pairs = columnarTouchpointPairSums(ix, q, minContacts);
      if (pairs && pairSumsWarmed) pairSumsWarmed(pairs, minContacts);
    } catch (err) {
      lastBuildError = err; // the index still loads: this query is computed on its first read
    }
  }
}

async function catchUp(sql: Sql, orgId: string, e: Entry): Promise<void> {
  const ix = e.index as ColumnarIndex;
  const old = e.stamp as IndexStamp;
  const rows: IndexRow[] = [];
  const stamp = await readIndexRows(sql, orgId, old.snapshot, (r) => rows.push(r));
  // A reader behind the index (a lagging replica) cannot extend it: keep it as it is.
  if (!snapshotCovers(stamp.snapshot, old.snapshot)) return;
  if (stamp.rewrites !== old.rewrites) {
    e.index = null;
    e.stamp = null;
    return;
  }
  if (heldRows(orgId) + ix.length + rows.length > settings.maxRows) evictFor(orgId, ix.length + rows.length);
  if (ix.length + rows.length > settings.maxRows) {
    entries.delete(orgId);
    return;
  }
  for (const r of rows) ix.append(r);
  ix.settle(false);
  e.stamp = stamp;
  if (ix.tailTooLong() && !ix.merging) mergeInBackground(orgId, e, ix);
}

/**
 * Merge the index's long tail in the background: at 10 M rows a merge takes seconds, too long for the
 * read that caught the tail up to wait. Built in slices of a few tens of ms with the event loop's turn
 * between them (reads meanwhile are answered from the index as it is, and catch-ups append to its tail),
 * then swapped in by its last slice (see `ColumnarIndex.mergeSlices`). Given up when the index is dropped
 * or evicted.
 */
function mergeInBackground(orgId: string, e: Entry, ix: ColumnarIndex): void {
  const slices = ix.mergeSlices(settings.mergeSliceRows);
  e.merging = (async () => {
    try {
      for (;;) {
        await new Promise((r) => setImmediate(r));
        if (e.index !== ix || entries.get(orgId) !== e) {
          slices.return(false);
          return;
        }
        if (slices.next().done) return;
      }
    } catch (err) {
      // A slice failed: the index may be half swapped; never answer from it again.
      lastBuildError = err;
      if (e.index === ix) {
        e.index = null;
        e.stamp = null;
      }
    } finally {
      e.merging = null;
    }
  })();
}

/** Wait for the merges being built in the background (tests and benchmarks). */
export async function columnarMergesDone(): Promise<void> {
  for (const e of entries.values()) if (e.merging) await e.merging;
}

/** Run one piece of work for the entry (a build or a catch-up); concurrent callers share it. */
function schedule(e: Entry, orgId: string, f: () => Promise<void>): Promise<void> {
  if (e.work) return e.work;
  const work = f()
    .catch((err: unknown) => {
      lastBuildError = err;
      if (err instanceof OverBudget) e.refusedUntil = Date.now() + RETRY_MS;
      e.index = null;
      e.stamp = null;
      if (!(err instanceof OverBudget) && entries.get(orgId) === e) entries.delete(orgId);
    })
    .finally(() => {
      e.work = null;
    });
  e.work = work;
  return work;
}

function entryFor(orgId: string): Entry {
  let e = entries.get(orgId);
  if (!e) {
    e = {
      index: null,
      stamp: null,
      work: null,
      usedAt: Date.now(),
      refusedUntil: 0,
      builds: 0,
      pairQueries: new Map(),
      merging: null,
    };
    entries.set(orgId, e);
  }
  e.usedAt = Date.now();
  return e;
}

/**
 * The index of an organisation when it is current as of now (caught up first when only inserts came
 * since), else null — after starting a build in the background, or with `wait`, after waiting for one.
 */
async function currentIndex(sql: Sql, orgId: string, wait: boolean): Promise<ColumnarIndex | null> {
  if (!settings.enabled || !isPool(sql)) return null;
  const e = entryFor(orgId);
  for (let attempt = 0; attempt < 4; attempt++) {
    if (e.work) {
      // A build (SQL answers meanwhile, unless asked to wait) or a catch-up (short: wait for it).
      if (!wait && !e.index) return null;
      await e.work;
      continue;
    }
    if (!e.index) {
      if (e.refusedUntil > Date.now()) return null;
      const building = schedule(e, orgId, () => build(sql, orgId, e));
      if (!wait) return null;
      await building;
      continue;
    }
    const now = await getIndexCounters(sql, orgId);
    const stamp = e.stamp as IndexStamp;
    if (BigInt(now.rewrites) > BigInt(stamp.rewrites)) {
      // Updated or deleted rows: this index may count what is gone; never answer from it again.
      e.index = null;
      e.stamp = null;
      continue;
    }
    // Current, or newer than this reader's view (a replica a little behind): answer from it.
    if (BigInt(now.version) <= BigInt(stamp.version)) return e.index;
    await schedule(e, orgId, () => catchUp(sql, orgId, e));
    if (e.index && e.stamp && BigInt(e.stamp.version) >= BigInt(now.version)) return e.index;
  }
  return null;
}

/**
 * Sums from the organisation's columnar index when it is loaded and current and can answer `q`
 * exactly, else null (the caller asks the rollup or SQL). `wait`: build or rebuild it first if needed.
 */
export async function getColumnarSums(
  sql: Sql,
  orgId: string,
  q: SumsQuery,
  excludeSurveys: readonly string[],
  wait = false,
): Promise<SumsRow[] | null> {
  const ix = await currentIndex(sql, orgId, wait);
  return ix ? columnarSums(ix, q, excludeSurveys) : null;
}

/**
 * Each contact's touchpoint sums and outcome from the organisation's columnar index when it is loaded
 * and current, else null (the caller reads SQL; the first such read starts loading the index). `wait`:
 * build or rebuild it first if needed.
 */
export async function getColumnarContactTouchpoints(
  sql: Sql,
  orgId: string,
  q: ContactTouchpointQuery,
  wait = false,
): Promise<ContactTouchpointTable | null> {
  const ix = await currentIndex(sql, orgId, wait);
  return ix ? columnarContactTouchpoints(ix, q) : null;
}

/**
 * The pairwise sums of key drivers across touchpoints for a survey outcome from the organisation's
 * columnar index when it is loaded and current (kept per query and caught up with the rows appended
 * since, see columnar-contact-moments.ts), else null (the caller reads the table or SQL).
 */
export async function getColumnarTouchpointPairSums(
  sql: Sql,
  orgId: string,
  q: PairQuery,
  minContacts: number,
  wait = false,
): Promise<TouchpointPairSums | null> {
  const ix = await currentIndex(sql, orgId, wait);
  const e = entries.get(orgId);
  if (e) rememberPairQuery(e.pairQueries, q, minContacts);
  return ix ? columnarTouchpointPairSums(ix, q, minContacts) : null;
}

/**
 * Counts over all of the organisation's feedback records (see columnar-facts.ts) from its columnar index
 * when it is loaded and current, else null (the caller reads SQL; the first such read starts loading the
 * index). `wait`: build or rebuild it first if needed.
 */
export async function getColumnarFeedbackFacts(
  sql: Sql,
  orgId: string,
  q: FeedbackFactsQuery,
  wait = false,
): Promise<FeedbackFacts | null> {
  const ix = await currentIndex(sql, orgId, wait);
  return ix ? columnarFeedbackFacts(ix, q) : null;
}

/** Whether the organisation's index is loaded (it may still need a catch-up before it answers). */
export function columnarIndexLoaded(orgId: string): boolean {
  return settings.enabled && entries.get(orgId)?.index != null;
}

/** Build the organisation's index now if it is not current (startup warm-up, benchmarks, tests). */
export async function warmColumnarIndex(sql: Sql, orgId: string): Promise<boolean> {
  return (await currentIndex(sql, orgId, true)) !== null;
}

/** Where the start-up warm-up stands (for /metrics). */
const warmState = { pending: 0, done: 0 };

/**
 * Build the indexes of the organisations with feedback, largest first, as many as fit the row budget,
 * one at a time (each build streams its rows, so requests are served between chunks; SQL answers an
 * organisation's reads until its index is ready). `stopped` ends it between organisations.
 */
export async function warmColumnarIndexes(
  sql: Sql,
  log: { info(o: object, msg: string): void; warn(o: object, msg: string): void },
  stopped: () => boolean = () => false,
): Promise<void> {
  if (!settings.enabled || !isPool(sql)) return;
  const orgs = await sql<{ org: string; n: number }[]>`
    select org_id::text as org, count(*)::float8 as n from feedback group by org_id order by 2 desc`;
  let budget = settings.maxRows;
  const chosen = orgs.filter((o) => {
    if (o.n > budget) return false;
    budget -= o.n;
    return true;
  });
  warmState.pending = chosen.length;
  warmState.done = 0;
  const started = Date.now();
  log.info(
    { organisations: chosen.length, skipped: orgs.length - chosen.length, rows: settings.maxRows - budget },
    'analytics index: warming up',
  );
  for (const { org, n } of chosen) {
    if (stopped() || !settings.enabled) return;
    await new Promise((r) => setImmediate(r)); // let waiting requests run first
    const t0 = Date.now();
    try {
      lastBuildError = null;
      const ok = await warmColumnarIndex(sql, org);
      if (ok) log.info({ org, rows: n, ms: Date.now() - t0 }, 'analytics index: organisation loaded');
      else log.warn({ org, rows: n, err: lastBuildError }, 'analytics index: organisation not loaded');
    } catch (err) {
      log.warn({ org, err }, 'analytics index: warm-up of an organisation failed');
    }
    warmState.pending--;
    warmState.done++;
  }
  log.info(
    { organisations: warmState.done, ms: Date.now() - started, ...columnarIndexTotals() },
    'analytics index: warm',
  );
}

/** Totals over all organisations: indexes ready and building, rows and bytes held, warm-up left. */
export function columnarIndexTotals(): {
  ready: number;
  building: number;
  rows: number;
  bytes: number;
  warmPending: number;
} {
  let ready = 0;
  let building = 0;
  let rows = 0;
  let bytes = 0;
  for (const e of entries.values()) {
    if (e.index) {
      ready++;
      rows += e.index.length;
      bytes += e.index.bytes();
    } else if (e.work) building++;
  }
  return { ready, building, rows, bytes, warmPending: warmState.pending };
}

/** Rows and bytes held, per organisation (for metrics and benchmarks). */
export function columnarIndexStats(): Array<{
  orgId: string;
  rows: number;
  bytes: number;
  builds: number;
  merges: number;
  /** Whether a merge is being built in the background. */
  merging: boolean;
}> {
  return [...entries.entries()].flatMap(([orgId, e]) =>
    e.index
      ? [
          {
            orgId,
            rows: e.index.length,
            bytes: e.index.bytes(),
            builds: e.builds,
            merges: e.index.merges,
            merging: e.merging !== null,
          },
        ]
      : [],
  );
}

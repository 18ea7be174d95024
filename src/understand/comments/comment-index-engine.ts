// The per-process comment indexes, one per organisation read: built in the background on the first read
// (SQL answers meanwhile), caught up on every read with the comments inserted or re-enriched since its
// snapshot, and dropped and rebuilt when a feedback row was updated in an analysed column or deleted.
// Bounded by a comment budget shared by all organisations (least recently read evicted first).
import type { Sql } from '../../platform/db/index.js';
import {
  currentOf,
  emptyEntry,
  entryOf,
  evictFor as evictIdle,
  isPool,
  OverBudget,
  type StoreEntry,
  snapshotCovers,
  startBuild,
} from '../sums/index.js';
import { CommentIndex } from './comment-index.js';
import { parseTsquery, type WordQuery } from './comment-words.js';
import {
  type CommentIndexRow,
  type CommentIndexStamp,
  readCommentRows,
} from './queries/comment-index-read.js';
import { countCommentsByOrg } from './queries/count-comments-by-org.js';
import { getWordQueryText } from './queries/word-query-text.js';

/** How the comment index is configured. */
export interface CommentIndexSettings {
  enabled: boolean;
  /** Comments held by all organisations' indexes together, at most. */
  maxRows: number;
}

// About 250 bytes a comment (arrays, theme pool, ids) and its words' (about 6 bytes a word and 4 a distinct
// word: 80 bytes for comments of 5 words, 180 for 22): 2 M comments, 10 M records at 15% with a comment.
let settings: CommentIndexSettings = { enabled: true, maxRows: 2_000_000 };

/** Replace the settings (tests, benchmarks); drops every index. */
export function configureCommentIndex(s: Partial<CommentIndexSettings>): void {
  settings = { ...settings, ...s };
  entries.clear();
}

interface Entry extends StoreEntry<CommentIndex, CommentIndexStamp> {
  builds: number;
}

const entries = new Map<string, Entry>();

/** Rows an entry holds (null: none loaded). */
const rowsOf = (e: Entry): number | null => (e.index ? e.index.length : null);
/** Drop the least recently read idle entries until `need` more rows fit the budget. */
const evictFor = (key: string, need: number): void =>
  evictIdle(entries, key, need, settings.maxRows, rowsOf, (e) => e.building !== null);

async function build(sql: Sql, orgId: string, e: Entry): Promise<void> {
  const ix = new CommentIndex(1 << 14);
  const stamp = await readCommentRows(sql, orgId, null, (r) => {
    if (ix.length >= settings.maxRows) throw new OverBudget();
    ix.add(r);
  });
  ix.words.reindex();
  evictFor(orgId, ix.length);
  e.builds++;
  e.index = ix;
  e.stamp = stamp;
}

async function catchUp(sql: Sql, orgId: string, e: Entry): Promise<void> {
  const ix = e.index;
  const old = e.stamp;
  if (!ix || !old) return;
  const rows: CommentIndexRow[] = [];
  const stamp = await readCommentRows(sql, orgId, old.snapshot, (r) => rows.push(r));
  if (e.index !== ix) return;
  // A reader behind the index (a lagging replica) cannot extend it: keep it as it is.
  if (!snapshotCovers(stamp.snapshot, old.snapshot)) return;
  if (stamp.rewrites !== old.rewrites || ix.length + rows.length > settings.maxRows) {
    e.index = null;
    e.stamp = null;
    return;
  }
  rows.sort((a, b) => a.at - b.at);
  for (const r of rows) ix.add(r);
  e.stamp = stamp;
  // Comments that came out of time order are checked one by one: past a few, read the index afresh.
  if (ix.length - ix.ordered > Math.max(10_000, ix.length / 50)) {
    e.index = null;
    e.stamp = null;
  }
}

const entryFor = (orgId: string): Entry =>
  entryOf(entries, orgId, () => ({ ...emptyEntry<CommentIndex, CommentIndexStamp>(), builds: 0 }));

/**
 * The organisation's comment index, current as of this read, or null (disabled, over the budget, or
 * being built: then a build is started in the background, or with `wait` awaited).
 */
export async function currentCommentIndex(
  sql: Sql,
  orgId: string,
  wait = false,
): Promise<CommentIndex | null> {
  if (!settings.enabled || !isPool(sql)) return null;
  const e = entryFor(orgId);
  return currentOf(
    e,
    wait,
    () => startBuild(entries, orgId, e, () => build(sql, orgId, e)),
    () => catchUp(sql, orgId, e),
  );
}

// Word filters as PostgreSQL parsed them (null: a form the index does not evaluate). The parse depends on
// the text alone (the 'simple' configuration), so it is kept; a full map is emptied.
const wordQueries = new Map<string, WordQuery | null>();

/**
 * The comments of `ix` that the word filter `q` matches (1 by position), as the scans' condition
 * `to_tsvector('simple', f.text) @@ websearch_to_tsquery('simple', q)` decides; undefined without words,
 * null where the index cannot decide it (the scan answers).
 */
export async function matchCommentWords(
  sql: Sql,
  ix: CommentIndex,
  q: string | undefined,
): Promise<Uint8Array | null | undefined> {
  if (!q) return undefined;
  let query = wordQueries.get(q);
  if (query === undefined) {
    const text = await getWordQueryText(sql, q);
    try {
      query = parseTsquery(text);
    } catch {
      query = null;
    }
    if (wordQueries.size >= 1_000) wordQueries.clear();
    wordQueries.set(q, query);
  }
  return query ? ix.words.match(query) : null;
}

/** Build the organisation's comment index now if it is not loaded (benchmarks, tests). */
export async function warmCommentIndex(sql: Sql, orgId: string): Promise<boolean> {
  return (await currentCommentIndex(sql, orgId, true)) !== null;
}

/** Comments and bytes held, per organisation (for benchmarks and tests). */
export function commentIndexStats(): Array<{ orgId: string; rows: number; bytes: number; builds: number }> {
  return [...entries.entries()].flatMap(([orgId, e]) =>
    e.index ? [{ orgId, rows: e.index.length, bytes: e.index.bytes(), builds: e.builds }] : [],
  );
}

/**
 * Build the comment indexes of the organisations with comments, most first, as many as fit the budget,
 * one at a time (each build streams its rows; SQL answers an organisation's reads until its index is
 * ready). `stopped` ends it between organisations.
 */
export async function warmCommentIndexes(
  sql: Sql,
  log: { info(o: object, msg: string): void; warn(o: object, msg: string): void },
  stopped: () => boolean = () => false,
): Promise<void> {
  if (!settings.enabled || !isPool(sql)) return;
  let budget = settings.maxRows;
  const chosen = (await countCommentsByOrg(sql)).filter((o) => {
    if (o.n > budget) return false;
    budget -= o.n;
    return true;
  });
  const started = Date.now();
  for (const { org, n } of chosen) {
    if (stopped() || !settings.enabled) return;
    await new Promise((r) => setImmediate(r));
    if (!(await warmCommentIndex(sql, org))) log.warn({ org, comments: n }, 'comment index: not loaded');
  }
  log.info({ organisations: chosen.length, ms: Date.now() - started }, 'comment index: warm');
}

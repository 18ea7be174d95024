// The per-process comment indexes, one per organisation read: built in the background on the first read
// (SQL answers meanwhile), caught up on every read with the comments inserted or re-enriched since its
// snapshot, and dropped and rebuilt when a feedback row was updated in an analysed column or deleted.
// Bounded by a budget of bytes shared by all organisations (least recently read evicted first).
import type { Sql } from '../../platform/db/index.js';
import {
  currentOf,
  emptyEntry,
  entryOf,
  evictFor as evictIdle,
  isPool,
  OverBudget,
  RETRY_MS,
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
  /** Bytes held by all organisations' indexes together (`CommentIndex.bytes`), at most. */
  maxBytes: number;
}

// About 350 bytes a comment (arrays, theme pool, ids) and 12 a word (its entry, its place in the lists):
// 1 GiB holds 1.5 M comments of 22 words, 10 M records at 15% with a comment.
let settings: CommentIndexSettings = { enabled: true, maxBytes: 1_073_741_824 };

/** Below this a comment's bytes are not: what an organisation of n comments takes at least. */
const MIN_COMMENT_BYTES = 200;
/** Rows read between two looks at a build's bytes. */
const BUDGET_EVERY = 4096;

/** Replace the settings (tests, benchmarks); drops every index. */
export function configureCommentIndex(s: Partial<CommentIndexSettings>): void {
  settings = { ...settings, ...s };
  entries.clear();
}

interface Entry extends StoreEntry<CommentIndex, CommentIndexStamp> {
  builds: number;
}

const entries = new Map<string, Entry>();

/** Bytes an entry holds (null: none loaded). */
const bytesOf = (e: Entry): number | null => (e.index ? e.index.bytes() : null);
/** Drop the least recently read idle entries until `need` more bytes fit the budget. */
const evictFor = (key: string, need: number): void =>
  evictIdle(entries, key, need, settings.maxBytes, bytesOf, (e) => e.building !== null);

/** Bytes `ix` holds once its words' lists are (re)built. */
const builtBytes = (ix: CommentIndex): number => ix.bytes() + ix.words.unbuiltBytes();

async function build(sql: Sql, orgId: string, e: Entry): Promise<void> {
  const ix = new CommentIndex(1 << 14);
  const stamp = await readCommentRows(sql, orgId, null, (r) => {
    if (ix.length % BUDGET_EVERY === 0 && builtBytes(ix) > settings.maxBytes) throw new OverBudget();
    ix.add(r);
  });
  if (builtBytes(ix) > settings.maxBytes) throw new OverBudget();
  ix.words.reindex();
  evictFor(orgId, ix.bytes());
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
  if (stamp.rewrites !== old.rewrites) {
    e.index = null;
    e.stamp = null;
    return;
  }
  rows.sort((a, b) => a.at - b.at);
  for (const r of rows) ix.add(r);
  e.stamp = stamp;
  // Past the budget (its words' lists rebuilt): SQL answers until a build fits again.
  if (builtBytes(ix) > settings.maxBytes) {
    e.index = null;
    e.stamp = null;
    e.refusedUntil = Date.now() + RETRY_MS;
    return;
  }
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
  // Most comments first, as many as may fit (a build past the budget is refused as it reads).
  let budget = settings.maxBytes;
  const chosen = (await countCommentsByOrg(sql)).filter((o) => {
    if (o.n * MIN_COMMENT_BYTES > budget) return false;
    budget -= o.n * MIN_COMMENT_BYTES;
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

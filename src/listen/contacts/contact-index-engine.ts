// The per-process contact indexes, one per organisation whose segment counts are asked: built in the
// background on the first ask (SQL answers meanwhile), caught up on every ask with the contacts changed
// since its snapshot (`changed_xid`, migration 0040), and dropped and rebuilt when contacts were deleted
// (the kept count of migration 0039 is then below the indexed one). Bounded by a contact budget shared by
// all organisations (least recently read evicted first).
import type { z } from 'zod';
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
} from '../../understand/sums/index.js';
import { ContactIndex, type ContactIndexRow, indexable, ruleTests } from './contact-index.js';
import {
  attributeTestTruths,
  type ContactIndexStamp,
  readContactIndexRows,
} from './queries/contact-index-rows.js';
import type { SegmentRule, SegmentTest } from './rules.js';

/** How the contact index is configured. */
export interface ContactIndexSettings {
  enabled: boolean;
  /** Contacts held by all organisations' indexes together, at most. */
  maxRows: number;
  /** An attribute with more distinct values than this is not tested in memory (SQL answers). */
  maxValues: number;
}

// About 20 bytes a contact at 4 attributes (16 for its id, 3 presence bits, a byte per attribute of up
// to 255 values), up to twice that in capacity (arrays grow by doubling).
let settings: ContactIndexSettings = { enabled: true, maxRows: 4_000_000, maxValues: 20_000 };

/** Replace the settings (tests, benchmarks); drops every index. */
export function configureContactIndex(s: Partial<ContactIndexSettings>): void {
  settings = { ...settings, ...s };
  entries.clear();
}

type Entry = StoreEntry<ContactIndex, ContactIndexStamp>;

const entries = new Map<string, Entry>();

const rowsOf = (e: Entry): number | null => (e.index ? e.index.size : null);
const evictFor = (key: string, need: number): void =>
  evictIdle(entries, key, need, settings.maxRows, rowsOf, (e) => e.building !== null);

async function build(sql: Sql, orgId: string, e: Entry): Promise<void> {
  const ix = new ContactIndex();
  const stamp = await readContactIndexRows(sql, orgId, null, (r) => {
    if (ix.size >= settings.maxRows) throw new OverBudget();
    ix.append(r);
  });
  evictFor(orgId, ix.size);
  e.index = ix;
  e.stamp = stamp;
}

async function catchUp(sql: Sql, orgId: string, e: Entry): Promise<void> {
  const ix = e.index;
  const old = e.stamp;
  if (!ix || !old) return;
  const rows: ContactIndexRow[] = [];
  const stamp = await readContactIndexRows(sql, orgId, old.snapshot, (r) => rows.push(r));
  if (e.index !== ix) return;
  // A reader behind the index (a lagging replica) cannot extend it: keep it as it is.
  if (!snapshotCovers(stamp.snapshot, old.snapshot)) return;
  for (const r of rows) ix.put(r);
  e.stamp = stamp;
  // Contacts deleted since (erasure, an organisation's cleanup): more indexed than there are. Read afresh.
  if (ix.size !== stamp.count || ix.size > settings.maxRows) {
    e.index = null;
    e.stamp = null;
  }
}

const entryFor = (orgId: string): Entry =>
  entryOf(entries, orgId, () => emptyEntry<ContactIndex, ContactIndexStamp>());

/**
 * The organisation's contact index, current as of this call, or null (disabled, over the budget, or
 * being built: then a build is started in the background, or with `wait` awaited).
 */
export async function currentContactIndex(
  sql: Sql,
  orgId: string,
  wait = false,
): Promise<ContactIndex | null> {
  if (!settings.enabled || !isPool(sql)) return null;
  const e = entryFor(orgId);
  return currentOf(
    e,
    wait,
    () => startBuild(entries, orgId, e, () => build(sql, orgId, e)),
    () => catchUp(sql, orgId, e),
  );
}

/** Build the organisation's contact index now (benchmarks, warm-up); false where it is not held. */
export async function warmContactIndex(sql: Sql, orgId: string): Promise<boolean> {
  return (await currentContactIndex(sql, orgId, true)) !== null;
}

/**
 * How many of the organisation's contacts the rules select, from its contact index; null where SQL
 * answers (no current index, a test on a field's value, an attribute with too many values).
 */
export async function indexedSegmentCount(
  sql: Sql,
  orgId: string,
  rules: SegmentRule,
  wait = false,
): Promise<number | null> {
  return (await indexedSegment(sql, orgId, rules, 0, wait))?.count ?? null;
}

/**
 * The count, and the ids of the first `limit` contacts by id the rules select, from the organisation's
 * contact index; null where SQL answers (no current index, a test on a field's value, an attribute with
 * too many values).
 */
export async function indexedSegment(
  sql: Sql,
  orgId: string,
  rules: SegmentRule,
  limit: number,
  wait = false,
): Promise<{ count: number; first: string[] } | null> {
  const tests = ruleTests(rules);
  for (const t of tests.values()) if (!indexable(t)) return null;
  const ix = await currentContactIndex(sql, orgId, wait);
  if (!ix) return null;
  // A catch-up during the truths' query may add values: asked again, the count then taken at once.
  for (let attempt = 0; attempt < 3; attempt++) {
    const asked: Array<{ key: string; test: z.infer<typeof SegmentTest>; values: readonly string[] }> = [];
    for (const [key, test] of tests) {
      if (test.attribute === undefined) continue;
      const values = ix.values(test.attribute);
      if (values.length > settings.maxValues) return null;
      asked.push({ key, test, values: values.slice() });
    }
    const truths = await attributeTestTruths(sql, asked);
    if (asked.every((a) => ix.values(a.test.attribute as string).length === a.values.length))
      return ix.select(rules, truths, limit);
  }
  return null;
}

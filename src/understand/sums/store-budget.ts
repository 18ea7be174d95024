// What the per-process in-memory stores share (the columnar index, the answer stores, the comment
// indexes): a build refused over the budget and retried later, reads only through a pool, and one budget
// (rows; bytes for the comment indexes) over all the entries of a kind, the least recently read idle
// entries evicted first.
import type { Sql } from '../../platform/db/index.js';

/** A build refused because its rows would not fit the budget. */
export class OverBudget extends Error {}

/** After a refused build, no new attempt for this long. */
export const RETRY_MS = 15 * 60_000;

/** A pool (not a transaction, which ends before a background build would). */
export function isPool(sql: Sql): boolean {
  return typeof (sql as unknown as { begin?: unknown }).begin === 'function';
}

/** Rows held by every entry but `except` (`rowsOf`: null for an entry holding nothing). */
export function heldRows<E>(
  entries: ReadonlyMap<string, E>,
  except: string,
  rowsOf: (e: E) => number | null,
): number {
  let n = 0;
  for (const [key, e] of entries) if (key !== except) n += rowsOf(e) ?? 0;
  return n;
}

/** Drop the least recently read idle entries other than `key` until `need` more rows fit `maxRows`. */
export function evictFor<E extends { usedAt: number }>(
  entries: Map<string, E>,
  key: string,
  need: number,
  maxRows: number,
  rowsOf: (e: E) => number | null,
  busy: (e: E) => boolean,
): void {
  const others = [...entries.entries()]
    .filter(([k, e]) => k !== key && rowsOf(e) !== null && !busy(e))
    .sort((a, b) => a[1].usedAt - b[1].usedAt);
  for (const [k] of others) {
    if (heldRows(entries, key, rowsOf) + need <= maxRows) break;
    entries.delete(k);
  }
}

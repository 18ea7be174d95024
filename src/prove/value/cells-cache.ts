// The value summary's cells of the day, kept in memory (see below).
import { createCache } from '../../platform/cache/index.js';
import type { ValueCell } from './queries.js';

/**
 * The day's cells of each request (metric, outcome kinds, churn kind, window, day) per organisation: at a
 * million contacts they take seconds to compute from feedback and outcomes, and are read back in
 * microseconds. Recording outcomes forgets the organisation's (`forgetValueCells`); answers count only
 * once their window has passed, so the day's new feedback does not change them. Per process: another
 * server process recomputes its own, and each entry lives at most 15 minutes so that outcomes recorded
 * through another process show within that time.
 */
export const dailyCells = createCache<{ cells: ValueCell[] }>({ max: 2_000, ttlMs: 15 * 60_000 });

/** Forget the organisation's cached value cells (its outcomes changed). */
export function forgetValueCells(orgId: string): void {
  for (const k of [...dailyCells.keys()]) if (k.startsWith(`${orgId}|`)) dailyCells.delete(k);
}

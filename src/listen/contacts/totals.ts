// An organisation's contact count and change stamp, kept by triggers (migration 0039) instead of counted.
import type { Sql } from '../../platform/db/index.js';
import { foldContactDeltas, selectContactTotals } from './queries/contact-totals.js';

/** Delta rows of one organisation past which a read folds them into one. */
const FOLD_AT = 64;

/**
 * The organisation's number of contacts, and a stamp that moves with every committed insert, update or
 * delete of its contacts (a decimal string: a sum that only grows).
 */
export async function contactTotals(sql: Sql, orgId: string): Promise<{ count: number; changes: string }> {
  const t = await selectContactTotals(sql, orgId);
  // Folding keeps the read an index lookup of a few rows; the sums it returned are already exact.
  if (t.rows > FOLD_AT) await foldContactDeltas(sql, orgId);
  return { count: t.count, changes: t.changes };
}

// An organisation's contact count, kept by triggers (migration 0039) instead of counted; the worker's
// sweep that folds the delta rows of organisations whose count nobody reads.
import type { Sql } from '../../platform/db/index.js';
import type { Logger } from '../../platform/log/index.js';
import { foldContactDeltas, selectContactCount, selectPiledContactDeltas } from './queries/contact-totals.js';

/** Delta rows of one organisation past which they are folded into one. */
const FOLD_AT = 64;

/** The organisation's number of contacts. */
export async function contactCount(sql: Sql, orgId: string): Promise<number> {
  const t = await selectContactCount(sql, orgId);
  // Folding keeps the read an index lookup of a few rows; the sum it returned is already exact.
  if (t.rows > FOLD_AT) await foldContactDeltas(sql, orgId);
  return t.count;
}

/** Fold the delta rows of every organisation that has piled up more than FOLD_AT; returns how many. */
export async function foldPiledContactDeltas(sql: Sql): Promise<number> {
  let folded = 0;
  // Bounded: writers may pile rows up again meanwhile; the next sweep takes the rest.
  for (let round = 0; round < 50; round++) {
    const orgs = await selectPiledContactDeltas(sql, FOLD_AT, 100);
    for (const orgId of orgs) await foldContactDeltas(sql, orgId);
    folded += orgs.length;
    if (orgs.length < 100) break;
  }
  return folded;
}

/** In a worker: fold piled-up delta rows every ten minutes (and at start). Returns the stop function. */
export function startContactDeltaSweep(opts: { sql: Sql; log: Logger }): () => void {
  const tick = () => {
    foldPiledContactDeltas(opts.sql).catch((err) =>
      opts.log.warn({ err }, 'could not fold the contact count rows; next sweep in ten minutes'),
    );
  };
  const timer = setInterval(tick, 600_000);
  timer.unref();
  tick();
  return () => clearInterval(timer);
}

// The first ANALYZE of a table that intake fills. On a brand-new database PostgreSQL plans the
// foreign-key checks of the first inserts while the referenced tables are empty; with no statistics a
// secondary index that leads with org_id (responses_survey_idx, contacts' external id key) costs the
// same as the primary key, and such a plan, once cached in a pooled connection, stays until the table is
// analysed: each check then reads every row of the organisation (1,021 µs per inserted row instead of 80
// µs, measured at 20,000 rows). Autovacuum analyses within its first minute; this does it as soon as a
// process has written a few thousand rows into a table that was never analysed, which also makes every
// cached plan of the pool be made again.
import type { Sql } from 'postgres';

/** Rows a process writes into a table before it looks whether the table was ever analysed. */
const THRESHOLD = 2_000;

const written = new WeakMap<Sql, Map<string, number>>();

/**
 * Count rows just written into `tables`; the first time a table passes the threshold in this
 * process, analyse it if PostgreSQL never has (in the background; a failure is ignored).
 */
export function noteRowsWritten(sql: Sql, tables: readonly string[], rows: number): void {
  let counts = written.get(sql);
  if (!counts) {
    counts = new Map();
    written.set(sql, counts);
  }
  const due: string[] = [];
  for (const table of tables) {
    const before = counts.get(table) ?? 0;
    if (before >= THRESHOLD) continue;
    const after = before + rows;
    counts.set(table, after);
    if (after >= THRESHOLD) due.push(table);
  }
  if (due.length > 0) analyseIfNeverAnalysed(sql, due).catch(() => {});
}

/** ANALYZE those of `tables` that PostgreSQL has never analysed; returns the ones it analysed. */
export async function analyseIfNeverAnalysed(sql: Sql, tables: readonly string[]): Promise<string[]> {
  const never = await sql<{ table: string }[]>`
    select relname as table from pg_stat_user_tables
    where schemaname = current_schema() and relname = any(${tables as string[]})
      and last_analyze is null and last_autoanalyze is null`;
  for (const { table } of never) await sql`analyze ${sql(table)}`;
  return never.map((t) => t.table);
}

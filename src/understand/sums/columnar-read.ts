// One query: an organisation's feedback rows for the columnar index, all of them or those committed
// since a snapshot, streamed by COPY (as rows, or as bytes for the loader) in one repeatable-read
// transaction with the stamp they match.
import { readCopyOut, type Sql } from '../../platform/db/index.js';
import type { IndexRow } from './columnar-index.js';
import {
  CopyLines,
  changedSince,
  INDEX_COLUMNS,
  INDEX_COLUMNS_BINARY,
  literalUuid,
  parseLine,
} from './columnar-rows.js';

/** What the rows read are current as of: the snapshot, and the organisation's counters in it. */
export interface IndexStamp {
  snapshot: string;
  /** analytics_versions total: moves with every feedback change (and settings, entity changes). */
  version: string;
  /** feedback_rewrites total: moves with every update of an analysed column and every delete. */
  rewrites: string;
}

/** Where the bytes of the COPY go, chunk by chunk (`CopyLines`, `IndexLoader`). */
export interface CopySink {
  push(chunk: Buffer): void;
  end(): void;
}

/**
 * Stream the organisation's feedback rows in time order to `onRow` (which may throw to stop), with the
 * stamp of the snapshot they were read in. With `since`, only the rows committed after that snapshot
 * (by the transaction id each row was inserted with, see migration 0025).
 */
export function readIndexRows(
  sql: Sql,
  orgId: string,
  since: string | null,
  onRow: (r: IndexRow) => void,
): Promise<IndexStamp> {
  return readIndexCopy(sql, orgId, since, new CopyLines(parseLine, onRow));
}

/**
 * As `readIndexRows`, the COPY of the rows handed to `sink` as it comes: text (INDEX_COLUMNS), or with
 * `binary` PostgreSQL's binary COPY format (INDEX_COLUMNS_BINARY, for `IndexLoader`).
 */
export async function readIndexCopy(
  sql: Sql,
  orgId: string,
  since: string | null,
  sink: CopySink,
  binary = false,
): Promise<IndexStamp> {
  const org = literalUuid(orgId);
  const newer = since ? `and ${changedSince('ingest_xid', since)}` : '';
  return sql.begin('isolation level repeatable read read only', async (tx) => {
    const [stamp] = await tx<IndexStamp[]>`
      select pg_current_snapshot()::text as snapshot,
        (select coalesce(sum(n), 0) from analytics_versions where org_id = ${orgId})::text as version,
        (select coalesce(sum(n), 0) from feedback_rewrites where org_id = ${orgId})::text as rewrites`;
    await readCopyOut(
      tx.unsafe(
        `copy (select ${binary ? INDEX_COLUMNS_BINARY : INDEX_COLUMNS} from feedback where org_id = ${org} ${newer} order by occurred_at) to stdout${binary ? ' (format binary)' : ''}`,
      ),
      (chunk) => sink.push(chunk),
    );
    sink.end();
    return stamp as IndexStamp;
  });
}

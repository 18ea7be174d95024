// Running an import: read and check every row, then write the valid ones all or none.
import type { Sql } from '../../platform/db/index.js';
import { ValidationError } from '../../platform/errors/index.js';
import { type ContactInput, listAttributeTypes, resolveContacts } from '../contacts/index.js';
import { insertListMembers } from '../contacts/queries/insert-list-members.js';
import { type FeedbackInput, ingestFeedbackIn } from '../feedback/ingest.js';
import { submitResponsesIn } from '../responses/batch.js';
import { loadSurvey, type ResponseInput } from '../responses/index.js';
import {
  type Converted,
  convert,
  describeScale,
  inferAttributeTypes,
  num,
  type RowContext,
} from './convert.js';
import { checkMapping, columnsByField } from './mapping.js';
import { updateImport } from './queries/update-import.js';
import { type Raw, readRows } from './read.js';
import { detectScale } from './scales.js';
import { createImport, getImport } from './status.js';
import type { ImportOptions, ImportStatus, RowError } from './types.js';

const MAX_STORED_ERRORS = 1_000;
const BATCH = 1_000;

/**
 * Run an import: read and check every row first; with errors and no `skipInvalid`, write nothing
 * and report them (status `rejected`); otherwise write the valid rows in one transaction (all or
 * none), keeping progress in the `imports` row. Returns the final status.
 */
export async function runImport(
  sql: Sql,
  orgId: string,
  opts: ImportOptions,
  importId?: string,
): Promise<ImportStatus> {
  const id = importId ?? (await createImport(sql, orgId, opts));
  const progress = async (fields: Record<string, unknown>) => {
    await updateImport(sql, orgId, id, fields);
  };
  try {
    const definition =
      opts.kind === 'responses' && opts.mapping.surveyId
        ? (await loadSurvey(sql, orgId, opts.mapping.surveyId, true)).definition
        : undefined;
    const attributeTypes = await listAttributeTypes(sql, orgId);
    const items: Array<{ row: number; item: Converted }> = [];
    const errors: RowError[] = [];
    let errorRows = 0;
    const rows: Array<{ row: number; line: number; record: Raw }> = [];
    let header: string[] | undefined;
    for await (const r of readRows(opts.file)) {
      header ??= r.header;
      rows.push(r);
      if (r.row % 10_000 === 0) opts.onProgress?.({ phase: 'validating', done: 0, total: r.row });
    }
    if (!header) throw new ValidationError('The file has no rows', [{ name: 'file', reason: 'empty' }]);
    checkMapping(opts.kind, opts.mapping, header);
    const byField = columnsByField(opts.kind, opts.mapping, header);
    const ratingColumn = byField.get('rating')?.[0];
    const ctx: RowContext = {
      kind: opts.kind,
      byField,
      mapping: opts.mapping,
      definition,
      attributeTypes,
      // the rating column's scale, detected from all its values at once (see scales.ts)
      scale: ratingColumn
        ? detectScale(
            rows.map((r) => num(r.record[ratingColumn])).filter((v): v is number => typeof v === 'number'),
          )
        : undefined,
    };
    if (opts.kind === 'contacts') inferAttributeTypes(ctx, rows);
    const total = rows.length;
    await progress({ total_rows: total });
    for (const { row, line, record } of rows) {
      const { item, errors: rowErrors } = convert(ctx, record);
      if (rowErrors.length > 0) {
        errorRows++;
        for (const e of rowErrors) if (errors.length < MAX_STORED_ERRORS) errors.push({ row, line, ...e });
      } else if (item) items.push({ row, item });
      if (row % 5_000 === 0) opts.onProgress?.({ phase: 'validating', done: row, total });
    }
    rows.length = 0;
    const errorCount = errors.length;
    if (errorRows > 0 && !opts.skipInvalid) {
      await progress({
        status: 'rejected',
        total_rows: total,
        errors: sql.json(errors as never),
        error_count: errorCount,
        skipped: 0,
        message: `${errorRows} of ${total} rows are invalid; nothing was imported (fix them, or use --skip-invalid)`,
        finished_at: new Date(),
      });
      return getImport(sql, orgId, id);
    }
    await progress({
      status: 'importing',
      total_rows: total,
      errors: sql.json(errors as never),
      error_count: errorCount,
      skipped: errorRows,
    });
    opts.onProgress?.({ phase: 'importing', done: 0, total: items.length });
    let imported = 0;
    let duplicates = 0;
    // All rows in one transaction: a failure part-way leaves nothing behind.
    await sql.begin(async (tx) => {
      const t = tx as unknown as Sql;
      for (let start = 0; start < items.length; start += BATCH) {
        const chunk = items.slice(start, start + BATCH);
        const results = await writeChunk(t, sql, orgId, opts, chunk);
        imported += results.created;
        duplicates += results.duplicates;
        opts.onProgress?.({ phase: 'importing', done: start + chunk.length, total: items.length });
        // Progress is written outside the transaction so the dashboard sees it move.
        await progress({ processed_rows: start + chunk.length });
      }
    });
    await progress({
      status: 'done',
      imported,
      duplicates,
      processed_rows: items.length,
      message: [
        `${imported} imported, ${duplicates} already there, ${errorRows} skipped`,
        describeScale(ctx.scale, opts.mapping.rating),
      ]
        .filter(Boolean)
        .join('; '),
      finished_at: new Date(),
    });
    return getImport(sql, orgId, id);
  } catch (err) {
    const message =
      err instanceof ValidationError
        ? `${err.message}: ${err.invalidParams.map((p) => `${p.name} ${p.reason}`).join('; ')}`
        : (err as Error).message;
    await progress({ status: 'failed', message, finished_at: new Date() }).catch(() => {});
    throw err;
  }
}

async function writeChunk(
  tx: Sql,
  root: Sql,
  orgId: string,
  opts: ImportOptions,
  chunk: Array<{ row: number; item: Converted }>,
): Promise<{ created: number; duplicates: number }> {
  let created = 0;
  let duplicates = 0;
  const count = (results: Array<{ status: string }>) => {
    for (const r of results) {
      if (r.status === 'created') created++;
      else if (r.status === 'duplicate') duplicates++;
      else throw new Error(`Row ${JSON.stringify(r)} failed while being written`);
    }
  };
  if (opts.kind === 'contacts') {
    const resolved = await resolveContacts(
      tx,
      orgId,
      chunk.map((c) => (c.item as { item: ContactInput }).item),
    );
    const ids: string[] = [];
    resolved.forEach((r, k) => {
      if (!r.ok)
        throw new ValidationError(
          `Row ${chunk[k]!.row}: ${r.problems.map((p) => `${p.name} ${p.reason}`).join('; ')}`,
        );
      if (r.id) ids.push(r.id);
    });
    created += ids.length;
    if (opts.listId && ids.length > 0) {
      await insertListMembers(tx, orgId, opts.listId, ids);
    }
  } else if (opts.kind === 'responses') {
    count(
      await submitResponsesIn(
        tx,
        orgId,
        opts.mapping.surveyId!,
        chunk.map((c) => (c.item as { item: ResponseInput }).item),
        { root },
      ),
    );
  } else {
    count(
      await ingestFeedbackIn(
        tx,
        orgId,
        chunk.map((c) => (c.item as { item: FeedbackInput }).item),
        { root },
      ),
    );
  }
  return { created, duplicates };
}

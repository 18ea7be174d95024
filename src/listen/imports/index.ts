// File imports (CSV or JSON lines) of historical responses, reviews, tickets and contacts into the
// unified model: a column mapping, row-level validation, all rows or none (or an explicit skip of the
// invalid ones), and progress kept in the `imports` table for the dashboard.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { z } from 'zod';
import type { Sql } from '../../platform/db/index.js';
import { NotFoundError, ValidationError } from '../../platform/errors/index.js';
import { defineJob, type JobQueue } from '../../platform/jobs/index.js';
import {
  type AttributeValue,
  type ContactInput,
  type ContactRef,
  listAttributeTypes,
  resolveContacts,
} from '../contacts/index.js';
import { checkFeedback, type FeedbackInput, ingestFeedbackIn } from '../feedback/ingest.js';
import { submitResponsesIn } from '../responses/batch.js';
import { loadSurvey, type ResponseInput } from '../responses/index.js';
import { checkAnswers, type SurveyDefinition } from '../surveys/index.js';
import { detectScale, type RatingRule, type RatingSpec, resolveScale, type ScaleReport } from './scales.js';

export { detectScale, type RatingRule, type RatingSpec, resolveScale, type ScaleReport } from './scales.js';

/** What a file holds. */
export type ImportKind = 'responses' | 'reviews' | 'tickets' | 'contacts';

/** How a file's columns become fields. */
export interface ImportMapping {
  /** column name → field (`text`, `occurredAt`, `rating`, `answers.nps`, `contact.email`, `metadata.page`, `ignore`, ...) */
  columns: Record<string, string>;
  /** How the `rating` column's scale is read (default: auto-detected per row). */
  rating?: RatingSpec | undefined;
  /** Channel recorded on every row without a `channel` column (default: the kind's, e.g. `import`). */
  channel?: string | undefined;
  /** Survey the responses answer (responses only). */
  surveyId?: string | undefined;
}

/** One row problem: the data row (1 = first after the header), its first line in the file, the column, why. */
export interface RowError {
  row: number;
  line: number;
  column: string;
  reason: string;
}

/** An import's state, as the dashboard and CLI show it. */
export interface ImportStatus {
  id: string;
  kind: ImportKind;
  fileName: string;
  status: 'validating' | 'importing' | 'done' | 'rejected' | 'failed';
  skipInvalid: boolean;
  totalRows: number;
  processedRows: number;
  imported: number;
  duplicates: number;
  skipped: number;
  errorCount: number;
  errors: RowError[];
  message: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** Options of one import run. */
export interface ImportOptions {
  kind: ImportKind;
  /** A path to read, or the file's text (for the API). */
  file: { path: string } | { name: string; text: string };
  mapping: ImportMapping;
  skipInvalid: boolean;
  /** Add imported contacts to this list (contacts only). */
  listId?: string | undefined;
  /** Called as rows are validated and written. */
  onProgress?: (p: { phase: 'validating' | 'importing'; done: number; total: number }) => void;
}

const MAX_STORED_ERRORS = 1_000;
const BATCH = 1_000;

/** The fields a column may map to, per kind (prefix fields end with a dot). */
export const IMPORT_FIELDS: Record<ImportKind, string[]> = {
  responses: [
    'answers.',
    'submittedAt',
    'occurredAt',
    'channel',
    'language',
    'idempotencyKey',
    'sourceId',
    'touchpointId',
    'contact.externalId',
    'contact.email',
    'contact.name',
    'contact.attributes.',
    'metadata.',
    'ignore',
  ],
  reviews: [
    'sourceId',
    'occurredAt',
    'text',
    'rating',
    'nps',
    'csat',
    'ces',
    'channel',
    'language',
    'touchpointId',
    'contact.externalId',
    'contact.email',
    'contact.name',
    'contact.attributes.',
    'metadata.',
    'ignore',
  ],
  tickets: [],
  contacts: ['externalId', 'email', 'name', 'attributes.', 'consent.', 'ignore'],
};
IMPORT_FIELDS.tickets = IMPORT_FIELDS.reviews;

/** Parse `col=field` flags into a mapping's columns. */
export function parseMapFlags(flags: string[]): Record<string, string> {
  const columns: Record<string, string> = {};
  for (const flag of flags) {
    const eq = flag.lastIndexOf('=');
    if (eq <= 0 || eq === flag.length - 1) {
      throw new ValidationError(`--map takes column=field, got "${flag}"`, [{ name: 'map', reason: flag }]);
    }
    columns[flag.slice(0, eq)] = flag.slice(eq + 1);
  }
  return columns;
}

function checkMapping(kind: ImportKind, mapping: ImportMapping, header: string[]): void {
  const problems: Array<{ name: string; reason: string }> = [];
  const allowed = IMPORT_FIELDS[kind];
  const seen = new Map<string, string>();
  for (const [column, field] of Object.entries(mapping.columns)) {
    if (!header.includes(column))
      problems.push({ name: `columns.${column}`, reason: 'no such column in the file' });
    const ok = allowed.some((a) =>
      a.endsWith('.') ? field.startsWith(a) && field.length > a.length : field === a,
    );
    if (!ok) problems.push({ name: `columns.${column}`, reason: `unknown field "${field}" for ${kind}` });
    // Several columns may feed `text` (joined); any other field comes from one column.
    if (field !== 'text' && field !== 'ignore' && seen.has(field)) {
      problems.push({
        name: `columns.${column}`,
        reason: `"${field}" is already mapped from ${seen.get(field)}`,
      });
    }
    seen.set(field, column);
  }
  if (kind === 'responses' && !mapping.surveyId)
    problems.push({ name: 'survey', reason: 'responses need a survey' });
  if (problems.length > 0) throw new ValidationError('The column mapping does not fit the file', problems);
}

/** The columns mapped to each field, defaulting unmapped columns named like a field to it. */
function columnsByField(kind: ImportKind, mapping: ImportMapping, header: string[]): Map<string, string[]> {
  const byField = new Map<string, string[]>();
  const mapped = { ...mapping.columns };
  if (Object.keys(mapped).length === 0) {
    for (const h of header) {
      if (IMPORT_FIELDS[kind].includes(h)) mapped[h] = h;
      else if (kind === 'contacts') {
        // A contacts file needs no mapping: the usual id/email/name columns, every other column an attribute.
        const alias = CONTACT_ALIASES[h.toLowerCase().replace(/[^a-z]/g, '')];
        const key = h.replace(/[^a-zA-Z0-9_]/g, '_').replace(/^[^a-zA-Z]+/, '');
        if (alias) mapped[h] = alias;
        else if (key) mapped[h] = `attributes.${key}`;
      }
    }
  }
  for (const [column, field] of Object.entries(mapped)) {
    if (field === 'ignore') continue;
    byField.set(field, [...(byField.get(field) ?? []), column]);
  }
  return byField;
}

type Raw = Record<string, string | number | boolean | null>;

const CONTACT_ALIASES: Record<string, string> = {
  externalid: 'externalId',
  id: 'externalId',
  customerid: 'externalId',
  email: 'email',
  emailaddress: 'email',
  name: 'name',
  fullname: 'name',
};

/** Rows of a CSV (header row) or JSON-lines file, with their data row number and first line. */
async function* readRows(
  file: ImportOptions['file'],
): AsyncGenerator<{ row: number; line: number; record: Raw; header: string[] }> {
  const name = 'path' in file ? file.path : file.name;
  const jsonl = /\.(jsonl|ndjson)$/i.test(name);
  if (jsonl) {
    const input =
      'path' in file
        ? createInterface({ input: createReadStream(file.path, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY })
        : file.text.split(/\r?\n/);
    let line = 0;
    let row = 0;
    let header: string[] = [];
    for await (const text of input) {
      line++;
      if (!text.trim()) continue;
      row++;
      let record: Raw;
      try {
        record = JSON.parse(text) as Raw;
        if (typeof record !== 'object' || record === null || Array.isArray(record))
          throw new Error('not an object');
      } catch (err) {
        yield { row, line, record: { __error: `not a JSON object: ${(err as Error).message}` }, header };
        continue;
      }
      if (row === 1) header = Object.keys(record);
      yield { row, line, record, header };
    }
    return;
  }
  const parser = parse({
    columns: true,
    info: true,
    bom: true,
    skip_empty_lines: true,
    relax_column_count: false,
  });
  const source = 'path' in file ? createReadStream(file.path) : undefined;
  if (source) source.pipe(parser);
  else {
    parser.write((file as { text: string }).text);
    parser.end();
  }
  let row = 0;
  let prevEnd = 1;
  for await (const item of parser as AsyncIterable<{
    record: Raw;
    info: { lines: number; columns: Array<{ name: string }> };
  }>) {
    row++;
    const line = prevEnd + 1;
    prevEnd = item.info.lines;
    yield { row, line, record: item.record, header: item.info.columns.map((c) => c.name) };
  }
}

const str = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  return s === '' ? null : s;
};

function num(v: unknown): number | null | 'bad' {
  const s = str(v);
  if (s === null) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : 'bad';
}

function date(v: unknown): Date | null | 'bad' {
  const s = str(v);
  if (s === null) return null;
  // ISO dates and date-times; day-first dates (31-12-2015 or 31/12/2015) as written in many exports.
  const dmy = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(s);
  const d = dmy ? new Date(Date.UTC(Number(dmy[3]), Number(dmy[2]) - 1, Number(dmy[1]))) : new Date(s);
  return Number.isNaN(d.getTime()) || (!dmy && !/^\d{4}-\d{2}-\d{2}/.test(s)) ? 'bad' : d;
}

/** A stable id for a row without one: the hash of its values. */
function rowHash(record: Raw): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(record)).digest('base64url').slice(0, 32)}`;
}

/** How the rating column's scale was read, in words, for the import's message. */
function describeScale(report: ScaleReport | undefined, spec: RatingSpec | undefined): string {
  if (spec?.scale && spec.scale !== 'auto') return `rating scale ${spec.scale.min}-${spec.scale.max} (given)`;
  const rules = spec?.rules?.length ? `${spec.rules.length} scale rule(s) first, then ` : '';
  if (!report) return '';
  if (report.mode === 'mixed' && report.upper) {
    return `${rules}rating scale detected as mixed: ${report.values - report.above} values read on ${report.scale.min}-${report.scale.max}, ${report.above} above ${report.scale.max} read on ${report.upper.min}-${report.upper.max}`;
  }
  return `${rules}rating scale detected as ${report.scale.min}-${report.scale.max} (${report.values} values)`;
}

interface RowContext {
  kind: ImportKind;
  byField: Map<string, string[]>;
  mapping: ImportMapping;
  definition: SurveyDefinition | undefined;
  attributeTypes: Record<string, string>;
  scale: ScaleReport | undefined;
}

type Converted =
  | { kind: 'feedback'; item: FeedbackInput }
  | { kind: 'response'; item: ResponseInput }
  | { kind: 'contact'; item: ContactInput };

function attributeValue(type: string | undefined, raw: unknown): AttributeValue | 'bad' {
  if (typeof raw === 'number' || typeof raw === 'boolean') return raw;
  const s = str(raw);
  if (s === null) return null;
  if (type === 'number') return Number.isFinite(Number(s)) ? Number(s) : 'bad';
  if (type === 'boolean') return /^(true|yes|1)$/i.test(s) ? true : /^(false|no|0)$/i.test(s) ? false : 'bad';
  return s;
}

/** Convert one record to an item, or its problems (each naming the column). */
function convert(
  ctx: RowContext,
  record: Raw,
): { item?: Converted; errors: Array<{ column: string; reason: string }> } {
  const errors: Array<{ column: string; reason: string }> = [];
  const col = (field: string) => ctx.byField.get(field)?.[0];
  const get = (field: string) => {
    const c = col(field);
    return c === undefined ? undefined : record[c];
  };
  if ('__error' in record) return { errors: [{ column: '(row)', reason: String(record.__error) }] };
  const prefixed = (prefix: string) =>
    [...ctx.byField.entries()]
      .filter(([f]) => f.startsWith(prefix))
      .map(([f, cs]) => [f.slice(prefix.length), cs[0]!] as const);

  const contact: ContactInput = {};
  const contactPrefix = ctx.kind === 'contacts' ? '' : 'contact.';
  for (const k of ['externalId', 'email', 'name'] as const) {
    const v = str(get(`${contactPrefix}${k}`));
    if (v !== null) contact[k] = k === 'email' ? v.toLowerCase() : v;
  }
  if (contact.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(contact.email))
    errors.push({ column: col(`${contactPrefix}email`)!, reason: 'is not an email address' });
  const attributes: Record<string, AttributeValue> = {};
  for (const [key, column] of prefixed(`${contactPrefix}attributes.`)) {
    const v = attributeValue(ctx.attributeTypes[key], record[column]);
    if (v === 'bad') errors.push({ column, reason: `must be a ${ctx.attributeTypes[key]}` });
    else if (v !== null) attributes[key] = v;
  }
  if (Object.keys(attributes).length > 0) contact.attributes = attributes;
  if (ctx.kind === 'contacts') {
    const consent: Record<string, boolean> = {};
    for (const [key, column] of prefixed('consent.')) {
      const v = attributeValue('boolean', record[column]);
      if (v === 'bad') errors.push({ column, reason: 'must be true or false' });
      else if (typeof v === 'boolean') consent[key] = v;
    }
    if (Object.keys(consent).length > 0) contact.consent = consent;
    if (!contact.externalId && !contact.email)
      errors.push({
        column: col('externalId') ?? col('email') ?? '(row)',
        reason: 'a contact needs an external id or an email',
      });
    return errors.length > 0 ? { errors } : { item: { kind: 'contact', item: contact }, errors };
  }
  const contactRef: ContactRef | undefined = contact.externalId || contact.email ? contact : undefined;
  const metadata: Record<string, unknown> = {};
  for (const [key, column] of prefixed('metadata.')) {
    const v = str(record[column]);
    if (v !== null) metadata[key] = v;
  }
  const occurredCol = col('occurredAt') ?? col('submittedAt');
  const occurred = occurredCol ? date(record[occurredCol]) : null;
  if (occurred === 'bad')
    errors.push({ column: occurredCol!, reason: 'is not a date (YYYY-MM-DD or DD-MM-YYYY)' });
  const channel = str(get('channel')) ?? ctx.mapping.channel ?? 'import';
  const language = str(get('language'));
  const touchpointId = str(get('touchpointId'));
  if (touchpointId && !/^[0-9a-f-]{36}$/i.test(touchpointId))
    errors.push({ column: col('touchpointId')!, reason: 'must be a touchpoint id (UUID)' });

  if (ctx.kind === 'responses') {
    const answers: Record<string, unknown> = {};
    const questions = new Map((ctx.definition?.questions ?? []).map((q) => [q.id, q]));
    for (const [qid, column] of prefixed('answers.')) {
      const q = questions.get(qid);
      if (!q) {
        errors.push({ column, reason: `"${qid}" is not a question of this survey` });
        continue;
      }
      const raw = record[column];
      if (str(raw) === null) continue;
      if (['nps', 'csat', 'ces', 'rating', 'number'].includes(q.type)) {
        const n = num(raw);
        if (n === 'bad') errors.push({ column, reason: 'must be a number' });
        else answers[qid] = n;
      } else if (q.type === 'multiple_choice')
        answers[qid] = String(raw)
          .split(/\s*;\s*/)
          .filter(Boolean);
      else answers[qid] = typeof raw === 'string' ? raw.trim() : raw;
    }
    if (ctx.definition && errors.length === 0) {
      const byQuestion = new Map([...ctx.byField.entries()].map(([f, cs]) => [f, cs[0]!]));
      for (const p of checkAnswers(ctx.definition, answers)) {
        const qid = p.name.split('.')[1] ?? '';
        errors.push({ column: byQuestion.get(`answers.${qid}`) ?? p.name, reason: `${p.name}: ${p.reason}` });
      }
    }
    if (errors.length > 0) return { errors };
    const key = str(get('idempotencyKey')) ?? str(get('sourceId')) ?? rowHash(record);
    return {
      item: {
        kind: 'response',
        item: {
          answers,
          contact: contactRef,
          channel,
          language,
          touchpointId,
          metadata,
          submittedAt: occurred instanceof Date ? occurred : null,
          idempotencyKey: key ? `import:${key}` : null,
        },
      },
      errors,
    };
  }

  const texts = (ctx.byField.get('text') ?? [])
    .map((c) => str(record[c]))
    .filter((t): t is string => t !== null);
  const item: FeedbackInput = {
    source: ctx.kind === 'reviews' ? 'review' : 'ticket',
    // Without an id column, the row's content is its id: importing the same file twice adds nothing.
    sourceId: str(get('sourceId')) ?? rowHash(record),
    channel,
    occurredAt: occurred instanceof Date ? occurred : null,
    text: texts.length > 0 ? texts.join('\n\n') : null,
    language,
    contact: contactRef,
    touchpointId,
    metadata,
  };
  for (const f of ['nps', 'csat', 'ces'] as const) {
    const c = col(f);
    if (!c) continue;
    const n = num(record[c]);
    if (n === 'bad') errors.push({ column: c, reason: 'must be a number' });
    else item[f] = n;
  }
  const ratingCol = col('rating');
  if (ratingCol) {
    const n = num(record[ratingCol]);
    if (n === 'bad') errors.push({ column: ratingCol, reason: 'must be a number' });
    else if (n !== null) {
      const scale = resolveScale(ctx.mapping.rating, ctx.scale, n, record);
      if (typeof scale === 'string') errors.push({ column: ratingCol, reason: scale });
      else item.rating = { value: n, min: scale.min, max: scale.max };
    }
  }
  if (errors.length === 0) {
    for (const p of checkFeedback(item)) {
      const field = p.name.split('.')[0]!;
      errors.push({
        column: col(field) ?? (field === 'text' ? (ctx.byField.get('text')?.join('+') ?? 'text') : field),
        reason: p.reason,
      });
    }
  }
  return errors.length > 0 ? { errors } : { item: { kind: 'feedback', item }, errors };
}

const STATUS_COLUMNS = (
  sql: Sql,
) => sql`id, kind, file_name as "fileName", status, skip_invalid as "skipInvalid",
  total_rows as "totalRows", processed_rows as "processedRows", imported, duplicates, skipped,
  error_count as "errorCount", errors, message, created_at as "createdAt", finished_at as "finishedAt"`;

/** An import's status, or not found. */
export async function getImport(sql: Sql, orgId: string, importId: string): Promise<ImportStatus> {
  const [row] = await sql<ImportStatus[]>`
    select ${STATUS_COLUMNS(sql)} from imports where org_id = ${orgId} and id = ${importId}`;
  if (!row) throw new NotFoundError(`Import ${importId} not found`);
  return row;
}

/** The latest imports of an organisation. */
export async function listImports(sql: Sql, orgId: string, limit = 50): Promise<ImportStatus[]> {
  return sql<ImportStatus[]>`
    select ${STATUS_COLUMNS(sql)} from imports where org_id = ${orgId} order by created_at desc limit ${limit}`;
}

/** Record a new import (status `validating`); returns its id. */
export async function createImport(
  sql: Sql,
  orgId: string,
  opts: Pick<ImportOptions, 'kind' | 'file' | 'skipInvalid'>,
): Promise<string> {
  const name = path.basename('path' in opts.file ? opts.file.path : opts.file.name);
  const [row] = await sql<{ id: string }[]>`
    insert into imports (org_id, kind, file_name, skip_invalid) values (${orgId}, ${opts.kind}, ${name}, ${opts.skipInvalid})
    returning id`;
  return row!.id;
}

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
    await sql`update imports set ${sql(fields)} where org_id = ${orgId} and id = ${id}`;
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

/** Types of attribute columns not declared yet, from their values: all numbers, all booleans, else strings. */
function inferAttributeTypes(ctx: RowContext, rows: Array<{ record: Raw }>): void {
  for (const [field, columns] of ctx.byField) {
    if (!field.startsWith('attributes.')) continue;
    const key = field.slice('attributes.'.length);
    if (ctx.attributeTypes[key]) continue;
    let numbers = true;
    let booleans = true;
    let seen = 0;
    for (const { record } of rows) {
      const v = str(record[columns[0]!]);
      if (v === null) continue;
      seen++;
      if (numbers && !Number.isFinite(Number(v))) numbers = false;
      if (booleans && !/^(true|false)$/i.test(v)) booleans = false;
      if (!numbers && !booleans) break;
    }
    ctx.attributeTypes[key] = seen === 0 ? 'string' : numbers ? 'number' : booleans ? 'boolean' : 'string';
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
      await tx`insert into contact_list_members (org_id, list_id, contact_id)
        select ${orgId}, ${opts.listId}, unnest(${ids}::uuid[]) on conflict do nothing`;
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

/** Rating rules, re-exported for mapping files. */
export type { RatingRule as ImportRatingRule };

const Scale = z.object({ min: z.number(), max: z.number() }).strict();

/** A column mapping as `POST /api/v1/imports` takes it and the import job carries it. */
export const ImportMappingSchema = z
  .object({
    columns: z.record(z.string().max(200), z.string().max(200)).default({}),
    rating: z
      .object({
        scale: z.union([z.literal('auto'), Scale]).optional(),
        rules: z
          .array(
            Scale.extend({
              column: z.string(),
              from: z.string().optional(),
              to: z.string().optional(),
              equals: z.string().optional(),
            }),
          )
          .max(20)
          .optional(),
      })
      .strict()
      .optional(),
    channel: z.string().max(50).optional(),
    surveyId: z.uuid({ message: 'must be a UUID' }).optional(),
  })
  .strict();

/**
 * Run an import started from the API on a worker. The file waits in `import_files` (see
 * `startImport`) and is deleted once the import has ended; jobs queued by older versions carry it in
 * their payload. A retry is safe: rows are written all or none, and rows already there are skipped.
 */
export const runImportJob = defineJob({
  name: 'imports.run',
  schema: z.object({
    orgId: z.uuid(),
    importId: z.uuid(),
    kind: z.enum(['responses', 'reviews', 'tickets', 'contacts']),
    fileName: z.string().min(1).max(200),
    content: z.string().optional(),
    skipInvalid: z.boolean(),
    mapping: ImportMappingSchema,
  }),
  retry: { limit: 2, delaySeconds: 30, backoff: true },
  expireInSeconds: 3_600,
  handle: async (p, { sql }) => {
    let content = p.content;
    if (content === undefined) {
      const [file] = await sql<{ content: string }[]>`
        select content from import_files where org_id = ${p.orgId} and import_id = ${p.importId}`;
      if (!file) {
        // Already ended (a job run twice), or the import was deleted: nothing to do.
        return;
      }
      content = file.content;
    }
    await runImport(
      sql,
      p.orgId,
      {
        kind: p.kind,
        file: { name: p.fileName, text: content },
        mapping: p.mapping as ImportMapping,
        skipInvalid: p.skipInvalid,
      },
      p.importId,
    ).catch((err) => {
      // Bad files and mappings are recorded on the import; retrying cannot fix them.
      if (!(err instanceof ValidationError)) throw err;
    });
    // Ended (done, rejected, or refused as a whole): the file is no longer needed.
    await sql`delete from import_files where org_id = ${p.orgId} and import_id = ${p.importId}`;
  },
});

/**
 * Start an import of a file sent through the API: record it, keep the file in `import_files` and
 * queue its job, in one transaction. Returns the import's id.
 */
export async function startImport(
  sql: Sql,
  jobs: JobQueue,
  orgId: string,
  opts: {
    kind: ImportKind;
    fileName: string;
    content: string;
    skipInvalid: boolean;
    mapping: z.input<typeof ImportMappingSchema>;
  },
): Promise<string> {
  return sql.begin(async (tx) => {
    const t = tx as unknown as Sql;
    const id = await createImport(t, orgId, {
      kind: opts.kind,
      file: { name: opts.fileName, text: opts.content },
      skipInvalid: opts.skipInvalid,
    });
    await t`insert into import_files (org_id, import_id, content) values (${orgId}, ${id}, ${opts.content})`;
    await jobs.enqueue(
      runImportJob,
      {
        orgId,
        importId: id,
        kind: opts.kind,
        fileName: opts.fileName,
        skipInvalid: opts.skipInvalid,
        mapping: opts.mapping,
      },
      { tx: t },
    );
    return id;
  }) as Promise<string>;
}

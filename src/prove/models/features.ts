// Turning a table of strings into model features: numbers kept (median-imputed, with a missing flag),
// categories one-hot coded against their most frequent level; learned on training rows only.

/** The rows of a table as strings, with its header (a parsed CSV file, or rows built from the database). */
export interface StringTable {
  header: string[];
  rows: string[][];
}

/** How one source column becomes features. */
export type ColumnEncoding =
  | { column: string; kind: 'numeric'; median: number; missingFlag: boolean }
  | { column: string; kind: 'category'; reference: string; levels: string[] };

/** A learned encoding: what a model was trained on, saved with it so new rows are coded the same way. */
export interface FeatureEncoding {
  columns: ColumnEncoding[];
  /** Name of each feature, e.g. `tenure`, `tenure (missing)`, `Contract = Two year`. */
  names: string[];
  /** Source column of each feature, for reasons and importance per column. */
  sources: string[];
  /** Columns left out, with why (an identifier-like text column, a constant column). */
  skipped: Array<{ column: string; reason: string }>;
}

/** Tokens read as missing. */
export const MISSING = new Set(['', 'NA', 'NaN', 'nan', 'null', 'NULL', 'N/A']);

/** Categories rarer than this are folded into `(other)`. */
const MIN_LEVEL_COUNT = 5;
/** A text column with more distinct values than this (after folding) reads as an identifier, not a category. */
const MAX_LEVELS = 50;

const isMissing = (v: string | undefined) => v === undefined || MISSING.has(v.trim());

/** Learn an encoding of `columns` from the given rows (indices into table.rows). */
export function learnEncoding(
  table: StringTable,
  columns: string[],
  rows?: ArrayLike<number>,
): FeatureEncoding {
  const idx = rows ?? Array.from({ length: table.rows.length }, (_, i) => i);
  const out: FeatureEncoding = { columns: [], names: [], sources: [], skipped: [] };
  for (const column of columns) {
    const c = table.header.indexOf(column);
    if (c < 0) throw new RangeError(`column '${column}' not found`);
    const numbers: number[] = [];
    let missing = 0;
    let numeric = true;
    const counts = new Map<string, number>();
    for (let k = 0; k < idx.length; k++) {
      const raw = (table.rows[idx[k] as number] as string[])[c];
      if (isMissing(raw)) {
        missing++;
        continue;
      }
      const v = (raw as string).trim();
      counts.set(v, (counts.get(v) ?? 0) + 1);
      if (numeric) {
        const x = Number(v);
        if (Number.isFinite(x)) numbers.push(x);
        else numeric = false;
      }
    }
    if (counts.size <= 1 && missing === 0) {
      out.skipped.push({ column, reason: 'constant' });
      continue;
    }
    if (numeric && numbers.length > 0) {
      numbers.sort((a, b) => a - b);
      const mid = numbers.length >> 1;
      const median =
        numbers.length % 2
          ? (numbers[mid] as number)
          : ((numbers[mid - 1] as number) + (numbers[mid] as number)) / 2;
      const enc: ColumnEncoding = { column, kind: 'numeric', median, missingFlag: missing > 0 };
      out.columns.push(enc);
      out.names.push(column);
      out.sources.push(column);
      if (enc.missingFlag) {
        out.names.push(`${column} (missing)`);
        out.sources.push(column);
      }
      continue;
    }
    if (missing > 0) counts.set('(missing)', missing);
    const frequent = [...counts.entries()].filter(([, n]) => n >= MIN_LEVEL_COUNT);
    const folded = counts.size - frequent.length;
    if (frequent.length + (folded > 0 ? 1 : 0) > MAX_LEVELS) {
      out.skipped.push({ column, reason: `${counts.size} distinct values: an identifier or free text` });
      continue;
    }
    frequent.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const levels = frequent.map(([v]) => v);
    if (folded > 0) levels.push('(other)');
    const reference = levels[0] ?? '(other)';
    const enc: ColumnEncoding = { column, kind: 'category', reference, levels: levels.slice(1) };
    out.columns.push(enc);
    for (const level of enc.levels) {
      out.names.push(`${column} = ${level}`);
      out.sources.push(column);
    }
  }
  return out;
}

/** Code the given rows (all rows by default) with an encoding: column-major Float64Arrays. */
export function encodeRows(
  encoding: FeatureEncoding,
  table: StringTable,
  rows?: ArrayLike<number>,
): Float64Array[] {
  const idx = rows ?? Array.from({ length: table.rows.length }, (_, i) => i);
  const n = idx.length;
  const out: Float64Array[] = [];
  for (const enc of encoding.columns) {
    const c = table.header.indexOf(enc.column);
    if (c < 0) throw new RangeError(`column '${enc.column}' not found; the model needs it`);
    if (enc.kind === 'numeric') {
      const values = new Float64Array(n);
      const flag = enc.missingFlag ? new Float64Array(n) : null;
      for (let k = 0; k < n; k++) {
        const raw = (table.rows[idx[k] as number] as string[])[c];
        const x = isMissing(raw) ? Number.NaN : Number((raw as string).trim());
        if (Number.isFinite(x)) values[k] = x;
        else {
          values[k] = enc.median;
          if (flag) flag[k] = 1;
        }
      }
      out.push(values);
      if (flag) out.push(flag);
    } else {
      const position = new Map(enc.levels.map((l, j) => [l, j]));
      const known = new Set([enc.reference, ...enc.levels]);
      const cols = enc.levels.map(() => new Float64Array(n));
      const other = position.get('(other)');
      for (let k = 0; k < n; k++) {
        const raw = (table.rows[idx[k] as number] as string[])[c];
        const v = isMissing(raw) ? '(missing)' : (raw as string).trim();
        const j = known.has(v) ? position.get(v) : other;
        if (j !== undefined) (cols[j] as Float64Array)[k] = 1;
      }
      out.push(...cols);
    }
  }
  return out;
}

/** Row `i` of column-major features as one array. */
export function rowOf(columns: ReadonlyArray<Float64Array>, i: number): Float64Array {
  const row = new Float64Array(columns.length);
  for (let j = 0; j < columns.length; j++) row[j] = (columns[j] as Float64Array)[i] as number;
  return row;
}

/** Raw value of a source column in row i, for showing a reason (`Contract: Month-to-month`). */
export function rawValue(table: StringTable, column: string, i: number): string | null {
  const c = table.header.indexOf(column);
  const raw = (table.rows[i] as string[] | undefined)?.[c];
  return isMissing(raw) ? null : (raw as string).trim();
}

// Reading CSV exports into a table of strings, and typed column access with row/column error messages.
import { readFile } from 'node:fs/promises';
import { CsvError, parse } from 'csv-parse/sync';
import { ValidationError } from '../../platform/errors/index.js';

/** A parsed CSV file: header and records as strings; `lineOf` maps a data row to its file line. */
export interface CsvTable {
  header: string[];
  rows: string[][];
  /** File line (1-based) on which data row `r` (0-based) ends; computed on first use, for error messages. */
  lineOf(r: number): number | undefined;
}

/** Options for reading a CSV file. */
export interface CsvOptions {
  /** Character encoding: utf8 (default), latin1 (ISO-8859-1), utf16le, or any label TextDecoder knows. */
  encoding?: string;
  /** Field delimiter; default ',' . */
  delimiter?: string;
}

/** Tokens read as missing values by default (R writes NA, pandas writes an empty field or NaN). */
export const DEFAULT_MISSING = ['', 'NA', 'NaN', 'nan', 'null', 'NULL', 'N/A'];

/** Decode bytes with a named encoding; latin1 is true ISO-8859-1, not the WHATWG windows-1252 alias. */
export function decodeText(bytes: Uint8Array, encoding = 'utf8'): string {
  const e = encoding.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (e === 'latin1' || e === 'iso88591' || e === 'l1') return Buffer.from(bytes).toString('latin1');
  if (e === 'utf8') {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new ValidationError(
        'the file is not valid UTF-8; pass --encoding latin1 (or the encoding it was saved in)',
        [{ name: 'encoding', reason: 'invalid UTF-8' }],
      );
    }
  }
  if (e === 'utf16le' || e === 'ucs2') return Buffer.from(bytes).toString('utf16le');
  try {
    return new TextDecoder(encoding).decode(bytes);
  } catch {
    throw new ValidationError(`unknown encoding '${encoding}'`, [{ name: 'encoding', reason: 'unknown' }]);
  }
}

const parseOptions = (delimiter: string) => ({
  bom: true,
  delimiter,
  skip_empty_lines: true,
  relax_quotes: true,
});

/** Parse CSV text whose first record is the header. */
export function parseCsv(text: string, opts: Pick<CsvOptions, 'delimiter'> = {}): CsvTable {
  const delimiter = opts.delimiter ?? ',';
  let records: string[][];
  try {
    records = parse(text, parseOptions(delimiter));
  } catch (err) {
    if (err instanceof CsvError) {
      throw new ValidationError(`the CSV could not be parsed: ${err.message}`, [
        { name: 'file', reason: err.code },
      ]);
    }
    throw err;
  }
  const [header, ...rows] = records;
  if (!header) throw new ValidationError('the CSV file is empty', [{ name: 'file', reason: 'empty' }]);
  // Line numbers cost a context object per record (about 60% more parse time), so they are only
  // worked out, by parsing again, when an error message needs one.
  let lines: number[] | null = null;
  const lineOf = (r: number): number | undefined => {
    if (!lines) {
      const found: number[] = [];
      parse(text, {
        ...parseOptions(delimiter),
        on_record: (record: string[], context: { lines: number }) => {
          found.push(context.lines);
          return record;
        },
      });
      found.shift();
      lines = found;
    }
    return lines[r];
  };
  return { header: header.map((h) => h.trim()), rows, lineOf };
}

/** Read and parse a CSV file. */
export async function readCsvFile(path: string, opts: CsvOptions = {}): Promise<CsvTable> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ValidationError(`cannot read ${path} (${code})`, [{ name: 'file', reason: code }]);
  }
  return parseCsv(decodeText(bytes, opts.encoding), opts);
}

/** Index of a named column; a missing column fails with the list of the columns the file has. */
export function columnIndex(table: CsvTable, name: string): number {
  const i = table.header.indexOf(name);
  if (i >= 0) return i;
  const trimmed = table.header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
  if (trimmed >= 0) return trimmed;
  const list = table.header.map((h) => (h === '' ? '(unnamed)' : `'${h}'`)).join(', ');
  throw new ValidationError(`column '${name}' not found; the file has: ${list}`, [
    { name, reason: 'no such column' },
  ]);
}

/** Options for reading a numeric column. */
export interface NumericColumnOptions {
  /** Tokens that mean missing; default DEFAULT_MISSING. */
  missing?: string[];
  /** Require whole numbers. */
  integer?: boolean;
  min?: number;
  max?: number;
}

/** A numeric column as a Float64Array with NaN for missing; a bad value fails naming its row and column. */
export function numericColumn(table: CsvTable, name: string, opts: NumericColumnOptions = {}): Float64Array {
  const col = columnIndex(table, name);
  const missing = new Set(opts.missing ?? DEFAULT_MISSING);
  const min = opts.min ?? Number.NEGATIVE_INFINITY;
  const max = opts.max ?? Number.POSITIVE_INFINITY;
  const out = new Float64Array(table.rows.length);
  for (let r = 0; r < out.length; r++) {
    const raw = ((table.rows[r] as string[])[col] ?? '').trim();
    if (missing.has(raw)) {
      out[r] = Number.NaN;
      continue;
    }
    const v = Number(raw);
    let reason: string | null = null;
    if (raw === '' || !Number.isFinite(v)) reason = `'${raw}' is not a number`;
    else if (opts.integer && !Number.isInteger(v)) reason = `${raw} is not a whole number`;
    else if (v < min) reason = `${raw} is below ${min}`;
    else if (v > max) reason = `${raw} is above ${max}`;
    if (reason !== null) {
      const where = `row ${r + 1} (line ${table.lineOf(r) ?? '?'}), column '${name}'`;
      throw new ValidationError(`${where}: ${reason}`, [{ name, reason: `row ${r + 1}: ${reason}` }]);
    }
    out[r] = v;
  }
  return out;
}

/** A text column, trimmed; missing tokens become null. */
export function textColumn(
  table: CsvTable,
  name: string,
  missing: string[] = DEFAULT_MISSING,
): Array<string | null> {
  const col = columnIndex(table, name);
  const na = new Set(missing);
  return table.rows.map((row) => {
    const v = (row[col] ?? '').trim();
    return na.has(v) ? null : v;
  });
}

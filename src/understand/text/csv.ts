// Reading comment CSV files (UTF-8 or latin-1) with csv-parse; the only file I/O of the text module.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/** A CSV file read into memory: header names and rows keyed by them. */
export interface CsvTable {
  columns: string[];
  rows: Record<string, string>[];
}

/** Encodings accepted for CSV files. */
export type CsvEncoding = 'utf8' | 'latin1';

/** Thrown when a named column is not in the file; the message lists the columns it has. */
export class MissingColumnError extends Error {
  override name = 'MissingColumnError';
}

/** Read a CSV file with a header row; a BOM and quoted multi-line fields are handled. */
export function readCsv(file: string, encoding: CsvEncoding = 'utf8', delimiter = ','): CsvTable {
  const text = readFileSync(file, { encoding: encoding === 'latin1' ? 'latin1' : 'utf8' });
  let columns: string[] = [];
  const rows = parse(text, {
    bom: true,
    delimiter,
    columns: (header: string[]) => {
      // An empty first header (a pandas index column) still needs a name to key rows by.
      columns = header.map((h, i) => (h.trim() === '' ? `column_${i + 1}` : h));
      return columns;
    },
    relax_column_count: true,
    skip_empty_lines: true,
  }) as Record<string, string>[];
  return { columns, rows };
}

/** Fail with the list of available columns when `name` is not one of them. */
export function requireColumn(table: CsvTable, name: string): void {
  if (!table.columns.includes(name)) {
    throw new MissingColumnError(
      `column "${name}" not found; the file has: ${table.columns.map((c) => `"${c}"`).join(', ')}`,
    );
  }
}

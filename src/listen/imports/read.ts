// Reading an import file: CSV with a header row, or JSON lines, row by row with line numbers.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { CsvError, parse } from 'csv-parse';
import { ValidationError } from '../../platform/errors/index.js';
import type { ImportOptions } from './types.js';

/** One record as read: column → value. */
export type Raw = Record<string, string | number | boolean | null>;

/** What csv-parse's error codes mean, in words. */
const CSV_FAULTS: Record<string, string> = {
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted field (quote the field and double its quotes)',
  CSV_INVALID_CLOSING_QUOTE: 'text after the closing quote of a field',
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'not as many fields as the header',
  CSV_RECORD_INCONSISTENT_COLUMNS: 'not as many fields as the header',
};

/** Rows of a CSV (header row) or JSON-lines file, with their data row number and first line. */
export async function* readRows(
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
  let header: string[] | undefined;
  try {
    for await (const item of parser as AsyncIterable<{
      record: Raw;
      info: { lines: number; columns: Array<{ name: string }> };
    }>) {
      row++;
      const line = prevEnd + 1;
      prevEnd = item.info.lines;
      header = item.info.columns.map((c) => c.name);
      yield { row, line, record: item.record, header };
    }
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    source?.destroy();
    // A stray quote or a ragged row: the rest of the file cannot be read reliably, so the row where
    // the parser stopped is reported (with its line) and reading ends there.
    // The parser's message quotes the cell; only its code is kept (no customer text in errors).
    const reason = `malformed CSV: ${CSV_FAULTS[err.code] ?? err.code}`;
    if (header === undefined)
      throw new ValidationError('The CSV file could not be read', [
        { name: 'file', reason: `line ${err.lines ?? 1}: ${reason}` },
      ]);
    yield { row: row + 1, line: prevEnd + 1, record: { __error: reason }, header };
  }
}

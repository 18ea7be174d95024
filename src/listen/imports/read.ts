// Reading an import file: CSV with a header row, or JSON lines, row by row with line numbers.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import type { ImportOptions } from './types.js';

/** One record as read: column → value. */
export type Raw = Record<string, string | number | boolean | null>;

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

// PostgreSQL COPY text format: escaping, row encoding and streaming rows in large chunks.

import type { Writable } from 'node:stream';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A value as COPY text: null becomes \N; backslash, tab, newline and carriage return are escaped. */
export function copyValue(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value !== 'string') return String(value);
  // Fast path: most values (uuids, timestamps, names) need no escaping.
  if (!/[\\\t\n\r]/.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

const CHUNK_CHARS = 1 << 18;

/**
 * Streams rows into a COPY … FROM STDIN writable, batching lines into ~256 KB chunks so the
 * driver sends few large messages; `onRows` reports progress after each chunk.
 */
export async function copyRows<T>(
  target: Writable,
  rows: Iterable<T>,
  encode: (row: T) => string,
  onRows?: (written: number) => void,
): Promise<void> {
  function* chunks(): Generator<string> {
    let buffer = '';
    let pending = 0;
    for (const row of rows) {
      buffer += encode(row);
      pending++;
      if (buffer.length >= CHUNK_CHARS) {
        yield buffer;
        onRows?.(pending);
        buffer = '';
        pending = 0;
      }
    }
    if (buffer.length > 0) {
      yield buffer;
      onRows?.(pending);
    }
  }
  await pipeline(Readable.from(chunks(), { objectMode: false }), target);
}

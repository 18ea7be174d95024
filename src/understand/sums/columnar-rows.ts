// Feedback rows for the columnar index from COPY text output: the select list both index queries use,
// and a streaming parser (COPY escapes, jsonb text → the values `->>` gives per key). Pure.
import type { IndexRow } from './columnar-index.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SNAPSHOT = /^\d+:\d+:(\d+(,\d+)*)?$/;

/** The columns after the time, as both the text and the binary reads take them. */
const ROW_COLUMNS = `survey_id, touchpoint_id, stage_id,
  journey_id, channel, nps, csat, ces,
  case when rating::numeric = 1 and rating <> 1 then 'inexact' else rating::numeric::text end,
  text is not null, attributes, metadata, contact_id`;

/** The columns read per row, in the order the parser expects; the rating as its exact numeric text. */
export const INDEX_COLUMNS = `floor(extract(epoch from occurred_at) * 1000)::bigint, ${ROW_COLUMNS}`;

/**
 * The same for the binary COPY (columnar-load.ts): the time as the timestamptz itself (its 8 bytes of
 * microseconds, rounded down to the ms by the loader as `floor(extract(epoch …) * 1000)` does here,
 * without the server's numeric arithmetic).
 */
export const INDEX_COLUMNS_BINARY = `occurred_at, ${ROW_COLUMNS}`;

/** An organisation id checked as a UUID (COPY takes no parameters, so values are written into the text). */
export function literalUuid(id: string): string {
  if (!UUID.test(id)) throw new Error('not a UUID');
  return `'${id}'`;
}

/** A pg_snapshot text checked for its form. */
export function literalSnapshot(s: string): string {
  if (!SNAPSHOT.test(s)) throw new Error('not a snapshot');
  return `'${s}'::pg_snapshot`;
}

/**
 * SQL: `col` (an xid8 column) names a transaction not visible in snapshot `s`, that is at or after its
 * xmax or in progress then (its xip), as literals the planner sees. The same rows as `col >=
 * pg_snapshot_xmin(s) and not pg_visible_in_snapshot(col, s)`, read by index ranges from xmax and the
 * xip values: one long transaction anywhere holds xmin back, and every row changed since it then falls
 * in the range from xmin (the whole table, planned as a scan).
 */
export function changedSince(col: string, s: string): string {
  if (!SNAPSHOT.test(s)) throw new Error('not a snapshot');
  const [, xmax, xip] = s.split(':');
  const inProgress = xip
    ? ` or ${col} in (${xip
        .split(',')
        .map((x) => `'${x}'::xid8`)
        .join(', ')})`
    : '';
  return `(${col} >= '${xmax}'::xid8${inProgress})`;
}

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** A COPY text field without its escapes. */
export function copyUnescape(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\(.)/g, (_, c: string) => ESCAPES[c] ?? c);
}

/** End of the JSON string starting at s[i] === '"' (index after the closing quote). */
function stringEnd(s: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const c = s.charCodeAt(j);
    if (c === 92) j += 2;
    else if (c === 34) return j + 1;
    else if (Number.isNaN(c)) return s.length;
    else j++;
  }
}

/** End of the JSON value starting at s[i]. */
function valueEnd(s: string, i: number): number {
  const c = s[i];
  if (c === '"') return stringEnd(s, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    let j = i;
    while (j < s.length) {
      const d = s[j];
      if (d === '"') {
        j = stringEnd(s, j);
        continue;
      }
      if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    return j;
  }
  let j = i;
  while (j < s.length && s[j] !== ',' && s[j] !== '}' && s[j] !== ' ') j++;
  return j;
}

const jsonString = (raw: string) => (raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1));

/** Each top-level key of a jsonb object's text with its value's jsonb text as written. */
function eachJsonbEntry(s: string, visit: (key: string, raw: string) => void): void {
  if (s.charCodeAt(0) !== 123 || s.length <= 2) return;
  let i = 1;
  while (i < s.length) {
    while (s[i] === ' ' || s[i] === ',') i++;
    if (s[i] !== '"') return;
    const keyEnd = stringEnd(s, i);
    const key = jsonString(s.slice(i, keyEnd));
    i = keyEnd;
    while (s[i] === ' ' || s[i] === ':') i++;
    const end = valueEnd(s, i);
    visit(key, s.slice(i, end));
    i = end;
  }
}

/**
 * The top-level keys of a jsonb object's text and each value as `->>` returns it: strings unquoted,
 * numbers, booleans and nested values as jsonb writes them; nulls (which `->>` returns as NULL) left out.
 */
export function jsonbEntries(s: string, prefix: string, out: Array<readonly [string, string]>): void {
  eachJsonbEntry(s, (key, raw) => {
    if (raw !== 'null') out.push([`${prefix}${key}`, raw.startsWith('"') ? jsonString(raw) : raw]);
  });
}

/** The top-level keys of a jsonb object's text with each value's jsonb text as written (nulls kept). */
export function jsonbRawEntries(s: string, out: Array<readonly [string, string]>): void {
  eachJsonbEntry(s, (key, raw) => {
    out.push([key, raw]);
  });
}

const id = (s: string) => (s === '\\N' ? null : s);
const small = (s: string) => (s === '\\N' ? null : Number(s));

/** One COPY text line of INDEX_COLUMNS as a row. */
export function parseLine(line: string): IndexRow {
  const f = line.split('\t');
  const segments: Array<readonly [string, string]> = [];
  jsonbEntries(copyUnescape(f[11] as string), 'attr.', segments);
  jsonbEntries(copyUnescape(f[12] as string), 'meta.', segments);
  return {
    at: Number(f[0]),
    survey: id(f[1] as string),
    touchpoint: id(f[2] as string),
    stage: id(f[3] as string),
    journey: id(f[4] as string),
    channel: copyUnescape(f[5] as string),
    nps: small(f[6] as string),
    csat: small(f[7] as string),
    ces: small(f[8] as string),
    rating: f[9] === '\\N' ? null : (f[9] as string),
    hasText: f[10] === 't',
    segments,
    contact: id(f[13] ?? '\\N'),
  };
}

/**
 * Splits a COPY text stream into lines (UTF-8 decoded on whole lines: a chunk may end inside a
 * character), parses each and hands the row on. Shared by the in-memory stores' readers.
 */
export class CopyLines<R = IndexRow> {
  private rest: Buffer = Buffer.alloc(0);
  constructor(
    private readonly parse: (line: string) => R,
    private readonly onRow: (r: R) => void,
  ) {}

  push(chunk: Buffer): void {
    const buf = this.rest.length > 0 ? Buffer.concat([this.rest, chunk]) : chunk;
    const last = buf.lastIndexOf(10);
    if (last < 0) {
      this.rest = buf;
      return;
    }
    const text = buf.toString('utf8', 0, last);
    this.rest = buf.subarray(last + 1);
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      this.onRow(this.parse(nl < 0 ? text.slice(from) : text.slice(from, nl)));
      if (nl < 0) break;
      from = nl + 1;
    }
  }

  /** The last line when the stream did not end with a newline (COPY ends every line with one). */
  end(): void {
    if (this.rest.length > 0) this.onRow(this.parse(this.rest.toString('utf8')));
    this.rest = Buffer.alloc(0);
  }
}

/**
 * Whether every transaction visible in snapshot `older` is visible in `newer` (both 'xmin:xmax:xip,…'
 * texts). A catch-up read on a replica that lags behind the snapshot the index was read in is not.
 */
export function snapshotCovers(newer: string, older: string): boolean {
  const parse = (s: string) => {
    const [xmin = '0', xmax = '0', xip = ''] = s.split(':');
    return { xmin: BigInt(xmin), xmax: BigInt(xmax), xip: xip ? xip.split(',').map(BigInt) : [] };
  };
  const n = parse(newer);
  const o = parse(older);
  if (n.xmax < o.xmax) return false;
  const inFlightBefore = new Set(o.xip);
  return n.xip.every((x) => x >= o.xmax || inFlightBefore.has(x));
}

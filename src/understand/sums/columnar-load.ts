// The columnar index's full load from the binary COPY of INDEX_COLUMNS_BINARY: each row's fields read
// from the bytes and written into the index's columns, with no string per row or field. Dictionary codes
// are found by the field's bytes (a cache of each column's codes, kept only while loading); a value seen
// for the first time, and anything out of the common forms (JSON escapes, nested jsonb, odd decimals),
// goes through the conversions `parseLine` applies to the same row's text, so the index is the one
// `append(parseLine(line))` builds. Pure.
import { type CodeColumn, type ColumnarIndex, ENTITY_COLUMNS, NONE } from './columnar-index.js';
import { RATING_DECIMALS } from './columnar-presums.js';
import { jsonbEntries } from './columnar-rows.js';

const SPACE = 32;
const QUOTE = 34;
const COMMA = 44;
const DOT = 46;
const COLON = 58;
const BACKSLASH = 92;
const BRACE = 123;
const CLOSE_BRACE = 125;
const BRACKET = 91;
/** The binary COPY's signature, then a flags word and the length of a header extension. */
const SIGNATURE = [80, 71, 67, 79, 80, 89, 10, 255, 13, 10, 0];
const HEADER = SIGNATURE.length + 8;
/** Fields of INDEX_COLUMNS_BINARY; a row of 13 (no contact) reads as parseLine reads it. */
const FIELDS = 14;

/** Byte strings → codes by open addressing: a load's cache of a dictionary's codes. */
export class ByteCodes {
  private pool = new Uint8Array(1024);
  private used = 0;
  /** Per entry: start and end in the pool, and the code. */
  private entries = new Int32Array(3 * 16);
  private count = 0;
  /** Entry + 1 per slot (0: empty); at most half full. */
  private slots = new Int32Array(32);
  /** The slot the last `get` ended on (where `set` puts a value that was missing). */
  private slot = 0;

  /** The code of the bytes buf[start, end), or -1 when not cached (`set` may follow at once). */
  get(buf: Uint8Array, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    const len = end - start;
    let s = (hash ^ (hash >>> 15)) & mask;
    for (;;) {
      const e = this.slots[s] as number;
      if (e === 0) {
        this.slot = s;
        return -1;
      }
      const o = 3 * (e - 1);
      const from = this.entries[o] as number;
      if ((this.entries[o + 1] as number) - from === len) {
        let k = 0;
        while (k < len && this.pool[from + k] === buf[start + k]) k++;
        if (k === len) return this.entries[o + 2] as number;
      }
      s = (s + 1) & mask;
    }
  }

  /** Cache the code of buf[start, end), right after a `get` of them that missed. */
  set(buf: Uint8Array, start: number, end: number, hash: number, code: number): void {
    const len = end - start;
    if (this.used + len > this.pool.length) {
      const next = new Uint8Array(Math.max(2 * this.pool.length, this.used + len));
      next.set(this.pool);
      this.pool = next;
    }
    this.pool.set(buf.subarray(start, end), this.used);
    if (3 * (this.count + 1) > this.entries.length) {
      const next = new Int32Array(2 * this.entries.length);
      next.set(this.entries);
      this.entries = next;
    }
    const o = 3 * this.count++;
    this.entries[o] = this.used;
    this.entries[o + 1] = this.used + len;
    this.entries[o + 2] = code;
    this.used += len;
    if (2 * this.count > this.slots.length) {
      this.rehash();
      this.get(buf, start, end, hash);
    }
    this.slots[this.slot] = this.count;
  }

  private rehash(): void {
    const old = this.entries;
    const n = this.count - 1; // the entry being added goes in after
    this.slots = new Int32Array(2 * this.slots.length);
    const mask = this.slots.length - 1;
    for (let e = 0; e < n; e++) {
      const h = hashBytes(this.pool, old[3 * e] as number, old[3 * e + 1] as number);
      let s = (h ^ (h >>> 15)) & mask;
      while (this.slots[s] !== 0) s = (s + 1) & mask;
      this.slots[s] = e + 1;
    }
  }
}

/** FNV-1a of buf[start, end). */
export function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let k = start; k < end; k++) h = Math.imul(h ^ (buf[k] as number), 0x01000193);
  return h >>> 0;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const int32 = (b: Uint8Array, p: number) =>
  ((b[p] as number) << 24) |
  ((b[p + 1] as number) << 16) |
  ((b[p + 2] as number) << 8) |
  (b[p + 3] as number);
const HEX = '0123456789abcdef';
/** 2000-01-01 (PostgreSQL's epoch of timestamps) in Unix ms. */
const PG_EPOCH_MS = 946_684_800_000;

/**
 * A timestamptz's microseconds since 2000 (high and low words) as `floor(extract(epoch from t) * 1000)`
 * gives it (then read as a Number): exact integer arithmetic in doubles within 2^53 µs (285 years of
 * 2000), BigInt beyond; ±infinity fails as that bigint cast fails.
 */
export function epochMs(hi: number, lo: number): number {
  if (hi >= -0x200000 && hi < 0x200000) {
    const us = hi * 4294967296 + lo;
    const rem = us % 1000;
    return (us - rem) / 1000 - (rem < 0 ? 1 : 0) + PG_EPOCH_MS;
  }
  const us = (BigInt(hi) << 32n) | BigInt(lo);
  if (us === 2n ** 63n - 1n || us === -(2n ** 63n)) throw new Error('an infinite occurred_at has no epoch');
  const ms = us / 1000n - (us % 1000n < 0n ? 1n : 0n);
  return Number(ms + BigInt(PG_EPOCH_MS));
}

/** The 16 bytes of a uuid as PostgreSQL writes its text. */
function uuidText(b: Uint8Array, p: number): string {
  let out = '';
  for (let k = 0; k < 16; k++) {
    if (k === 4 || k === 6 || k === 8 || k === 10) out += '-';
    const c = b[p + k] as number;
    out += (HEX[c >> 4] as string) + (HEX[c & 15] as string);
  }
  return out;
}

/** A segment column and the cache of its codes. */
interface Segment {
  col: CodeColumn;
  codes: ByteCodes;
}

/**
 * Reads the binary COPY (`format binary`) of INDEX_COLUMNS_BINARY chunk by chunk into an index (a row
 * split across chunks is joined first). Rows past `maxRows` are left out and `over` set. NULLs read as
 * parseLine reads `\N`: no value, except in `channel`, where its text unescapes to 'N' (the column is
 * NOT NULL).
 */
export class IndexLoader {
  /** Whether rows were left out because the index held `maxRows`. */
  over = false;
  private rest: Uint8Array | null = null;
  private header = true;
  private ended = false;
  private readonly entityCodes = ENTITY_COLUMNS.map(() => new ByteCodes());
  /** Key bytes → position in `segmentList`, for attributes and for metadata. */
  private readonly keyCodes = [new ByteCodes(), new ByteCodes()];
  private readonly segmentList: Segment[] = [];
  private readonly segmentOf = new Map<CodeColumn, number>();
  private readonly entities: CodeColumn[];
  /** Start and length (-1: NULL) of each field of the row being read. */
  private readonly starts = new Int32Array(FIELDS);
  private readonly lens = new Int32Array(FIELDS);

  constructor(
    private readonly ix: ColumnarIndex,
    private readonly maxRows = Number.POSITIVE_INFINITY,
  ) {
    this.entities = ENTITY_COLUMNS.map((k) => ix.entities[k]);
  }

  push(chunk: Buffer): void {
    let buf: Uint8Array = chunk;
    if (this.rest) {
      buf = new Uint8Array(this.rest.length + chunk.length);
      buf.set(this.rest);
      buf.set(chunk, this.rest.length);
      this.rest = null;
    }
    let p = 0;
    if (this.header) {
      if (SIGNATURE.some((c, k) => k < buf.length && buf[k] !== c)) throw new Error('not a binary COPY');
      if (buf.length < HEADER || buf.length < HEADER + int32(buf, HEADER - 4)) {
        this.rest = buf.slice();
        return;
      }
      p = HEADER + int32(buf, HEADER - 4);
      this.header = false;
    }
    while (!this.ended) {
      const next = this.row(buf, p);
      if (next < 0) break;
      p = next;
    }
    // A copy: a view would keep the whole chunk.
    if (!this.ended && p < buf.length) this.rest = buf.slice(p);
  }

  /** After the last chunk: a row left incomplete is an error. */
  end(): void {
    if (this.rest && !this.over) throw new Error('binary COPY ended inside a row');
    this.rest = null;
  }

  /** The row at `p` into the index: the position after it, or -1 when `buf` does not hold all of it. */
  private row(buf: Uint8Array, p: number): number {
    if (p + 2 > buf.length) return -1;
    const n = ((buf[p] as number) << 8) | (buf[p + 1] as number);
    if (n === 0xffff) {
      this.ended = true;
      return buf.length;
    }
    if (n < FIELDS - 1) throw new Error('COPY row with too few fields');
    let q = p + 2;
    const { starts, lens } = this;
    lens[FIELDS - 1] = -1;
    for (let f = 0; f < n; f++) {
      if (q + 4 > buf.length) return -1;
      const len = int32(buf, q);
      q += 4;
      if (f < FIELDS) {
        starts[f] = q;
        lens[f] = len;
      }
      if (len > 0) q += len;
    }
    if (q > buf.length) return -1;
    if (this.over || this.ix.length >= this.maxRows) this.over = true;
    else this.fields(buf);
    return q;
  }

  private fields(buf: Uint8Array): void {
    const { ix, starts, lens } = this;
    const i = ix.openRow();
    ix.at[i] =
      lens[0] === 8
        ? epochMs(int32(buf, starts[0] as number), int32(buf, (starts[0] as number) + 4) >>> 0)
        : Number.NaN;
    for (let k = 0; k < 5; k++) {
      const col = this.entities[k] as CodeColumn;
      const code = this.code(buf, starts[k + 1] as number, lens[k + 1] as number, k, col);
      col.data[i] = code;
    }
    ix.nps[i] = this.small(buf, 6);
    ix.csat[i] = this.small(buf, 7);
    ix.ces[i] = this.small(buf, 8);
    ix.rating[i] = this.rating(buf, starts[9] as number, lens[9] as number);
    ix.hasText[i] = lens[10] === 1 && buf[starts[10] as number] === 1 ? 1 : 0;
    this.segments(buf, i, 11, 0);
    this.segments(buf, i, 12, 1);
    // The code first: a new contact may widen the column, replacing `data`.
    const contact = lens[13] === 16 ? ix.contact.encodeRaw(buf, starts[13] as number) : 0;
    ix.contact.data[i] = contact;
    ix.closeRow();
  }

  private text(buf: Uint8Array, start: number, end: number): string {
    return Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('utf8');
  }

  /** A smallint score (NONE for NULL). */
  private small(buf: Uint8Array, f: number): number {
    if (this.lens[f] !== 2) return NONE;
    const s = this.starts[f] as number;
    return ((((buf[s] as number) << 8) | (buf[s + 1] as number)) << 16) >> 16;
  }

  /** The rating in units (-1 for NULL); plain decimals read directly, anything else as `ratingUnits`. */
  private rating(buf: Uint8Array, start: number, len: number): number {
    if (len < 0) return -1;
    const end = start + len;
    let k = start;
    let whole = 0;
    while (k < end && isDigit(buf[k] as number)) whole = whole * 10 + ((buf[k++] as number) - 48);
    if (k > start && k - start <= 6) {
      let units = whole * 10 ** RATING_DECIMALS;
      if (k < end && buf[k] === DOT) {
        const f = ++k;
        let frac = 0;
        while (k < end && isDigit(buf[k] as number)) frac = frac * 10 + ((buf[k++] as number) - 48);
        units = k > f && k - f <= RATING_DECIMALS ? units + frac * 10 ** (RATING_DECIMALS - (k - f)) : -2;
      }
      if (units !== -2 && k === end) return units;
    }
    return this.ix.ratingUnits(this.text(buf, start, end));
  }

  /** An entity field's code (k 0–3: uuids, 4: the channel's text): cached by its bytes. */
  private code(buf: Uint8Array, start: number, len: number, k: number, col: CodeColumn): number {
    if (len < 0) return col.encode(k === 4 ? 'N' : null);
    const end = start + len;
    const codes = this.entityCodes[k] as ByteCodes;
    const h = hashBytes(buf, start, end);
    let code = codes.get(buf, start, end, h);
    if (code < 0) {
      code = col.encode(k === 4 ? this.text(buf, start, end) : uuidText(buf, start));
      codes.set(buf, start, end, h, code);
    }
    return code;
  }

  /**
   * A jsonb field's keys and values into the row's segment columns (`which` 0: attributes, 1:
   * metadata). Flat objects of strings and scalars without escapes are read from the bytes; any other
   * through `jsonbEntries` (entries already written are written again with the same codes).
   */
  private segments(buf: Uint8Array, i: number, f: number, which: 0 | 1): void {
    const len = this.lens[f] as number;
    if (len < 1) return;
    // The jsonb's version byte, then its text.
    const start = (this.starts[f] as number) + 1;
    const end = start + len - 1;
    if (!this.flatSegments(buf, i, start, end, which)) {
      const out: Array<readonly [string, string]> = [];
      jsonbEntries(this.text(buf, start, end), which === 0 ? 'attr.' : 'meta.', out);
      for (const [key, value] of out) this.ix.setSegment(i, key, value);
    }
  }

  /** The jsonb text buf[start, end) when it is a flat object without escapes (else false). */
  private flatSegments(buf: Uint8Array, i: number, start: number, end: number, which: 0 | 1): boolean {
    let k = start;
    if (buf[k] !== BRACE) return true;
    k++;
    for (;;) {
      while (k < end && (buf[k] === SPACE || buf[k] === COMMA)) k++;
      if (k >= end || buf[k] !== QUOTE) return true;
      const keyStart = ++k;
      let keyHash = 0x811c9dc5;
      let c = buf[k] as number;
      while (k < end && c !== QUOTE && c !== BACKSLASH) {
        keyHash = Math.imul(keyHash ^ c, 0x01000193);
        c = buf[++k] as number;
      }
      if (k >= end || c !== QUOTE) return false;
      const keyEnd = k++;
      while (k < end && (buf[k] === SPACE || buf[k] === COLON)) k++;
      if (k >= end) return false;
      c = buf[k] as number;
      if (c === BRACE || c === BRACKET) return false;
      const quoted = c === QUOTE;
      if (quoted) k++;
      const valueStart = k;
      let h = 0x811c9dc5;
      c = buf[k] as number;
      while (
        k < end &&
        c !== BACKSLASH &&
        (quoted ? c !== QUOTE : c !== COMMA && c !== CLOSE_BRACE && c !== SPACE)
      ) {
        h = Math.imul(h ^ c, 0x01000193);
        c = buf[++k] as number;
      }
      if (c === BACKSLASH || (quoted && (k >= end || c !== QUOTE))) return false;
      const valueEnd = k;
      if (quoted) k++;
      // A JSON null: `->>` gives NULL, so no entry (and no column for the key).
      else if (
        valueEnd - valueStart === 4 &&
        buf[valueStart] === 110 &&
        buf[valueStart + 1] === 117 &&
        buf[valueStart + 2] === 108 &&
        buf[valueStart + 3] === 108
      )
        continue;
      const segment = this.segment(buf, keyStart, keyEnd, keyHash >>> 0, which);
      let code = segment.codes.get(buf, valueStart, valueEnd, h >>> 0);
      if (code < 0) {
        code = segment.col.encode(this.text(buf, valueStart, valueEnd));
        segment.codes.set(buf, valueStart, valueEnd, h >>> 0, code);
      }
      segment.col.data[i] = code;
    }
  }

  /** The segment column of the key bytes buf[start, end). */
  private segment(buf: Uint8Array, start: number, end: number, hash: number, which: 0 | 1): Segment {
    const keys = this.keyCodes[which] as ByteCodes;
    let n = keys.get(buf, start, end, hash);
    if (n < 0) {
      const col = this.ix.segmentColumn(`${which === 0 ? 'attr.' : 'meta.'}${this.text(buf, start, end)}`);
      n = this.segmentOf.get(col) ?? -1;
      if (n < 0) {
        n = this.segmentList.push({ col, codes: new ByteCodes() }) - 1;
        this.segmentOf.set(col, n);
      }
      keys.set(buf, start, end, hash, n);
    }
    return this.segmentList[n] as Segment;
  }
}

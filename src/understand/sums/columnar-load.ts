// The columnar index's load from the bytes of the COPY text of INDEX_COLUMNS: each line's fields read
// in one pass over the bytes and written into the index's columns, with no string per line or field.
// Dictionary codes are found by the field's bytes (a cache of each column's codes by the text COPY
// writes, kept only while loading); a value seen for the first time, and anything out of the common
// forms (escapes, nested jsonb, odd numbers), goes through the same conversions as `parseLine`, so the
// index is the one `append(parseLine(line))` builds. Pure.
import { type CodeColumn, type ColumnarIndex, ENTITY_COLUMNS, NONE } from './columnar-index.js';
import { RATING_DECIMALS } from './columnar-presums.js';
import { copyUnescape, jsonbEntries } from './columnar-rows.js';

const TAB = 9;
const NL = 10;
const SPACE = 32;
const QUOTE = 34;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const COLON = 58;
const BACKSLASH = 92;
const BRACE = 123;
const CLOSE_BRACE = 125;
const BRACKET = 91;

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

const id = (s: string) => (s === '\\N' ? null : s);
const isDigit = (c: number) => c >= 48 && c <= 57;

/** A segment column and the cache of its codes. */
interface Segment {
  col: CodeColumn;
  codes: ByteCodes;
}

/**
 * Reads COPY text of INDEX_COLUMNS chunk by chunk into an index (a line split across chunks is joined
 * first; a multi-byte character is only ever decoded within a whole line). Rows past `maxRows` are left
 * out and `over` set. A line with fewer than 13 fields throws.
 */
export class IndexLoader {
  /** Whether rows were left out because the index held `maxRows`. */
  over = false;
  private rest: Uint8Array | null = null;
  private readonly entityCodes = ENTITY_COLUMNS.map(() => new ByteCodes());
  /** Key bytes → position in `segmentList`, for attributes and for metadata. */
  private readonly keyCodes = [new ByteCodes(), new ByteCodes()];
  private readonly segmentList: Segment[] = [];
  private readonly segmentOf = new Map<CodeColumn, number>();
  private readonly entities: CodeColumn[];
  /** Where the next field starts in the line being read. */
  private p = 0;
  /** Whether the line being read ended before its contact field. */
  private noContact = false;

  constructor(
    private readonly ix: ColumnarIndex,
    private readonly maxRows = Number.POSITIVE_INFINITY,
  ) {
    this.entities = ENTITY_COLUMNS.map((k) => ix.entities[k]);
  }

  push(chunk: Buffer): void {
    let from = 0;
    if (this.rest) {
      const nl = chunk.indexOf(NL);
      const joined = new Uint8Array(this.rest.length + (nl < 0 ? chunk.length : nl + 1));
      joined.set(this.rest);
      joined.set(chunk.subarray(0, nl < 0 ? chunk.length : nl + 1), this.rest.length);
      if (nl < 0) {
        this.rest = joined;
        return;
      }
      this.rest = null;
      this.lines(joined, 0, joined.length);
      from = nl + 1;
    }
    // PostgreSQL sends a COPY row per message: most chunks are one whole line.
    const last = chunk[chunk.length - 1] === NL ? chunk.length - 1 : chunk.lastIndexOf(NL);
    if (last >= from) this.lines(chunk, from, last + 1);
    // A copy: a view would keep the whole chunk.
    if (Math.max(last + 1, from) < chunk.length) this.rest = chunk.slice(Math.max(last + 1, from));
  }

  /** The last line when the stream did not end with a newline (COPY ends every line with one). */
  end(): void {
    const rest = this.rest;
    this.rest = null;
    if (!rest) return;
    const line = new Uint8Array(rest.length + 1);
    line.set(rest);
    line[rest.length] = NL;
    this.lines(line, 0, line.length);
  }

  /** Whole lines, each ending with a newline, in buf[from, end). */
  private lines(buf: Uint8Array, from: number, end: number): void {
    this.p = from;
    while (this.p < end) {
      if (this.over || this.ix.length >= this.maxRows) {
        this.over = true;
        return;
      }
      this.line(buf);
    }
  }

  /** The line at `p` into a new row; `p` ends after its newline. */
  private line(buf: Uint8Array): void {
    const ix = this.ix;
    const i = ix.openRow();
    ix.at[i] = this.integer(buf);
    for (let k = 0; k < 5; k++) {
      const col = this.entities[k] as CodeColumn;
      const code = this.code(buf, this.entityCodes[k] as ByteCodes, col, k === 4);
      col.data[i] = code;
    }
    ix.nps[i] = this.small(buf);
    ix.csat[i] = this.small(buf);
    ix.ces[i] = this.small(buf);
    ix.rating[i] = this.rating(buf);
    const t = this.p;
    ix.hasText[i] = buf[t] === 116 && buf[t + 1] === TAB ? 1 : 0;
    this.skip(buf);
    this.segments(buf, i, 0);
    this.segments(buf, i, 1);
    // The code first: a new contact may widen the column, replacing `data`.
    const contact = this.contact(buf);
    ix.contact.data[i] = contact;
    ix.closeRow();
  }

  /** End of the field starting at `from` (its tab or newline); throws at a line's end before field 14. */
  private fieldEnd(buf: Uint8Array, from: number): number {
    let e = from;
    for (;;) {
      const c = buf[e];
      if (c === TAB || c === NL) return e;
      if (c === undefined) throw new Error('COPY line without its newline');
      e++;
    }
  }

  /** Past the current field and its tab; a newline there means the line has too few fields. */
  private next(buf: Uint8Array, end: number): void {
    if (buf[end] !== TAB) throw new Error('COPY line with too few fields');
    this.p = end + 1;
  }

  private skip(buf: Uint8Array): void {
    this.next(buf, this.fieldEnd(buf, this.p));
  }

  private text(buf: Uint8Array, start: number, end: number): string {
    return Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('utf8');
  }

  /** An integer field as `Number` reads its text (digits read directly up to 15 of them). */
  private integer(buf: Uint8Array): number {
    const start = this.p;
    let k = start;
    const negative = buf[k] === MINUS;
    if (negative) k++;
    let n = 0;
    while (isDigit(buf[k] as number)) n = n * 10 + ((buf[k++] as number) - 48);
    const digits = k - start - (negative ? 1 : 0);
    if (buf[k] === TAB && digits > 0 && digits <= 15) {
      this.next(buf, k);
      return negative ? -n : n;
    }
    const end = this.fieldEnd(buf, start);
    this.next(buf, end);
    return Number(this.text(buf, start, end));
  }

  /** A smallint score: NONE for NULL, else as `Number` reads it. */
  private small(buf: Uint8Array): number {
    if (buf[this.p] === BACKSLASH && buf[this.p + 1] === 78 && buf[this.p + 2] === TAB) {
      this.p += 3;
      return NONE;
    }
    return this.integer(buf);
  }

  /** The rating in units (-1 for NULL); plain decimals read directly, anything else as `ratingUnits`. */
  private rating(buf: Uint8Array): number {
    const start = this.p;
    if (buf[start] === BACKSLASH && buf[start + 1] === 78 && buf[start + 2] === TAB) {
      this.p += 3;
      return -1;
    }
    let k = start;
    let whole = 0;
    while (isDigit(buf[k] as number)) whole = whole * 10 + ((buf[k++] as number) - 48);
    if (k > start && k - start <= 6) {
      let units = whole * 10 ** RATING_DECIMALS;
      if (buf[k] === DOT) {
        const f = ++k;
        let frac = 0;
        while (isDigit(buf[k] as number)) frac = frac * 10 + ((buf[k++] as number) - 48);
        units = k > f && k - f <= RATING_DECIMALS ? units + frac * 10 ** (RATING_DECIMALS - (k - f)) : -2;
      }
      if (units !== -2 && buf[k] === TAB) {
        this.next(buf, k);
        return units;
      }
    }
    const end = this.fieldEnd(buf, start);
    this.next(buf, end);
    return this.ix.ratingUnits(this.text(buf, start, end));
  }

  /** A dictionary field's code: cached by its bytes, else encoded from its text as parseLine reads it. */
  private code(buf: Uint8Array, codes: ByteCodes, col: CodeColumn, escaped: boolean): number {
    const start = this.p;
    let h = 0x811c9dc5;
    let e = start;
    for (;;) {
      const c = buf[e] as number;
      if (c === TAB || c === NL || c === undefined) break;
      h = Math.imul(h ^ c, 0x01000193);
      e++;
    }
    h >>>= 0;
    this.next(buf, e);
    let code = codes.get(buf, start, e, h);
    if (code < 0) {
      const text = this.text(buf, start, e);
      code = col.encode(escaped ? copyUnescape(text) : id(text));
      codes.set(buf, start, e, h, code);
    }
    return code;
  }

  /** The contact (the 14th field, absent counting as NULL) as its code; `p` ends past the line. */
  private contact(buf: Uint8Array): number {
    if (this.noContact) {
      this.noContact = false;
      return 0;
    }
    const start = this.p;
    const end = this.fieldEnd(buf, start);
    this.p = buf[end] === NL ? end + 1 : buf.indexOf(NL, end) + 1;
    const ix = this.ix;
    if (end - start === 2 && buf[start] === BACKSLASH && buf[start + 1] === 78) return 0;
    const code = end - start === 36 ? ix.contact.encodeBytes(buf, start) : -1;
    return code >= 0 ? code : ix.contact.encode(id(this.text(buf, start, end)));
  }

  /**
   * A jsonb field's keys and values into the row's segment columns (`which` 0: attributes, 1:
   * metadata). Flat objects of strings and scalars without escapes are read from the bytes; any other
   * field through `jsonbEntries` (entries already written are written again with the same codes).
   */
  private segments(buf: Uint8Array, i: number, which: 0 | 1): void {
    const start = this.p;
    if (!this.flatSegments(buf, i, which)) this.slowSegments(buf, i, which, start);
  }

  /** The field at `p` when it is a flat object without escapes (else false, `p` left where it was). */
  private flatSegments(buf: Uint8Array, i: number, which: 0 | 1): boolean {
    const start = this.p;
    let k = start;
    if (buf[k] === BRACE) {
      k++;
      for (;;) {
        while (buf[k] === SPACE || buf[k] === COMMA) k++;
        if (buf[k] !== QUOTE) break;
        const keyStart = ++k;
        let keyHash = 0x811c9dc5;
        let c = buf[k] as number;
        while (c !== QUOTE && c !== BACKSLASH && c !== TAB && c !== NL && c !== undefined) {
          keyHash = Math.imul(keyHash ^ c, 0x01000193);
          c = buf[++k] as number;
        }
        if (c !== QUOTE) return false;
        const keyEnd = k++;
        while (buf[k] === SPACE || buf[k] === COLON) k++;
        c = buf[k] as number;
        if (c === BRACE || c === BRACKET || c === BACKSLASH) return false;
        const quoted = c === QUOTE;
        if (quoted) k++;
        const valueStart = k;
        let h = 0x811c9dc5;
        c = buf[k] as number;
        while (
          quoted
            ? c !== QUOTE && c !== BACKSLASH && c !== TAB && c !== NL && c !== undefined
            : c !== COMMA &&
              c !== CLOSE_BRACE &&
              c !== SPACE &&
              c !== BACKSLASH &&
              c !== TAB &&
              c !== NL &&
              c !== undefined
        ) {
          h = Math.imul(h ^ c, 0x01000193);
          c = buf[++k] as number;
        }
        if (c === BACKSLASH || (quoted && c !== QUOTE)) return false;
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
    for (;;) {
      const c = buf[k];
      if (c === TAB || c === NL) break;
      if (c === BACKSLASH || c === undefined) return false;
      k++;
    }
    this.fieldDone(buf, k, which);
    return true;
  }

  /**
   * Past a jsonb field ending at `end`: the metadata may end the line (a row without the contact
   * field reads as no contact, as parseLine reads it).
   */
  private fieldDone(buf: Uint8Array, end: number, which: 0 | 1): void {
    if (which === 1 && buf[end] === NL) {
      this.p = end + 1;
      this.noContact = true;
    } else this.next(buf, end);
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

  /** The jsonb field at `start` as parseLine reads it. */
  private slowSegments(buf: Uint8Array, i: number, which: 0 | 1, start: number): void {
    const end = this.fieldEnd(buf, start);
    this.fieldDone(buf, end, which);
    const out: Array<readonly [string, string]> = [];
    jsonbEntries(copyUnescape(this.text(buf, start, end)), which === 0 ? 'attr.' : 'meta.', out);
    for (const [key, value] of out) this.ix.setSegment(i, key, value);
  }
}

// An organisation's contacts held in memory for the segment builder's live count: per contact the
// presence of email, external id and name, and each attribute as a dictionary code of its jsonb value.
// Segment rules are evaluated as SQL evaluates their compiled condition (bitmaps of the contacts for
// which each part is true: contact-bitmaps.ts), from one truth per dictionary value and test (computed
// by PostgreSQL, so the semantics are SQL's exactly). Ids are held as 16 bytes each. Pure.
import type { z } from 'zod';
import { copyUnescape, jsonbRawEntries } from '../../understand/sums/columnar-rows.js';
import { parseUuid, uuidText } from '../../understand/sums/columnar-uuids.js';
import {
  allInto,
  anyInto,
  type Codes,
  constant,
  countTrue,
  fromBits,
  lookup,
  notInPlace,
  trueRows,
  wordsFor,
} from './contact-bitmaps.js';
import type { SegmentRule, SegmentTest } from './rules.js';

type Test = z.infer<typeof SegmentTest>;

/** Presence bits per contact as read (each kept as a bitmap). */
const EMAIL = 1;
const EXTERNAL_ID = 2;
const NAME = 4;
const FIELDS = [EMAIL, EXTERNAL_ID, NAME] as const;

/** One contact as read (COPY text of CONTACT_INDEX_COLUMNS). */
export interface ContactIndexRow {
  id: string;
  present: number;
  /** Each attribute key with its value's jsonb text. */
  attributes: Array<readonly [string, string]>;
}

/** One COPY text line: id, email/external id/name present ('t'/'f'), attributes. */
export function parseContactLine(line: string): ContactIndexRow {
  const f = line.split('\t');
  const attributes: Array<readonly [string, string]> = [];
  jsonbRawEntries(copyUnescape(f[4] as string), attributes);
  return {
    id: f[0] as string,
    present: (f[1] === 't' ? EMAIL : 0) | (f[2] === 't' ? EXTERNAL_ID : 0) | (f[3] === 't' ? NAME : 0),
    attributes,
  };
}

/**
 * An attribute's column: per contact 0 (missing) or 1 + the index of its value in `values`; a byte a
 * contact, widened to 2 past 255 values and to 4 past 65,535.
 */
interface AttributeColumn {
  codes: Codes;
  values: string[];
  byValue: Map<string, number>;
}

/**
 * A string of its own: V8 keeps a cut of 13 characters or more from a longer string as a slice of it, so
 * a value cut from the COPY text would keep its whole chunk of text alive for as long as it is held.
 */
const own = (s: string): string => (s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8'));

/** The tests of a rule set, each once (the same test compiles to the same SQL). */
export function ruleTests(rule: SegmentRule, out: Map<string, Test> = new Map()): Map<string, Test> {
  if ('all' in rule) for (const r of rule.all) ruleTests(r, out);
  else if ('any' in rule) for (const r of rule.any) ruleTests(r, out);
  else if ('not' in rule) ruleTests(rule.not, out);
  else out.set(JSON.stringify(rule), rule as Test);
  return out;
}

/** Whether a test is answered from the index: attribute tests, and the presence of fields. */
export function indexable(t: Test): boolean {
  return t.attribute !== undefined || t.op === 'exists' || t.op === 'not_exists';
}

export class ContactIndex {
  /** Rows loaded (in id order, as read); rows from `loaded` on were added by catch-up. */
  private loaded = 0;
  private capacity = 1024;
  /** Each row's id, four 32-bit words (16 bytes) a row. */
  private ids = new Uint32Array(4 * 1024);
  /** Rows added by catch-up, by id. */
  private readonly added = new Map<string, number>();
  /** Presence of email, external id, name: one bitmap each (FIELDS order). */
  private presence = FIELDS.map(() => new Uint32Array(1024 / 32));
  private readonly columns = new Map<string, AttributeColumn>();
  private readonly scratch = new Uint32Array(4);
  size = 0;

  /** Append a row read in id order (the load); `put` for rows read since. */
  append(r: ContactIndexRow): void {
    const row = this.grow(r.id);
    this.loaded = this.size;
    this.write(row, r);
  }

  /** Insert or replace a contact read by a catch-up. */
  put(r: ContactIndexRow): void {
    const at = this.find(r.id);
    if (at < 0) {
      const row = this.grow(r.id);
      this.added.set(uuidText(this.ids, 4 * row), row);
      this.write(row, r);
      return;
    }
    for (const col of this.columns.values()) col.codes[at] = 0;
    this.write(at, r);
  }

  /** The distinct jsonb values of an attribute (code - 1 → value), or none for an unseen attribute. */
  values(attribute: string): readonly string[] {
    return this.columns.get(attribute)?.values ?? [];
  }

  /**
   * How many contacts the rules select, given each test's truth: for an attribute test one truth per
   * code (index 0: the attribute missing), for a presence test unused. Tests keyed as `ruleTests`.
   */
  count(rule: SegmentRule, truths: ReadonlyMap<string, Uint8Array>): number {
    return this.select(rule, truths, 0).count;
  }

  /** As `count`, with the ids of the first `limit` contacts selected, in id order (uuid order). */
  select(
    rule: SegmentRule,
    truths: ReadonlyMap<string, Uint8Array>,
    limit: number,
  ): { count: number; first: string[] } {
    const t = this.evaluate(rule, truths);
    const count = countTrue(t, this.size);
    if (limit <= 0) return { count, first: [] };
    // Rows loaded are in id order; rows added since are not: merged in.
    const rows = [...trueRows(t, 0, this.loaded, limit), ...trueRows(t, this.loaded, this.size, this.size)];
    const first = rows.map((row) => uuidText(this.ids, 4 * row)).sort();
    return { count, first: first.slice(0, limit) };
  }

  private evaluate(rule: SegmentRule, truths: ReadonlyMap<string, Uint8Array>): Uint32Array {
    const n = this.size;
    const words = wordsFor(n);
    if ('all' in rule || 'any' in rule) {
      const parts = 'all' in rule ? rule.all : rule.any;
      const out = this.evaluate(parts[0] as SegmentRule, truths);
      for (const p of parts.slice(1)) {
        const other = this.evaluate(p, truths);
        if ('all' in rule) allInto(out, other, words);
        else anyInto(out, other, words);
      }
      return out;
    }
    if ('not' in rule) {
      const out = this.evaluate(rule.not, truths);
      notInPlace(out, words);
      return out;
    }
    const t = rule as Test;
    if (t.attribute === undefined) {
      const field = t.field === 'email' ? 0 : t.field === 'externalId' ? 1 : 2;
      return fromBits(this.presence[field] as Uint32Array, t.op !== 'exists', words);
    }
    const table = truths.get(JSON.stringify(t));
    if (!table) throw new Error('no truths for a test');
    const col = this.columns.get(t.attribute);
    if (!col) return constant(table[0] === 2, words);
    return lookup(col.codes, table, n);
  }

  /** The row of an id, or -1. */
  private find(id: string): number {
    const added = this.added.get(id);
    if (added !== undefined) return added;
    const s = this.scratch;
    if (!parseUuid(id, s)) return -1;
    const ids = this.ids;
    let lo = 0;
    let hi = this.loaded - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      let cmp = 0;
      for (let w = 0; w < 4 && cmp === 0; w++) {
        const a = ids[4 * mid + w] as number;
        const b = s[w] as number;
        cmp = a < b ? -1 : a > b ? 1 : 0;
      }
      if (cmp === 0) return mid;
      if (cmp < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** A new row's number, its id written, the arrays grown to hold it. */
  private grow(id: string): number {
    const row = this.size++;
    if (row >= this.capacity) {
      const cap = this.capacity * 2;
      this.capacity = cap;
      const ids = new Uint32Array(4 * cap);
      ids.set(this.ids);
      this.ids = ids;
      this.presence = this.presence.map((p) => {
        const next = new Uint32Array(cap / 32);
        next.set(p);
        return next;
      });
      for (const col of this.columns.values()) {
        const c = new (col.codes.constructor as new (n: number) => Codes)(cap);
        c.set(col.codes);
        col.codes = c;
      }
    }
    if (!parseUuid(id, this.ids, 4 * row)) throw new Error(`not a UUID: ${id}`);
    return row;
  }

  private write(row: number, r: ContactIndexRow): void {
    const w = row >>> 5;
    const bit = 1 << (row & 31);
    FIELDS.forEach((f, i) => {
      const p = this.presence[i] as Uint32Array;
      p[w] = r.present & f ? (p[w] as number) | bit : (p[w] as number) & ~bit;
    });
    for (const [key, value] of r.attributes) {
      let col = this.columns.get(key);
      if (!col) {
        col = { codes: new Uint8Array(this.capacity), values: [], byValue: new Map() };
        this.columns.set(own(key), col);
      }
      let code = col.byValue.get(value);
      if (code === undefined) {
        const kept = own(value);
        col.values.push(kept);
        code = col.values.length;
        col.byValue.set(kept, code);
        if (code === 256) col.codes = Uint16Array.from(col.codes);
        else if (code === 65_536) col.codes = Uint32Array.from(col.codes);
      }
      col.codes[row] = code;
    }
  }
}

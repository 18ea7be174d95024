// An organisation's contacts held in memory for the segment builder's live count: per contact the
// presence of email, external id and name, and each attribute as a dictionary code of its jsonb value.
// Segment rules are evaluated as SQL evaluates their compiled condition (three-valued), from one truth
// per dictionary value and test (computed by PostgreSQL, so the semantics are SQL's exactly). Pure.
import type { z } from 'zod';
import { copyUnescape, jsonbRawEntries } from '../../understand/sums/columnar-rows.js';
import type { SegmentRule, SegmentTest } from './rules.js';

type Test = z.infer<typeof SegmentTest>;

/** Presence bits per contact. */
const EMAIL = 1;
const EXTERNAL_ID = 2;
const NAME = 4;

/** Truth as evaluated: false, unknown (SQL's null), true. `and` is the minimum, `or` the maximum. */
export const FALSE = 0;
export const UNKNOWN = 1;
export const TRUE = 2;

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

/** An attribute's column: per contact 0 (missing) or 1 + the index of its value in `values`. */
interface AttributeColumn {
  codes: Uint32Array;
  values: string[];
  byValue: Map<string, number>;
}

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
  /** Ids of the rows loaded (in id order, as read), then of those added by catch-up. */
  private readonly sortedIds: string[] = [];
  private readonly added = new Map<string, number>();
  /** Ids of the rows added by catch-up, by row number less the rows loaded. */
  private readonly addedIds: string[] = [];
  private present = new Uint8Array(1024);
  private readonly columns = new Map<string, AttributeColumn>();
  size = 0;

  /** Append a row read in id order (the load); `put` for rows read since. */
  append(r: ContactIndexRow): void {
    this.sortedIds.push(r.id);
    this.write(this.grow(), r);
  }

  /** Insert or replace a contact read by a catch-up. */
  put(r: ContactIndexRow): void {
    const at = this.find(r.id);
    if (at < 0) {
      const row = this.grow();
      this.added.set(r.id, row);
      this.addedIds.push(r.id);
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
    const out = this.evaluate(rule, truths);
    const size = this.size;
    let count = 0;
    for (let i = 0; i < size; i++) count += out[i] === TRUE ? 1 : 0;
    const first: string[] = [];
    const loaded = this.sortedIds.length;
    for (let i = 0; i < loaded && first.length < limit; i++)
      if (out[i] === TRUE) first.push(this.sortedIds[i] as string);
    // Rows added since the load are out of order: merged in.
    if (limit > 0)
      for (let i = loaded; i < size; i++)
        if (out[i] === TRUE) first.push(this.addedIds[i - loaded] as string);
    first.sort();
    return { count, first: first.slice(0, limit) };
  }

  private evaluate(rule: SegmentRule, truths: ReadonlyMap<string, Uint8Array>): Uint8Array {
    const n = this.size;
    if ('all' in rule || 'any' in rule) {
      const parts = 'all' in rule ? rule.all : rule.any;
      const out = this.evaluate(parts[0] as SegmentRule, truths);
      for (const p of parts.slice(1)) {
        const other = this.evaluate(p, truths);
        if ('all' in rule) andInto(out, other, n);
        else orInto(out, other, n);
      }
      return out;
    }
    // `not coalesce(x, false)`: true unless x is true.
    if ('not' in rule) return notInPlace(this.evaluate(rule.not, truths), n);
    const t = rule as Test;
    const out = new Uint8Array(n);
    if (t.attribute === undefined) {
      const bit = t.field === 'email' ? EMAIL : t.field === 'externalId' ? EXTERNAL_ID : NAME;
      return presence(out, this.present, bit, t.op === 'exists' ? bit : 0, n);
    }
    const table = truths.get(JSON.stringify(t));
    if (!table) throw new Error('no truths for a test');
    const col = this.columns.get(t.attribute);
    if (!col) return out.fill(table[0] as number);
    return lookup(out, col.codes, table, n);
  }

  private find(id: string): number {
    const added = this.added.get(id);
    if (added !== undefined) return added;
    let lo = 0;
    let hi = this.sortedIds.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.sortedIds[mid] as string;
      if (v === id) return mid;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** A new row's number, the arrays grown to hold it. */
  private grow(): number {
    const row = this.size++;
    if (row >= this.present.length) {
      const cap = this.present.length * 2;
      const p = new Uint8Array(cap);
      p.set(this.present);
      this.present = p;
      for (const col of this.columns.values()) {
        const c = new Uint32Array(cap);
        c.set(col.codes);
        col.codes = c;
      }
    }
    return row;
  }

  private write(row: number, r: ContactIndexRow): void {
    this.present[row] = r.present;
    for (const [key, value] of r.attributes) {
      let col = this.columns.get(key);
      if (!col) {
        col = { codes: new Uint32Array(this.present.length), values: [], byValue: new Map() };
        this.columns.set(key, col);
      }
      let code = col.byValue.get(value);
      if (code === undefined) {
        col.values.push(value);
        code = col.values.length;
        col.byValue.set(value, code);
      }
      col.codes[row] = code;
    }
  }
}

// The loops, each small and monomorphic (typed arrays in locals), so they stay optimised.

function andInto(out: Uint8Array, other: Uint8Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const b = other[i] as number;
    if (b < (out[i] as number)) out[i] = b;
  }
}

function orInto(out: Uint8Array, other: Uint8Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const b = other[i] as number;
    if (b > (out[i] as number)) out[i] = b;
  }
}

function notInPlace(out: Uint8Array, n: number): Uint8Array {
  for (let i = 0; i < n; i++) out[i] = out[i] === TRUE ? FALSE : TRUE;
  return out;
}

function presence(out: Uint8Array, present: Uint8Array, bit: number, want: number, n: number): Uint8Array {
  for (let i = 0; i < n; i++) out[i] = ((present[i] as number) & bit) === want ? TRUE : FALSE;
  return out;
}

function lookup(out: Uint8Array, codes: Uint32Array, table: Uint8Array, n: number): Uint8Array {
  for (let i = 0; i < n; i++) out[i] = table[codes[i] as number] as number;
  return out;
}

// The contact index's bitmaps against a per-contact three-valued evaluation (SQL's and/or/not
// coalesce), on sizes around word boundaries, with rows loaded in id order and rows added by catch-up.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../shared/random.js';
import { ContactIndex, type ContactIndexRow, ruleTests } from './contact-index.js';
import type { SegmentRule } from './rules.js';

const FALSE = 0;
const UNKNOWN = 1;
const TRUE = 2;

const random = mulberry32(7);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
const ATTRS = ['a', 'b', 'c'];
const VALUES = ['1', '2', '"x"', 'null', 'true'];

const uuid = (i: number) => {
  const h = i.toString(16).padStart(32, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};
const row = (id: string): ContactIndexRow => ({
  id,
  present: Math.floor(random() * 8),
  attributes: ATTRS.filter(() => random() < 0.7).map((a) => [a, pick(VALUES)] as const),
});
const test = (): SegmentRule =>
  random() < 0.3
    ? { field: pick(['email', 'externalId', 'name'] as const), op: pick(['exists', 'not_exists'] as const) }
    : { attribute: pick([...ATTRS, 'missing']), op: 'eq', value: pick(['1', '2', 'x']) };
const rule = (depth: number): SegmentRule => {
  const r = random();
  if (depth >= 3 || r < 0.3) return test();
  if (r < 0.45) return { not: rule(depth + 1) };
  const parts = Array.from({ length: 1 + Math.floor(random() * 3) }, () => rule(depth + 1));
  return random() < 0.5 ? { any: parts } : { all: parts };
};

/** One contact's truth, three-valued, with a truth per attribute value drawn for each test. */
function truthOf(
  r: SegmentRule,
  c: ContactIndexRow,
  tables: Map<string, Map<string | null, number>>,
): number {
  if ('all' in r) return Math.min(...r.all.map((p) => truthOf(p, c, tables)));
  if ('any' in r) return Math.max(...r.any.map((p) => truthOf(p, c, tables)));
  if ('not' in r) return truthOf(r.not, c, tables) === TRUE ? FALSE : TRUE;
  if (r.attribute === undefined) {
    const bit = r.field === 'email' ? 1 : r.field === 'externalId' ? 2 : 4;
    return ((c.present & bit) !== 0) === (r.op === 'exists') ? TRUE : FALSE;
  }
  const value = c.attributes.find(([k]) => k === r.attribute)?.[1] ?? null;
  return tables.get(JSON.stringify(r))?.get(value) as number;
}

describe('the contact index bitmaps', () => {
  it('count and select the contacts a per-contact three-valued evaluation selects', () => {
    for (const size of [0, 1, 31, 32, 33, 64, 95, 200, 1100]) {
      const ix = new ContactIndex();
      const contacts = new Map<string, ContactIndexRow>();
      const loaded = Math.floor(size * 0.8);
      for (let i = 0; i < loaded; i++) {
        const r = row(uuid(2 * i + 1));
        ix.append(r);
        contacts.set(r.id, r);
      }
      for (let i = loaded; i < size; i++) {
        // New contacts (ids between those loaded) and changed ones.
        const r = row(random() < 0.5 ? uuid(2 * Math.floor(random() * size)) : uuid(2 * i + 1));
        ix.put(r);
        contacts.set(r.id, r);
      }
      expect(ix.size).toBe(contacts.size);
      for (let k = 0; k < 30; k++) {
        const rules = rule(0);
        const tables = new Map<string, Map<string | null, number>>();
        const truths = new Map<string, Uint8Array>();
        for (const [key, t] of ruleTests(rules)) {
          if (t.attribute === undefined) continue;
          const byValue = new Map<string | null, number>([[null, pick([FALSE, UNKNOWN, TRUE])]]);
          for (const v of ix.values(t.attribute)) byValue.set(v, pick([FALSE, UNKNOWN, TRUE]));
          tables.set(key, byValue);
          truths.set(key, Uint8Array.from([null, ...ix.values(t.attribute)].map((v) => byValue.get(v)!)));
        }
        const selected = [...contacts.values()]
          .filter((c) => truthOf(rules, c, tables) === TRUE)
          .map((c) => c.id)
          .sort();
        const got = ix.select(rules, truths, 20);
        expect(got, JSON.stringify({ size, rules })).toEqual({
          count: selected.length,
          first: selected.slice(0, 20),
        });
      }
    }
  });

  it('widens an attribute column past 255 and 65,535 values, its contacts counted alike', () => {
    const ix = new ContactIndex();
    const rows: ContactIndexRow[] = [];
    for (let i = 0; i < 70_000; i++) {
      const r: ContactIndexRow = { id: uuid(i), present: 0, attributes: [['n', String(i % 66_000)]] };
      ix.append(r);
      rows.push(r);
      // A count at each width: the truth of a value (code - 1) from its number.
      if (i === 200 || i === 300 || i === 60_000 || i === 69_999) {
        const rules: SegmentRule = { attribute: 'n', op: 'eq', value: 'x' };
        const values = ix.values('n');
        const truths = new Map([
          [
            JSON.stringify(rules),
            Uint8Array.from([0, ...values.map((v) => (Number(v) % 7 === 3 ? TRUE : UNKNOWN))]),
          ],
        ]);
        const selected = rows.filter((c) => Number(c.attributes[0]![1]) % 7 === 3).map((c) => c.id);
        expect(ix.select(rules, truths, 3)).toEqual({ count: selected.length, first: selected.slice(0, 3) });
        expect(ix.select({ not: rules }, truths, 0).count).toBe(rows.length - selected.length);
      }
    }
  });
});

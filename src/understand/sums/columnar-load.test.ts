// The byte loader against the row parser: COPY text of rows with NULLs, escapes, unicode, nested and
// null jsonb values, negative and odd numbers, fed in chunks cut everywhere (inside a line, inside a
// multi-byte character), must build the index `append(parseLine(line))` builds, column by column.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mulberry32 as prng } from '../../shared/random.js';
import { type CodeColumn, ColumnarIndex } from './columnar-index.js';
import { ByteCodes, hashBytes, IndexLoader } from './columnar-load.js';
import { parseLine } from './columnar-rows.js';

/** A value as COPY text writes it. */
const copyText = (v: string | null) =>
  v === null
    ? '\\N'
    : v.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c] as string);

/** An object as jsonb writes its text (`{"k": v, ...}`), values given as their JSON text. */
const jsonb = (entries: Array<[string, string]>) =>
  `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(', ')}}`;

const pick = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

/** Random lines of INDEX_COLUMNS' COPY text, with the awkward cases mixed in. */
function lines(n: number, seed: number): string[] {
  const rand = prng(seed);
  const ids = Array.from({ length: 6 }, () => randomUUID());
  const contacts = Array.from({ length: 300 }, () => randomUUID());
  const strings = [
    'basic',
    'pro',
    'é',
    'naïve café',
    '東京',
    '😀 emoji',
    'tab\there',
    'back\\slash',
    'quote"d',
    'a,b}',
    '',
  ];
  const scalars = ['1', '-2.50', 'true', 'false', 'null', '1e3', '{"x": [1, "}"]}', '["a", "b"]'];
  const keys = ['plan', 'region', 'ключ', 'k"q', 'tab\tkey', 'device'];
  const ratings = [
    '0.5',
    '0.333333',
    '1',
    '0',
    '0.1234567',
    '0.12345678',
    '10.25',
    '-0.5',
    'inexact',
    '1.',
    '.5',
  ];
  let at = 1_735_689_600_000;
  const out: string[] = [];
  for (let r = 0; r < n; r++) {
    at += Math.floor(rand() * 5000) - (rand() < 0.05 ? 20_000 : 0);
    const entries = (count: number): Array<[string, string]> => {
      const chosen = new Map<string, string>();
      for (let k = 0; k < count; k++) {
        const value = rand() < 0.7 ? JSON.stringify(pick(rand, strings)) : pick(rand, scalars);
        chosen.set(pick(rand, keys), value);
      }
      return [...chosen];
    };
    const small = () => (rand() < 0.3 ? '\\N' : String(Math.floor(rand() * 11) - (rand() < 0.05 ? 20 : 0)));
    const fields = [
      rand() < 0.02 ? String(-at) : String(at),
      ...[0, 1, 2, 3].map(() => (rand() < 0.2 ? '\\N' : pick(rand, ids))),
      copyText(pick(rand, ['web', 'email', 'w\\eb', 'tab\tchan', 'ünï', ''])),
      small(),
      small(),
      small(),
      rand() < 0.3 ? '\\N' : pick(rand, ratings),
      rand() < 0.5 ? 't' : 'f',
      rand() < 0.05 ? '\\N' : copyText(jsonb(entries(Math.floor(rand() * 4)))),
      copyText(rand() < 0.1 ? '{}' : jsonb(entries(Math.floor(rand() * 2)))),
    ];
    const contact = rand() < 0.2 ? '\\N' : pick(rand, contacts);
    // A line without the contact field reads as no contact; one with more fields ignores them.
    const shape = rand();
    if (shape < 0.9) fields.push(rand() < 0.1 ? contact.toUpperCase() : contact);
    else if (shape < 0.95) fields.push(contact, 'extra');
    out.push(fields.join('\t'));
  }
  return out;
}

/** Every column of an index, for comparing two of them. */
function snapshot(ix: ColumnarIndex) {
  const values = (c: CodeColumn) => ({ values: c.values, data: Array.from(c.data.subarray(0, ix.length)) });
  return {
    length: ix.length,
    sorted: ix.sorted,
    ratingExact: ix.ratingExact,
    at: Array.from(ix.at.subarray(0, ix.length)),
    scores: [ix.nps, ix.csat, ix.ces, ix.rating, ix.hasText].map((a) => Array.from(a.subarray(0, ix.length))),
    entities: Object.entries(ix.entities).map(([k, c]) => [k, values(c)]),
    segments: [...ix.segments].map(([k, c]) => [k, values(c)]),
    contacts: Array.from(ix.contact.data.subarray(0, ix.length)).map((c) => ix.contact.idOf(c)),
    contactCodes: Array.from(ix.contact.data.subarray(0, ix.length)),
    widths: [ix.contact.data, ...Object.values(ix.entities).map((c) => c.data)].map(
      (a) => a.constructor.name,
    ),
  };
}

function byRows(text: string[]): ColumnarIndex {
  const ix = new ColumnarIndex(16);
  for (const line of text) ix.append(parseLine(line));
  return ix;
}

function byBytes(bytes: Buffer, cuts: number[], maxRows?: number): [ColumnarIndex, IndexLoader] {
  const ix = new ColumnarIndex(16);
  const loader = new IndexLoader(ix, maxRows);
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    loader.push(bytes.subarray(from, cut));
    from = cut;
  }
  loader.end();
  return [ix, loader];
}

describe('IndexLoader', () => {
  it('builds the index parseLine and append build, whatever the chunks', () => {
    const text = lines(3000, 7);
    const bytes = Buffer.from(`${text.join('\n')}\n`, 'utf8');
    const expected = snapshot(byRows(text));
    expect(expected.ratingExact).toBe(false);
    expect(expected.segments.length).toBeGreaterThan(6);
    const rand = prng(11);
    for (const cuts of [
      [],
      Array.from({ length: 200 }, () => Math.floor(rand() * bytes.length)).sort((a, b) => a - b),
      Array.from({ length: Math.floor(bytes.length / 7) }, (_, k) => 7 * (k + 1)),
    ])
      expect(snapshot(byBytes(bytes, cuts)[0])).toEqual(expected);
  });

  it('reads a line cut at every byte, inside multi-byte characters too, and one without its newline', () => {
    const text = [
      '1735689600123\t\\N\t\\N\t\\N\t\\N\tw\\\\eb\t9\t\\N\t-3\t0.333333\tt\t{"plan": "a\\\\tb", "city": "Zürich 東京 😀"}\t{}',
      `-5\t${randomUUID()}\t\\N\t\\N\t\\N\tweb\t10\t5\t7\t1\tf\t{"plan": "é", "n": -1.50, "x": null}\t{"device": "😀"}\t${randomUUID()}`,
    ];
    const bytes = Buffer.from(`${text.join('\n')}\n`, 'utf8');
    const expected = snapshot(byRows(text));
    expect(expected.segments.map(([k]) => k)).toEqual(['attr.plan', 'attr.city', 'attr.n', 'meta.device']);
    for (let cut = 0; cut <= bytes.length; cut++)
      expect(snapshot(byBytes(bytes, [cut])[0])).toEqual(expected);
    const open = bytes.subarray(0, bytes.length - 1);
    expect(snapshot(byBytes(open, [open.length - 3])[0])).toEqual(expected);
  });

  it('stops at maxRows and says so', () => {
    const text = lines(50, 3);
    const [ix, loader] = byBytes(Buffer.from(`${text.join('\n')}\n`), [100, 2000], 20);
    expect(ix.length).toBe(20);
    expect(loader.over).toBe(true);
    expect(snapshot(ix)).toEqual(snapshot(byRows(text.slice(0, 20))));
  });

  it('refuses a line with too few fields, and a contact that is not a UUID', () => {
    expect(() => byBytes(Buffer.from('1\t\\N\t\\N\n'), [])).toThrow(/too few fields/);
    expect(() =>
      byBytes(Buffer.from(`${lines(1, 1)[0]?.replace(/\t[^\t]*$/, '\tnot-a-uuid')}\n`), []),
    ).toThrow(/not a UUID/);
  });
});

describe('ByteCodes', () => {
  it('finds each byte string cached, through rehashes', () => {
    const codes = new ByteCodes();
    const words = Array.from({ length: 5000 }, (_, k) => Buffer.from(`v${k}·${k % 7}`));
    for (const [k, w] of words.entries()) {
      const h = hashBytes(w, 0, w.length);
      expect(codes.get(w, 0, w.length, h)).toBe(-1);
      codes.set(w, 0, w.length, h, k);
    }
    for (const [k, w] of words.entries()) {
      const framed = Buffer.concat([Buffer.from('xx'), w, Buffer.from('y')]);
      expect(codes.get(framed, 2, 2 + w.length, hashBytes(w, 0, w.length))).toBe(k);
    }
    const empty = Buffer.alloc(0);
    expect(codes.get(empty, 0, 0, hashBytes(empty, 0, 0))).toBe(-1);
  });
});

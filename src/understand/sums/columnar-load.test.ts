// The byte loader against the row parser: rows with NULLs, escapes, unicode, nested and null jsonb
// values, negative, huge and odd numbers, written as PostgreSQL's binary COPY and fed in chunks cut
// everywhere (inside a row, a field, a multi-byte character), must build the index that
// `append(parseLine(line))` builds from the same rows' COPY text, column by column.
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

/** A row's fields as PostgreSQL has them (null: NULL); `extra` adds a 15th field, `short` drops the 14th. */
interface Raw {
  /** occurred_at in µs since 2000-01-01, as the timestamptz holds it. */
  at: bigint | null;
  ids: Array<string | null>;
  channel: string | null;
  scores: Array<number | null>;
  rating: string | null;
  hasText: boolean;
  attributes: string | null;
  metadata: string;
  contact: string | null;
  shape: 'plain' | 'short' | 'extra';
}

/** Random rows of INDEX_COLUMNS, with the awkward cases mixed in. */
function rows(n: number, seed: number): Raw[] {
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
  let at = 788_918_400_000_000n;
  const out: Raw[] = [];
  for (let r = 0; r < n; r++) {
    // Any microsecond, some rows out of order, a few before 2000 and 1970 and past 2^53 µs.
    at += BigInt(Math.floor(rand() * 5e6) - (rand() < 0.05 ? 2e7 : 0));
    const entries = (count: number): Array<[string, string]> => {
      const chosen = new Map<string, string>();
      for (let k = 0; k < count; k++) {
        const value = rand() < 0.7 ? JSON.stringify(pick(rand, strings)) : pick(rand, scalars);
        chosen.set(pick(rand, keys), value);
      }
      return [...chosen];
    };
    const small = () => (rand() < 0.3 ? null : Math.floor(rand() * 11) - (rand() < 0.05 ? 20 : 0));
    const shape = rand();
    out.push({
      at:
        rand() < 0.01
          ? null
          : rand() < 0.02
            ? pick(rand, [
                2n ** 53n + 1n,
                -(2n ** 53n) - 1001n,
                2n ** 62n + 12345n,
                -946_684_800_000_500n,
                -1n,
                999n,
              ])
            : rand() < 0.02
              ? -at
              : at,
      ids: [0, 1, 2, 3].map(() => (rand() < 0.2 ? null : pick(rand, ids))),
      channel:
        rand() < 0.01 ? null : pick(rand, ['web', 'email', 'w\\eb', 'tab\tchan', 'line\nbreak', 'ünï', '']),
      scores: [small(), small(), small()],
      rating: rand() < 0.3 ? null : pick(rand, ratings),
      hasText: rand() < 0.5,
      attributes: rand() < 0.05 ? null : jsonb(entries(Math.floor(rand() * 4))),
      metadata: rand() < 0.1 ? '{}' : jsonb(entries(Math.floor(rand() * 2))),
      contact: rand() < 0.2 ? null : pick(rand, contacts),
      shape: shape < 0.9 ? 'plain' : shape < 0.95 ? 'short' : 'extra',
    });
  }
  return out;
}

/** `floor(extract(epoch from t) * 1000)` of a timestamptz's µs since 2000, in BigInt. */
function floorMs(us: bigint): bigint {
  const unix = us + 946_684_800_000_000n;
  const q = unix / 1000n;
  return unix % 1000n < 0n ? q - 1n : q;
}

/** A row as a line of COPY text (INDEX_COLUMNS). */
function textLine(r: Raw): string {
  const fields = [
    r.at === null ? '\\N' : String(floorMs(r.at)),
    ...r.ids.map(copyText),
    copyText(r.channel),
    ...r.scores.map((x) => (x === null ? '\\N' : String(x))),
    copyText(r.rating),
    r.hasText ? 't' : 'f',
    copyText(r.attributes),
    copyText(r.metadata),
  ];
  if (r.shape !== 'short') fields.push(copyText(r.contact));
  if (r.shape === 'extra') fields.push('extra');
  return fields.join('\t');
}

/** Rows as PostgreSQL's binary COPY of INDEX_COLUMNS_BINARY: header, rows, trailer. */
function binary(raws: Raw[]): Buffer {
  const parts: Buffer[] = [Buffer.from([80, 71, 67, 79, 80, 89, 10, 255, 13, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0])];
  const field = (b: Buffer | null) => {
    const len = Buffer.alloc(4);
    len.writeInt32BE(b === null ? -1 : b.length);
    parts.push(len);
    if (b) parts.push(b);
  };
  const uuid = (s: string | null) => (s === null ? null : Buffer.from(s.replaceAll('-', ''), 'hex'));
  const text = (s: string | null) => (s === null ? null : Buffer.from(s, 'utf8'));
  for (const r of raws) {
    const count = Buffer.alloc(2);
    count.writeInt16BE(r.shape === 'short' ? 13 : r.shape === 'extra' ? 15 : 14);
    parts.push(count);
    const at = Buffer.alloc(8);
    if (r.at !== null) at.writeBigInt64BE(r.at);
    field(r.at === null ? null : at);
    for (const id of r.ids) field(uuid(id));
    field(text(r.channel));
    for (const x of r.scores) {
      const b = Buffer.alloc(2);
      if (x !== null) b.writeInt16BE(x);
      field(x === null ? null : b);
    }
    field(text(r.rating));
    field(Buffer.from([r.hasText ? 1 : 0]));
    field(r.attributes === null ? null : Buffer.concat([Buffer.from([1]), text(r.attributes) as Buffer]));
    field(Buffer.concat([Buffer.from([1]), text(r.metadata) as Buffer]));
    if (r.shape !== 'short') field(uuid(r.contact));
    if (r.shape === 'extra') field(Buffer.from('extra'));
  }
  parts.push(Buffer.from([255, 255]));
  return Buffer.concat(parts);
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
  it('builds the index parseLine and append build from the text, whatever the chunks', () => {
    const raws = rows(3000, 7);
    const bytes = binary(raws);
    const expected = snapshot(byRows(raws.map(textLine)));
    expect(expected.ratingExact).toBe(false);
    expect(expected.segments.length).toBeGreaterThan(6);
    expect(expected.widths[0]).toBe('Uint16Array');
    const rand = prng(11);
    for (const cuts of [
      [],
      Array.from({ length: 200 }, () => Math.floor(rand() * bytes.length)).sort((a, b) => a - b),
      Array.from({ length: Math.floor(bytes.length / 7) }, (_, k) => 7 * (k + 1)),
    ])
      expect(snapshot(byBytes(bytes, cuts)[0])).toEqual(expected);
  });

  it('reads rows cut at every byte, inside the header and multi-byte characters too', () => {
    const raws = rows(2, 5).map((r, k) => ({
      ...r,
      at: k === 0 ? 788_918_400_123_456n : -5n,
      channel: k === 0 ? 'w\\eb' : 'web',
      rating: k === 0 ? '0.333333' : '1',
      attributes:
        k === 0 ? '{"plan": "a\\tb", "city": "Zürich 東京 😀"}' : '{"plan": "é", "n": -1.50, "x": null}',
      metadata: k === 0 ? '{}' : '{"device": "😀"}',
      shape: 'plain' as const,
    }));
    const bytes = binary(raws);
    const expected = snapshot(byRows(raws.map(textLine)));
    expect(expected.segments.map(([k]) => k)).toEqual(['attr.plan', 'attr.city', 'attr.n', 'meta.device']);
    for (let cut = 0; cut <= bytes.length; cut++)
      expect(snapshot(byBytes(bytes, [cut])[0])).toEqual(expected);
  });

  it('stops at maxRows and says so', () => {
    const raws = rows(50, 3);
    const [ix, loader] = byBytes(binary(raws), [100, 2000], 20);
    expect(ix.length).toBe(20);
    expect(loader.over).toBe(true);
    expect(snapshot(ix)).toEqual(snapshot(byRows(raws.slice(0, 20).map(textLine))));
  });

  it('refuses what is not a binary COPY of the columns, and a stream ending inside a row', () => {
    expect(() => byBytes(Buffer.from(`${textLine(rows(1, 1)[0] as Raw)}\n`.repeat(3)), [])).toThrow(
      /not a binary COPY/,
    );
    const one = binary(rows(1, 1));
    const short = Buffer.concat([one.subarray(0, 19), Buffer.from([0, 3]), one.subarray(21)]);
    expect(() => byBytes(short, [])).toThrow(/too few fields/);
    expect(() => byBytes(one.subarray(0, one.length - 10), [])).toThrow(/ended inside a row/);
    const infinite = binary([{ ...(rows(1, 1)[0] as Raw), at: 2n ** 63n - 1n }]);
    expect(() => byBytes(infinite, [])).toThrow(/infinite/);
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

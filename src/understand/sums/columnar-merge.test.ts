// The index's merge built in slices (as the engine runs it in the background) against a freshly built
// index: every column, the contact chains, the bitmaps, the pre-sums' answers, with rows appended
// between slices; kept pair sums carried over it; and the tail's radix sort against a comparator sort.
import { describe, expect, it } from 'vitest';
import { mulberry32 as prng } from '../../shared/random.js';
import {
  columnarTouchpointPairSums,
  type PairQuery,
  type TouchpointPairSums,
  touchpointPairSumsCounts,
} from './columnar-contact-moments.js';
import { ColumnarIndex, type IndexRow, sortByTime } from './columnar-index.js';
import { columnarSums } from './columnar-sums.js';
import type { SumsQuery } from './types.js';

const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1);
const TPS = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', null];
const OUT = '00000000-0000-4000-a000-000000000001';
const SURVEYS = ['00000000-0000-4000-a000-000000000002', '00000000-0000-4000-a000-000000000003'];
const contactId = (k: number) => `00000000-0000-4000-9000-${String(k).padStart(12, '0')}`;

function rows(rand: () => number, n: number, days: number, from = START): IndexRow[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  return Array.from({ length: n }, () => {
    const outcome = rand() < 0.3;
    return {
      at: from + Math.floor(rand() * days * DAY),
      survey: outcome ? OUT : pick(SURVEYS),
      touchpoint: outcome ? null : pick(TPS),
      stage: null,
      journey: null,
      channel: pick(['web', 'app']),
      nps: outcome || rand() < 0.3 ? Math.floor(rand() * 11) : null,
      csat: rand() < 0.6 ? 1 + Math.floor(rand() * 5) : null,
      ces: rand() < 0.3 ? 1 + Math.floor(rand() * 7) : null,
      rating: rand() < 0.4 ? pick(['0', '0.25', '1']) : null,
      hasText: rand() < 0.3,
      segments: rand() < 0.8 ? [['attr.plan', pick(['a', 'b', 'c'])] as const] : [],
      contact: rand() < 0.9 ? contactId(Math.floor(rand() * 60)) : null,
    };
  });
}

/** An index of rows appended in this order, merged at once. */
function fresh(all: readonly IndexRow[]): ColumnarIndex {
  const ix = new ColumnarIndex(16, 32, 1 << 30);
  for (const r of all) ix.append(r);
  ix.merge();
  return ix;
}

/** Every column's codes or values of rows [a, b), by name (codes compared as the values they stand for). */
function columns(ix: ColumnarIndex, a: number, b: number): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  const range = (f: (i: number) => unknown) => Array.from({ length: b - a }, (_, k) => f(a + k));
  for (const name of ['at', 'nps', 'csat', 'ces', 'rating', 'hasText'] as const)
    out[name] = range((i) => ix[name][i]);
  for (const [name, c] of Object.entries(ix.entities))
    out[name] = range((i) => c.values[c.data[i] as number]);
  for (const [name, c] of ix.segments) out[name] = range((i) => c.values[c.data[i] as number]);
  out.contact = range((i) => ix.contact.data[i]);
  return out;
}

/** Each contact's rows as its chain lists them, newest first. */
function chains(ix: ColumnarIndex): number[][] {
  return Array.from({ length: ix.contact.count }, (_, c) => {
    const list: number[] = [];
    for (let r = ix.contactLast[c] ?? 0; r > 0; r = ix.contactPrev[r - 1] as number) list.push(r - 1);
    return list;
  });
}

/** The chains as a relink of the rows in their present places gives them. */
function relinked(ix: ColumnarIndex): number[][] {
  const out: number[][] = Array.from({ length: ix.contact.count }, () => []);
  for (let i = ix.length - 1; i >= 0; i--) {
    const c = ix.contact.data[i] as number;
    if (c > 0) out[c]?.push(i);
  }
  return out;
}

const queries: SumsQuery[] = [
  { metric: 'nps', interval: 'week', timeZone: 'UTC', groupBy: ['touchpoint'], filter: {} },
  {
    metric: 'csat',
    interval: 'month',
    timeZone: 'Europe/Paris',
    groupBy: ['attr.plan'],
    filter: { equals: [{ dimension: 'channel', value: 'web' }], from: new Date(START + 20 * DAY) },
  },
  { metric: 'rating', timeZone: 'UTC', groupBy: ['channel'], filter: { hasText: true } },
];
const answers = (ix: ColumnarIndex) =>
  queries.map((q) =>
    (columnarSums(ix, q, ['mirror']) ?? []).sort((x, y) =>
      JSON.stringify(x).localeCompare(JSON.stringify(y)),
    ),
  );

describe('the merge built in slices', () => {
  it('gives the index a fresh build gives, column by column, with rows appended between slices kept', () => {
    const rand = prng(21);
    const sorted = rows(rand, 3000, 100).sort((a, b) => a.at - b.at);
    const tail = rows(rand, 1200, 100);
    const ix = new ColumnarIndex(16, 32, 1 << 30);
    for (const r of [...sorted, ...tail]) ix.append(r);
    ix.buildBitmaps();
    ix.extendPresums();
    const L = ix.length;
    const slices = ix.mergeSlices(256);
    // Between slices: rows appended out of order, a new attribute key, a channel's new value, more
    // rows than the merge's room (the arrays grow), and reads meanwhile answered from the old layout.
    const later: IndexRow[] = [];
    let steps = 0;
    while (!slices.next().done) {
      steps++;
      if (steps % 5 === 0) {
        const more = rows(rand, 90, 100).map((r, k) =>
          k % 3 === 0
            ? { ...r, channel: 'sms', segments: [...r.segments, ['meta.device', 'm'] as const] }
            : r,
        );
        for (const r of more) ix.append(r);
        later.push(...more);
        expect(answers(ix)).toEqual(answers(fresh([...sorted, ...tail, ...later])));
        expect(ix.merges).toBe(0);
      }
    }
    expect(steps).toBeGreaterThan(20);
    expect(later.length).toBeGreaterThan(L >>> 4);
    expect(ix.merges).toBe(1);
    expect(ix.length).toBe(L + later.length);
    expect(ix.merging).toBe(false);
    // Rows [0, L) as a fresh index of them merged; the later rows after them, as appended.
    const first = fresh([...sorted, ...tail]);
    const merged = columns(ix, 0, L);
    const wantMerged = columns(first, 0, L);
    for (const name of Object.keys(merged))
      expect(merged[name], name).toEqual(wantMerged[name] ?? Array(L).fill('')); // keys new since: ''
    const appended = new ColumnarIndex(16, 32, 1 << 30);
    for (const r of later) appended.append(r);
    const rest = columns(ix, L, ix.length);
    const want = columns(appended, 0, later.length);
    for (const name of Object.keys(want))
      if (name !== 'contact') expect(rest[name], name).toEqual(want[name]);
    expect(ix.bitmapRows).toBe(L);
    expect(ix.presums?.blocks).toBe(Math.floor(L / 32));
    expect(chains(ix)).toEqual(relinked(ix));
    const all = [...sorted, ...tail, ...later];
    expect(answers(ix)).toEqual(answers(fresh(all)));
    // Merged again at once: the same index as a fresh build of every row.
    ix.merge();
    const whole = fresh(all);
    expect(columns(ix, 0, ix.length)).toEqual(columns(whole, 0, whole.length));
    expect(chains(ix)).toEqual(relinked(ix));
    expect(answers(ix)).toEqual(answers(whole));
  });

  it('stops when a merge at once comes first, and that one holds', () => {
    const rand = prng(22);
    const ix = new ColumnarIndex(16, 32, 1 << 30);
    const all = rows(rand, 2000, 50);
    for (const r of all) ix.append(r);
    const slices = ix.mergeSlices(128);
    for (let k = 0; k < 5; k++) slices.next();
    ix.merge();
    expect(ix.merges).toBe(1);
    let last = slices.next();
    while (!last.done) last = slices.next();
    expect(last.value).toBe(false);
    expect(ix.merges).toBe(1);
    expect(columns(ix, 0, ix.length)).toEqual(columns(fresh(all), 0, all.length));
  });

  it('carries kept pair sums over it: caught up between slices and just before the swap, never afresh', () => {
    const rand = prng(23);
    const ix = new ColumnarIndex(16, 32, 1 << 30);
    const first = rows(rand, 2500, 80);
    for (const r of first) ix.append(r);
    ix.merge();
    const q: PairQuery = {
      metric: 'csat',
      filter: {},
      excludeSurveys: [OUT],
      outcome: { surveyId: OUT },
    };
    const all = [...first];
    const append = (n: number) => {
      const more = rows(rand, n, 80);
      for (const r of more) ix.append(r);
      all.push(...more);
    };
    append(600); // out of order: the tail
    expect(columnarTouchpointPairSums(ix, q, 1)).not.toBeNull();
    const before = touchpointPairSumsCounts();
    const slices = ix.mergeSlices(200);
    let steps = 0;
    while (!slices.next().done) {
      if (++steps % 4 !== 0) continue;
      append(3);
      expectSame(columnarTouchpointPairSums(ix, q, 1), columnarTouchpointPairSums(fresh(all), q, 1));
    }
    append(2);
    expect(ix.merges).toBe(2);
    expectSame(columnarTouchpointPairSums(ix, q, 1), columnarTouchpointPairSums(fresh(all), q, 1));
    const after = touchpointPairSumsCounts();
    // The fresh indexes of the checks computed theirs afresh; this index's were caught up and carried.
    expect(after.merged).toBe(before.merged + 1);
    expect(after.fresh - before.fresh).toBe(Math.floor(steps / 4) + 1);
  });
});

/** Pair sums that agree whatever value each column's sums are taken about. */
function expectSame(got: TouchpointPairSums | null, want: TouchpointPairSums | null): void {
  if (!got || !want) throw new Error('no pair sums');
  expect(got.touchpoints).toEqual(want.touchpoints);
  expect([...got.metBy]).toEqual([...want.metBy]);
  expect([got.rows, got.withOutcome, got.nonBinary]).toEqual([want.rows, want.withOutcome, want.nonBinary]);
  const W = got.touchpoints.length + 1;
  const stats = (p: TouchpointPairSums, i: number, j: number) => {
    const o = 6 * (i * W + j);
    const [n = 0, a = 0, b = 0, aa = 0, bb = 0, ab = 0] = p.sums.subarray(o, o + 6);
    if (n === 0) return [0];
    return [
      n,
      a / n + (p.shift[i] as number),
      b / n + (p.shift[j] as number),
      aa - (a * a) / n,
      bb - (b * b) / n,
      ab - (a * b) / n,
    ];
  };
  for (let i = 0; i < W; i++)
    for (let j = i; j < W; j++) {
      const g = stats(got, i, j);
      const w = stats(want, i, j);
      expect(g.length).toBe(w.length);
      for (const [k, v] of g.entries()) expect(v).toBeCloseTo(w[k] as number, 8);
    }
}

describe('the tail sort', () => {
  it('orders rows by time as a stable comparator sort does: ties, wide ranges, times before 1970, fractions', () => {
    const rand = prng(24);
    for (const spread of [10, 60_000, 2 ** 40, 2 ** 50]) {
      for (const offset of [START, -START]) {
        const n = 3000;
        const at = new Float64Array(n + 7);
        for (let i = 0; i < at.length; i++) at[i] = offset + Math.floor(rand() * spread);
        const want = Array.from({ length: n }, (_, k) => 7 + k).sort(
          (a, b) => (at[a] as number) - (at[b] as number),
        );
        expect([...sortByTime(at, 7, n + 7)]).toEqual(want);
      }
    }
    const at = Float64Array.from({ length: 500 }, () => START + rand() * 1000);
    const want = Array.from({ length: 500 }, (_, k) => k).sort(
      (a, b) => (at[a] as number) - (at[b] as number),
    );
    expect([...sortByTime(at, 0, 500)]).toEqual(want);
    expect([...sortByTime(at, 3, 3)]).toEqual([]);
  });
});

// The pure parts of the columnar engine against independent references: local buckets from Intl per
// instant, sums from a plain loop over the rows, jsonb values as PostgreSQL's ->> writes them.
import { describe, expect, it, vi } from 'vitest';
import { mulberry32 as prng } from '../../shared/random.js';
import { ColumnarIndex, type IndexRow } from './columnar-index.js';
import type { Presums } from './columnar-presums.js';
import { jsonbEntries, parseLine, snapshotCovers } from './columnar-rows.js';
import { columnarSums, ratingSquares } from './columnar-sums.js';
import type { Dimension, Metric, SumsQuery, SumsRow, TimeBucket } from './types.js';
import { bucketPlan } from './zone-buckets.js';

const DAY = 86_400_000;

/** Local calendar date of an instant in a zone, from Intl directly. */
const formats = new Map<string, Intl.DateTimeFormat>();
function localDate(t: number, zone: string): { y: number; m: number; d: number } {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    });
    formats.set(zone, f);
  }
  const parts = f.formatToParts(t);
  const get = (k: string) => Number(parts.find((p) => p.type === k)?.value);
  return { y: get('year'), m: get('month'), d: get('day') };
}

/** The bucket label of an instant, computed the long way. */
function label(t: number, zone: string, interval: TimeBucket): string {
  const { y, m, d } = localDate(t, zone);
  const iso = (yy: number, mm: number, dd: number) =>
    new Date(Date.UTC(yy, mm - 1, dd)).toISOString().slice(0, 10);
  if (interval === 'day') return iso(y, m, d);
  if (interval === 'week') {
    const dow = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
    return iso(y, m, d - dow);
  }
  if (interval === 'month') return iso(y, m, 1);
  if (interval === 'quarter') return iso(y, m - ((m - 1) % 3), 1);
  return iso(y, 1, 1);
}

describe('local buckets of a zone', () => {
  const zones = [
    'UTC',
    'America/New_York',
    'Australia/Lord_Howe',
    'America/Santiago',
    'Asia/Kathmandu',
    'Europe/Paris',
  ];
  it('put every instant where Intl puts it, across DST changes', () => {
    const rand = prng(3);
    for (const zone of zones) {
      for (const interval of ['day', 'week', 'month', 'quarter', 'year'] as const) {
        const start = Date.UTC(2024, 0, 1) + Math.floor(rand() * 300 * DAY);
        const end = start + 400 * DAY;
        const plan = bucketPlan(zone, interval, start, end);
        // Contiguous, in order, covering [start, end).
        expect(plan.intervals[0]?.start).toBe(start);
        expect(plan.intervals[plan.intervals.length - 1]?.end).toBe(end);
        for (let i = 1; i < plan.intervals.length; i++)
          expect(plan.intervals[i]?.start).toBe(plan.intervals[i - 1]?.end);
        for (let k = 0; k < 300; k++) {
          const t = start + Math.floor(rand() * (end - start));
          const iv = plan.intervals.find((x) => x.start <= t && t < x.end);
          expect(plan.labels[iv?.bucket ?? -1], `${zone} ${interval} ${new Date(t).toISOString()}`).toBe(
            label(t, zone, interval),
          );
        }
        // Both sides of every cut, one millisecond apart.
        for (const iv of plan.intervals.slice(1)) {
          expect(plan.labels[iv.bucket]).toBe(label(iv.start, zone, interval));
        }
      }
    }
  });
});

describe('jsonb text', () => {
  it('gives each key the value ->> gives', () => {
    const out: Array<readonly [string, string]> = [];
    jsonbEntries(
      '{"a": "x, y", "b": 1.50, "c": true, "d": null, "e": {"f": [1, "}"]}, "g\\"h": "\\u00e9\\t"}',
      'attr.',
      out,
    );
    expect(out).toEqual([
      ['attr.a', 'x, y'],
      ['attr.b', '1.50'],
      ['attr.c', 'true'],
      ['attr.e', '{"f": [1, "}"]}'],
      ['attr.g"h', 'é\t'],
    ]);
    const row = parseLine(
      '1735689600123\t\\N\t\\N\t\\N\t\\N\tw\\\\eb\t9\t\\N\t\\N\t0.333333\tt\t{"plan": "a\\\\tb"}\t{}',
    );
    expect(row).toMatchObject({
      at: 1735689600123,
      channel: 'w\\eb',
      nps: 9,
      csat: null,
      rating: '0.333333',
    });
    expect(row.segments).toEqual([['attr.plan', 'a\tb']]);
  });

  it('tells whether a snapshot sees everything an older one saw', () => {
    expect(snapshotCovers('100:105:100,103', '100:102:100')).toBe(true);
    expect(snapshotCovers('100:105:101', '100:102:100')).toBe(false); // 101 was visible, now in flight
    expect(snapshotCovers('98:101:', '100:102:')).toBe(false); // a replica behind
    expect(snapshotCovers('100:102:', '100:102:')).toBe(true);
  });
});

const value = (r: IndexRow, d: Dimension): string | null =>
  d in { survey: 1, touchpoint: 1, stage: 1, journey: 1, channel: 1 }
    ? (r[d as 'survey'] as string | null)
    : (r.segments.find(([k]) => k === d)?.[1] ?? '');

/** The sums of a query by a plain loop over the rows (the survey 'mirror' left out). */
function reference(all: readonly IndexRow[], q: SumsQuery): Map<string, SumsRow> {
  const { metric, interval, timeZone: zone, groupBy } = q;
  const from = q.filter.from?.getTime();
  const to = q.filter.to?.getTime();
  const equals = q.filter.equals ?? [];
  const expected = new Map<string, SumsRow>();
  for (const r of all) {
    const v =
      metric === 'nps'
        ? r.nps
        : metric === 'csat'
          ? r.csat
          : metric === 'ces'
            ? r.ces
            : r.rating === null
              ? null
              : Number(r.rating);
    if (v === null || r.survey === 'mirror') continue;
    if ((from !== undefined && r.at < from) || (to !== undefined && r.at >= to)) continue;
    if (equals.some((e) => value(r, e.dimension) !== e.value)) continue;
    if (q.filter.hasText !== undefined && r.hasText !== q.filter.hasText) continue;
    const period = interval ? label(r.at, zone, interval) : null;
    const groups = groupBy.map((d) => value(r, d));
    const key = JSON.stringify([period, groups]);
    const s = expected.get(key) ?? { period, groups, n: 0, hi: 0, mid: 0, lo: 0, sum: 0, sumSquares: 0 };
    s.n++;
    if (metric === 'nps') {
      if (v >= 9) s.hi++;
      else if (v >= 7) s.mid++;
      else s.lo++;
    } else {
      if (metric === 'csat' ? v >= 4 : metric === 'ces' ? v >= 5 : v === 1) s.hi++;
      s.sum += v;
      s.sumSquares += v * v;
    }
    expected.set(key, s);
  }
  return expected;
}

function expectRows(got: SumsRow[], expected: Map<string, SumsRow>, q: SumsQuery): void {
  expect(got.length, JSON.stringify(q)).toBe(expected.size);
  for (const g of got) {
    const w = expected.get(JSON.stringify([g.period, g.groups]));
    expect(w, JSON.stringify(q)).toBeDefined();
    expect([g.n, g.hi, g.mid, g.lo]).toEqual([w?.n, w?.hi, w?.mid, w?.lo]);
    expect(g.sum).toBeCloseTo(w?.sum ?? Number.NaN, 9);
    expect(g.sumSquares).toBeCloseTo(w?.sumSquares ?? Number.NaN, 9);
  }
}

const T1 = '00000000-0000-4000-8000-000000000001';
const T2 = '00000000-0000-4000-8000-000000000002';
const T3 = '00000000-0000-4000-8000-000000000003';

function randomRows(rand: () => number, n: number, start: number, days: number): IndexRow[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  return Array.from({ length: n }, () => ({
    at: start + Math.floor(rand() * days * DAY),
    survey: pick([null, 's1', 's2', 'mirror']),
    touchpoint: pick([null, T1, T2]),
    stage: null,
    journey: null,
    channel: pick(['web', 'app']),
    nps: rand() < 0.8 ? Math.floor(rand() * 11) : null,
    csat: rand() < 0.5 ? 1 + Math.floor(rand() * 5) : null,
    ces: rand() < 0.4 ? 1 + Math.floor(rand() * 7) : null,
    rating: rand() < 0.5 ? pick(['0', '0.25', '1', '0.333333']) : null,
    hasText: rand() < 0.3,
    segments: [
      ...(rand() < 0.9 ? [['attr.plan', pick(['a', 'b', 'c'])] as const] : []),
      ...(rand() < 0.7 ? [['meta.device', pick(['m', 'd'])] as const] : []),
    ],
  }));
}

describe('columnar sums', () => {
  it('refuses rating sums once a rating is not exact in the kept decimals (or not a number at all)', () => {
    const rand = prng(11);
    for (const odd of ['inexact', '0.12345678']) {
      const ix = new ColumnarIndex();
      for (const r of randomRows(rand, 50, Date.UTC(2025, 0, 1), 10)) ix.append(r);
      expect(ix.ratingExact).toBe(true);
      ix.append({ ...randomRows(rand, 1, Date.UTC(2025, 0, 11), 1)[0], rating: odd } as IndexRow);
      expect(ix.ratingExact).toBe(false);
      expect(columnarSums(ix, { metric: 'rating', timeZone: 'UTC', filter: {}, groupBy: [] }, [])).toBeNull();
    }
  });

  it('rounds the exact sum of squared ratings once', () => {
    // 3 × 0.333333² = 0.333332666667 exactly
    expect(ratingSquares(3 * 3_333_330 ** 2, 0)).toBe(0.333332666667);
    const big = 10n ** 14n * 123_456_789n + 7n;
    const high = Number(big / 2n ** 32n);
    const low = Number(big % 2n ** 32n);
    expect(ratingSquares(low, high)).toBe(Number('123456789.00000000000007'));
  });

  it('equals a plain loop over the rows for random queries', () => {
    const rand = prng(5);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
    const start = Date.UTC(2025, 0, 1);
    const rows = randomRows(rand, 4000, start, 200);
    const ix = new ColumnarIndex(16, 256);
    // Half in time order, the rest appended out of order (the unsorted tail), then some merged.
    const sorted = [...rows.slice(0, 2000)].sort((a, b) => a.at - b.at);
    for (const r of sorted) ix.append(r);
    ix.extendPresums();
    for (const r of rows.slice(2000)) ix.append(r);
    expect(ix.sorted).toBeLessThan(ix.length);
    const all = [...sorted, ...rows.slice(2000)];
    for (let k = 0; k < 120; k++) {
      if (k === 60) ix.merge();
      const metric = pick<Metric>(['nps', 'csat', 'rating']);
      const interval =
        rand() < 0.8 ? pick<TimeBucket>(['day', 'week', 'month', 'quarter', 'year']) : undefined;
      const zone = pick(['UTC', 'America/New_York', 'Asia/Kathmandu']);
      const groupBy = [
        pick<Dimension[]>([[], ['touchpoint'], ['attr.plan', 'meta.device'], ['attr.none']]),
      ].flat();
      const equals = [
        ...(rand() < 0.5 ? [{ dimension: 'attr.plan' as Dimension, value: pick(['a', 'b', '']) }] : []),
        ...(rand() < 0.3 ? [{ dimension: 'meta.device' as Dimension, value: 'm' }] : []),
        ...(rand() < 0.3 ? [{ dimension: 'channel' as Dimension, value: 'web' }] : []),
      ];
      const from = rand() < 0.5 ? start + Math.floor(rand() * 100 * DAY) : undefined;
      const to = rand() < 0.5 ? start + Math.floor((100 + rand() * 100) * DAY) : undefined;
      const q: SumsQuery = {
        metric,
        interval,
        timeZone: zone,
        groupBy,
        filter: {
          equals,
          from: from === undefined ? undefined : new Date(from),
          to: to === undefined ? undefined : new Date(to),
        },
      };
      expectRows(columnarSums(ix, q, ['mirror']) as SumsRow[], reference(all, q), q);
    }
  });

  it('reads whole blocks from the pre-sums exactly: no segment filter, edge blocks, DST zones, appends', () => {
    const rand = prng(8);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
    const start = Date.UTC(2025, 0, 1);
    const rows = randomRows(rand, 6000, start, 400).sort((a, b) => a.at - b.at);
    const ix = new ColumnarIndex(16, 32);
    for (const r of rows.slice(0, 4500)) ix.append(r);
    ix.buildBitmaps();
    ix.extendPresums();
    ix.trim();
    const zones = ['UTC', 'Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu'];
    const query = (): SumsQuery => {
      const equals = [
        ...(rand() < 0.4 ? [{ dimension: 'channel' as Dimension, value: pick(['web', 'app', 'sms']) }] : []),
        ...(rand() < 0.4 ? [{ dimension: 'touchpoint' as Dimension, value: pick([T1, T2]) }] : []),
        ...(rand() < 0.1 ? [{ dimension: 'attr.plan' as Dimension, value: 'a' }] : []),
      ];
      const a = rand() < 0.6 ? start + Math.floor(rand() * 420 * DAY) - 10 * DAY : undefined;
      const b = rand() < 0.6 ? start + Math.floor(rand() * 420 * DAY) - 10 * DAY : undefined;
      const [from, to] = a !== undefined && b !== undefined && a > b ? [b, a] : [a, b];
      return {
        metric: pick<Metric>(['nps', 'csat', 'ces', 'rating']),
        interval: rand() < 0.9 ? pick<TimeBucket>(['day', 'week', 'month', 'quarter', 'year']) : undefined,
        timeZone: pick(zones),
        groupBy: pick<Dimension[]>([
          [],
          [],
          ['touchpoint'],
          ['channel'],
          ['channel', 'touchpoint'],
          ['attr.none'],
        ]),
        filter: {
          equals,
          from: from === undefined ? undefined : new Date(from),
          to: to === undefined ? undefined : new Date(to),
          hasText: rand() < 0.05 ? true : undefined,
        },
      };
    };
    const check = (all: readonly IndexRow[], n: number) => {
      for (let k = 0; k < n; k++) {
        const q = query();
        for (const mirrors of [['mirror'], []]) {
          const want = reference(
            mirrors.length ? all : all.map((r) => (r.survey === 'mirror' ? { ...r, survey: 'm2' } : r)),
            q,
          );
          expectRows(columnarSums(ix, q, mirrors) as SumsRow[], want, q);
        }
      }
    };
    expect(ix.presums?.blocks).toBe(Math.floor(4500 / 32));
    const blocksRead = vi.spyOn(ix.presums as Presums, 'add');
    check(rows.slice(0, 4500), 80);
    expect(blocksRead.mock.calls.filter(([, k0, k1]) => k1 > k0).length).toBeGreaterThan(100);
    // Appended in time order (caught up): new whole blocks pre-summed, the rest scanned.
    for (const r of rows.slice(4500, 5250)) ix.append(r);
    ix.settle();
    expect(ix.presums?.blocks).toBe(Math.floor(5250 / 32));
    // A new touchpoint and channel after the build, and rows out of order (the unsorted tail).
    for (const r of rows.slice(5250, 5500)) ix.append({ ...r, touchpoint: T3, channel: 'sms' });
    const late = rows.slice(5500).map((r) => ({ ...r, at: r.at - 200 * DAY }));
    for (const r of late) ix.append(r);
    ix.settle();
    const all = [
      ...rows.slice(0, 5250),
      ...rows.slice(5250, 5500).map((r) => ({ ...r, touchpoint: T3, channel: 'sms' })),
      ...late,
    ];
    check(all, 50);
    ix.merge();
    expect(ix.presums?.blocks).toBe(Math.floor(6000 / 32));
    check(all, 50);
  });

  it('keys the pre-sums on the channel alone once touchpoints grow past a few hundred (codes past 255 widen the column)', () => {
    const rand = prng(9);
    const start = Date.UTC(2025, 0, 1);
    const rows = randomRows(rand, 3000, start, 100).sort((a, b) => a.at - b.at);
    const many = rows.map((r, i) =>
      i < 1000 ? r : { ...r, touchpoint: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` },
    );
    const ix = new ColumnarIndex(16, 32);
    for (const r of many.slice(0, 1000)) ix.append(r);
    ix.extendPresums();
    expect(ix.presums?.keys.length).toBe(3);
    for (const r of many.slice(1000)) ix.append(r);
    ix.settle();
    expect(ix.presums?.keys).toEqual([ix.entities.channel, ix.entities.survey]);
    expect(ix.presums?.blocks).toBe(Math.floor(3000 / 32));
    for (const groupBy of [['channel'], ['touchpoint'], []] as Dimension[][]) {
      const q: SumsQuery = { metric: 'nps', interval: 'week', timeZone: 'Europe/Paris', groupBy, filter: {} };
      expectRows(columnarSums(ix, q, ['mirror']) as SumsRow[], reference(many, q), q);
    }
  });
});

// Sums of a metric per bucket and group from the columnar index: the rows of each local bucket are a
// range of the time-sorted prefix (binary searches), the equality filters narrow a selection vector
// chunk by chunk, and the sums accumulate in flat arrays. Gives exactly what `getRawSums` gives. Pure.
import { type CodeColumn, type ColumnarIndex, NONE, RATING_DECIMALS } from './columnar-index.js';
import type { PresumPlan } from './columnar-presums.js';
import { CHUNK, compileFilters, type Filter, mirrorCodes, RowSelector } from './columnar-select.js';
import { sortRows } from './raw-sums.js';
import type { SumsQuery, SumsRow } from './types.js';
import { bucketPlan, knownZone } from './zone-buckets.js';

/** Accumulator width per slot: nps hi/mid/lo; others n, hi, sum, sum of squares (low part, high part). */
const W = 5;
const DENSE_SLOTS = 1 << 17;
const TWO_52 = 2 ** 52;
const TWO_32 = 2 ** 32;
const RATING_ONE = 10 ** RATING_DECIMALS;
/** NPS answer → accumulator offset: promoters 0, passives 1, detractors 2. */
const NPS_CLASS = Uint8Array.from({ length: 256 }, (_, v) => (v >= 9 ? 0 : v >= 7 ? 1 : 2));

type Codes = CodeColumn['data'];

interface Group {
  col: CodeColumn | null;
  data: Codes | null;
  card: number;
  mul: number;
  values: ReadonlyArray<string | null>;
}

/**
 * Answer `q` from the index, or null when it cannot answer exactly what the SQL scan would (a zone
 * Intl does not know, a rating with more decimals than kept, an id filter that is not a UUID).
 */
export function columnarSums(
  ix: ColumnarIndex,
  q: SumsQuery,
  excludeSurveys: readonly string[],
): SumsRow[] | null {
  if (q.metric === 'rating' && !ix.ratingExact) return null;
  if (q.interval && !knownZone(q.timeZone)) return null;
  const compiled = compileFilters(ix, q.filter);
  if (compiled === null) return null;
  if (compiled === 'none') return [];
  const filters = compiled;
  const mirror = mirrorCodes(ix, excludeSurveys);
  let mul = 1;
  const groups: Group[] = q.groupBy.map((d) => {
    const col = d in ix.entities ? ix.entities[d as keyof typeof ix.entities] : ix.segments.get(d);
    const g: Group = col
      ? { col, data: col.data, card: col.values.length, mul, values: col.values }
      : { col: null, data: null, card: 1, mul, values: [''] };
    mul *= g.card;
    return g;
  });
  const G = mul;
  if (ix.length === 0) return [];
  const range = ix.timeRange();
  const start = Math.max(range.min, q.filter.from?.getTime() ?? Number.NEGATIVE_INFINITY);
  const end = Math.min(range.max + 1, q.filter.to?.getTime() ?? Number.POSITIVE_INFINITY);
  if (!(start < end)) return [];
  const plan = q.interval
    ? bucketPlan(q.timeZone, q.interval, start, end)
    : { labels: [null], intervals: [{ start, end, bucket: 0 }] };
  const acc = new Accumulator(plan.labels.length * G);
  const run = new Runner(ix, q.metric, filters, mirror, groups, acc);
  const scan = (a: number, b: number, base: number) => {
    for (let c = a; c < b; c += CHUNK) run.range(c, Math.min(b, c + CHUNK), base);
  };
  const pre = acc.sparse ? null : presumPlan(ix, q.metric, filters, groups, mirror);
  const ps = ix.presums;
  // The sorted prefix: each bucket interval is a range of rows; its whole pre-summed blocks are read
  // from the pre-sums when the filters and groups allow, the rest scanned.
  let a = ix.lowerBound(start);
  for (const iv of plan.intervals) {
    const b = ix.lowerBound(iv.end);
    const base = iv.bucket * G;
    let from = a;
    if (pre && ps) {
      const B = ps.blockRows;
      const k0 = Math.ceil(a / B);
      const k1 = Math.min(Math.floor(b / B), ps.blocks);
      if (k0 < k1) {
        scan(a, k0 * B, base);
        ps.add(pre, k0, k1, acc.data, base, (k) => scan(k * B, (k + 1) * B, base));
        from = k1 * B;
      }
    }
    scan(from, b, base);
    a = b;
  }
  // The tail caught up since the last merge: each row finds its interval.
  for (let c = ix.sorted; c < ix.length; c += CHUNK) {
    run.tail(c, Math.min(ix.length, c + CHUNK), start, end, plan.intervals, G);
  }
  return sortRows(acc.rows(q.metric, plan.labels, groups, G));
}

/** How the pre-sums answer the query's whole blocks, or null when its filters or groups are not on their key. */
function presumPlan(
  ix: ColumnarIndex,
  metric: SumsQuery['metric'],
  filters: Filter[],
  groups: Group[],
  mirror: Uint8Array | null,
): PresumPlan | null {
  const ps = ix.presums;
  if (!ps || ps.blocks === 0) return null;
  const keyOf = (col: CodeColumn | null) => (col ? ps.keys.indexOf(col) : -1);
  const plan: PresumPlan = { metric, filters: [], groups: [], mirror, surveyColumn: ix.entities.survey };
  for (const f of filters) {
    const key = keyOf(f.col);
    if (key < 0) return null;
    plan.filters.push({ key, code: f.code });
  }
  for (const g of groups) {
    if (!g.data) continue; // a key no row has: one group ('')
    const key = keyOf(g.col);
    if (key < 0) return null;
    plan.groups.push({ key, mul: g.mul });
  }
  return plan;
}

/** Per-slot sums in a flat array: dense when buckets × groups is small, else through a slot map. */
class Accumulator {
  data: Float64Array;
  private readonly map: Map<number, number> | null;
  readonly keys: number[] = [];
  readonly sparse: boolean;

  constructor(slots: number) {
    const dense = slots <= DENSE_SLOTS;
    this.sparse = !dense;
    this.map = dense ? null : new Map();
    this.data = new Float64Array((dense ? slots : 1024) * W);
  }

  /** Turn keys (bucket × G + group) into slot indices, in place. */
  slots(keys: Float64Array, k: number): void {
    const map = this.map;
    if (!map) return;
    for (let j = 0; j < k; j++) {
      const key = keys[j] as number;
      let s = map.get(key);
      if (s === undefined) {
        s = this.keys.length;
        map.set(key, s);
        this.keys.push(key);
        if ((s + 1) * W > this.data.length) {
          const next = new Float64Array(this.data.length * 2);
          next.set(this.data);
          this.data = next;
        }
      }
      keys[j] = s;
    }
  }

  rows(metric: SumsQuery['metric'], labels: Array<string | null>, groups: Group[], G: number): SumsRow[] {
    const out: SumsRow[] = [];
    const d = this.data;
    const count = this.map ? this.keys.length : d.length / W;
    for (let s = 0; s < count; s++) {
      const o = s * W;
      const key = this.map ? (this.keys[s] as number) : s;
      const n =
        metric === 'nps' ? (d[o] as number) + (d[o + 1] as number) + (d[o + 2] as number) : (d[o] as number);
      if (n === 0) continue;
      const rest = key % G;
      const row: SumsRow = {
        period: labels[Math.floor(key / G)] ?? null,
        groups: groups.map((g) => g.values[Math.floor(rest / g.mul) % g.card] ?? null),
        n,
        hi: 0,
        mid: 0,
        lo: 0,
        sum: 0,
        sumSquares: 0,
      };
      if (metric === 'nps') {
        row.hi = d[o] as number;
        row.mid = d[o + 1] as number;
        row.lo = d[o + 2] as number;
      } else {
        row.hi = d[o + 1] as number;
        row.sum = metric === 'rating' ? (d[o + 2] as number) / RATING_ONE : (d[o + 2] as number);
        row.sumSquares =
          metric === 'rating' ? ratingSquares(d[o + 3] as number, d[o + 4] as number) : (d[o + 3] as number);
      }
      out.push(row);
    }
    return out;
  }
}

/**
 * The sum of squared ratings, exact in units of 10^-14 as high × 2^32 + low, rounded once to a double
 * as PostgreSQL's numeric → float8 does (division of exact integers and strtod both round correctly).
 */
export function ratingSquares(low: number, high: number): number {
  const scale = RATING_ONE * RATING_ONE;
  if (high === 0) return low / scale;
  const digits = (BigInt(high) * BigInt(TWO_32) + BigInt(low))
    .toString()
    .padStart(2 * RATING_DECIMALS + 1, '0');
  const cut = digits.length - 2 * RATING_DECIMALS;
  return Number(`${digits.slice(0, cut)}.${digits.slice(cut)}`);
}

/** The selection → keys → sums pipeline over chunks of rows. */
class Runner extends RowSelector {
  constructor(
    ix: ColumnarIndex,
    metric: SumsQuery['metric'],
    filters: Filter[],
    mirror: Uint8Array | null,
    private readonly groups: Group[],
    private readonly acc: Accumulator,
  ) {
    super(ix, metric, filters, mirror);
  }

  override range(a: number, b: number, base: number): void {
    if (this.metric === 'nps' && this.filters.length === 0 && !this.mirror && this.direct(a, b, base)) return;
    super.range(a, b, base);
  }

  /** NPS without filters and at most one grouping column: one pass, no selection vector. */
  private direct(a: number, b: number, base: number): boolean {
    const grouped = this.groups.filter((g) => g.data && g.card > 1);
    if (grouped.length > 1 || this.acc.sparse) return false;
    const nps = this.ix.nps;
    const acc = this.acc.data;
    const g = grouped[0];
    if (!g) {
      const s0 = base * W;
      let hi = 0;
      let mid = 0;
      let lo = 0;
      for (let i = a; i < b; i++) {
        const v = nps[i] as number;
        if (v === NONE) continue;
        if (v >= 9) hi++;
        else if (v >= 7) mid++;
        else lo++;
      }
      acc[s0] = (acc[s0] as number) + hi;
      acc[s0 + 1] = (acc[s0 + 1] as number) + mid;
      acc[s0 + 2] = (acc[s0 + 2] as number) + lo;
      return true;
    }
    const data = g.data as Codes;
    const mul = g.mul * W;
    const s0 = base * W;
    for (let i = a; i < b; i++) {
      const v = nps[i] as number;
      if (v === NONE) continue;
      const s = s0 + (data[i] as number) * mul + (NPS_CLASS[v] as number);
      acc[s] = (acc[s] as number) + 1;
    }
    return true;
  }

  protected emit(k: number): void {
    this.accumulate(k);
  }

  private accumulate(k: number): void {
    const sel = this.sel;
    const keys = this.keys;
    for (const g of this.groups) {
      if (!g.data || g.mul === 0) continue;
      const data = g.data;
      const mul = g.mul;
      for (let j = 0; j < k; j++) keys[j] = (keys[j] as number) + (data[sel[j] as number] as number) * mul;
    }
    this.acc.slots(keys, k);
    const acc = this.acc.data;
    if (this.metric === 'nps') {
      const nps = this.ix.nps;
      for (let j = 0; j < k; j++) {
        const s = (keys[j] as number) * W + (NPS_CLASS[nps[sel[j] as number] as number] as number);
        acc[s] = (acc[s] as number) + 1;
      }
    } else if (this.metric === 'rating') {
      const rating = this.ix.rating;
      for (let j = 0; j < k; j++) {
        const u = rating[sel[j] as number] as number;
        const s = (keys[j] as number) * W;
        acc[s] = (acc[s] as number) + 1;
        if (u === RATING_ONE) acc[s + 1] = (acc[s + 1] as number) + 1;
        acc[s + 2] = (acc[s + 2] as number) + u;
        let low = (acc[s + 3] as number) + u * u;
        if (low >= TWO_52) {
          const carry = Math.floor(low / TWO_32);
          acc[s + 4] = (acc[s + 4] as number) + carry;
          low -= carry * TWO_32;
        }
        acc[s + 3] = low;
      }
    } else {
      const col = this.ix[this.metric];
      const top = this.metric === 'csat' ? 4 : 5;
      for (let j = 0; j < k; j++) {
        const v = col[sel[j] as number] as number;
        const s = (keys[j] as number) * W;
        acc[s] = (acc[s] as number) + 1;
        if (v >= top) acc[s + 1] = (acc[s + 1] as number) + 1;
        acc[s + 2] = (acc[s + 2] as number) + v;
        acc[s + 3] = (acc[s + 3] as number) + v * v;
      }
    }
  }
}

// Which rows of the columnar index a filter keeps: the equality filters compiled to codes (and bitmaps),
// and the selection pipeline that turns a range of rows into a vector of the rows answering a metric
// that pass them, chunk by chunk. The sums (columnar-sums.ts) and the per-contact reads
// (columnar-contacts.ts) consume the same selections. Pure.
import { type CodeColumn, type ColumnarIndex, NONE } from './columnar-index.js';
import type { SliceFilter, SumsQuery } from './types.js';
import type { BucketInterval } from './zone-buckets.js';

/** Rows per selection chunk. */
export const CHUNK = 65_536;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Codes = CodeColumn['data'];

/** An equality filter: the column's codes, the code, and its bitmap (undefined: none kept; null: all zero). */
export interface Filter {
  col: CodeColumn | null;
  data: Codes | Uint8Array;
  code: number;
  bits?: Uint32Array | null | undefined;
}

/**
 * The filter's equalities and comment condition as code filters: null when the index cannot answer
 * exactly (an id filter that is not a UUID), 'none' when no row can pass (a value no row has).
 */
export function compileFilters(ix: ColumnarIndex, filter: SliceFilter): Filter[] | 'none' | null {
  const filters: Filter[] = [];
  for (const e of filter.equals ?? []) {
    let col: CodeColumn | undefined;
    let value: string = e.value;
    if (e.dimension === 'channel') col = ix.entities.channel;
    else if (e.dimension in ix.entities) {
      if (!UUID.test(value)) return null;
      value = value.toLowerCase();
      col = ix.entities[e.dimension as keyof typeof ix.entities];
    } else {
      col = ix.segments.get(e.dimension);
      if (!col) {
        if (value === '') continue; // no row has the key: all are ''
        return 'none';
      }
    }
    const code = col.codeOf(value);
    if (code < 0) return 'none';
    const bitmaps = ix.bitmaps.get(col);
    filters.push({ col, data: col.data, code, bits: bitmaps ? (bitmaps[code] ?? null) : undefined });
  }
  if (filter.hasText !== undefined)
    filters.push({ col: null, data: ix.hasText, code: filter.hasText ? 1 : 0 });
  return filters;
}

/** 1 per survey code to leave out (mirror surveys), or null when none of them has rows. */
export function mirrorCodes(ix: ColumnarIndex, excludeSurveys: readonly string[]): Uint8Array | null {
  let mirror: Uint8Array | null = null;
  for (const id of excludeSurveys) {
    const c = ix.entities.survey.codeOf(id.toLowerCase());
    if (c <= 0) continue;
    mirror ??= new Uint8Array(ix.entities.survey.values.length);
    mirror[c] = 1;
  }
  return mirror;
}

/**
 * The selection pipeline over chunks of rows: `range` (sorted prefix, one bucket) and `tail` (rows caught
 * up since the last merge: time bounds and bucket per row) fill `sel` with the rows that answer the
 * metric and pass the filters, `keys` with each one's bucket key, and hand them to `emit`.
 */
export abstract class RowSelector {
  protected readonly sel = new Uint32Array(CHUNK);
  protected readonly keys = new Float64Array(CHUNK);
  /** Whether `emit` reads the bucket keys (a selector that does not use them skips filling them). */
  protected readonly withKeys: boolean = true;
  private readonly survey: Codes;

  constructor(
    protected readonly ix: ColumnarIndex,
    protected readonly metric: SumsQuery['metric'],
    protected readonly filters: Filter[],
    protected readonly mirror: Uint8Array | null,
  ) {
    this.survey = ix.entities.survey.data;
  }

  /** The k selected rows (`sel[0..k)`, keys in `keys[0..k)`). */
  protected abstract emit(k: number): void;

  // The loops below select without branches (the row is written, the count moves by the test as 0 or 1; a conditional expression would compile to a branch again): which rows
  // pass is as good as random, and a mispredicted branch per row cost 3-5 times the loop
  // (bench/pages/README.md).

  /** Rows [a, b) of the sorted prefix, all in one bucket (key base `base`). */
  range(a: number, b: number, base: number): void {
    if (b <= this.ix.bitmapRows && this.filters.some((f) => f.bits !== undefined)) {
      this.bitmapRange(a, b, base);
      return;
    }
    const sel = this.sel;
    let k = 0;
    const m = this.metric === 'rating' ? null : this.ix[this.metric];
    const f0 = this.filters[0];
    if (m) {
      if (f0) {
        const fd = f0.data;
        const fc = f0.code;
        for (let i = a; i < b; i++) {
          sel[k] = i;
          k += +(m[i] !== NONE) & +(fd[i] === fc);
        }
      } else
        for (let i = a; i < b; i++) {
          sel[k] = i;
          k += +(m[i] !== NONE);
        }
    } else {
      const r = this.ix.rating;
      for (let i = a; i < b; i++) {
        sel[k] = i;
        k += +((r[i] as number) >= 0);
      }
      if (f0) k = this.keep(k, f0.data, f0.code);
    }
    for (let f = 1; f < this.filters.length; f++) {
      const flt = this.filters[f] as { data: Codes; code: number };
      k = this.keep(k, flt.data, flt.code);
    }
    if (this.mirror) k = this.notMirror(k);
    if (this.withKeys) this.keys.fill(base, 0, k);
    this.emit(k);
  }

  /** Rows [a, b) of the unsorted tail: time bounds checked and bucket found per row. */
  tail(a: number, b: number, start: number, end: number, intervals: BucketInterval[], G: number): void {
    const sel = this.sel;
    const at = this.ix.at;
    let k = 0;
    for (let i = a; i < b; i++) {
      const t = at[i] as number;
      sel[k] = i;
      k += +(t >= start) & +(t < end);
    }
    const m = this.metric === 'rating' ? this.ix.rating : this.ix[this.metric];
    const none = this.metric === 'rating' ? -1 : NONE;
    let k2 = 0;
    for (let j = 0; j < k; j++) {
      const i = sel[j] as number;
      sel[k2] = i;
      k2 += +(m[i] !== none);
    }
    k = k2;
    for (const flt of this.filters) k = this.keep(k, flt.data, flt.code);
    if (this.mirror) k = this.notMirror(k);
    for (let j = 0; j < (this.withKeys ? k : 0); j++) {
      const t = at[sel[j] as number] as number;
      let lo = 0;
      let hi = intervals.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if ((intervals[mid] as BucketInterval).start <= t) lo = mid;
        else hi = mid - 1;
      }
      this.keys[j] = (intervals[lo] as BucketInterval).bucket * G;
    }
    this.emit(k);
  }

  /** Rows [a, b) covered by the bitmaps: AND the filters' bitmaps 32 rows at a time, then the rest. */
  private bitmapRange(a: number, b: number, base: number): void {
    const present = (this.ix.bitmaps.get(this.metric) as Uint32Array[])[0] as Uint32Array;
    const maps: Uint32Array[] = [present];
    const rest: Filter[] = [];
    for (const f of this.filters) {
      if (f.bits === null) return; // a value added since the bitmaps were built: no covered row has it
      if (f.bits) maps.push(f.bits);
      else rest.push(f);
    }
    const sel = this.sel;
    let k = 0;
    const first = a >>> 5;
    const last = (b - 1) >>> 5;
    for (let w = first; w <= last; w++) {
      let word = present[w] as number;
      for (let m = 1; m < maps.length && word !== 0; m++) word &= (maps[m] as Uint32Array)[w] as number;
      if (w === first) word &= -1 << (a & 31);
      if (w === last && (b & 31) !== 0) word &= -1 >>> (32 - (b & 31));
      while (word !== 0) {
        const t = word & -word;
        sel[k++] = (w << 5) + 31 - Math.clz32(t);
        word ^= t;
      }
    }
    for (const f of rest) k = this.keep(k, f.data, f.code);
    if (this.mirror) k = this.notMirror(k);
    if (this.withKeys) this.keys.fill(base, 0, k);
    this.emit(k);
  }

  private keep(k: number, data: Codes | Uint8Array, code: number): number {
    const sel = this.sel;
    let out = 0;
    for (let j = 0; j < k; j++) {
      const i = sel[j] as number;
      sel[out] = i;
      out += +(data[i] === code);
    }
    return out;
  }

  private notMirror(k: number): number {
    const sel = this.sel;
    const mirror = this.mirror as Uint8Array;
    const survey = this.survey;
    let out = 0;
    for (let j = 0; j < k; j++) {
      const i = sel[j] as number;
      sel[out] = i;
      out += +(mirror[survey[i] as number] === 0);
    }
    return out;
  }
}

/** Every row of the filter's time range through the selector, in one bucket (no time buckets). */
export function selectAll(ix: ColumnarIndex, filter: SliceFilter, selector: RowSelector): void {
  if (ix.length === 0) return;
  const range = ix.timeRange();
  const start = Math.max(range.min, filter.from?.getTime() ?? Number.NEGATIVE_INFINITY);
  const end = Math.min(range.max + 1, filter.to?.getTime() ?? Number.POSITIVE_INFINITY);
  if (!(start < end)) return;
  const a = ix.lowerBound(start);
  const b = ix.lowerBound(end);
  for (let c = a; c < b; c += CHUNK) selector.range(c, Math.min(b, c + CHUNK), 0);
  const whole: BucketInterval[] = [{ start, end, bucket: 0 }];
  for (let c = ix.sorted; c < ix.length; c += CHUNK)
    selector.tail(c, Math.min(ix.length, c + CHUNK), start, end, whole, 1);
}

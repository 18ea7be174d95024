// The pure parts of the columnar index's merge (columnar-index.ts `mergeSlices`): the tail's sort by
// time, the merged order, the gather of a column, the contact chains and the bitmaps, each over a range
// of rows so that a merge built in the background does a slice at a time. Pure.
import { NONE } from './columnar-presums.js';

export type Codes = Uint8Array | Uint16Array | Uint32Array;
export type Column = Float64Array | Int32Array | Codes;

/** First row in [from, to) of a sorted `at` after time t. Pure. */
export function upperBound(at: Float64Array, to: number, t: number): number {
  let lo = 0;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((at[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const TWO_32 = 2 ** 32;

/**
 * Rows [from, to) in time order, ties in row order. Times are whole ms, so their offsets from the
 * earliest are integers: a least-significant-digit radix sort, 16 bits a pass (three passes for two
 * years), instead of a comparator sort (about 10 times slower on a 625,000-row tail). Pure.
 */
export function sortByTime(at: Float64Array, from: number, to: number): Uint32Array {
  const sort = sortByTimeSlices(at, from, to);
  let step = sort.next();
  while (!step.done) step = sort.next();
  return step.value;
}

/** As `sortByTime`, yielding between its passes (a merge in the background sorts a slice at a time). */
export function* sortByTimeSlices(
  at: Float64Array,
  from: number,
  to: number,
): Generator<void, Uint32Array, void> {
  const n = to - from;
  let rows = new Uint32Array(n);
  for (let k = 0; k < n; k++) rows[k] = from + k;
  const { min, max, whole } = timeRange(at, from, to);
  if (n < 2 || min === max) return rows;
  if (!whole || !(max - min < 2 ** 53)) {
    // Not whole ms (not from the loader): the comparator sort.
    return Uint32Array.from(Array.from(rows).sort((a, b) => (at[a] as number) - (at[b] as number)));
  }
  // The offsets, as two 32-bit words per row (indexed by row - from).
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    const d = (at[from + k] as number) - min;
    const h = Math.floor(d / TWO_32);
    hi[k] = h;
    lo[k] = d - h * TWO_32;
  }
  yield;
  const range = max - min;
  const passes = range < 2 ** 16 ? 1 : range < TWO_32 ? 2 : range < 2 ** 48 ? 3 : 4;
  const count = new Uint32Array(1 << 16);
  let other = new Uint32Array(n);
  for (let p = 0; p < passes; p++) {
    radixPass(rows, other, p < 2 ? lo : hi, (p & 1) * 16, from, count);
    const swap = rows;
    rows = other;
    other = swap;
    if (p < passes - 1) yield;
  }
  return rows;
}

function timeRange(at: Float64Array, from: number, to: number): { min: number; max: number; whole: boolean } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let whole = true;
  for (let i = from; i < to; i++) {
    const t = at[i] as number;
    if (t < min) min = t;
    if (t > max) max = t;
    if (!Number.isInteger(t)) whole = false;
  }
  return { min, max, whole };
}

/** One stable counting pass of the radix sort: `rows` into `out` by the 16 bits at `shift` of `words`. */
function radixPass(
  rows: Uint32Array,
  out: Uint32Array,
  words: Uint32Array,
  shift: number,
  from: number,
  count: Uint32Array,
): void {
  const n = rows.length;
  count.fill(0);
  for (let k = 0; k < n; k++) {
    const d = ((words[(rows[k] as number) - from] as number) >>> shift) & 0xffff;
    count[d] = (count[d] as number) + 1;
  }
  let sum = 0;
  for (let d = 0; d < count.length; d++) {
    const c = count[d] as number;
    count[d] = sum;
    sum += c;
  }
  for (let k = 0; k < n; k++) {
    const r = rows[k] as number;
    const d = ((words[r - from] as number) >>> shift) & 0xffff;
    out[count[d] as number] = r;
    count[d] = (count[d] as number) + 1;
  }
}

/**
 * The bitmaps of rows [0, n) (see `ColumnarIndex.bitmaps`), built in slices of `sliceRows` rows of one
 * column: per code of each column given (those with few values), and of the rows answering each
 * metric. `dataOf` gives a column's codes (a merge builds them on its new arrays). Pure.
 */
export function* bitmapSlices<C extends { values: readonly unknown[] }>(
  n: number,
  columns: readonly C[],
  dataOf: (c: C) => Codes,
  metrics: { nps: Uint8Array; csat: Uint8Array; ces: Uint8Array; rating: Int32Array },
  sliceRows: number,
): Generator<void, Map<C | string, Uint32Array[]>, void> {
  const words = Math.ceil(n / 32);
  const maps = new Map<C | string, Uint32Array[]>();
  for (const col of columns) {
    const card = col.values.length;
    const list = Array.from({ length: card }, () => new Uint32Array(words));
    const data = dataOf(col);
    for (let a = 0; a < n; a += sliceRows) {
      const b = Math.min(n, a + sliceRows);
      codeBits(data, list, a, b);
      if (b < n) yield;
    }
    maps.set(col, list);
    yield;
  }
  for (const metric of ['nps', 'csat', 'ces', 'rating'] as const) {
    const m = new Uint32Array(words);
    const col = metrics[metric];
    const none = metric === 'rating' ? -1 : NONE;
    for (let a = 0; a < n; a += sliceRows) {
      const b = Math.min(n, a + sliceRows);
      presentBits(col, none, m, a, b);
      if (b < n) yield;
    }
    maps.set(metric, [m]);
  }
  return maps;
}

/** order[k] for k in [a, b): the next of the sorted prefix [0, S) or of the sorted tail (prefix first on ties). */
export function mergeOrder(
  at: Float64Array,
  S: number,
  tail: Uint32Array,
  order: Uint32Array,
  a: number,
  b: number,
  walk: { i: number; j: number },
): void {
  let { i, j } = walk;
  const T = tail.length;
  for (let k = a; k < b; k++) {
    if (i < S && (j === T || (at[i] as number) <= (at[tail[j] as number] as number))) order[k] = i++;
    else order[k] = tail[j++] as number;
  }
  walk.i = i;
  walk.j = j;
}

/** next[k] = src[order[k]] for k in [a, b). */
export function gather(src: Column, next: Column, order: Uint32Array, a: number, b: number): void {
  for (let k = a; k < b; k++) next[k] = src[order[k] as number] as number;
}

/** Put rows [a, b) at the head of their contacts' chains (see `ColumnarIndex.contactPrev`). */
export function linkRows(contact: Codes, prev: Uint32Array, last: Uint32Array, a: number, b: number): void {
  for (let k = a; k < b; k++) {
    const c = contact[k] as number;
    if (c === 0) continue;
    prev[k] = last[c] as number;
    last[c] = k + 1;
  }
}

/** Set row i's bit in the bitmap of its code, for rows [a, b). */
function codeBits(data: Codes, list: Uint32Array[], a: number, b: number): void {
  for (let i = a; i < b; i++) {
    const m = list[data[i] as number] as Uint32Array;
    m[i >>> 5] = (m[i >>> 5] as number) | (1 << (i & 31));
  }
}

/** Set row i's bit for the rows of [a, b) answering a metric. */
function presentBits(col: Uint8Array | Int32Array, none: number, m: Uint32Array, a: number, b: number): void {
  for (let i = a; i < b; i++) if (col[i] !== none) m[i >>> 5] = (m[i >>> 5] as number) | (1 << (i & 31));
}

// Pairwise correlation moments from sparse rows: each row lists the columns it has (ascending) and
// their values, so rows that meet few of many columns cost what they hold. The same sums in the same
// order as the dense pass (`correlationMoments(columns, 'pairwise')`), so the same bits. Pure.
import { type CorrelationMoments, momentsFromPairSums } from './drivers.js';

/** Rows in compressed form: row r holds entries [start[r], start[r + 1]) of `column` and `value`. */
export interface SparseRows {
  rows: number;
  start: Uint32Array;
  /** Column of each entry, ascending within a row. */
  column: Uint16Array;
  value: Float64Array;
}

/** Pairwise moments of k columns over sparse rows (absent entries are missing values). */
export function sparsePairwiseMoments(m: SparseRows, k: number): CorrelationMoments {
  const { start, column, value } = m;
  // Each column's shift: its first value in row order, as the dense pass takes it.
  const shift = new Float64Array(k).fill(Number.NaN);
  let unset = k;
  for (let e = 0; e < (start[m.rows] as number) && unset > 0; e++) {
    const c = column[e] as number;
    if (Number.isNaN(shift[c] as number)) {
      shift[c] = value[e] as number;
      unset--;
    }
  }
  const s = new Float64Array(k * k * 6);
  for (let r = 0; r < m.rows; r++) {
    const a = start[r] as number;
    const b = start[r + 1] as number;
    for (let e = a; e < b; e++) {
      const i = column[e] as number;
      const xi = (value[e] as number) - (shift[i] as number);
      for (let f = e; f < b; f++) {
        const j = column[f] as number;
        const xj = (value[f] as number) - (shift[j] as number);
        const o = (i * k + j) * 6;
        s[o] = (s[o] as number) + 1;
        s[o + 1] = (s[o + 1] as number) + xi;
        s[o + 2] = (s[o + 2] as number) + xj;
        s[o + 3] = (s[o + 3] as number) + xi * xi;
        s[o + 4] = (s[o + 4] as number) + xj * xj;
        s[o + 5] = (s[o + 5] as number) + xi * xj;
      }
    }
  }
  return momentsFromPairSums(s, shift, k);
}

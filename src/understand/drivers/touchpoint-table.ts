// The contact × touchpoint table of key drivers across touchpoints: from the SQL reads' rows, and into
// the analysis' columns (the touchpoints enough contacts met, each contact's mean score at each). Pure.
import { type CorrelationMoments, momentsFromPairSums, type SparseRows } from '../stats/index.js';
import type { ContactTouchpointTable, TouchpointPairSums } from '../sums/index.js';
import type { ContactTouchpointSum } from './contact-touchpoint-sums.js';

/**
 * The table from the SQL reads: the per-contact sums (contacts that can have the outcome only) and the
 * outcome of every contact that has it (NaN where it is not a number).
 */
export function tableFromRows(
  sums: readonly ContactTouchpointSum[],
  outcomeOf: ReadonlyMap<string, number>,
  withOutcome: number,
): ContactTouchpointTable {
  const touchpoints = [...new Set(sums.map((s) => s.touchpointId))];
  const col = new Map(touchpoints.map((t, j) => [t, j]));
  const row = new Map<string, number>();
  for (const s of sums) if (!row.has(s.contactId)) row.set(s.contactId, row.size);
  const T = touchpoints.length;
  const cells = new Float64Array(2 * row.size * T);
  const outcome = new Float64Array(row.size);
  for (const [c, r] of row) outcome[r] = outcomeOf.get(c) ?? Number.NaN;
  for (const s of sums) {
    const cell = (row.get(s.contactId) as number) * T + (col.get(s.touchpointId) as number);
    cells[2 * cell] = s.n;
    cells[2 * cell + 1] = s.sum;
  }
  return { touchpoints, rows: row.size, outcome, cells, withOutcome };
}

/** The analysis' input: the touchpoints taken, each contact's mean score at each, and the outcome. */
export interface TouchpointColumns {
  /** Touchpoints met by at least one contact with the outcome, by id. */
  allTouchpoints: string[];
  /** Contacts with the outcome who met each touchpoint, by id. */
  met: Map<string, number>;
  /** The touchpoints taken (those met by at least `minContacts`), by id; a column each. */
  touchpoints: string[];
  /** Per contact (with the outcome and a score at a taken touchpoint): the outcome. */
  outcome: Float64Array;
  /**
   * The same contacts as sparse rows: the taken touchpoints each met (column j of `touchpoints`), with
   * the mean score, then the outcome as column `touchpoints.length`.
   */
  sparse: SparseRows;
  /** With `dense`: a column per taken touchpoint (NaN where the contact did not meet it). */
  columns: Array<{ name: string; values: Float64Array }>;
}

/** The touchpoints met by enough contacts with the outcome (see `touchpointColumns`), by id. */
export function takenTouchpoints(
  ids: readonly string[],
  metBy: ArrayLike<number>,
  minContacts: number,
): { allTouchpoints: string[]; met: Map<string, number>; touchpoints: string[] } {
  const met = new Map<string, number>();
  ids.forEach((id, t) => {
    if ((metBy[t] as number) > 0) met.set(id, metBy[t] as number);
  });
  const allTouchpoints = [...met.keys()].sort();
  const touchpoints = allTouchpoints.filter((t) => (met.get(t) as number) >= minContacts);
  return { allTouchpoints, met, touchpoints };
}

/**
 * The analysis' pairwise moments from kept pair sums (see columnar-contact-moments.ts): the taken
 * touchpoints' pairs and the outcome's, in the analysis' order, the outcome's own sums without the
 * contacts who met only touchpoints not taken (they are no row of the analysis). Null when none is taken.
 */
export function momentsFromTouchpointPairs(
  p: TouchpointPairSums,
  minContacts: number,
): {
  allTouchpoints: string[];
  met: Map<string, number>;
  touchpoints: string[];
  moments: CorrelationMoments;
} | null {
  const taken = takenTouchpoints(p.touchpoints, p.metBy, minContacts);
  if (taken.touchpoints.length === 0) return null;
  const T = p.touchpoints.length;
  const W = T + 1;
  const k = taken.touchpoints.length + 1;
  const order = Int32Array.from([...taken.touchpoints.map((id) => p.touchpoints.indexOf(id)), T]);
  const s = new Float64Array(k * k * 6);
  const shift = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    const ta = order[a] as number;
    shift[a] = p.shift[ta] as number;
    for (let b = a; b < k; b++) {
      const tb = order[b] as number;
      const o = (a * k + b) * 6;
      // Kept with the lower index column first: swapped back when the analysis' order is the other way.
      const from = (Math.min(ta, tb) * W + Math.max(ta, tb)) * 6;
      const swap = ta > tb ? 1 : 0;
      s[o] = p.sums[from] as number;
      s[o + 1] = p.sums[from + 1 + swap] as number;
      s[o + 2] = p.sums[from + 2 - swap] as number;
      s[o + 3] = p.sums[from + 3 + swap] as number;
      s[o + 4] = p.sums[from + 4 - swap] as number;
      s[o + 5] = p.sums[from + 5] as number;
    }
  }
  const rare = p.onlyRare;
  if (rare && rare.count > 0) {
    const o = ((k - 1) * k + k - 1) * 6;
    s[o] = (s[o] as number) - rare.count;
    for (const x of [1, 2]) s[o + x] = (s[o + x] as number) - rare.sum;
    for (const x of [3, 4, 5]) s[o + x] = (s[o + x] as number) - rare.squares;
  }
  return { ...taken, moments: momentsFromPairSums(s, shift, k) };
}

/** The touchpoints met by at least `minContacts` contacts with the outcome, and the contacts' rows. */
export function touchpointColumns(
  table: ContactTouchpointTable,
  minContacts: number,
  dense = false,
): TouchpointColumns {
  const T = table.touchpoints.length;
  const { cells, outcome } = table;
  const metBy = new Uint32Array(T);
  for (let r = 0; r < table.rows; r++) {
    if (Number.isNaN(outcome[r] as number)) continue;
    const o = r * T;
    for (let t = 0; t < T; t++) if ((cells[2 * (o + t)] as number) > 0) metBy[t] = (metBy[t] as number) + 1;
  }
  const { allTouchpoints, met, touchpoints } = takenTouchpoints(table.touchpoints, metBy, minContacts);
  const K = touchpoints.length;
  const index = new Map(touchpoints.map((id, j) => [id, j]));
  // Table column -> analysis column (-1: not taken). Table columns are visited in analysis order.
  const order = Int32Array.from(touchpoints, (id) => table.touchpoints.indexOf(id));
  const taken = new Int32Array(T).fill(-1);
  for (const [id, j] of index) taken[table.touchpoints.indexOf(id)] = j;
  const start = new Uint32Array(table.rows + 1);
  const column = new Uint16Array(table.rows * (Math.min(K, T) + 1));
  const value = new Float64Array(column.length);
  const y = new Float64Array(table.rows);
  let m = 0;
  let e = 0;
  for (let r = 0; r < table.rows; r++) {
    const v = outcome[r] as number;
    if (Number.isNaN(v)) continue;
    const o = r * T;
    const first = e;
    for (let j = 0; j < K; j++) {
      const cell = 2 * (o + (order[j] as number));
      const k = cells[cell] as number;
      if (k > 0) {
        column[e] = j;
        value[e++] = (cells[cell + 1] as number) / k;
      }
    }
    if (e === first) continue; // no taken touchpoint
    column[e] = K;
    value[e++] = v;
    y[m++] = v;
    start[m] = e;
  }
  const sparse: SparseRows = { rows: m, start: start.subarray(0, m + 1), column, value };
  const columns = touchpoints.map((name) => ({
    name,
    values: new Float64Array(dense ? m : 0).fill(Number.NaN),
  }));
  if (dense)
    for (let r = 0; r < m; r++)
      for (let x = start[r] as number; x < (start[r + 1] as number) - 1; x++)
        (columns[column[x] as number] as { values: Float64Array }).values[r] = value[x] as number;
  return { allTouchpoints, met, touchpoints, outcome: y.subarray(0, m), sparse, columns };
}

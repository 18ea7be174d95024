// The contact × touchpoint table of key drivers across touchpoints: from the SQL reads' rows, and into
// the analysis' columns (the touchpoints enough contacts met, each contact's mean score at each). Pure.
import type { ContactTouchpointTable } from '../sums/index.js';
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
  columns: Array<{ name: string; values: Float64Array }>;
  /** Per contact (with the outcome and a score at a taken touchpoint): the outcome. */
  outcome: Float64Array;
}

/** Columns of the touchpoints met by at least `minContacts` contacts with the outcome. */
export function touchpointColumns(table: ContactTouchpointTable, minContacts: number): TouchpointColumns {
  const T = table.touchpoints.length;
  const { cells, outcome } = table;
  const metBy = new Uint32Array(T);
  for (let r = 0; r < table.rows; r++) {
    if (Number.isNaN(outcome[r] as number)) continue;
    const o = r * T;
    for (let t = 0; t < T; t++) if ((cells[2 * (o + t)] as number) > 0) metBy[t] = (metBy[t] as number) + 1;
  }
  const met = new Map<string, number>();
  table.touchpoints.forEach((id, t) => {
    if ((metBy[t] as number) > 0) met.set(id, metBy[t] as number);
  });
  const allTouchpoints = [...met.keys()].sort();
  const touchpoints = allTouchpoints.filter((t) => (met.get(t) as number) >= minContacts);
  const index = new Map(table.touchpoints.map((id, t) => [id, t]));
  const cols = Int32Array.from(touchpoints, (id) => index.get(id) as number);
  const K = cols.length;
  // Contacts with the outcome and a score at a taken touchpoint, in the table's order.
  const rows = new Uint32Array(table.rows);
  let m = 0;
  for (let r = 0; r < table.rows; r++) {
    if (Number.isNaN(outcome[r] as number)) continue;
    const o = r * T;
    for (let j = 0; j < K; j++) {
      if ((cells[2 * (o + (cols[j] as number))] as number) > 0) {
        rows[m++] = r;
        break;
      }
    }
  }
  const columns = touchpoints.map((name) => ({ name, values: new Float64Array(m) }));
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const r = rows[i] as number;
    const o = r * T;
    y[i] = outcome[r] as number;
    for (let j = 0; j < K; j++) {
      const cell = 2 * (o + (cols[j] as number));
      const k = cells[cell] as number;
      (columns[j] as { values: Float64Array }).values[i] =
        k > 0 ? (cells[cell + 1] as number) / k : Number.NaN;
    }
  }
  return {
    allTouchpoints,
    met,
    touchpoints,
    columns,
    outcome: y,
  };
}

// Per-contact touchpoint sums and outcomes from the columnar index (key drivers across touchpoints):
// the rows the filter keeps, selected as the sums select them (columnar-select.ts), gathered by the
// index's contact codes into a contact × touchpoint table; or, when the contacts with the outcome are
// few against the range's rows, read through those contacts' row chains. Pure.
import { type ColumnarIndex, NONE, RATING_DECIMALS } from './columnar-index.js';
import { compileFilters, mirrorCodes, RowSelector, selectAll } from './columnar-select.js';
import type { Metric, SliceFilter } from './types.js';

const RATING_ONE = 10 ** RATING_DECIMALS;

/** Each contact's answers per touchpoint and outcome: what key drivers across touchpoints analyse. */
export interface ContactTouchpointTable {
  /** Touchpoint ids, one per column. */
  touchpoints: string[];
  /** Rows: the contacts that can have the outcome and have at least one score at a touchpoint. */
  rows: number;
  /** Per row, the outcome (NaN: the contact has the attribute, but not as a number). */
  outcome: Float64Array;
  /**
   * Per row and column, cell `row * touchpoints.length + column`: the count of answers at `2 * cell`
   * and their sum at `2 * cell + 1` (side by side: one cache line per update in the scan). Integers
   * (NPS, CSAT, CES: a sum is at most 10 answers' worth) fit 32 bits; rating sums are fractions.
   */
  cells: Float64Array | Uint32Array;
  /** Contacts with a numeric outcome, with or without scores at touchpoints. */
  withOutcome: number;
  /** From the index: each row's contact code. */
  contacts?: Uint32Array;
}

/** What the table is read for: the metric, the filter of both sides, and the outcome. */
export interface ContactTouchpointQuery {
  metric: Metric;
  filter: SliceFilter;
  /** Surveys whose answers are no drivers (mirror surveys, the outcome survey). */
  excludeSurveys: readonly string[];
  /**
   * The contact's mean NPS in a survey over the records the filter keeps, or the values of a contact
   * attribute for every contact that has it (read from the contacts, NaN where not a number).
   */
  outcome: { surveyId: string } | { values: ReadonlyArray<{ contactId: string; value: number }> };
}

class Gather extends RowSelector {
  protected override readonly withKeys = false;
  visit: (sel: Uint32Array, k: number) => void = () => undefined;
  protected emit(k: number): void {
    this.visit(this.sel, k);
  }
}

/**
 * Run `visit` on every row the filter keeps that answers `metric` (mirror surveys left out); false when
 * the index cannot answer the filter exactly.
 */
export function eachRow(
  ix: ColumnarIndex,
  metric: Metric,
  filter: SliceFilter,
  exclude: readonly string[],
  visit: (sel: Uint32Array, k: number) => void,
): boolean {
  const filters = compileFilters(ix, filter);
  if (filters === null) return false;
  if (filters === 'none') return true;
  const g = new Gather(ix, metric, filters, mirrorCodes(ix, exclude));
  g.visit = visit;
  selectAll(ix, filter, g);
  return true;
}

/**
 * Per-contact working arrays, kept between reads and all zero between them (a read clears the entries
 * of the contacts it listed; the read is synchronous: no two share them). `list`: the contacts with
 * the outcome, in the order met.
 */
interface Scratch {
  member: Uint8Array;
  value: Float64Array;
  count: Uint32Array;
  rowOf: Uint32Array;
  list: Uint32Array;
}
let scratch: Scratch | null = null;

function scratchFor(C: number): Scratch {
  if (!scratch || scratch.member.length < C) {
    const n = Math.ceil(C * 1.25);
    scratch = {
      member: new Uint8Array(n),
      value: new Float64Array(n),
      count: new Uint32Array(n),
      rowOf: new Uint32Array(n),
      list: new Uint32Array(n),
    };
  }
  return scratch;
}

/**
 * A row read through a contact's chain costs on the order of this many rows of the scan (a cache miss
 * per column against a sequential read; bench/pages/README.md): the table walks the chains of the
 * contacts with the outcome when their rows, estimated at the index's mean per contact, are fewer than
 * the range's rows over this.
 */
const CHAIN_COST = 256;
/** Tables gathered by a scan of the time range and by the contacts' chains (for metrics and tests). */
const counts = { scanned: 0, chained: 0 };

/** How often the table was gathered by a scan of the range and by the contacts' row chains. */
export function contactTableCounts(): { scanned: number; chained: number } {
  return { ...counts };
}

/** How the table is gathered: as cheaper ('auto'), or always one way (for tests and benches). */
export type ContactTableGathering = 'auto' | 'scan' | 'chains';
let gathering: ContactTableGathering = 'auto';

/** Gather tables one way from now on (the way before returned). */
export function setContactTableGathering(how: ContactTableGathering): ContactTableGathering {
  const before = gathering;
  gathering = how;
  return before;
}

/**
 * The table from the index, or null when it cannot answer exactly what the SQL reads would (an id
 * filter that is not a UUID, a rating with more decimals than kept). Only the contacts that can have
 * the outcome are gathered, as the SQL reads them.
 */
export function columnarContactTouchpoints(
  ix: ColumnarIndex,
  q: ContactTouchpointQuery,
  /** How to gather it (by default as set, see `setContactTableGathering`). */
  how: ContactTableGathering = gathering,
): ContactTouchpointTable | null {
  if (q.metric === 'rating' && !ix.ratingExact) return null;
  const s = scratchFor(ix.contact.count);
  let n = 0;
  try {
    const { member, value, count, list } = s;
    const contact = ix.contact.data;
    // Per contact code: 1 when the contact can have the outcome, and its value.
    let withOutcome = 0;
    if ('surveyId' in q.outcome) {
      const nps = ix.nps;
      // The survey first: the first filter is checked in the selection's first pass, the rest on its result.
      const equals = [
        { dimension: 'survey' as const, value: q.outcome.surveyId },
        ...(q.filter.equals ?? []),
      ];
      const ok = eachRow(ix, 'nps', { ...q.filter, equals }, [], (sel, k) => {
        for (let j = 0; j < k; j++) {
          const i = sel[j] as number;
          const c = contact[i] as number;
          if (c === 0) continue;
          if (count[c] === 0) list[n++] = c;
          count[c] = (count[c] as number) + 1;
          value[c] = (value[c] as number) + (nps[i] as number);
        }
      });
      if (!ok) return null;
      for (let j = 0; j < n; j++) {
        const c = list[j] as number;
        member[c] = 1;
        value[c] = (value[c] as number) / (count[c] as number);
      }
      withOutcome = n;
    } else {
      for (const o of q.outcome.values) {
        if (!Number.isNaN(o.value)) withOutcome++;
        const c = ix.contact.codeOf(o.contactId.toLowerCase());
        if (c <= 0) continue;
        if (member[c] === 0) list[n++] = c;
        member[c] = 1;
        value[c] = o.value;
      }
    }
    const chains = how === 'chains' || (how === 'auto' && chainsPay(ix, q.filter, n));
    const table = chains ? byChains(ix, q, s, n) : byScan(ix, q, s, n);
    if (!table) return null;
    if (q.metric === 'rating')
      for (let x = 1; x < table.cells.length; x += 2)
        table.cells[x] = (table.cells[x] as number) / RATING_ONE;
    return { ...table, withOutcome };
  } finally {
    const { member, value, count, rowOf, list } = s;
    for (let j = 0; j < n; j++) {
      const c = list[j] as number;
      member[c] = 0;
      value[c] = 0;
      count[c] = 0;
      rowOf[c] = 0;
    }
  }
}

type Gathered = Omit<ContactTouchpointTable, 'withOutcome'>;

/** Whether `members` contacts' chains (at the index's mean rows per contact) cost less than the range's scan. */
function chainsPay(ix: ColumnarIndex, filter: SliceFilter, members: number): boolean {
  if (ix.length === 0 || members === 0) return true;
  const range = ix.timeRange();
  const start = Math.max(range.min, filter.from?.getTime() ?? Number.NEGATIVE_INFINITY);
  const end = Math.min(range.max + 1, filter.to?.getTime() ?? Number.POSITIVE_INFINITY);
  const scanned = start < end ? ix.lowerBound(end) - ix.lowerBound(start) + ix.length - ix.sorted : 0;
  const perContact = ix.length / Math.max(1, ix.contact.count - 1);
  return members * perContact * CHAIN_COST < scanned;
}

/** The table by a scan of the filter's rows: rows are the contacts in the order first met. */
function byScan(ix: ColumnarIndex, q: ContactTouchpointQuery, s: Scratch, members: number): Gathered | null {
  counts.scanned++;
  const { member, value, rowOf } = s;
  const contact = ix.contact.data;
  const tpValues = ix.entities.touchpoint.values;
  const T = tpValues.length - 1;
  // rowOf: row + 1 of each contact code (0: no row yet); rows are given in the order contacts are met.
  const cells = q.metric === 'rating' ? new Float64Array(2 * members * T) : new Uint32Array(2 * members * T);
  const outcome = new Float64Array(members);
  const contactOf = new Uint32Array(members);
  let rows = 0;
  const touchpoint = ix.entities.touchpoint.data;
  const scores = q.metric === 'rating' ? ix.rating : ix[q.metric];
  const ok = eachRow(ix, q.metric, q.filter, q.excludeSurveys, (sel, k) => {
    for (let j = 0; j < k; j++) {
      const i = sel[j] as number;
      const c = contact[i] as number;
      const t = touchpoint[i] as number;
      if (member[c] === 0 || t === 0) continue;
      let r = rowOf[c] as number;
      if (r === 0) {
        r = ++rows;
        rowOf[c] = r;
        outcome[r - 1] = value[c] as number;
        contactOf[r - 1] = c;
      }
      const cell = 2 * ((r - 1) * T + t - 1);
      cells[cell] = (cells[cell] as number) + 1;
      cells[cell + 1] = (cells[cell + 1] as number) + (scores[i] as number);
    }
  });
  if (!ok) return null;
  return {
    touchpoints: tpValues.slice(1) as string[],
    rows,
    outcome: outcome.subarray(0, rows),
    cells: cells.subarray(0, 2 * rows * T),
    contacts: contactOf.subarray(0, rows),
  };
}

/**
 * The table by the row chains of the contacts with the outcome, each row tested against the filter as
 * the scan's selection tests it; then its rows put in the scan's order (by each contact's first row
 * kept: the chains run from the last row back, and row numbers are the scan's order).
 */
function byChains(
  ix: ColumnarIndex,
  q: ContactTouchpointQuery,
  s: Scratch,
  members: number,
): Gathered | null {
  const filters = compileFilters(ix, q.filter);
  if (filters === null) return null;
  counts.chained++;
  const { value, list } = s;
  const tpValues = ix.entities.touchpoint.values;
  const T = tpValues.length - 1;
  const make = (n: number) => (q.metric === 'rating' ? new Float64Array(n) : new Uint32Array(n));
  const cells = make(2 * members * T);
  const outcome = new Float64Array(members);
  const contactOf = new Uint32Array(members);
  const first = new Float64Array(members);
  let rows = 0;
  if (filters !== 'none') {
    const { at, contactLast, contactPrev } = ix;
    const touchpoint = ix.entities.touchpoint.data;
    const survey = ix.entities.survey.data;
    const mirror = mirrorCodes(ix, q.excludeSurveys);
    const scores = q.metric === 'rating' ? ix.rating : ix[q.metric];
    const none = q.metric === 'rating' ? -1 : NONE;
    const from = q.filter.from?.getTime() ?? Number.NEGATIVE_INFINITY;
    const to = q.filter.to?.getTime() ?? Number.POSITIVE_INFINITY;
    const F = filters.length;
    const datas = filters.map((f) => f.data);
    const codes = filters.map((f) => f.code);
    for (let j = 0; j < members; j++) {
      const c = list[j] as number;
      const base = 2 * rows * T;
      let firstRow = -1;
      rowLoop: for (let r = contactLast[c] ?? 0; r !== 0; r = contactPrev[r - 1] as number) {
        const i = r - 1;
        const t = touchpoint[i] as number;
        if (t === 0 || scores[i] === none) continue;
        const time = at[i] as number;
        if (!(time >= from && time < to)) continue;
        for (let f = 0; f < F; f++) if ((datas[f] as Uint8Array)[i] !== codes[f]) continue rowLoop;
        if (mirror && mirror[survey[i] as number] === 1) continue;
        const cell = base + 2 * (t - 1);
        cells[cell] = (cells[cell] as number) + 1;
        cells[cell + 1] = (cells[cell + 1] as number) + (scores[i] as number);
        firstRow = i;
      }
      if (firstRow < 0) continue;
      outcome[rows] = value[c] as number;
      contactOf[rows] = c;
      first[rows++] = firstRow;
    }
  }
  const table = { touchpoints: tpValues.slice(1) as string[], rows, outcome, cells, contacts: contactOf };
  return inScanOrder(table, first.subarray(0, rows), T, make);
}

/** The table's rows ordered by each one's first row (unchanged when they already are). */
function inScanOrder(
  t: Gathered,
  first: Float64Array,
  T: number,
  make: (n: number) => Float64Array | Uint32Array,
): Gathered {
  const rows = t.rows;
  let ordered = true;
  for (let r = 1; r < rows && ordered; r++) ordered = (first[r - 1] as number) < (first[r] as number);
  if (ordered)
    return {
      ...t,
      outcome: t.outcome.subarray(0, rows),
      cells: t.cells.subarray(0, 2 * rows * T),
      contacts: (t.contacts as Uint32Array).subarray(0, rows),
    };
  // First rows are distinct row numbers: first row · 2^k + position (2^k past the rows) sorts as one
  // number, exact while the index's rows times the table's stay below 2^53.
  const shift = 2 ** Math.ceil(Math.log2(rows + 1));
  const keys = new Float64Array(rows);
  for (let r = 0; r < rows; r++) keys[r] = (first[r] as number) * shift + r;
  keys.sort();
  const cells = make(2 * rows * T);
  const outcome = new Float64Array(rows);
  const contacts = new Uint32Array(rows);
  for (let r = 0; r < rows; r++) {
    const from = (keys[r] as number) % shift;
    cells.set(t.cells.subarray(2 * from * T, 2 * (from + 1) * T), 2 * r * T);
    outcome[r] = t.outcome[from] as number;
    contacts[r] = (t.contacts as Uint32Array)[from] as number;
  }
  return { ...t, outcome, cells, contacts };
}

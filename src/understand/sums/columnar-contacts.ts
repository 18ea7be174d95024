// Per-contact touchpoint sums and outcomes from the columnar index (key drivers across touchpoints):
// the rows the filter keeps, selected as the sums select them (columnar-select.ts), gathered by the
// index's contact codes into a contact × touchpoint table. Pure.
import { type ColumnarIndex, RATING_DECIMALS } from './columnar-index.js';
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
  visit: (sel: Uint32Array, k: number) => void = () => undefined;
  protected emit(k: number): void {
    this.visit(this.sel, k);
  }
}

/** Run `visit` on every row the filter keeps that answers `metric` (mirror surveys left out). */
function eachRow(
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

/** Per-contact working arrays, kept between reads (the read is synchronous: no two share them). */
let scratch: { member: Uint8Array; value: Float64Array; count: Uint32Array; rowOf: Uint32Array } | null =
  null;

function scratchFor(C: number): NonNullable<typeof scratch> {
  if (!scratch || scratch.member.length < C) {
    const n = Math.ceil(C * 1.25);
    scratch = {
      member: new Uint8Array(n),
      value: new Float64Array(n),
      count: new Uint32Array(n),
      rowOf: new Uint32Array(n),
    };
  } else {
    scratch.member.fill(0, 0, C);
    scratch.value.fill(0, 0, C);
    scratch.count.fill(0, 0, C);
    scratch.rowOf.fill(0, 0, C);
  }
  return scratch;
}

/**
 * The table from the index, or null when it cannot answer exactly what the SQL reads would (an id
 * filter that is not a UUID, a rating with more decimals than kept). Only the contacts that can have
 * the outcome are gathered, as the SQL reads them.
 */
export function columnarContactTouchpoints(
  ix: ColumnarIndex,
  q: ContactTouchpointQuery,
): ContactTouchpointTable | null {
  if (q.metric === 'rating' && !ix.ratingExact) return null;
  const contact = ix.contact.data;
  const C = ix.contact.count;
  // Per contact code: 1 when the contact can have the outcome, and its value.
  const { member, value, count, rowOf } = scratchFor(C);
  let withOutcome = 0;
  if ('surveyId' in q.outcome) {
    const nps = ix.nps;
    // The survey first: the first filter is checked in the selection's first pass, the rest on its result.
    const equals = [{ dimension: 'survey' as const, value: q.outcome.surveyId }, ...(q.filter.equals ?? [])];
    const ok = eachRow(ix, 'nps', { ...q.filter, equals }, [], (sel, k) => {
      for (let j = 0; j < k; j++) {
        const i = sel[j] as number;
        const c = contact[i] as number;
        if (c === 0) continue;
        count[c] = (count[c] as number) + 1;
        value[c] = (value[c] as number) + (nps[i] as number);
      }
    });
    if (!ok) return null;
    for (let c = 1; c < C; c++) {
      const n = count[c] as number;
      if (n === 0) continue;
      member[c] = 1;
      value[c] = (value[c] as number) / n;
      withOutcome++;
    }
  } else {
    for (const o of q.outcome.values) {
      if (!Number.isNaN(o.value)) withOutcome++;
      const c = ix.contact.codeOf(o.contactId.toLowerCase());
      if (c <= 0) continue;
      member[c] = 1;
      value[c] = o.value;
    }
  }
  const tpValues = ix.entities.touchpoint.values;
  const T = tpValues.length - 1;
  let members = 0;
  for (let c = 1; c < C; c++) members += member[c] as number;
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
  if (q.metric === 'rating')
    for (let x = 1; x < 2 * rows * T; x += 2) cells[x] = (cells[x] as number) / RATING_ONE;
  return {
    touchpoints: tpValues.slice(1) as string[],
    rows,
    outcome: outcome.subarray(0, rows),
    cells: cells.subarray(0, 2 * rows * T),
    withOutcome,
    contacts: contactOf.subarray(0, rows),
  };
}

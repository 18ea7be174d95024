// Each contact's row of key drivers across touchpoints (its mean score at each touchpoint, its mean NPS
// in the outcome survey) computed afresh from the columnar index without the contact × touchpoint table.
// The outcome's answers are read through the outcome survey's own rows (kept per index: a twentieth of
// the rows at 10 M), which mark the contacts with the outcome; the scores at touchpoints of those
// contacts are listed from the sums' selection; both lists are partitioned by contact code into blocks
// of 65,536 contacts, and within a block grouped by contact, so each contact's row is summed from its own
// few scores and handed on. The table (columnar-contacts.ts) instead writes every score into a dense
// array of every contact with the outcome (at 10 M records, 560,000 contacts × 20 touchpoints, a cache
// miss per score) and reads each contact's whole row of it back. Pure.
import { type ContactTouchpointQuery, eachRow } from './columnar-contacts.js';
import { type ColumnarIndex, NONE, RATING_DECIMALS } from './columnar-index.js';
import { compileFilters, type Filter } from './columnar-select.js';

const RATING_ONE = 10 ** RATING_DECIMALS;
/** Contacts per block as a power of two, when set (tests: many blocks of few contacts); null: by size. */
let blockBits: number | null = null;

/** Set the contacts per block to 2^bits (null: from the touchpoints, the default); the one before returned. */
export function setContactBlockBits(bits: number | null): number | null {
  const before = blockBits;
  blockBits = bits;
  return before;
}

/** The last computation's phases in ms: the scan of the rows, the partition by block, the blocks' sums and visits. */
const phases = { outcome: 0, scan: 0, partition: 0, blocks: 0, scores: 0 };

/** How long the last computation's phases took, and the scores it listed (for benches). */
export function contactRowPhases(): typeof phases {
  return { ...phases };
}

/** A contact's row: its touchpoints (columns, index order less one) and means, and its outcome. */
export type ContactRowVisit = (
  contact: number,
  cols: Uint16Array,
  vals: Float64Array,
  m: number,
  outcome: number,
) => void;

/** A growable list of the scores the scan meets: contact code, touchpoint code, score. */
class Scores {
  n = 0;
  contact: Uint32Array;
  touchpoint: Uint16Array;
  value: Int32Array;
  constructor(capacity: number) {
    this.contact = new Uint32Array(capacity);
    this.touchpoint = new Uint16Array(capacity);
    this.value = new Int32Array(capacity);
  }
  grow(): void {
    const cap = this.contact.length * 2;
    const c = new Uint32Array(cap);
    c.set(this.contact);
    const t = new Uint16Array(cap);
    t.set(this.touchpoint);
    const v = new Int32Array(cap);
    v.set(this.value);
    this.contact = c;
    this.touchpoint = t;
    this.value = v;
  }
}

/**
 * Visit each contact with the outcome and a score at a touchpoint, block by block of contact codes,
 * within a block in the order the filter's rows first meet them; a survey outcome only. Returns the
 * contacts with the outcome (with or without scores), or null when the index cannot answer exactly (the
 * caller gathers the table).
 */
export function eachContactRow(
  ix: ColumnarIndex,
  q: ContactTouchpointQuery & { outcome: { surveyId: string } },
  visit: ContactRowVisit,
): { withOutcome: number } | null {
  if (q.metric === 'rating' && !ix.ratingExact) return null;
  const T = ix.entities.touchpoint.values.length - 1;
  if (T >= 1 << 16) return null;
  const filters = compileFilters(ix, q.filter);
  if (filters === null) return null;
  const C = ix.contact.count;
  let t0 = performance.now();
  const outcomeSurvey = ix.entities.survey.codeOf(q.outcome.surveyId.toLowerCase());
  // A bit per contact code with an outcome answer the filter keeps (a contact's scores count only then).
  const has = new Int32Array((C >>> 5) + 1);
  const answers = new Scores(1024);
  const list = new Scores(Math.max(1024, Math.min(ix.length >>> 2, 1 << 20)));
  if (filters !== 'none' && outcomeSurvey > 0 && ix.length > 0) {
    outcomes(ix, q, filters, outcomeSurvey, has, answers);
    phases.outcome = performance.now() - t0;
    // The scores at touchpoints: the rows the sums select (bitmaps where they help, mirrors left out),
    // listed without a branch per row (which pass is as good as random).
    const contact = ix.contact.data;
    const touchpoint = ix.entities.touchpoint.data;
    const scores = q.metric === 'rating' ? ix.rating : ix[q.metric];
    eachRow(ix, q.metric, q.filter, q.excludeSurveys, (sel, k) => {
      while (list.n + k > list.contact.length) list.grow();
      const { contact: lc, touchpoint: lt, value: lv } = list;
      let e = list.n;
      for (let j = 0; j < k; j++) {
        const i = sel[j] as number;
        const c = contact[i] as number;
        const t = touchpoint[i] as number;
        lc[e] = c;
        lt[e] = t;
        lv[e] = scores[i] as number;
        e += ((has[c >>> 5] as number) >>> (c & 31)) & 1 & +(t !== 0);
      }
      list.n = e;
    });
  }
  phases.scan = performance.now() - t0;
  phases.scores = list.n;
  t0 = performance.now();

  // Contacts per block: as many as a key holds (2^16), fewer for few contacts.
  const bits = blockBits ?? Math.max(6, Math.min(16, Math.ceil(Math.log2(C))));
  const B = 1 << bits;
  const blocks = Math.ceil(C / B);
  const byBlock = (l: Scores) => partition(l, blocks, bits);
  const outcome = byBlock(answers);
  const table = byBlock(list);
  phases.partition = performance.now() - t0;
  t0 = performance.now();

  // Block by block: the outcome's answers per contact; the block's scores grouped by contact (a counting
  // sort, stable: each contact's scores keep the rows' order), each contact's sums per touchpoint
  // taken from its own few scores; visited as first met, with its outcome's mean.
  let most = 0;
  for (let b = 0; b < blocks; b++)
    most = Math.max(most, (table.start[b + 1] as number) - (table.start[b] as number));
  const oCount = new Uint32Array(B);
  const oSum = new Float64Array(B);
  const at = new Uint32Array(B);
  const order = new Uint32Array(B);
  const tps = new Uint16Array(most);
  const scores = new Int32Array(most);
  const n = new Uint32Array(T + 1);
  const sum = new Float64Array(T + 1);
  const cols = new Uint16Array(T + 1);
  const vals = new Float64Array(T + 1);
  const rating = q.metric === 'rating';
  let withOutcome = 0;
  for (let b = 0; b < blocks; b++) {
    for (let e = outcome.start[b] as number; e < (outcome.start[b + 1] as number); e++) {
      const l = (outcome.key[e] as number) >>> 16;
      if (oCount[l] === 0) withOutcome++;
      oCount[l] = (oCount[l] as number) + 1;
      oSum[l] = (oSum[l] as number) + (outcome.value[e] as number);
    }
    const first = table.start[b] as number;
    const last = table.start[b + 1] as number;
    let rows = 0;
    for (let e = first; e < last; e++) {
      const l = (table.key[e] as number) >>> 16;
      if (at[l] === 0) order[rows++] = l;
      at[l] = (at[l] as number) + 1;
    }
    // at: each contact's first position (in the order first met), then past its last as placed.
    for (let r = 0, offset = 0; r < rows; r++) {
      const l = order[r] as number;
      const count = at[l] as number;
      at[l] = offset;
      offset += count;
    }
    for (let e = first; e < last; e++) {
      const k = table.key[e] as number;
      const l = k >>> 16;
      const p = at[l] as number;
      at[l] = p + 1;
      tps[p] = k & 0xffff;
      scores[p] = table.value[e] as number;
    }
    for (let r = 0, p = 0; r < rows; r++) {
      const l = order[r] as number;
      const end = at[l] as number;
      at[l] = 0;
      let m = 0;
      for (; p < end; p++) {
        const t = tps[p] as number;
        if (n[t] === 0) cols[m++] = t;
        n[t] = (n[t] as number) + 1;
        sum[t] = (sum[t] as number) + (scores[p] as number);
      }
      // Touchpoints in index order (insertion sort: a contact meets few).
      for (let e = 1; e < m; e++) {
        const t = cols[e] as number;
        let f = e - 1;
        for (; f >= 0 && (cols[f] as number) > t; f--) cols[f + 1] = cols[f] as number;
        cols[f + 1] = t;
      }
      for (let e = 0; e < m; e++) {
        const t = cols[e] as number;
        // As the table has them: a rating's sum in units of the scale, then the mean.
        const s = sum[t] as number;
        vals[e] = (rating ? s / RATING_ONE : s) / (n[t] as number);
        cols[e] = t - 1;
        n[t] = 0;
        sum[t] = 0;
      }
      visit(b * B + l, cols, vals, m, (oSum[l] as number) / (oCount[l] as number));
    }
    oCount.fill(0);
    oSum.fill(0);
  }
  phases.blocks = performance.now() - t0;
  return { withOutcome };
}

/** A list's entries by block of contact codes: contact within the block · 2^16 + touchpoint, and value. */
function partition(
  l: Scores,
  blocks: number,
  bits: number,
): { start: Uint32Array; key: Uint32Array; value: Int32Array } {
  const start = new Uint32Array(blocks + 1);
  const lc = l.contact;
  for (let e = 0; e < l.n; e++) {
    const b = ((lc[e] as number) >>> bits) + 1;
    start[b] = (start[b] as number) + 1;
  }
  for (let b = 0; b < blocks; b++) start[b + 1] = (start[b] as number) + (start[b + 1] as number);
  const key = new Uint32Array(l.n);
  const value = new Int32Array(l.n);
  const next = start.slice(0, blocks);
  const mask = (1 << bits) - 1;
  const lt = l.touchpoint;
  const lv = l.value;
  for (let e = 0; e < l.n; e++) {
    const c = lc[e] as number;
    const b = c >>> bits;
    const at = next[b] as number;
    next[b] = at + 1;
    key[at] = (c & mask) * 65_536 + (lt[e] as number);
    value[at] = lv[e] as number;
  }
  return { start, key, value };
}

/** A survey's rows [0, upTo) in row order (`rows[0..n)`), as of the index's merge count `merges`. */
interface SurveyRows {
  merges: number;
  upTo: number;
  n: number;
  rows: Uint32Array;
}

/** Per index, the rows of each outcome survey read so far (rows only move in a merge). */
const surveyRowsKept = new WeakMap<ColumnarIndex, Map<number, SurveyRows>>();

/**
 * The rows of a survey, in row order: kept per index and survey, extended with the rows appended since,
 * read afresh after a merge. The outcome survey's answers are a small share of the rows (at 10 M, one
 * survey of twenty): read through its rows instead of a pass over every row.
 */
function surveyRows(ix: ColumnarIndex, code: number): SurveyRows {
  let bySurvey = surveyRowsKept.get(ix);
  if (!bySurvey) {
    bySurvey = new Map();
    surveyRowsKept.set(ix, bySurvey);
  }
  let kept = bySurvey.get(code);
  if (!kept || kept.merges !== ix.merges) {
    kept = { merges: ix.merges, upTo: 0, n: 0, rows: new Uint32Array(1024) };
    bySurvey.set(code, kept);
  }
  const survey = ix.entities.survey.data;
  for (let i = kept.upTo; i < ix.length; i++) {
    if (survey[i] !== code) continue;
    if (kept.n === kept.rows.length) {
      const wider = new Uint32Array(kept.rows.length * 2);
      wider.set(kept.rows);
      kept.rows = wider;
    }
    kept.rows[kept.n++] = i;
  }
  kept.upTo = ix.length;
  return kept;
}

/** The outcome's answers the filter keeps: listed (contact, NPS), and their contacts' bits set in `has`. */
function outcomes(
  ix: ColumnarIndex,
  q: ContactTouchpointQuery,
  filters: Filter[],
  outcomeSurvey: number,
  has: Int32Array,
  answers: Scores,
): void {
  const { rows, n } = surveyRows(ix, outcomeSurvey);
  const from = q.filter.from?.getTime() ?? Number.NEGATIVE_INFINITY;
  const to = q.filter.to?.getTime() ?? Number.POSITIVE_INFINITY;
  const contact = ix.contact.data;
  const nps = ix.nps;
  const at = ix.at;
  const datas = filters.map((f) => f.data);
  const codes = filters.map((f) => f.code);
  const F = filters.length;
  const take = (i: number) => {
    const c = contact[i] as number;
    if (c === 0 || nps[i] === NONE) return;
    for (let f = 0; f < F; f++) if ((datas[f] as Uint8Array)[i] !== codes[f]) return;
    has[c >>> 5] = (has[c >>> 5] as number) | (1 << (c & 31));
    if (answers.n === answers.contact.length) answers.grow();
    answers.contact[answers.n] = c;
    answers.value[answers.n++] = nps[i] as number;
  };
  // The sorted prefix's rows in the time range are a run of the list; the tail's are checked one by one.
  const last = firstAtLeast(rows, n, ix.lowerBound(to));
  for (let e = firstAtLeast(rows, n, ix.lowerBound(from)); e < last; e++) take(rows[e] as number);
  for (let e = firstAtLeast(rows, n, ix.sorted); e < n; e++) {
    const i = rows[e] as number;
    const time = at[i] as number;
    if (time >= from && time < to) take(i);
  }
}

/** The first position of a sorted list of n row numbers holding a row at or past `row`. */
function firstAtLeast(rows: Uint32Array, n: number, row: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((rows[mid] as number) < row) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Kept pairwise sums of key drivers across touchpoints (a contact's mean score at each touchpoint and
// its mean NPS in the outcome survey), per query, caught up with the rows the index appended since
// instead of gathered again: the contacts those rows touch have their old contribution taken out and
// the new one put in, each read through the index's per-contact row chains. A merge only moves rows, so
// the sums are caught up just before it and hold after it; a new touchpoint starts them afresh; a
// rewrite replaces the index and so drops them. Pure.
import { eachContactRow } from './columnar-contact-parts.js';
import { type ContactTouchpointQuery, columnarContactTouchpoints } from './columnar-contacts.js';
import { type ColumnarIndex, NONE, RATING_DECIMALS } from './columnar-index.js';
import { compileFilters, type Filter, mirrorCodes } from './columnar-select.js';

const RATING_ONE = 10 ** RATING_DECIMALS;
/** Queries kept per index (each holds (touchpoints + 1)² × 6 numbers: 21 KiB at 20 touchpoints). */
const KEPT_QUERIES = 16;
/** Touchpoints met by at most this many contacts keep who met them (a minimum up to this is answered). */
const RARE = 64;
/**
 * Rows not yet in kept sums past which they are computed afresh instead of caught up, as a share of
 * the index: a caught-up row costs about 150 times a row of the fresh pass (10 M records: 10,111 rows
 * caught up in 92 ms, all computed afresh in 610 ms), so past a 128th the fresh pass is the cheaper.
 */
const CATCH_UP_SHARE = 1 / 128;
/**
 * Contacts taken out or put in by catch-ups past which the sums are computed afresh. The catch-ups
 * add with Neumaier's compensation, so each sum is within 2u of its exact value plus ops·u² of the
 * sum of its terms' magnitudes (u = 2^-53): 2^24 of them bound that part by 1e-16 of the terms.
 */
const MAX_OPS = 2 ** 24;

/**
 * The pairwise sums over the contacts with the outcome and a score at a touchpoint: columns are the
 * touchpoints (index order) and the outcome (last); pair (i, j), i <= j, at `6 * (i * W + j)`: count,
 * sum of x_i, of x_j, of x_i², of x_j², of x_i·x_j, each x taken about its column's `shift`.
 */
export interface TouchpointPairSums {
  /** Touchpoint ids, one per column (the outcome is column `touchpoints.length`). */
  touchpoints: string[];
  sums: Float64Array;
  /** Per column: the value sums are taken about (its first value in the first computation's order). */
  shift: Float64Array;
  /** Contacts with the outcome who met each touchpoint. */
  metBy: Uint32Array;
  /** Contacts with a numeric outcome, with or without scores at touchpoints. */
  withOutcome: number;
  /** Contacts with the outcome and a score at a touchpoint. */
  rows: number;
  /** Of those, how many have an outcome other than 0 or 1. */
  nonBinary: number;
  /**
   * The outcome's own sums (count, sum, sum of squares, about its shift, and how many not 0 or 1) over
   * the contacts whose touchpoints are all met by fewer than the query's minimum: they are in the
   * outcome's sums above, not in the analysis' rows (null: none such touchpoint).
   */
  onlyRare: { count: number; sum: number; squares: number; nonBinary: number } | null;
}

/** A query of kept pair sums: a survey outcome. */
export type PairQuery = ContactTouchpointQuery & { outcome: { surveyId: string } };

interface Kept extends TouchpointPairSums {
  q: PairQuery;
  /** Neumaier's compensation of the sums, per cell (null until a catch-up: then the sums are as fresh). */
  comp: Float64Array | null;
  /** Contacts taken out or put in since computed afresh. */
  ops: number;
  /** Per touchpoint met by at most RARE contacts: those contacts' codes (untracked past RARE). */
  rare: Array<Set<number> | null>;
  untracked: Uint8Array;
  /** Rows [0, covered) are in the sums. */
  covered: number;
  /** The index's merge count they hold under (carried over a merge, see `beforeMerge`). */
  merges: number;
}

const kept = new WeakMap<ColumnarIndex, Map<string, Kept>>();
/** Pair sums computed afresh, caught up, and carried over a merge so far (for metrics and tests). */
const counts = { fresh: 0, caughtUp: 0, merged: 0 };

/** How often the pair sums were computed afresh, caught up, and carried over a merge, since the process started. */
export function touchpointPairSumsCounts(): { fresh: number; caughtUp: number; merged: number } {
  return { ...counts };
}

/** The kept sums' key: the query with its filter in a canonical form (an empty `equals` is none). */
export function pairQueryKey(q: PairQuery): string {
  const f = q.filter;
  const equals = (f.equals ?? []).map((e) => `${e.dimension}=${e.value}`).sort();
  return JSON.stringify([
    q.metric,
    f.from?.getTime() ?? null,
    f.to?.getTime() ?? null,
    f.hasText ?? null,
    equals,
    [...q.excludeSurveys].map((s) => s.toLowerCase()).sort(),
    q.outcome.surveyId.toLowerCase(),
  ]);
}

/** Whether rows [covered, length) are few enough to catch up rather than compute afresh. */
const catchUpPays = (ix: ColumnarIndex, k: Kept): boolean =>
  ix.length - k.covered <= Math.max(1024, ix.length * CATCH_UP_SHARE);

/** The kept sums of an index (made with the hook that carries them over its merges). */
function keptOf(ix: ColumnarIndex): Map<string, Kept> {
  let byKey = kept.get(ix);
  if (!byKey) {
    const made = new Map<string, Kept>();
    kept.set(ix, made);
    ix.beforeMerge = () => beforeMerge(ix, made);
    byKey = made;
  }
  return byKey;
}

/**
 * Just before a merge: a merge only re-orders rows, and the sums are per contact, so sums that cover
 * every row hold after it. The kept queries are caught up with the rows since, most recently read first,
 * while all together they catch up no more rows than a read may (a merge is on a read's path), and
 * marked as of the merge to come; the others are dropped (computed afresh on their next read).
 */
function beforeMerge(ix: ColumnarIndex, byKey: Map<string, Kept>): void {
  const T = ix.entities.touchpoint.values.length - 1;
  // The most recently read first, all of them together catching up no more than one query may.
  let budget = Math.max(1024, ix.length * CATCH_UP_SHARE);
  for (const [key, k] of [...byKey].reverse()) {
    const rows = k.merges === ix.merges && k.touchpoints.length === T ? contactRows(ix, k.q) : null;
    if (!rows || k.covered > ix.length || ix.length - k.covered > budget) {
      byKey.delete(key);
      continue;
    }
    budget -= ix.length - k.covered;
    if (k.covered < ix.length) catchUp(ix, k, rows);
    k.merges = ix.merges + 1;
    counts.merged++;
  }
}

/** The reader of contacts' rows for a query (null: the index cannot answer it). */
function contactRows(ix: ColumnarIndex, q: PairQuery): ContactRows | null {
  const filters = compileFilters(ix, q.filter);
  const outcomeSurvey = ix.entities.survey.codeOf(q.outcome.surveyId.toLowerCase());
  if (filters === null || filters === 'none' || outcomeSurvey <= 0) return null;
  return new ContactRows(ix, q, filters, outcomeSurvey);
}

/**
 * The pairwise sums for a survey outcome, from the kept ones caught up with the rows appended since,
 * else computed afresh from the contact × touchpoint table (and kept); null when the index cannot
 * answer exactly or no row can pass the filter (the caller reads the table, as before).
 */
export function columnarTouchpointPairSums(
  ix: ColumnarIndex,
  q: PairQuery,
  /** A touchpoint enters the analysis when met by at least this many contacts with the outcome. */
  minContacts: number,
): TouchpointPairSums | null {
  if (q.metric === 'rating' && !ix.ratingExact) return null;
  const rows = contactRows(ix, q);
  if (!rows) return null;
  const key = pairQueryKey(q);
  const byKey = keptOf(ix);
  const T = ix.entities.touchpoint.values.length - 1;
  let k: Kept | null | undefined = byKey.get(key);
  byKey.delete(key);
  if (
    !k ||
    k.merges !== ix.merges ||
    k.touchpoints.length !== T ||
    k.covered > ix.length ||
    k.ops > MAX_OPS ||
    !catchUpPays(ix, k)
  )
    k = fresh(ix, q);
  else if (k.covered < ix.length) catchUp(ix, k, rows);
  if (!k) return null;
  byKey.set(key, k);
  if (byKey.size > KEPT_QUERIES) byKey.delete(byKey.keys().next().value as string);
  const rare: number[] = [];
  for (let t = 0; t < T; t++)
    if ((k.metBy[t] as number) > 0 && (k.metBy[t] as number) < minContacts) rare.push(t);
  if (rare.length > 0 && (minContacts > RARE + 1 || rare.some((t) => k.untracked[t] === 1))) return null;
  // A copy: the kept sums move on with the next read's catch-up, perhaps before this one is analysed.
  const comp = k.comp;
  return {
    touchpoints: k.touchpoints,
    sums: comp ? k.sums.map((v, i) => v + (comp[i] as number)) : k.sums.slice(),
    shift: k.shift.slice(),
    metBy: k.metBy.slice(),
    withOutcome: k.withOutcome,
    rows: k.rows,
    nonBinary: k.nonBinary,
    onlyRare: rare.length === 0 ? null : onlyRare(k, rare, rows, ix.length),
  };
}

/** The outcome's sums over the contacts who met only the rare touchpoints (see `onlyRare`). */
function onlyRare(k: Kept, rare: number[], rows: ContactRows, limit: number): TouchpointPairSums['onlyRare'] {
  const out = { count: 0, sum: 0, squares: 0, nonBinary: 0 };
  const isRare = new Uint8Array(k.touchpoints.length);
  for (const t of rare) isRare[t] = 1;
  const seen = new Set<number>();
  for (const t of rare) for (const c of k.rare[t] ?? []) seen.add(c);
  const shift = k.shift[k.touchpoints.length] as number;
  for (const c of seen) {
    rows.read(c, limit);
    if (Number.isNaN(rows.outcome)) continue;
    let other = false;
    for (let e = 0; e < rows.m && !other; e++) other = isRare[rows.cols[e] as number] === 0;
    if (other) continue;
    const x = rows.outcome - shift;
    out.count++;
    out.sum += x;
    out.squares += x * x;
    if (rows.outcome !== 0 && rows.outcome !== 1) out.nonBinary++;
  }
  return out;
}

/** How fresh sums are computed: from blocks of contacts (the default), or from the gathered table. */
export type PairSumsWay = 'blocks' | 'table';
let way: PairSumsWay = 'blocks';

/** Compute fresh sums one way from now on (for tests and benches; the way before returned). */
export function setPairSumsWay(how: PairSumsWay): PairSumsWay {
  const before = way;
  way = how;
  return before;
}

/** An empty Kept for a query, as of the index's current rows. */
function emptyKept(ix: ColumnarIndex, q: PairQuery, touchpoints: string[], withOutcome: number): Kept {
  const T = touchpoints.length;
  return {
    q,
    comp: null,
    ops: 0,
    touchpoints,
    sums: new Float64Array((T + 1) * (T + 1) * 6),
    shift: new Float64Array(T + 1).fill(Number.NaN),
    metBy: new Uint32Array(T),
    withOutcome,
    rows: 0,
    nonBinary: 0,
    onlyRare: null,
    rare: Array.from({ length: T }, () => new Set<number>()),
    untracked: new Uint8Array(T),
    covered: ix.length,
    merges: ix.merges,
  };
}

/**
 * The sums computed afresh, contact by contact: by default from blocks of contact codes
 * (columnar-contact-parts.ts: no table of every contact), else from the table in its order.
 */
function fresh(ix: ColumnarIndex, q: PairQuery): Kept | null {
  if (way === 'blocks') {
    const k = emptyKept(ix, q, ix.entities.touchpoint.values.slice(1) as string[], 0);
    const done = eachContactRow(ix, q, (c, cols, vals, m, outcome) => add(k, c, cols, vals, m, outcome, 1));
    if (!done) return null;
    counts.fresh++;
    k.withOutcome = done.withOutcome;
    return k;
  }
  const table = columnarContactTouchpoints(ix, q);
  if (!table) return null;
  counts.fresh++;
  const T = table.touchpoints.length;
  const k = emptyKept(ix, q, table.touchpoints, table.withOutcome);
  const cols = new Uint16Array(T + 1);
  const vals = new Float64Array(T + 1);
  const { cells, outcome } = table;
  const contacts = table.contacts as Uint32Array;
  for (let r = 0; r < table.rows; r++) {
    let m = 0;
    for (let t = 0; t < T; t++) {
      const n = cells[2 * (r * T + t)] as number;
      if (n > 0) {
        cols[m] = t;
        vals[m++] = (cells[2 * (r * T + t) + 1] as number) / n;
      }
    }
    add(k, contacts[r] as number, cols, vals, m, outcome[r] as number, 1);
  }
  return k;
}

/** Add (sign 1) or take out (-1) one contact's row: its touchpoints' means and its outcome. */
function add(
  k: Kept,
  contact: number,
  cols: Uint16Array,
  vals: Float64Array,
  m: number,
  outcome: number,
  sign: 1 | -1,
): void {
  if (m === 0) return;
  const T = k.touchpoints.length;
  const W = T + 1;
  cols[m] = T;
  vals[m] = outcome;
  const { sums, shift } = k;
  for (let e = 0; e <= m; e++) {
    const c = cols[e] as number;
    if (Number.isNaN(shift[c] as number)) shift[c] = vals[e] as number;
    if (c === T) continue;
    k.metBy[c] = (k.metBy[c] as number) + sign;
    const who = k.rare[c];
    if (!who) continue;
    if (sign < 0) who.delete(contact);
    else if ((k.metBy[c] as number) <= RARE) who.add(contact);
    else {
      // Met by many: no longer kept (a contact's touchpoints only grow as records are appended).
      k.rare[c] = null;
      k.untracked[c] = 1;
    }
  }
  k.rows += sign;
  if (outcome !== 0 && outcome !== 1) k.nonBinary += sign;
  const comp = k.comp;
  if (comp) k.ops++;
  // Each value about its column's shift, in place (vals is the caller's scratch row).
  for (let e = 0; e <= m; e++) vals[e] = (vals[e] as number) - (shift[cols[e] as number] as number);
  if (comp) {
    for (let e = 0; e <= m; e++) {
      const i = cols[e] as number;
      const xi = vals[e] as number;
      for (let f = e; f <= m; f++) {
        const xj = vals[f] as number;
        const o = (i * W + (cols[f] as number)) * 6;
        // A catch-up: compensated, so that rounding does not build up over many of them.
        addComp(sums, comp, o, sign);
        addComp(sums, comp, o + 1, sign * xi);
        addComp(sums, comp, o + 2, sign * xj);
        addComp(sums, comp, o + 3, sign * xi * xi);
        addComp(sums, comp, o + 4, sign * xj * xj);
        addComp(sums, comp, o + 5, sign * xi * xj);
      }
    }
    return;
  }
  for (let e = 0; e <= m; e++) {
    const i = cols[e] as number;
    const xi = vals[e] as number;
    for (let f = e; f <= m; f++) {
      const xj = vals[f] as number;
      const o = (i * W + (cols[f] as number)) * 6;
      sums[o] = (sums[o] as number) + sign;
      sums[o + 1] = (sums[o + 1] as number) + sign * xi;
      sums[o + 2] = (sums[o + 2] as number) + sign * xj;
      sums[o + 3] = (sums[o + 3] as number) + sign * xi * xi;
      sums[o + 4] = (sums[o + 4] as number) + sign * xj * xj;
      sums[o + 5] = (sums[o + 5] as number) + sign * xi * xj;
    }
  }
}

/** sums[o] += v with Neumaier's compensation kept in comp[o]. */
function addComp(sums: Float64Array, comp: Float64Array, o: number, v: number): void {
  const s = sums[o] as number;
  const t = s + v;
  comp[o] = (comp[o] as number) + (Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s);
  sums[o] = t;
}

/** One contact's row over the rows before a limit, read through its row chain with the query's filter. */
class ContactRows {
  readonly count: Uint32Array;
  readonly sum: Float64Array;
  readonly cols: Uint16Array;
  readonly vals: Float64Array;
  m = 0;
  outcome = Number.NaN;
  private readonly start: number;
  private readonly end: number;
  private readonly mirror: Uint8Array | null;
  private readonly scores: Uint8Array | Int32Array;
  private readonly none: number;

  constructor(
    private readonly ix: ColumnarIndex,
    private readonly q: ContactTouchpointQuery,
    private readonly filters: Filter[],
    private readonly outcomeSurvey: number,
  ) {
    const T = ix.entities.touchpoint.values.length - 1;
    this.count = new Uint32Array(T);
    this.sum = new Float64Array(T);
    this.cols = new Uint16Array(T + 1);
    this.vals = new Float64Array(T + 1);
    this.start = q.filter.from?.getTime() ?? Number.NEGATIVE_INFINITY;
    this.end = q.filter.to?.getTime() ?? Number.POSITIVE_INFINITY;
    this.mirror = mirrorCodes(ix, q.excludeSurveys);
    this.scores = q.metric === 'rating' ? ix.rating : ix[q.metric];
    this.none = q.metric === 'rating' ? -1 : NONE;
  }

  /** Whether row i passes the filter (time range and equalities). */
  passes(i: number): boolean {
    const t = this.ix.at[i] as number;
    if (!(t >= this.start && t < this.end)) return false;
    for (const f of this.filters) if (f.data[i] !== f.code) return false;
    return true;
  }

  /** Whether row i, passing the filter, is an outcome answer or a score at a touchpoint. */
  counts(i: number): boolean {
    const survey = this.ix.entities.survey.data[i] as number;
    if (survey === this.outcomeSurvey && this.ix.nps[i] !== NONE) return true;
    return this.scoreAt(i, survey) > 0;
  }

  private scoreAt(i: number, survey: number): number {
    if (this.scores[i] === this.none || (this.mirror && this.mirror[survey] === 1)) return 0;
    return this.ix.entities.touchpoint.data[i] as number;
  }

  /** Read contact c's row over rows [0, limit): `outcome` (NaN: none), `m` touchpoints in `cols`/`vals`. */
  read(c: number, limit: number): void {
    const { ix, count, sum } = this;
    const survey = ix.entities.survey.data;
    let on = 0;
    let os = 0;
    for (let r = ix.contactLast[c] as number; r !== 0; r = ix.contactPrev[r - 1] as number) {
      const i = r - 1;
      if (i >= limit || !this.passes(i)) continue;
      const s = survey[i] as number;
      if (s === this.outcomeSurvey && ix.nps[i] !== NONE) {
        on++;
        os += ix.nps[i] as number;
      }
      const t = this.scoreAt(i, s);
      if (t > 0) {
        count[t - 1] = (count[t - 1] as number) + 1;
        sum[t - 1] = (sum[t - 1] as number) + (this.scores[i] as number);
      }
    }
    this.outcome = on > 0 ? os / on : Number.NaN;
    let m = 0;
    for (let t = 0; t < count.length; t++) {
      const n = count[t] as number;
      if (n === 0) continue;
      // As the table has them: a rating's sum in units of the scale, then the mean.
      const s = this.q.metric === 'rating' ? (sum[t] as number) / RATING_ONE : (sum[t] as number);
      if (!Number.isNaN(this.outcome)) {
        this.cols[m] = t;
        this.vals[m++] = s / n;
      }
      count[t] = 0;
      sum[t] = 0;
    }
    this.m = m;
  }
}

/** Take the rows [covered, length) in: every contact they touch, out with its old row, in with its new. */
function catchUp(ix: ColumnarIndex, k: Kept, rows: ContactRows): void {
  counts.caughtUp++;
  k.comp ??= new Float64Array(k.sums.length);
  const contact = ix.contact.data;
  const seen = new Set<number>();
  for (let i = k.covered; i < ix.length; i++) {
    const c = contact[i] as number;
    if (c !== 0 && rows.passes(i) && rows.counts(i)) seen.add(c);
  }
  for (const c of seen) {
    rows.read(c, k.covered);
    if (!Number.isNaN(rows.outcome)) {
      k.withOutcome--;
      add(k, c, rows.cols, rows.vals, rows.m, rows.outcome, -1);
    }
    rows.read(c, ix.length);
    if (!Number.isNaN(rows.outcome)) {
      k.withOutcome++;
      add(k, c, rows.cols, rows.vals, rows.m, rows.outcome, 1);
    }
  }
  k.covered = ix.length;
}

// The sums of theme impact from the comment index, as `getThemeScoreSums` gives them. One typed-array
// loop a comment: the score's class (or its shifted value) worked out once a comment, then added to the
// overall block and to each of its themes' blocks of one Float64Array without branches on the score. A
// word search alone (no other filter) walks the words' bitmap instead of a selection; when it matches
// more than half the comments and every sum is of whole numbers (exact in any order), the sums are the
// index's totals (kept until a comment changes) less those of the comments it does not match. Pure but
// for that cache.
import type { CommentIndex } from './comment-index.js';
import type { CommentFilter } from './filters.js';
import { type ImpactMeasure, type ScoreSums, SHIFT } from './queries/theme-score-sums.js';

const FIELDS = 12;
const [N, PROMOTERS, PASSIVES, DETRACTORS, TOP, SUM, SQUARES, ASPECT_N, ASPECT_NEG, ASPECT_POS, ASPECT_SUM] =
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
/** Mentions of the theme (whether it has a row). */
const MENTIONS = 11;

const NPS = 0;
const CSAT = 1;
const MEAN = 2;

interface Pass {
  kind: number;
  values: Float32Array | Float64Array;
  shift: number;
  /** Aspect scores in units of 1e-9 (exact integer sums). */
  exact: boolean;
}

/**
 * Add comments into `acc` (one block of FIELDS per theme, then the overall block), in index order: the
 * positions `rows`, or with `rows` null the comments whose byte in `bitmap` is `want`. Returns whether
 * every shifted score added was a whole number.
 */
function addComments(
  ix: CommentIndex,
  pass: Pass,
  acc: Float64Array,
  rows: Uint32Array | null,
  bitmap: Uint8Array | null,
  want: number,
): boolean {
  const { kind, values, shift, exact } = pass;
  const { counted, themeStart, themeCount, poolTheme, poolAspect } = ix;
  const all = ix.themeIds.length * FIELDS;
  const n = rows ? rows.length : Math.min((bitmap as Uint8Array).length, ix.length);
  const scale = exact ? 1e9 : 1;
  let whole = true;
  for (let r = 0; r < n; r++) {
    let i: number;
    if (rows) i = rows[r] as number;
    else {
      if ((bitmap as Uint8Array)[r] !== want) continue;
      i = r;
    }
    if (counted[i] !== 1) continue;
    const v = values[i] as number;
    const scored = Number.isNaN(v) ? 0 : 1;
    // The field the score counts into (its NPS class or CSAT's top box; 0, n, adds 0 more for a mean)
    // and the shifted value with its square for a mean; all 0 when unscored.
    let field: number = N;
    let x = 0;
    if (scored === 1) {
      if (kind === NPS) field = DETRACTORS - (v >= 7 ? 1 : 0) - (v >= 9 ? 1 : 0);
      else if (kind === CSAT) field = v >= 4 ? TOP : N;
      else {
        x = v - shift;
        if (x !== Math.floor(x)) whole = false;
      }
    }
    const one = field === N ? 0 : scored;
    const xx = x * x;
    acc[all + N] = (acc[all + N] as number) + scored;
    acc[all + field] = (acc[all + field] as number) + one;
    if (kind === MEAN && scored === 1) {
      acc[all + SUM] = (acc[all + SUM] as number) + x;
      acc[all + SQUARES] = (acc[all + SQUARES] as number) + xx;
    }
    const s = themeStart[i] as number;
    const e = s + (themeCount[i] as number);
    for (let p = s; p < e; p++) {
      const base = (poolTheme[p] as number) * FIELDS;
      acc[base + MENTIONS] = (acc[base + MENTIONS] as number) + 1;
      acc[base + N] = (acc[base + N] as number) + scored;
      acc[base + field] = (acc[base + field] as number) + one;
      if (kind === MEAN && scored === 1) {
        acc[base + SUM] = (acc[base + SUM] as number) + x;
        acc[base + SQUARES] = (acc[base + SQUARES] as number) + xx;
      }
      const a = poolAspect[p] as number;
      if (!Number.isNaN(a)) {
        acc[base + ASPECT_N] = (acc[base + ASPECT_N] as number) + 1;
        acc[base + ASPECT_NEG] = (acc[base + ASPECT_NEG] as number) + (a < -0.2 ? 1 : 0);
        acc[base + ASPECT_POS] = (acc[base + ASPECT_POS] as number) + (a > 0.2 ? 1 : 0);
        // In units of 1e-9 where every score allows it: the sum is then exact, as SQL's numeric sum.
        acc[base + ASPECT_SUM] = (acc[base + ASPECT_SUM] as number) + (exact ? Math.round(a * scale) : a);
      }
    }
  }
  return whole;
}

interface Totals {
  version: number;
  themes: number;
  exact: boolean;
  acc: Float64Array;
  /** Every sum is of whole numbers: totals less a part are that part's complement exactly. */
  whole: boolean;
}
const kept = new WeakMap<CommentIndex, Map<ImpactMeasure, Totals>>();

/** The sums over every comment of the index for `measure`, kept until a comment is added or re-enriched. */
function totals(ix: CommentIndex, measure: ImpactMeasure, pass: Pass): Totals {
  let byMeasure = kept.get(ix);
  if (!byMeasure) {
    byMeasure = new Map();
    kept.set(ix, byMeasure);
  }
  const t = byMeasure.get(measure);
  const themes = ix.themeIds.length;
  if (t && t.version === ix.version && t.themes === themes && t.exact === pass.exact) return t;
  const acc = new Float64Array((themes + 1) * FIELDS);
  const all = new Uint8Array(ix.length).fill(1);
  const whole = addComments(ix, pass, acc, null, all, 1);
  const fresh = { version: ix.version, themes, exact: pass.exact, acc, whole: whole && pass.exact };
  byMeasure.set(measure, fresh);
  return fresh;
}

/** Words matching more than this share of the comments are summed as the totals less the others. */
const COMPLEMENT_SHARE = 0.5;

/**
 * Per theme and overall (theme null), the sums `getThemeScoreSums` gives for `filter`: enriched, not
 * skipped comments; each element of themeIds counts once. Null when the filter has words and `words`
 * (the comments they match, from `matchCommentWords`) is not given. `complement` false sums the matches
 * directly even where the totals less the others would do.
 */
export function indexThemeSums(
  ix: CommentIndex,
  measure: ImpactMeasure,
  filter: CommentFilter,
  words?: Uint8Array,
  complement = true,
): ScoreSums[] | null {
  const themes = ix.themeIds.length;
  const values =
    measure === 'nps' ? ix.nps : measure === 'csat' ? ix.csat : measure === 'ces' ? ix.ces : ix.ratingNumeric;
  const pass: Pass = {
    kind: measure === 'nps' ? NPS : measure === 'csat' ? CSAT : MEAN,
    values,
    shift: SHIFT[measure],
    exact: ix.aspectsDecimal,
  };
  let acc = new Float64Array((themes + 1) * FIELDS);
  const bitmap = ix.wordsAlone(filter, words);
  if (bitmap) {
    const n = Math.min(bitmap.length, ix.length);
    let matched = 0;
    for (let i = 0; i < n; i++) matched += bitmap[i] as number;
    const t =
      complement && n === ix.length && matched > n * COMPLEMENT_SHARE ? totals(ix, measure, pass) : null;
    if (t?.whole) {
      addComments(ix, pass, acc, null, bitmap, 0);
      const rest = acc;
      acc = Float64Array.from(t.acc);
      for (let k = 0; k < acc.length; k++) acc[k] = (acc[k] as number) - (rest[k] as number);
    } else addComments(ix, pass, acc, null, bitmap, 1);
  } else {
    const rows = ix.select(filter, words);
    if (!rows) return null;
    addComments(ix, pass, acc, rows, null, 0);
  }
  const exact = pass.exact;
  const all = themes * FIELDS;
  const row = (theme: string | null, base: number): ScoreSums => ({
    theme,
    n: acc[base + N] as number,
    promoters: acc[base + PROMOTERS] as number,
    passives: acc[base + PASSIVES] as number,
    detractors: acc[base + DETRACTORS] as number,
    top: acc[base + TOP] as number,
    sum: acc[base + SUM] as number,
    sumSquares: acc[base + SQUARES] as number,
    aspectN: acc[base + ASPECT_N] as number,
    aspectNegative: acc[base + ASPECT_NEG] as number,
    aspectPositive: acc[base + ASPECT_POS] as number,
    aspectSum: exact ? (acc[base + ASPECT_SUM] as number) / 1e9 : (acc[base + ASPECT_SUM] as number),
  });
  const out = [row(null, all)];
  for (let code = 0; code < themes; code++)
    if ((acc[code * FIELDS + MENTIONS] as number) > 0)
      out.push(row(ix.themeIds[code] as string, code * FIELDS));
  return out;
}

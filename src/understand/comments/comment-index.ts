// The in-memory comment index of one organisation: one entry per comment (a record with a text) in typed
// arrays (time, place codes, scores, attribute codes, sentiment) and its themes in a pool, so theme impact
// and theme verbatims select comments by any filter without reading them from PostgreSQL.
import { CodeColumn, UuidColumn } from '../sums/index.js';
import { CommentWords } from './comment-words.js';
import type { CommentFilter } from './filters.js';
import type { CommentIndexRow } from './queries/comment-index-read.js';

const NONE = Number.NaN;

/** Comments of one organisation, appended as read and re-enriched in place. */
export class CommentIndex {
  length = 0;
  /** Moves with every comment added or re-enriched: what sums kept over the whole index are valid for. */
  version = 0;
  /** Comments [0, ordered) are in time order; those after were appended out of order (late arrivals). */
  ordered = 0;
  private cap: number;
  /**
   * The comments' ids as 16 bytes each, comment i holding code i + 1: not a string and a map entry a
   * comment, which every full collection of the heap would walk.
   */
  private readonly ids = new UuidColumn(1);
  /** What `select` writes (reused). */
  private selected = new Uint32Array(0);
  /** occurred_at in microseconds since the epoch. */
  at: Float64Array;
  readonly survey: CodeColumn;
  readonly touchpoint: CodeColumn;
  readonly channel: CodeColumn;
  readonly sentiment: CodeColumn;
  /** Scores as float8 (NaN: null); rating also as its numeric value, which sums add. */
  nps: Float32Array;
  csat: Float32Array;
  ces: Float32Array;
  rating: Float64Array;
  ratingNumeric: Float64Array;
  /** 1: enriched and not skipped (counted by theme impact). */
  counted: Uint8Array;
  /** 1: a text of 40-400 characters. */
  readable: Uint8Array;
  readonly attributes = new Map<string, CodeColumn>();
  /** Each comment's themes: `themeCount[i]` entries of the pool from `themeStart[i]`. */
  themeStart: Uint32Array;
  themeCount: Uint16Array;
  poolTheme: Uint32Array;
  poolAspect: Float64Array;
  /** 1: enrichment.themes has an element with this id (what a verbatim needs). */
  poolListed: Uint8Array;
  /** That element's mentions (NaN: none) and absolute sentence sentiment. */
  poolMentions: Float64Array;
  poolStrength: Float64Array;
  poolLength = 0;
  /**
   * Every aspect score read has at most 9 decimals: sums of them in units of 1e-9 are exact integers (to
   * 9e15), as PostgreSQL's numeric sums are.
   */
  aspectsDecimal = true;
  /** Pool entries no comment points to any more (re-enriched comments' old themes). */
  poolWaste = 0;
  readonly themeIds: string[] = [];
  /** Each comment's lexemes, for word filters. */
  readonly words: CommentWords;
  private readonly themeCodes = new Map<string, number>();

  constructor(capacity = 1024) {
    this.cap = capacity;
    this.at = new Float64Array(capacity);
    this.survey = new CodeColumn(capacity, null);
    this.touchpoint = new CodeColumn(capacity, null);
    this.channel = new CodeColumn(capacity, null);
    this.sentiment = new CodeColumn(capacity, null);
    this.nps = new Float32Array(capacity);
    this.csat = new Float32Array(capacity);
    this.ces = new Float32Array(capacity);
    this.rating = new Float64Array(capacity);
    this.ratingNumeric = new Float64Array(capacity);
    this.counted = new Uint8Array(capacity);
    this.readable = new Uint8Array(capacity);
    this.themeStart = new Uint32Array(capacity);
    this.themeCount = new Uint16Array(capacity);
    this.poolTheme = new Uint32Array(capacity * 2);
    this.poolAspect = new Float64Array(capacity * 2);
    this.poolListed = new Uint8Array(capacity * 2);
    this.poolMentions = new Float64Array(capacity * 2);
    this.poolStrength = new Float64Array(capacity * 2);
    this.words = new CommentWords(capacity);
  }

  /** Bytes held: the arrays, the ids (as estimated) and the words with their dictionary. */
  bytes(): number {
    const cols = [this.survey, this.touchpoint, this.channel, this.sentiment, ...this.attributes.values()];
    return (
      this.cap * (8 + 4 * 3 + 8 * 2 + 2 + 4 + 2) +
      this.ids.bytes() +
      this.selected.byteLength +
      this.poolTheme.length * 29 +
      cols.reduce((s, c) => s + c.data.byteLength, 0) +
      this.words.bytes()
    );
  }

  /** The id of comment `i` (lowercase, as PostgreSQL writes a uuid). */
  idOf(i: number): string {
    return this.ids.idOf(i + 1) as string;
  }

  /** The code of a theme id, or -1 when no comment has it. */
  themeCode(id: string): number {
    return this.themeCodes.get(id) ?? -1;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const f32 = (a: Float32Array) => {
      const b = new Float32Array(cap);
      b.set(a);
      return b;
    };
    this.at = f64(this.at);
    this.nps = f32(this.nps);
    this.csat = f32(this.csat);
    this.ces = f32(this.ces);
    this.rating = f64(this.rating);
    this.ratingNumeric = f64(this.ratingNumeric);
    const counted = new Uint8Array(cap);
    counted.set(this.counted);
    this.counted = counted;
    const readable = new Uint8Array(cap);
    readable.set(this.readable);
    this.readable = readable;
    const start = new Uint32Array(cap);
    start.set(this.themeStart);
    this.themeStart = start;
    const count = new Uint16Array(cap);
    count.set(this.themeCount);
    this.themeCount = count;
    for (const c of [this.survey, this.touchpoint, this.channel, this.sentiment, ...this.attributes.values()])
      c.resize(cap);
    this.cap = cap;
  }

  private growPool(min: number): void {
    let cap = this.poolTheme.length;
    while (cap < min) cap *= 2;
    const t = new Uint32Array(cap);
    t.set(this.poolTheme.subarray(0, this.poolLength));
    const a = new Float64Array(cap);
    a.set(this.poolAspect.subarray(0, this.poolLength));
    const l = new Uint8Array(cap);
    l.set(this.poolListed.subarray(0, this.poolLength));
    const m = new Float64Array(cap);
    m.set(this.poolMentions.subarray(0, this.poolLength));
    const g = new Float64Array(cap);
    g.set(this.poolStrength.subarray(0, this.poolLength));
    this.poolTheme = t;
    this.poolAspect = a;
    this.poolListed = l;
    this.poolMentions = m;
    this.poolStrength = g;
  }

  private setEnrichment(i: number, r: CommentIndexRow): void {
    this.sentiment.data[i] = this.sentiment.encode(r.sentiment);
    this.counted[i] = r.counted ? 1 : 0;
    this.readable[i] = r.readable ? 1 : 0;
    this.poolWaste += this.themeCount[i] as number;
    const n = Math.min(r.themes.length, 65_535);
    if (this.poolLength + n > this.poolTheme.length) this.growPool(this.poolLength + n);
    this.themeStart[i] = this.poolLength;
    this.themeCount[i] = n;
    for (let k = 0; k < n; k++) {
      const [id, aspect, listed, mentions, strength, decimal] = r.themes[
        k
      ] as CommentIndexRow['themes'][number];
      if (decimal === false) this.aspectsDecimal = false;
      let code = this.themeCodes.get(id);
      if (code === undefined) {
        code = this.themeIds.length;
        this.themeIds.push(id);
        this.themeCodes.set(id, code);
      }
      const p = this.poolLength++;
      this.poolTheme[p] = code;
      this.poolAspect[p] = aspect ?? NONE;
      this.poolListed[p] = listed ? 1 : 0;
      this.poolMentions[p] = mentions ?? NONE;
      this.poolStrength[p] = strength;
    }
  }

  /**
   * Add a comment, or, for one the index holds, take its new enrichment (nothing else of a comment
   * changes without the rewrite counter moving, which drops the index).
   */
  add(r: CommentIndexRow): void {
    this.version++;
    const code = this.ids.codeOf(r.id);
    const known = code > 0 ? code - 1 : undefined;
    if (known !== undefined) {
      this.setEnrichment(known, r);
      // Its text may have been edited (redaction): the same trigger moves enriched_xid.
      this.words.set(known, r.words);
      if (this.poolWaste > 1024 && this.poolWaste * 2 > this.poolLength) this.compactPool();
      return;
    }
    if (this.length === this.cap) this.grow();
    const i = this.length++;
    // The prefix stays time-ordered while comments come in time order (a full read is).
    if (this.ordered === i && (i === 0 || (this.at[i - 1] as number) <= r.at)) this.ordered = i + 1;
    if (this.ids.encode(r.id) !== i + 1) throw new Error(`comment id seen twice: ${r.id}`);
    this.at[i] = r.at;
    this.survey.data[i] = this.survey.encode(r.survey);
    this.touchpoint.data[i] = this.touchpoint.encode(r.touchpoint);
    this.channel.data[i] = this.channel.encode(r.channel);
    this.nps[i] = r.nps ?? NONE;
    this.csat[i] = r.csat ?? NONE;
    this.ces[i] = r.ces ?? NONE;
    this.rating[i] = r.rating ?? NONE;
    this.ratingNumeric[i] = r.ratingNumeric ?? NONE;
    for (const [name, value] of r.attributes) {
      let col = this.attributes.get(name);
      if (!col) {
        col = new CodeColumn(this.cap, null);
        this.attributes.set(name, col);
      }
      col.data[i] = col.encode(value);
    }
    this.themeCount[i] = 0;
    this.setEnrichment(i, r);
    this.words.set(i, r.words);
  }

  /** Rewrite the theme pool without the entries of replaced enrichments. */
  private compactPool(): void {
    const t = new Uint32Array(Math.max(1024, (this.poolLength - this.poolWaste) * 2));
    const a = new Float64Array(t.length);
    const l = new Uint8Array(t.length);
    const m = new Float64Array(t.length);
    const g = new Float64Array(t.length);
    let p = 0;
    for (let i = 0; i < this.length; i++) {
      const s = this.themeStart[i] as number;
      const n = this.themeCount[i] as number;
      this.themeStart[i] = p;
      t.set(this.poolTheme.subarray(s, s + n), p);
      a.set(this.poolAspect.subarray(s, s + n), p);
      l.set(this.poolListed.subarray(s, s + n), p);
      m.set(this.poolMentions.subarray(s, s + n), p);
      g.set(this.poolStrength.subarray(s, s + n), p);
      p += n;
    }
    this.poolTheme = t;
    this.poolAspect = a;
    this.poolListed = l;
    this.poolMentions = m;
    this.poolStrength = g;
    this.poolLength = p;
    this.poolWaste = 0;
  }

  /** The first and last time held (microseconds), or null when empty. */
  timeRange(): { min: number; max: number } | null {
    if (this.length === 0) return null;
    let min = this.ordered > 0 ? (this.at[0] as number) : Number.POSITIVE_INFINITY;
    let max = this.ordered > 0 ? (this.at[this.ordered - 1] as number) : Number.NEGATIVE_INFINITY;
    for (let i = this.ordered; i < this.length; i++) {
      const t = this.at[i] as number;
      if (t < min) min = t;
      if (t > max) max = t;
    }
    return { min, max };
  }

  /** Whether comment `i` lists theme `code` in enrichment.themeIds. */
  hasTheme(i: number, code: number): boolean {
    const s = this.themeStart[i] as number;
    const e = s + (this.themeCount[i] as number);
    for (let p = s; p < e; p++) if (this.poolTheme[p] === code) return true;
    return false;
  }

  /** Position of the first comment of the time-ordered prefix at or after `t` (microseconds). */
  private lowerBound(t: number): number {
    let lo = 0;
    let hi = this.ordered;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.at[mid] as number) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * What `filter` asks of a comment, compiled: the time-ordered positions [lo, hi) its range covers
   * (later positions, appended out of order, are checked one by one), the equalities, the score and the
   * theme, and the comments its words match (`words`, from `CommentWords.match`). Null when no comment
   * can match; 'words' when it has words and `words` is not given.
   */
  private compile(filter: CommentFilter, words?: Uint8Array): Compiled | null | 'words' {
    if (filter.q && !words) return 'words';
    const eq: Array<{ data: ArrayLike<number>; code: number }> = [];
    const place = (col: CodeColumn, value: string | undefined) => {
      if (value === undefined) return true;
      const code = col.codeOf(value);
      if (code <= 0) return false;
      eq.push({ data: col.data, code });
      return true;
    };
    if (!place(this.touchpoint, filter.touchpointId)) return null;
    if (!place(this.survey, filter.surveyId)) return null;
    if (!place(this.channel, filter.channel)) return null;
    if (!place(this.sentiment, filter.sentiment)) return null;
    for (const [name, value] of Object.entries(filter.attributes ?? {})) {
      const col = this.attributes.get(name);
      if (!col || !place(col, value)) return null;
    }
    const theme = filter.theme === undefined ? -2 : this.themeCode(filter.theme);
    if (theme === -1) return null;
    // occurred_at >= from and < to, in whole microseconds (a Date has whole milliseconds).
    const from = filter.from ? filter.from.getTime() * 1000 : Number.NEGATIVE_INFINITY;
    const to = filter.to ? filter.to.getTime() * 1000 : Number.POSITIVE_INFINITY;
    const score = filter.score;
    const scores = !score
      ? null
      : score.metric === 'rating'
        ? this.rating
        : score.metric === 'nps'
          ? this.nps
          : score.metric === 'csat'
            ? this.csat
            : this.ces;
    const lo = filter.from ? this.lowerBound(from) : 0;
    return {
      from,
      to,
      lo,
      // An empty range (to before from) holds nothing.
      hi: Math.max(lo, filter.to ? this.lowerBound(to) : this.ordered),
      eq,
      scores,
      min: score?.min ?? Number.NEGATIVE_INFINITY,
      max: score?.max ?? Number.POSITIVE_INFINITY,
      theme,
      words: filter.q && words ? words : null,
    };
  }

  /**
   * `words` when the filter asks nothing but words (every comment they match is kept, in index order),
   * else null.
   */
  wordsAlone(filter: CommentFilter, words?: Uint8Array): Uint8Array | null {
    const c = this.compile(filter, words);
    if (c === null || c === 'words' || !c.words) return null;
    const alone =
      c.lo === 0 &&
      c.hi === this.ordered &&
      c.from === Number.NEGATIVE_INFINITY &&
      c.to === Number.POSITIVE_INFINITY &&
      c.eq.length === 0 &&
      c.scores === null &&
      c.theme < 0;
    return alone ? c.words : null;
  }

  /** Whether comment `i` meets every condition but time. */
  private meets(c: Compiled, i: number): boolean {
    for (const { data, code } of c.eq) if (data[i] !== code) return false;
    if (c.scores) {
      const v = c.scores[i] as number;
      // NaN (null) fails both comparisons, as a null fails `>=` and `<=` in SQL.
      if (!(v >= c.min && v <= c.max)) return false;
    }
    if (c.words && c.words[i] !== 1) return false;
    return c.theme < 0 || this.hasTheme(i, c.theme);
  }

  /**
   * The positions of the comments `filter` keeps, or null when it has words and `words` (the comments
   * they match) is not given: a view of an array the next `select` overwrites, so read at once. One tight pass per condition over the positions the previous ones kept,
   * the time range first.
   */
  select(filter: CommentFilter, words?: Uint8Array): Uint32Array | null {
    const c = this.compile(filter, words);
    if (c === 'words') return null;
    if (c === null) return new Uint32Array(0);
    const size = c.hi - c.lo + this.length - this.ordered;
    // One array for every selection (a query's answer reads it before the next one is made): a new
    // one each time was megabytes a query for the collector.
    if (this.selected.length < size) this.selected = new Uint32Array(Math.max(size, this.cap));
    const out = this.selected;
    let n = 0;
    for (let i = c.lo; i < c.hi; i++) out[n++] = i;
    for (let i = this.ordered; i < this.length; i++) {
      const t = this.at[i] as number;
      if (t >= c.from && t < c.to) out[n++] = i;
    }
    for (const { data, code } of c.eq) {
      let m = 0;
      for (let k = 0; k < n; k++) {
        const i = out[k] as number;
        if (data[i] === code) out[m++] = i;
      }
      n = m;
    }
    if (c.scores) {
      const { scores, min, max } = c;
      let m = 0;
      for (let k = 0; k < n; k++) {
        const i = out[k] as number;
        const v = scores[i] as number;
        if (v >= min && v <= max) out[m++] = i;
      }
      n = m;
    }
    if (c.words) {
      const w = c.words;
      let m = 0;
      for (let k = 0; k < n; k++) {
        const i = out[k] as number;
        if (w[i] === 1) out[m++] = i;
      }
      n = m;
    }
    if (c.theme >= 0) {
      let m = 0;
      for (let k = 0; k < n; k++) {
        const i = out[k] as number;
        if (this.hasTheme(i, c.theme)) out[m++] = i;
      }
      n = m;
    }
    return out.subarray(0, n);
  }

  /**
   * The `limit` newest comments `filter` keeps that `also` accepts, newest first: the time-ordered
   * prefix walked back from the range's end, and the comments appended out of order; null when the
   * filter has words and `words` is not given.
   */
  newest(
    filter: CommentFilter,
    limit: number,
    also: (i: number) => boolean,
    words?: Uint8Array,
  ): number[] | null {
    const c = this.compile(filter, words);
    if (c === 'words') return null;
    if (c === null || limit <= 0) return [];
    const found: number[] = [];
    for (let i = this.ordered; i < this.length; i++) {
      const t = this.at[i] as number;
      if (t >= c.from && t < c.to && this.meets(c, i) && also(i)) found.push(i);
    }
    let fromPrefix = 0;
    for (let i = c.hi - 1; i >= c.lo && fromPrefix < limit; i--) {
      if (this.meets(c, i) && also(i)) {
        found.push(i);
        fromPrefix++;
      }
    }
    const at = this.at;
    return found.sort((a, b) => (at[b] as number) - (at[a] as number)).slice(0, limit);
  }
}

interface Compiled {
  from: number;
  to: number;
  lo: number;
  hi: number;
  eq: Array<{ data: ArrayLike<number>; code: number }>;
  scores: Float32Array | Float64Array | null;
  min: number;
  max: number;
  theme: number;
  words: Uint8Array | null;
}

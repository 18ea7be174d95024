// The in-memory comment index of one organisation: one entry per comment (a record with a text) in typed
// arrays (time, place codes, scores, attribute codes, sentiment) and its themes in a pool, so theme impact
// and theme verbatims select comments by any filter without reading them from PostgreSQL.
import { CodeColumn } from '../sums/index.js';
import type { CommentFilter } from './filters.js';
import type { CommentIndexRow } from './queries/comment-index-read.js';

const NONE = Number.NaN;

/** Comments of one organisation, appended as read and re-enriched in place. */
export class CommentIndex {
  length = 0;
  private cap: number;
  readonly ids: string[] = [];
  private readonly pos = new Map<string, number>();
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
  /** Pool entries no comment points to any more (re-enriched comments' old themes). */
  poolWaste = 0;
  readonly themeIds: string[] = [];
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
  }

  /** Bytes held by the arrays (ids and dictionaries not counted). */
  bytes(): number {
    const cols = [this.survey, this.touchpoint, this.channel, this.sentiment, ...this.attributes.values()];
    return (
      this.cap * (8 + 4 * 3 + 8 * 2 + 2 + 4 + 2) +
      this.poolTheme.length * 29 +
      cols.reduce((s, c) => s + c.data.byteLength, 0)
    );
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
      const [id, aspect, listed, mentions, strength] = r.themes[k] as CommentIndexRow['themes'][number];
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
    const known = this.pos.get(r.id);
    if (known !== undefined) {
      this.setEnrichment(known, r);
      if (this.poolWaste > 1024 && this.poolWaste * 2 > this.poolLength) this.compactPool();
      return;
    }
    if (this.length === this.cap) this.grow();
    const i = this.length++;
    this.ids.push(r.id);
    this.pos.set(r.id, i);
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

  /** Whether comment `i` lists theme `code` in enrichment.themeIds. */
  hasTheme(i: number, code: number): boolean {
    const s = this.themeStart[i] as number;
    const e = s + (this.themeCount[i] as number);
    for (let p = s; p < e; p++) if (this.poolTheme[p] === code) return true;
    return false;
  }

  /**
   * The positions of the comments `filter` keeps (every condition but words), or null when it has words
   * (the index holds no text).
   */
  select(filter: CommentFilter): Uint32Array | null {
    if (filter.q) return null;
    const none = new Uint32Array(0);
    const eq: Array<{ data: ArrayLike<number>; code: number }> = [];
    const place = (col: CodeColumn, value: string | undefined) => {
      if (value === undefined) return true;
      const code = col.codeOf(value);
      if (code <= 0) return false;
      eq.push({ data: col.data, code });
      return true;
    };
    if (!place(this.touchpoint, filter.touchpointId)) return none;
    if (!place(this.survey, filter.surveyId)) return none;
    if (!place(this.channel, filter.channel)) return none;
    if (!place(this.sentiment, filter.sentiment)) return none;
    for (const [name, value] of Object.entries(filter.attributes ?? {})) {
      const col = this.attributes.get(name);
      if (!col || !place(col, value)) return none;
    }
    const theme = filter.theme === undefined ? -2 : this.themeCode(filter.theme);
    if (theme === -1) return none;
    // occurred_at >= from and < to, in whole microseconds (a Date has whole milliseconds).
    const from = filter.from ? filter.from.getTime() * 1000 : Number.NEGATIVE_INFINITY;
    const to = filter.to ? filter.to.getTime() * 1000 : Number.POSITIVE_INFINITY;
    const score = filter.score;
    const scores = score
      ? score.metric === 'rating'
        ? this.rating
        : score.metric === 'nps'
          ? this.nps
          : score.metric === 'csat'
            ? this.csat
            : this.ces
      : null;
    const min = score?.min ?? Number.NEGATIVE_INFINITY;
    const max = score?.max ?? Number.POSITIVE_INFINITY;
    const out = new Uint32Array(this.length);
    let n = 0;
    const at = this.at;
    rows: for (let i = 0; i < this.length; i++) {
      const t = at[i] as number;
      if (t < from || t >= to) continue;
      for (const c of eq) if (c.data[i] !== c.code) continue rows;
      if (scores) {
        const v = scores[i] as number;
        // NaN (null) fails both comparisons, as a null fails `>=` and `<=` in SQL.
        if (!(v >= min && v <= max)) continue;
      }
      if (theme >= 0 && !this.hasTheme(i, theme)) continue;
      out[n++] = i;
    }
    return out.subarray(0, n);
  }
}

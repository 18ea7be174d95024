// Per-block pre-sums of the columnar index: the time-sorted rows cut into blocks of a few thousand, and
// per block the exact integer sums of every metric per value of the low-cardinality key columns
// (touchpoint × channel when few enough, else channel), with the surveys the block holds. A query takes
// every whole block inside one bucket interval from here (a few hundred cells instead of thousands of
// rows) when its filters and groups are on key columns only; edge blocks are scanned. Pure.

/** No answer, in the 8-bit metric columns. */
export const NONE = 255;
/** Rating answers are kept as integers of this many decimals (PostgreSQL writes real::numeric with 6 significant digits). */
export const RATING_DECIMALS = 7;
const RATING_ONE = 10 ** RATING_DECIMALS;
const TWO_52 = 2 ** 52;
const TWO_32 = 2 ** 32;
/** Rows per block (chosen from bench/filters: see docs/analytics.md). At most 65,535 (16-bit counts). */
export const BLOCK_ROWS = 4096;
/** Key cells a block may have at most (the product of the key columns' value counts). */
export const MAX_CELLS = 256;
/** Surveys a key may have at most. */
const MAX_SURVEY_KEYS = 64;
/** Distinct surveys listed per block; a block with more is scanned when mirror surveys are left out. */
const MAX_SURVEYS = 16;
/** Composite keys a block build may address (past this, no further blocks are pre-summed). */
const MAX_SPACE = 1 << 20;
/** Accumulator width per slot (see columnar-sums.ts): nps hi/mid/lo; others n, hi, sum, squares low, high. */
const W = 5;

type Codes = Uint8Array | Uint16Array | Uint32Array;

/** A dictionary-encoded column as the pre-sums see it (its data array may be replaced as it grows). */
export interface KeyColumn {
  data: Codes;
  readonly values: ReadonlyArray<string | null>;
}

/** The columns the pre-sums are built from. */
export interface PresumRows {
  sorted: number;
  nps: Uint8Array;
  csat: Uint8Array;
  ces: Uint8Array;
  rating: Int32Array;
  survey: Codes;
}

/** How a query reads the pre-sums: equality filters and groups on key columns (by position in `keys`). */
export interface PresumPlan {
  metric: 'nps' | 'csat' | 'ces' | 'rating';
  filters: Array<{ key: number; code: number }>;
  groups: Array<{ key: number; mul: number }>;
  /** survey code → 1 for surveys left out, or null. */
  mirror: Uint8Array | null;
  /** The survey column (a key, or not). */
  surveyColumn: KeyColumn;
}

function grown<T extends Uint16Array | Uint32Array | Float64Array>(a: T, min: number): T {
  if (a.length >= min) return a;
  const next = new (a.constructor as new (n: number) => T)(Math.max(min, Math.ceil(a.length * 1.5)));
  next.set(a as never);
  return next;
}

export class Presums {
  /** Blocks [0, blocks) cover rows [0, blocks × blockRows) of the sorted prefix. */
  blocks = 0;
  /** Cells of block k: [offsets[k], offsets[k + 1]). */
  private offsets = new Uint32Array(17);
  private cells = 0;
  /** Per key column, the code of each cell. */
  private readonly codes: Uint32Array[];
  private nps = new Uint16Array(0);
  /** csat and ces: n, hi (16-bit counts); sum, sum of squares (32-bit). */
  private csatN = new Uint16Array(0);
  private csatS = new Uint32Array(0);
  private cesN = new Uint16Array(0);
  private cesS = new Uint32Array(0);
  /** rating: n, hi; sum, squares low, squares high (exact integers in units of 10^-7 and 10^-14). */
  private ratingN = new Uint16Array(0);
  private ratingS = new Float64Array(0);
  /** Surveys of block k: [surveyOffsets[k], surveyOffsets[k + 1]), or none listed when over MAX_SURVEYS. */
  private surveyOffsets = new Uint32Array(17);
  private surveys = new Uint32Array(0);
  /** 1 for blocks with more than MAX_SURVEYS surveys. */
  private manySurveys = new Uint8Array(16);
  private slotOf = new Int32Array(0);

  constructor(
    /** The key columns (replaced by `rekey` only). */
    public keys: readonly KeyColumn[],
    readonly blockRows: number = BLOCK_ROWS,
  ) {
    this.codes = keys.map(() => new Uint32Array(0));
  }

  /**
   * Key columns for the pre-sums: channel and touchpoint while the product of their value counts stays
   * within MAX_CELLS, and the survey when it has at most MAX_SURVEY_KEYS values (`withSurvey`): surveys
   * mostly follow touchpoints, so cells stay few, and mirror surveys are then left out cell by cell.
   */
  static chooseKeys(
    touchpoint: KeyColumn,
    channel: KeyColumn,
    survey: KeyColumn,
    withSurvey: boolean,
  ): KeyColumn[] {
    const keys: KeyColumn[] = [];
    if (channel.values.length <= MAX_CELLS) keys.push(channel);
    if (touchpoint.values.length * (keys.length ? channel.values.length : 1) <= MAX_CELLS)
      keys.push(touchpoint);
    if (withSurvey && survey.values.length <= MAX_SURVEY_KEYS) keys.push(survey);
    return keys;
  }

  /** Cells per block on average. */
  cellsPerBlock(): number {
    return this.blocks === 0 ? 0 : this.cells / this.blocks;
  }

  /** Release the spare capacity. */
  trim(): void {
    const shrunk = <T extends Uint16Array | Uint32Array | Float64Array>(a: T, n: number): T =>
      a.length > n ? (a.slice(0, n) as T) : a;
    const n = this.cells;
    for (let j = 0; j < this.codes.length; j++) this.codes[j] = shrunk(this.codes[j] as Uint32Array, n);
    this.nps = shrunk(this.nps, n * 3);
    this.csatN = shrunk(this.csatN, n * 2);
    this.csatS = shrunk(this.csatS, n * 2);
    this.cesN = shrunk(this.cesN, n * 2);
    this.cesS = shrunk(this.cesS, n * 2);
    this.ratingN = shrunk(this.ratingN, n * 2);
    this.ratingS = shrunk(this.ratingS, n * 3);
    this.offsets = shrunk(this.offsets, this.blocks + 1);
    this.surveyOffsets = shrunk(this.surveyOffsets, this.blocks + 1);
    this.surveys = shrunk(this.surveys, this.surveyOffsets[this.blocks] as number);
  }

  bytes(): number {
    let b = this.offsets.byteLength + this.surveyOffsets.byteLength + this.surveys.byteLength;
    b += this.manySurveys.byteLength;
    for (const c of this.codes) b += c.byteLength;
    for (const a of [this.nps, this.csatN, this.csatS, this.cesN, this.cesS, this.ratingN, this.ratingS])
      b += a.byteLength;
    return b;
  }

  /**
   * Add the blocks that the sorted prefix now fills completely, at most `limit` of them (a merge builds
   * its pre-sums in slices); true when none is left to add.
   */
  extend(rows: PresumRows, limit = Number.POSITIVE_INFINITY): boolean {
    const B = this.blockRows;
    for (let added = 0; (this.blocks + 1) * B <= rows.sorted; added++) {
      if (added === limit) return false;
      if (!this.addBlock(rows, this.blocks * B, (this.blocks + 1) * B)) return true;
    }
    return true;
  }

  /**
   * The same key columns, as other objects: a merge builds its pre-sums on stand-ins holding its new
   * arrays, then puts the index's own columns in when it swaps them in (codes are the same).
   */
  rekey(keys: readonly KeyColumn[]): void {
    if (keys.length !== this.keys.length) throw new Error('rekey: not the same key columns');
    this.keys = keys;
  }

  private reserve(cells: number): void {
    const n = cells;
    for (let j = 0; j < this.codes.length; j++) this.codes[j] = grown(this.codes[j] as Uint32Array, n);
    this.nps = grown(this.nps, n * 3);
    this.csatN = grown(this.csatN, n * 2);
    this.csatS = grown(this.csatS, n * 2);
    this.cesN = grown(this.cesN, n * 2);
    this.cesS = grown(this.cesS, n * 2);
    this.ratingN = grown(this.ratingN, n * 2);
    this.ratingS = grown(this.ratingS, n * 3);
  }

  private addBlock(rows: PresumRows, a: number, b: number): boolean {
    const datas = this.keys.map((k) => k.data);
    const strides = this.keys.map(() => 1);
    let space = 1;
    for (let j = this.keys.length - 1; j >= 0; j--) {
      strides[j] = space;
      space *= (this.keys[j] as KeyColumn).values.length;
    }
    if (space > MAX_SPACE) return false; // the key columns grew far past MAX_CELLS since the build
    if (this.slotOf.length < space) this.slotOf = new Int32Array(space).fill(-1);
    const slotOf = this.slotOf;
    const first = this.cells;
    this.reserve(first + Math.min(b - a, space));
    // Cells of this block in the order first met; composite key = Σ code × stride.
    const composite = new Float64Array(b - a);
    for (let j = 0; j < datas.length; j++) {
      const d = datas[j] as Codes;
      const stride = strides[j] as number;
      for (let i = a; i < b; i++) composite[i - a] = (composite[i - a] as number) + (d[i] as number) * stride;
    }
    const cellOf = new Uint32Array(b - a);
    const used: number[] = [];
    let cells = first;
    for (let i = 0; i < b - a; i++) {
      const c = composite[i] as number;
      let s = slotOf[c] as number;
      if (s < 0) {
        s = cells++;
        slotOf[c] = s;
        used.push(c);
        for (let j = 0; j < datas.length; j++)
          (this.codes[j] as Uint32Array)[s] = (datas[j] as Codes)[a + i] as number;
      }
      cellOf[i] = s;
    }
    for (const c of used) slotOf[c] = -1;
    this.sumBlock(rows, a, b, cellOf);
    this.cells = cells;
    const k = this.blocks;
    this.offsets = grown(this.offsets, k + 2);
    this.offsets[k + 1] = cells;
    this.listSurveys(rows.survey, a, b);
    this.blocks++;
    return true;
  }

  private sumBlock(rows: PresumRows, a: number, b: number, cellOf: Uint32Array): void {
    const { nps, csat, ces, rating } = rows;
    const np = this.nps;
    for (let i = a; i < b; i++) {
      const v = nps[i] as number;
      if (v === NONE) continue;
      const s = (cellOf[i - a] as number) * 3 + (v >= 9 ? 0 : v >= 7 ? 1 : 2);
      np[s] = (np[s] as number) + 1;
    }
    for (const [col, N, S, top] of [
      [csat, this.csatN, this.csatS, 4],
      [ces, this.cesN, this.cesS, 5],
    ] as const) {
      for (let i = a; i < b; i++) {
        const v = col[i] as number;
        if (v === NONE) continue;
        const s = (cellOf[i - a] as number) * 2;
        N[s] = (N[s] as number) + 1;
        if (v >= top) N[s + 1] = (N[s + 1] as number) + 1;
        S[s] = (S[s] as number) + v;
        S[s + 1] = (S[s + 1] as number) + v * v;
      }
    }
    const RN = this.ratingN;
    const RS = this.ratingS;
    for (let i = a; i < b; i++) {
      const u = rating[i] as number;
      if (u < 0) continue;
      const c = cellOf[i - a] as number;
      RN[c * 2] = (RN[c * 2] as number) + 1;
      if (u === RATING_ONE) RN[c * 2 + 1] = (RN[c * 2 + 1] as number) + 1;
      const s = c * 3;
      RS[s] = (RS[s] as number) + u;
      let low = (RS[s + 1] as number) + u * u;
      if (low >= TWO_52) {
        const carry = Math.floor(low / TWO_32);
        RS[s + 2] = (RS[s + 2] as number) + carry;
        low -= carry * TWO_32;
      }
      RS[s + 1] = low;
    }
  }

  private listSurveys(survey: Codes, a: number, b: number): void {
    const k = this.blocks;
    const seen = new Set<number>();
    for (let i = a; i < b && seen.size <= MAX_SURVEYS; i++) seen.add(survey[i] as number);
    const at = this.surveyOffsets[k] as number;
    this.surveyOffsets = grown(this.surveyOffsets, k + 2);
    if (this.manySurveys.length <= k) {
      const next = new Uint8Array(this.manySurveys.length * 2);
      next.set(this.manySurveys);
      this.manySurveys = next;
    }
    if (seen.size > MAX_SURVEYS) {
      this.manySurveys[k] = 1;
      this.surveyOffsets[k + 1] = at;
      return;
    }
    this.surveys = grown(this.surveys, at + seen.size);
    let j = at;
    for (const s of seen) this.surveys[j++] = s;
    this.surveyOffsets[k + 1] = j;
  }

  /** Whether block k holds no row of a left-out survey (known from its survey list). */
  private clean(k: number, mirror: Uint8Array): boolean {
    const from = this.surveyOffsets[k] as number;
    const to = this.surveyOffsets[k + 1] as number;
    if (this.manySurveys[k] === 1) return false;
    for (let j = from; j < to; j++) if (mirror[this.surveys[j] as number] === 1) return false;
    return true;
  }

  /**
   * Add blocks [k0, k1) into the accumulator `acc` (W numbers per slot) at slot `base` + the cell's
   * group; a block holding a left-out survey goes to `scan` instead.
   */
  add(
    p: PresumPlan,
    k0: number,
    k1: number,
    acc: Float64Array,
    base: number,
    scan: (k: number) => void,
  ): void {
    const codes = this.codes;
    const { filters, groups, metric } = p;
    const surveyKey = p.mirror ? this.keys.indexOf(p.surveyColumn) : -1;
    const surveys = surveyKey >= 0 ? (codes[surveyKey] as Uint32Array) : null;
    const mirror = p.mirror;
    for (let k = k0; k < k1; k++) {
      if (mirror && !surveys && !this.clean(k, mirror)) {
        scan(k);
        continue;
      }
      const end = this.offsets[k + 1] as number;
      cells: for (let c = this.offsets[k] as number; c < end; c++) {
        for (const f of filters) if ((codes[f.key] as Uint32Array)[c] !== f.code) continue cells;
        if (surveys && (mirror as Uint8Array)[surveys[c] as number] === 1) continue;
        let slot = base;
        for (const g of groups) slot += ((codes[g.key] as Uint32Array)[c] as number) * g.mul;
        const s = slot * W;
        if (metric === 'nps') {
          const np = this.nps;
          acc[s] = (acc[s] as number) + (np[c * 3] as number);
          acc[s + 1] = (acc[s + 1] as number) + (np[c * 3 + 1] as number);
          acc[s + 2] = (acc[s + 2] as number) + (np[c * 3 + 2] as number);
        } else if (metric === 'rating') {
          const n = this.ratingN[c * 2] as number;
          if (n === 0) continue;
          const r = this.ratingS;
          acc[s] = (acc[s] as number) + n;
          acc[s + 1] = (acc[s + 1] as number) + (this.ratingN[c * 2 + 1] as number);
          acc[s + 2] = (acc[s + 2] as number) + (r[c * 3] as number);
          let low = (acc[s + 3] as number) + (r[c * 3 + 1] as number);
          let high = (acc[s + 4] as number) + (r[c * 3 + 2] as number);
          if (low >= TWO_52) {
            const carry = Math.floor(low / TWO_32);
            high += carry;
            low -= carry * TWO_32;
          }
          acc[s + 3] = low;
          acc[s + 4] = high;
        } else {
          const N = metric === 'csat' ? this.csatN : this.cesN;
          const S = metric === 'csat' ? this.csatS : this.cesS;
          const n = N[c * 2] as number;
          if (n === 0) continue;
          acc[s] = (acc[s] as number) + n;
          acc[s + 1] = (acc[s + 1] as number) + (N[c * 2 + 1] as number);
          acc[s + 2] = (acc[s + 2] as number) + (S[c * 2] as number);
          acc[s + 3] = (acc[s + 3] as number) + (S[c * 2 + 1] as number);
        }
      }
    }
  }
}

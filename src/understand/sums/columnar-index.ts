// The columnar index of one organisation's feedback: dictionary-encoded typed arrays, a prefix sorted
// by time (date ranges are binary searches) and a short unsorted tail of rows caught up since, merged in
// when it grows. Pure: rows come in through `append`, the loader does the I/O.

import { CodeColumn } from './columnar-codes.js';
import {
  bitmapSlices,
  type Codes,
  type Column,
  gather,
  linkRows,
  mergeOrder,
  sortByTime,
  sortByTimeSlices,
  upperBound,
} from './columnar-merge.js';
import {
  BLOCK_ROWS,
  MAX_CELLS,
  NONE,
  type PresumRows,
  Presums,
  RATING_DECIMALS,
} from './columnar-presums.js';
import { UuidColumn } from './columnar-uuids.js';

export { CodeColumn, NONE, RATING_DECIMALS, sortByTime };

const RATING_SCALE = 10 ** RATING_DECIMALS;
/** Unsorted rows past which the tail is merged in, by default. */
export const MERGE_ROWS = 50_000;
/** Columns with more values than this get no bitmaps (they would cost more than they save). */
export const BITMAP_VALUES = 16;

/** Rows of one column per slice of a merge built in the background (a few ms of work each). */
export const MERGE_SLICE_ROWS = 1 << 18;

/** One feedback row as the loader reads it (ids as lowercase text, rating as PostgreSQL's numeric text). */
export interface IndexRow {
  /** occurred_at in epoch ms, rounded down (bounds are whole ms, so comparisons stay exact). */
  at: number;
  survey: string | null;
  touchpoint: string | null;
  stage: string | null;
  journey: string | null;
  channel: string;
  nps: number | null;
  csat: number | null;
  ces: number | null;
  rating: string | null;
  hasText: boolean;
  /** `attr.<key>` / `meta.<key>` → value as `->>` gives it (absent keys and JSON nulls left out). */
  segments: ReadonlyArray<readonly [string, string]>;
  /** contact_id (null or absent: no contact). */
  contact?: string | null;
}

/** The entity and channel columns, by dimension name. */
export const ENTITY_COLUMNS = ['survey', 'touchpoint', 'stage', 'journey', 'channel'] as const;
export type EntityColumn = (typeof ENTITY_COLUMNS)[number];

/** Rows of one organisation in typed arrays. */
export class ColumnarIndex {
  length = 0;
  /** Rows [0, sorted) are in time order; the rest (caught up since) are not. */
  sorted = 0;
  /** Whether every rating fits RATING_DECIMALS exactly (else rating queries go to SQL). */
  ratingExact = true;
  at: Float64Array;
  nps: Uint8Array;
  csat: Uint8Array;
  ces: Uint8Array;
  rating: Int32Array;
  hasText: Uint8Array;
  readonly entities: Record<EntityColumn, CodeColumn>;
  /**
   * contact_id as codes (0: no contact), for per-contact reads (key drivers across touchpoints). Not a
   * filter or grouping dimension: no bitmaps, no pre-sums. Retention unlinking a contact counts as a
   * rewrite (migration 0035), so the codes never outlive a link.
   */
  readonly contact: UuidColumn;
  /**
   * Each contact's rows, newest first: per row, row + 1 of the previous row of the same contact (0:
   * none), and per contact code, row + 1 of its last row. Kept sums of key drivers across touchpoints
   * are caught up per contact with them (columnar-contact-moments.ts); rebuilt on a merge.
   */
  contactPrev: Uint32Array;
  contactLast = new Uint32Array(1024);
  /** Merges so far (a merge moves rows: positions kept from before it no longer name the same rows). */
  merges = 0;
  /** Called just before a merge moves rows (kept sums catch up then, see columnar-contact-moments.ts). */
  beforeMerge: (() => void) | null = null;
  /** Whether a merge is being built in slices (`mergeSlices`). */
  merging = false;
  /** Counts merges started: a merge in slices stops when another one starts. */
  private mergeEpoch = 0;
  readonly segments = new Map<string, CodeColumn>();
  /**
   * Bitmaps of rows [0, bitmapRows): per code of the channel and of every attribute or metadata column
   * with at most BITMAP_VALUES values, and of the rows answering each metric. Equality filters AND them
   * 32 rows at a time instead of reading a code per row.
   */
  bitmaps = new Map<CodeColumn | string, Uint32Array[]>();
  bitmapRows = 0;
  /** Per-block sums of the sorted prefix's whole blocks (see columnar-presums.ts); rebuilt on merge. */
  presums: Presums | null = null;
  /** Whether the pre-sums may key on the survey (off once it made too many cells a block). */
  private surveyKey = true;
  private capacity: number;

  constructor(
    capacity = 1024,
    /** Rows per pre-summed block. */
    readonly blockRows = BLOCK_ROWS,
    /** Unsorted rows past which the tail is merged in (at least; a sixteenth of the sorted rows past 800,000). */
    readonly mergeRows = MERGE_ROWS,
  ) {
    this.capacity = Math.max(16, capacity);
    const n = this.capacity;
    this.at = new Float64Array(n);
    this.nps = new Uint8Array(n);
    this.csat = new Uint8Array(n);
    this.ces = new Uint8Array(n);
    this.rating = new Int32Array(n);
    this.hasText = new Uint8Array(n);
    this.entities = {
      survey: new CodeColumn(n, null),
      touchpoint: new CodeColumn(n, null),
      stage: new CodeColumn(n, null),
      journey: new CodeColumn(n, null),
      channel: new CodeColumn(n, ''),
    };
    this.contact = new UuidColumn(n);
    this.contactPrev = new Uint32Array(n);
  }

  /** Bytes held by the arrays (capacity included). */
  bytes(): number {
    let b = this.at.byteLength + this.nps.byteLength * 3 + this.rating.byteLength + this.hasText.byteLength;
    for (const c of Object.values(this.entities)) b += c.data.byteLength;
    b += this.contact.bytes() + this.contactPrev.byteLength + this.contactLast.byteLength;
    for (const c of this.segments.values()) b += c.data.byteLength;
    for (const list of this.bitmaps.values()) for (const m of list) b += m.byteLength;
    return b + (this.presums?.bytes() ?? 0);
  }

  private grow(min: number): void {
    let cap = this.capacity;
    while (cap < min) cap = Math.ceil(cap * 1.5);
    this.resize(cap);
  }

  private resize(cap: number): void {
    const copy = <T extends Float64Array | Uint8Array | Int32Array | Uint32Array>(a: T): T => {
      const next = new (a.constructor as new (n: number) => T)(cap);
      next.set(a.subarray(0, Math.min(cap, this.length)) as never);
      return next;
    };
    this.at = copy(this.at);
    this.nps = copy(this.nps);
    this.csat = copy(this.csat);
    this.ces = copy(this.ces);
    this.rating = copy(this.rating);
    this.hasText = copy(this.hasText);
    for (const c of Object.values(this.entities)) c.resize(cap);
    this.contact.resize(cap);
    this.contactPrev = copy(this.contactPrev);
    for (const c of this.segments.values()) c.resize(cap);
    this.capacity = cap;
  }

  /** Release the spare capacity (after a load). */
  trim(): void {
    if (this.capacity > this.length) this.resize(Math.max(16, this.length));
    this.contact.trim();
    if (this.contactLast.length > this.contact.count)
      this.contactLast = this.contactLast.slice(0, this.contact.count);
    this.presums?.trim();
  }

  /**
   * Pre-sum the blocks the sorted prefix fills completely (started afresh after a merge, and with
   * fewer key columns when new values take a key column past its limit, see `Presums.chooseKeys`).
   */
  extendPresums(): void {
    const { touchpoint, channel, survey } = this.entities;
    const keys = Presums.chooseKeys(touchpoint, channel, survey, this.surveyKey);
    if (this.presums?.keys.some((k) => !keys.includes(k as CodeColumn))) this.presums = null;
    this.presums ??= new Presums(keys, this.blockRows);
    this.presums.extend(this.presumRows());
    if (this.surveyKey && this.presums.keys.includes(survey) && this.presums.cellsPerBlock() > MAX_CELLS) {
      // Surveys that do not follow touchpoints: key without them (mirrors then scan their blocks).
      this.surveyKey = false;
      this.presums = null;
      this.extendPresums();
    }
  }

  private presumRows(): PresumRows {
    return {
      sorted: this.sorted,
      nps: this.nps,
      csat: this.csat,
      ces: this.ces,
      rating: this.rating,
      survey: this.entities.survey.data,
    };
  }

  /** Add a row at the end (into the sorted prefix while it keeps time order and nothing unsorted precedes it). */
  append(r: IndexRow): void {
    const i = this.openRow();
    this.at[i] = r.at;
    this.nps[i] = r.nps ?? NONE;
    this.csat[i] = r.csat ?? NONE;
    this.ces[i] = r.ces ?? NONE;
    this.rating[i] = r.rating === null ? -1 : this.ratingUnits(r.rating);
    this.hasText[i] = r.hasText ? 1 : 0;
    for (const k of ENTITY_COLUMNS) {
      const col = this.entities[k];
      // Encode first: a new value may widen the column, replacing `col.data`.
      const code = col.encode(r[k]);
      col.data[i] = code;
    }
    const contact = this.contact.encode(r.contact ?? null);
    this.contact.data[i] = contact;
    for (const [key, value] of r.segments) this.setSegment(i, key, value);
    this.closeRow();
  }

  /**
   * Room for one more row at the end: its position, whose cells the caller then writes (every column,
   * segments left at 0 where absent) before `closeRow`. The byte loader's way in (columnar-load.ts).
   */
  openRow(): number {
    if (this.length === this.capacity) this.grow(this.length + 1);
    return this.length;
  }

  /** Count the row `openRow` gave (into the sorted prefix while it keeps time order). */
  closeRow(): void {
    const i = this.length++;
    this.link(i, this.contact.data[i] as number);
    if (this.sorted === i && (i === 0 || (this.at[i - 1] as number) <= (this.at[i] as number))) this.sorted++;
  }

  /** The column of an attribute or metadata key (`attr.<key>`, `meta.<key>`), added when new. */
  segmentColumn(key: string): CodeColumn {
    let col = this.segments.get(key);
    if (!col) {
      col = new CodeColumn(this.capacity, '');
      this.segments.set(key, col);
    }
    return col;
  }

  /** Row i's value of a segment column. */
  setSegment(i: number, key: string, value: string): void {
    const col = this.segmentColumn(key);
    // Encode first: a new value may widen the column, replacing `col.data`.
    const code = col.encode(value);
    col.data[i] = code;
  }

  /** Put row i at the head of its contact's rows. */
  private link(i: number, contact: number): void {
    if (contact === 0) {
      this.contactPrev[i] = 0;
      return;
    }
    if (contact >= this.contactLast.length) {
      const next = new Uint32Array(Math.max(contact + 1, Math.ceil(this.contactLast.length * 1.5)));
      next.set(this.contactLast);
      this.contactLast = next;
    }
    this.contactPrev[i] = this.contactLast[contact] as number;
    this.contactLast[contact] = i + 1;
  }

  /** A rating's numeric text in units of 10^-RATING_DECIMALS (marking the index inexact past them). */
  ratingUnits(text: string): number {
    // Not a number at all: a rating PostgreSQL's numeric rounds to 1 (the COPY marks it `inexact`).
    if (text === 'inexact') {
      this.ratingExact = false;
      return RATING_SCALE;
    }
    const [whole = '0', frac = ''] = text.split('.');
    if (frac.length > RATING_DECIMALS) {
      this.ratingExact = false;
      return Math.round(Number(text) * RATING_SCALE);
    }
    return Number(whole) * RATING_SCALE + Number(frac.padEnd(RATING_DECIMALS, '0'));
  }

  /** Build the bitmaps over the sorted prefix. */
  buildBitmaps(): void {
    const columns = [this.entities.channel, ...this.segments.values()];
    const few = columns.filter((c) => c.values.length <= BITMAP_VALUES);
    const build = bitmapSlices(this.sorted, few, (c) => c.data, this, Number.POSITIVE_INFINITY);
    let step = build.next();
    while (!step.done) step = build.next();
    this.bitmaps = step.value;
    this.bitmapRows = this.sorted;
  }

  /**
   * After appending: merge a long tail (unless `mergeNow` is false: the engine merges in the background,
   * see `mergeSlices`), and extend the bitmaps when many sorted rows are not covered.
   */
  settle(mergeNow = true): void {
    if (mergeNow && this.tailTooLong()) this.merge();
    if (this.sorted - this.bitmapRows > Math.max(50_000, this.sorted / 16)) this.buildBitmaps();
    this.extendPresums();
  }

  /** Whether the unsorted tail is long enough to be merged into the sorted prefix. */
  tailTooLong(): boolean {
    return this.length - this.sorted > Math.max(this.mergeRows, this.sorted / 16);
  }

  /** Merge the unsorted tail into the sorted prefix, at once (cancels a merge being built in slices). */
  merge(): void {
    const slices = this.mergeSlices(Number.POSITIVE_INFINITY);
    while (!slices.next().done);
  }

  /**
   * Merge the unsorted tail into the sorted prefix in slices of about `sliceRows` rows of one column
   * (yielding between them), so that reads are served from the index as it is while the merge is built.
   * Rows [0, L) (L: the rows at the start) are put in time order in new arrays, with their contact chains,
   * bitmaps and pre-sums; rows appended meanwhile only add to the unsorted tail (rows [0, L) never change
   * while the index lives: an update or delete drops it), so the last slice swaps the new arrays in at
   * once, copies the later rows after them, and links those on top. `beforeMerge` runs in that last slice,
   * just before the swap, so kept sums catch up with every row as before. Starting another merge (or
   * `merge`) cancels this one; the result is true when this one was swapped in.
   */
  *mergeSlices(sliceRows = MERGE_SLICE_ROWS): Generator<void, boolean, void> {
    if (this.sorted === this.length) return false;
    const epoch = ++this.mergeEpoch;
    this.merging = true;
    try {
      const L = this.length;
      const S = this.sorted;
      // Room for the rows appended while the merge is built, so that the swap copies only those.
      const cap = Math.max(this.capacity, L + Math.max(1024, L >>> 4));
      const at = this.at;
      // The tail in time order (ties in row order), then the merged order of rows [0, L).
      const tail = yield* sortByTimeSlices(at, S, L);
      yield;
      if (epoch !== this.mergeEpoch) return false;
      // Rows of the prefix up to the earliest tail row stay where they are.
      const first = tail.length > 0 ? upperBound(at, S, at[tail[0] as number] as number) : S;
      const order = new Uint32Array(L);
      const walk = { i: first, j: 0 };
      for (let k = first; k < L; k += sliceRows) {
        mergeOrder(at, S, tail, order, k, Math.min(L, k + sliceRows), walk);
        yield;
        if (epoch !== this.mergeEpoch) return false;
      }
      // Every column gathered into new arrays (the columns as at the start; rows [0, L) are the same in
      // any array a column has since: growing and widening copy them).
      const columns: Array<{ get: () => Column; set: (a: Column) => void; next: Column }> = [];
      const plain = ['at', 'nps', 'csat', 'ces', 'rating', 'hasText'] as const;
      for (const name of plain)
        columns.push({
          get: () => this[name],
          set: (a) => {
            (this as Record<typeof name, Column>)[name] = a;
          },
          next: this[name],
        });
      const coded = new Map<CodeColumn | UuidColumn, number>();
      for (const c of [...Object.values(this.entities), this.contact, ...this.segments.values()]) {
        coded.set(c, columns.length);
        columns.push({
          get: () => c.data,
          set: (a) => {
            c.data = a as Codes;
          },
          next: c.data,
        });
      }
      for (const col of columns) {
        const src = col.next;
        const next = new (src.constructor as new (n: number) => Column)(cap);
        next.set(src.subarray(0, first) as never);
        yield; // a slice of its own: allocating may set off a collection
        if (epoch !== this.mergeEpoch) return false;
        for (let k = first; k < L; k += sliceRows) {
          gather(src, next, order, k, Math.min(L, k + sliceRows));
          yield;
          if (epoch !== this.mergeEpoch) return false;
        }
        col.next = next;
      }
      const newData = (c: CodeColumn | UuidColumn): Codes =>
        (columns[coded.get(c) as number] as { next: Codes }).next;
      // Contact chains of rows [0, L) in their new order.
      const contact = newData(this.contact);
      const prev = new Uint32Array(cap);
      const last = new Uint32Array(this.contactLast.length);
      for (let k = 0; k < L; k += sliceRows) {
        linkRows(contact, prev, last, k, Math.min(L, k + sliceRows));
        yield;
        if (epoch !== this.mergeEpoch) return false;
      }
      // Bitmaps and pre-sums of rows [0, L), on stand-ins of the columns holding the new arrays.
      const mapped = [this.entities.channel, ...this.segments.values()].filter(
        (c) => c.values.length <= BITMAP_VALUES,
      );
      const metrics = {
        nps: columns[1]?.next as Uint8Array,
        csat: columns[2]?.next as Uint8Array,
        ces: columns[3]?.next as Uint8Array,
        rating: columns[4]?.next as Int32Array,
      };
      const maps = yield* bitmapSlices(L, mapped, newData, metrics, sliceRows);
      if (epoch !== this.mergeEpoch) return false;
      const { touchpoint, channel, survey } = this.entities;
      const keys = Presums.chooseKeys(touchpoint, channel, survey, this.surveyKey);
      const presums = new Presums(
        keys.map((k) => ({ data: newData(k as CodeColumn), values: k.values })),
        this.blockRows,
      );
      const rows: PresumRows = { sorted: L, ...metrics, survey: newData(survey) };
      // A block of real rows (touchpoint × channel × survey cells) costs about 16 gathered rows per row.
      const blocks = Math.max(1, Math.floor(sliceRows / this.blockRows / 16));
      while (!presums.extend(rows, blocks)) {
        yield;
        if (epoch !== this.mergeEpoch) return false;
      }
      yield;
      if (epoch !== this.mergeEpoch) return false;
      // The swap, in this one slice: no read sees a half-merged index.
      this.beforeMerge?.();
      const n = this.length;
      // The new arrays' room, unless more rows came meanwhile (then, and for a column widened meanwhile,
      // a copy of the merged rows too).
      const room = n <= cap ? cap : Math.ceil(n * 1.5);
      const swap = (cur: Column, next: Column): Column => {
        let out = next;
        if (out.constructor !== cur.constructor || out.length !== room) {
          out = new (cur.constructor as new (n: number) => Column)(room);
          out.set(next.subarray(0, L) as never);
        }
        out.set(cur.subarray(L, n) as never, L);
        return out;
      };
      for (const col of columns) col.set(swap(col.get(), col.next));
      this.contactPrev = swap(this.contactPrev, prev) as Uint32Array;
      // Columns of keys first met meanwhile (no merged row has them): their arrays to the same room.
      for (const c of this.segments.values()) if (!coded.has(c) && c.data.length !== room) c.resize(room);
      this.capacity = room;
      if (this.contactLast.length > last.length) {
        const grown = new Uint32Array(this.contactLast.length);
        grown.set(last);
        this.contactLast = grown;
      } else this.contactLast = last;
      for (let k = L; k < n; k++) this.link(k, this.contact.data[k] as number);
      this.merges++;
      this.sorted = L;
      while (this.sorted < n && (this.at[this.sorted - 1] as number) <= (this.at[this.sorted] as number))
        this.sorted++;
      this.bitmaps = maps;
      this.bitmapRows = L;
      presums.rekey(keys);
      this.presums = presums;
      this.extendPresums();
      return true;
    } finally {
      if (epoch === this.mergeEpoch) this.merging = false;
    }
  }

  /** First row of the sorted prefix at or after time t. */
  lowerBound(t: number): number {
    let lo = 0;
    let hi = this.sorted;
    const at = this.at;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((at[mid] as number) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Earliest and latest time of any row (NaN when empty). */
  timeRange(): { min: number; max: number } {
    if (this.length === 0) return { min: Number.NaN, max: Number.NaN };
    let min = this.sorted > 0 ? (this.at[0] as number) : Number.POSITIVE_INFINITY;
    let max = this.sorted > 0 ? (this.at[this.sorted - 1] as number) : Number.NEGATIVE_INFINITY;
    for (let i = this.sorted; i < this.length; i++) {
      const t = this.at[i] as number;
      if (t < min) min = t;
      if (t > max) max = t;
    }
    return { min, max };
  }
}

// The answers of one survey's responses in typed arrays, sorted by (submitted_at, id): each numeric answer
// a column (NaN where missing), the filter dimensions dictionary codes. Pure: rows come in through
// `append`, the loader (`answer-engine.ts`) does the I/O.
import { CodeColumn, type SliceFilter } from '../sums/index.js';

/** One response as the loader reads it. */
export interface StoreRow {
  /** submitted_at in epoch microseconds (exact: the order of the SQL read is by the full timestamp). */
  at: number;
  /** The response id, lowercase. */
  id: string;
  channel: string;
  touchpoint: string | null;
  /** Of the response's feedback record (null without one). */
  stage: string | null;
  journey: string | null;
  /** `attr.<key>` (the feedback record's attributes) and `meta.<key>` (the response's metadata) → the `->>` text. */
  segments: ReadonlyArray<readonly [string, string]>;
  /** The parsed answers (JSON.parse of the jsonb text, as the driver parses it). */
  answers: unknown;
}

/** A column of numbers, Float32 while every value is exactly a float32 (answers on scales are), else Float64. */
interface NumberColumn {
  data: Float32Array | Float64Array;
}

/** A node of the answers tree: the number at this path (if any response has one) and the paths below. */
interface Node {
  column?: NumberColumn;
  kids?: Map<string, Node>;
}

interface FrozenNode {
  data: Float32Array | Float64Array | undefined;
  kids: Map<string, FrozenNode> | undefined;
}

/** A dictionary-encoded column as it was frozen. */
export interface FrozenCodes {
  data: ArrayLike<number>;
  values: ReadonlyArray<string | null>;
}

/** The columns of a store at one moment (see `SurveyAnswers.freeze`). */
export interface FrozenAnswers {
  /** The column of a path, if any response had a number there. */
  column(path: readonly string[]): Float32Array | Float64Array | undefined;
  touchpoint: FrozenCodes;
  /** `attr.<key>` / `meta.<key>`. */
  segments: ReadonlyMap<string, FrozenCodes>;
}

/** At most this many numeric answer paths per survey; a wider survey is left to SQL. */
export const MAX_ANSWER_COLUMNS = 1_000;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The responses of one survey, in typed arrays. */
export class SurveyAnswers {
  length = 0;
  private capacity: number;
  at: Float64Array;
  /** The response id as four 32-bit words (ties on submitted_at are ordered by id, as SQL orders them). */
  private ids: Uint32Array;
  readonly channel: CodeColumn;
  readonly touchpoint: CodeColumn;
  readonly stage: CodeColumn;
  readonly journey: CodeColumn;
  /** `attr.<key>` / `meta.<key>` → codes of the `->>` text, '' (code 0) where absent. */
  readonly segments = new Map<string, CodeColumn>();
  private readonly root = new Map<string, Node>();
  private columns = 0;
  /** More numeric answer paths than MAX_ANSWER_COLUMNS: the store does not answer. */
  tooWide = false;

  constructor(
    readonly surveyId: string,
    capacity = 1024,
  ) {
    this.capacity = capacity;
    this.at = new Float64Array(capacity);
    this.ids = new Uint32Array(capacity * 4);
    this.channel = new CodeColumn(capacity, null);
    this.touchpoint = new CodeColumn(capacity, null);
    this.stage = new CodeColumn(capacity, null);
    this.journey = new CodeColumn(capacity, null);
  }

  /** Add a response (in any order: `settle` puts the rows back in order). */
  append(r: StoreRow): void {
    if (this.length === this.capacity) this.grow(this.capacity * 2);
    const k = this.length++;
    this.at[k] = r.at;
    const hex = r.id.replaceAll('-', '');
    for (let w = 0; w < 4; w++) this.ids[k * 4 + w] = Number.parseInt(hex.slice(w * 8, w * 8 + 8), 16);
    this.channel.data[k] = this.channel.encode(r.channel);
    this.touchpoint.data[k] = this.touchpoint.encode(r.touchpoint);
    this.stage.data[k] = this.stage.encode(r.stage);
    this.journey.data[k] = this.journey.encode(r.journey);
    for (const [key, value] of r.segments) {
      let col = this.segments.get(key);
      if (!col) {
        col = new CodeColumn(this.capacity, '');
        this.segments.set(key, col);
      }
      col.data[k] = col.encode(value);
    }
    this.addAnswers(k, r.answers);
  }

  /**
   * The numbers `itemValue` and `pairValue` can read: a number at the top (`q`), in an object or array
   * one level down (`q.row`; `q.length` of a text or list answer is its length), or in an object two
   * levels down under an object (`q.attribute.part`).
   */
  private addAnswers(k: number, answers: unknown): void {
    if (!isObject(answers)) return;
    for (const [q, v] of Object.entries(answers)) {
      if (typeof v === 'number') this.put(k, [q], v);
      else if (typeof v === 'string') this.put(k, [q, 'length'], v.length);
      else if (Array.isArray(v)) {
        v.forEach((w, i) => {
          if (typeof w === 'number') this.put(k, [q, String(i)], w);
        });
        this.put(k, [q, 'length'], v.length);
      } else if (isObject(v)) {
        for (const [a, w] of Object.entries(v)) {
          if (typeof w === 'number') this.put(k, [q, a], w);
          else if (isObject(w))
            for (const [p, x] of Object.entries(w)) if (typeof x === 'number') this.put(k, [q, a, p], x);
        }
      }
    }
  }

  private put(k: number, path: string[], v: number): void {
    if (!Number.isFinite(v)) return;
    let level = this.root;
    let node: Node | undefined;
    for (let d = 0; d < path.length; d++) {
      const key = path[d] as string;
      node = level.get(key);
      if (!node) {
        node = {};
        level.set(key, node);
      }
      if (d < path.length - 1) {
        node.kids ??= new Map();
        level = node.kids;
      }
    }
    const n = node as Node;
    if (!n.column) {
      if (++this.columns > MAX_ANSWER_COLUMNS) this.tooWide = true;
      n.column = { data: new Float32Array(this.capacity).fill(Number.NaN) };
    }
    const col = n.column;
    if (col.data instanceof Float32Array && Math.fround(v) !== v) col.data = Float64Array.from(col.data);
    col.data[k] = v;
  }

  /**
   * The columns as they are now. Appends only write past the rows held, and growing, widening and
   * re-sorting put new arrays in place of the old ones: rows picked now keep their values in these
   * arrays while a catch-up changes the store.
   */
  freeze(): FrozenAnswers {
    const copy = (level: Map<string, Node>): Map<string, FrozenNode> =>
      new Map(
        [...level].map(([key, n]) => [
          key,
          { data: n.column?.data, kids: n.kids ? copy(n.kids) : undefined },
        ]),
      );
    const root = copy(this.root);
    const segments = new Map([...this.segments].map(([key, c]) => [key, { data: c.data, values: c.values }]));
    return {
      column(path) {
        let level: Map<string, FrozenNode> | undefined = root;
        let node: FrozenNode | undefined;
        for (const key of path) {
          node = level?.get(key);
          if (!node) return undefined;
          level = node.kids;
        }
        return node?.data;
      },
      touchpoint: { data: this.touchpoint.data, values: this.touchpoint.values },
      segments,
    };
  }

  private grow(capacity: number): void {
    const at = new Float64Array(capacity);
    at.set(this.at.subarray(0, this.length));
    this.at = at;
    const ids = new Uint32Array(capacity * 4);
    ids.set(this.ids.subarray(0, this.length * 4));
    this.ids = ids;
    for (const c of [this.channel, this.touchpoint, this.stage, this.journey, ...this.segments.values()])
      c.resize(capacity);
    const visit = (level: Map<string, Node>) => {
      for (const n of level.values()) {
        if (n.column) {
          const next = new (n.column.data.constructor as Float64ArrayConstructor)(capacity).fill(Number.NaN);
          next.set(n.column.data.subarray(0, this.length));
          n.column.data = next;
        }
        if (n.kids) visit(n.kids);
      }
    };
    visit(this.root);
    this.capacity = capacity;
  }

  /** Compare rows a and b by (submitted_at, id). */
  compare(a: number, b: number): number {
    const d = (this.at[a] as number) - (this.at[b] as number);
    if (d !== 0) return d;
    for (let w = 0; w < 4; w++) {
      const e = (this.ids[a * 4 + w] as number) - (this.ids[b * 4 + w] as number);
      if (e !== 0) return e;
    }
    return 0;
  }

  /** Compare row a of this store with row b of another by (submitted_at, id). */
  compareWith(a: number, other: SurveyAnswers, b: number): number {
    const d = (this.at[a] as number) - (other.at[b] as number);
    if (d !== 0) return d;
    for (let w = 0; w < 4; w++) {
      const e = (this.ids[a * 4 + w] as number) - (other.ids[b * 4 + w] as number);
      if (e !== 0) return e;
    }
    return 0;
  }

  /** Put the rows back in (submitted_at, id) order after appends (rows caught up are usually already last). */
  settle(from: number): void {
    let sorted = true;
    for (let k = Math.max(1, from); k < this.length && sorted; k++)
      if (this.compare(k - 1, k) > 0) sorted = false;
    if (sorted) return;
    const order = Array.from({ length: this.length }, (_, k) => k).sort((a, b) => this.compare(a, b));
    const permute = <T extends { [i: number]: number; length: number }>(data: T, width = 1): T => {
      const next = new (data.constructor as new (n: number) => T)(data.length);
      order.forEach((src, dst) => {
        for (let w = 0; w < width; w++) next[dst * width + w] = data[src * width + w] as number;
      });
      return next;
    };
    this.at = permute(this.at);
    this.ids = permute(this.ids, 4);
    for (const c of [this.channel, this.touchpoint, this.stage, this.journey, ...this.segments.values()])
      c.data = permute(c.data);
    const visit = (level: Map<string, Node>) => {
      for (const n of level.values()) {
        if (n.column) {
          const next = permute(n.column.data);
          next.fill(Number.NaN, this.length);
          n.column.data = next;
        }
        if (n.kids) visit(n.kids);
      }
    };
    visit(this.root);
  }

  /**
   * The rows that `getSurveyAnswers` returns for this survey and filter, newest first (ties by id,
   * descending), at most `limit`; null when the store cannot tell (an unknown dimension, an id that is
   * not a UUID: SQL answers, as it would have).
   */
  select(filter: SliceFilter, limit: number): Int32Array | null {
    const tests: Array<{ data: ArrayLike<number>; code: number }> = [];
    for (const e of filter.equals ?? []) {
      const d = e.dimension as string;
      if (d === 'channel') tests.push({ data: this.channel.data, code: this.channel.codeOf(e.value) });
      else if (d === 'touchpoint' || d === 'stage' || d === 'journey' || d === 'survey') {
        const id = e.value.toLowerCase();
        if (!UUID.test(id)) return null;
        if (d === 'survey') {
          if (id !== this.surveyId) return new Int32Array(0);
          continue;
        }
        const col = this[d];
        tests.push({ data: col.data, code: col.codeOf(id) });
      } else if (d.startsWith('attr.') || d.startsWith('meta.')) {
        const col = this.segments.get(d);
        // No response has the key: it reads as '' everywhere.
        if (!col) {
          if (e.value !== '') return new Int32Array(0);
          continue;
        }
        tests.push({ data: col.data, code: col.codeOf(e.value) });
      } else return null;
    }
    if (tests.some((t) => t.code < 0)) return new Int32Array(0);
    const lo = filter.from ? this.lowerBound(filter.from.getTime() * 1000) : 0;
    const hi = filter.to ? this.lowerBound(filter.to.getTime() * 1000) : this.length;
    const out = new Int32Array(Math.max(0, Math.min(limit, hi - lo)));
    let n = 0;
    rows: for (let k = hi - 1; k >= lo && n < out.length; k--) {
      for (const t of tests) if (t.data[k] !== t.code) continue rows;
      out[n++] = k;
    }
    return out.subarray(0, n);
  }

  /** The first row at or after `atMicros` (rows are in time order). */
  private lowerBound(atMicros: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.at[mid] as number) < atMicros) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Bytes held (for metrics). */
  bytes(): number {
    let b = this.at.byteLength + this.ids.byteLength;
    for (const c of [this.channel, this.touchpoint, this.stage, this.journey, ...this.segments.values()])
      b += c.data.byteLength;
    const visit = (level: Map<string, Node>) => {
      for (const n of level.values()) {
        if (n.column) b += n.column.data.byteLength;
        if (n.kids) visit(n.kids);
      }
    };
    visit(this.root);
    return b;
  }
}

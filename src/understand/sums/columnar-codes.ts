// A dictionary-encoded column of the columnar index (and of the answer and comment stores). Pure.

type Codes = Uint8Array | Uint16Array | Uint32Array;

/** A dictionary-encoded column; code 0 is the absent value (null for ids, '' for attributes and channel). */
export class CodeColumn {
  data: Codes;
  readonly values: Array<string | null>;
  private readonly codes = new Map<string, number>();

  constructor(capacity: number, absent: string | null) {
    this.data = new Uint8Array(capacity);
    this.values = [absent];
    if (absent !== null) this.codes.set(absent, 0);
  }

  /** The code of a value, or -1 when no row has it. */
  codeOf(value: string | null): number {
    if (value === null) return this.values[0] === null ? 0 : -1;
    return this.codes.get(value) ?? -1;
  }

  /** The code of a value, adding it when new (widening the column past 255 and 65,535 values). */
  encode(value: string | null): number {
    if (value === null) return 0;
    let c = this.codes.get(value);
    if (c === undefined) {
      c = this.values.length;
      // A value parsed from a line is a slice of the whole chunk of COPY text: kept as is, it would keep
      // that chunk alive (as strings, 200,000 contact ids held 74 MiB of text). Kept as its own copy.
      const own = Buffer.from(value, 'utf8').toString('utf8');
      this.values.push(own);
      this.codes.set(own, c);
      if (c === 256 && this.data instanceof Uint8Array) this.data = Uint16Array.from(this.data);
      else if (c === 65_536 && this.data instanceof Uint16Array) this.data = Uint32Array.from(this.data);
    }
    return c;
  }

  resize(capacity: number): void {
    const next = new (this.data.constructor as new (n: number) => Codes)(capacity);
    next.set(this.data.subarray(0, Math.min(capacity, this.data.length)));
    this.data = next;
  }
}

// A dictionary-encoded column of UUIDs (the contact of each feedback row) that keeps its values as 16
// bytes each in a typed array, found through an open-addressing table: about 32 bytes a value, where
// strings in a Map take about 100 (200,000 contacts per million rows: 6 MiB instead of 19). Pure.

type Codes = Uint8Array | Uint16Array | Uint32Array;

/** The four 32-bit words of a UUID's hex digits into `out` (at `at`), or false when `s` is not a UUID. */
export function parseUuid(s: string, out: Uint32Array, at = 0): boolean {
  if (s.length !== 36) return false;
  let word = 0;
  let w = 0;
  let digits = 0;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
      continue;
    }
    const v = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (v < 0) return false;
    word = ((word << 4) | v) >>> 0;
    if (++digits === 8) {
      out[at + w++] = word;
      word = 0;
      digits = 0;
    }
  }
  return true;
}

/** The UUID (lowercase text) whose four words are at `words[at]`. */
export function uuidText(words: Uint32Array, at: number): string {
  const hex = (k: number) => ((words[at + k] as number) >>> 0).toString(16).padStart(8, '0');
  const [a, b, c, d] = [hex(0), hex(1), hex(2), hex(3)];
  return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
}

const hashOf = (a: number, b: number, c: number, d: number) =>
  (a ^ Math.imul(b, 0x9e3779b1) ^ Math.imul(c, 0x85ebca6b) ^ Math.imul(d, 0xc2b2ae35)) >>> 0;

/** UUIDs as codes; code 0 is null (no value). */
export class UuidColumn {
  data: Codes;
  /** Codes in use, 0 (null) included. */
  count = 1;
  /** Four words per code (code 0 unused). */
  private words = new Uint32Array(4 * 1024);
  /** Open addressing: the code in each slot (0: empty); at most half full. */
  private slots = new Uint32Array(2048);
  private readonly scratch = new Uint32Array(4);

  constructor(capacity: number) {
    this.data = new Uint8Array(capacity);
  }

  /** The code of a value (any case), 0 for null, or -1 when no row has it (or it is not a UUID). */
  codeOf(value: string | null): number {
    if (value === null) return 0;
    if (!parseUuid(value, this.scratch)) return -1;
    const slot = this.find(this.scratch);
    return this.slots[slot] === 0 ? -1 : (this.slots[slot] as number);
  }

  /** The code of a value, adding it when new (widening the column past 255 and 65,535 values). */
  encode(value: string | null): number {
    if (value === null) return 0;
    if (!parseUuid(value, this.scratch)) throw new Error(`not a UUID: ${value}`);
    return this.encodeScratch();
  }

  /** As `encode`, for the 16 bytes of a UUID at `buf[start]` (binary COPY: no text to parse). */
  encodeRaw(buf: Uint8Array, start: number): number {
    for (let w = 0; w < 4; w++) {
      const p = start + 4 * w;
      this.scratch[w] =
        (((buf[p] as number) << 24) |
          ((buf[p + 1] as number) << 16) |
          ((buf[p + 2] as number) << 8) |
          (buf[p + 3] as number)) >>>
        0;
    }
    return this.encodeScratch();
  }

  /** The code of the UUID in `scratch`, adding it when new. */
  private encodeScratch(): number {
    let slot = this.find(this.scratch);
    const found = this.slots[slot] as number;
    if (found !== 0) return found;
    const c = this.count++;
    if (4 * this.count > this.words.length) {
      const next = new Uint32Array(Math.max(4 * 1024, this.words.length * 2));
      next.set(this.words);
      this.words = next;
    }
    this.words.set(this.scratch, 4 * c);
    if (2 * this.count > this.slots.length) {
      this.rehash(this.slots.length * 2);
      slot = this.find(this.scratch);
    }
    this.slots[slot] = c;
    if (c === 256 && this.data instanceof Uint8Array) this.data = Uint16Array.from(this.data);
    else if (c === 65_536 && this.data instanceof Uint16Array) this.data = Uint32Array.from(this.data);
    return c;
  }

  /** The value of a code (lowercase), null for 0. */
  idOf(code: number): string | null {
    return code === 0 ? null : uuidText(this.words, 4 * code);
  }

  resize(capacity: number): void {
    const next = new (this.data.constructor as new (n: number) => Codes)(capacity);
    next.set(this.data.subarray(0, Math.min(capacity, this.data.length)));
    this.data = next;
  }

  /** Release the values' spare capacity (after a load; appends grow it again). */
  trim(): void {
    if (this.words.length > 4 * this.count) this.words = this.words.slice(0, 4 * this.count);
  }

  /** Bytes held: the codes, the values and the table. */
  bytes(): number {
    return this.data.byteLength + this.words.byteLength + this.slots.byteLength;
  }

  /** The slot holding the value, or the empty slot where it would go. */
  private find(v: Uint32Array): number {
    const mask = this.slots.length - 1;
    const a = v[0] as number;
    const b = v[1] as number;
    const c = v[2] as number;
    const d = v[3] as number;
    let s = hashOf(a, b, c, d) & mask;
    for (;;) {
      const code = this.slots[s] as number;
      if (code === 0) return s;
      const o = 4 * code;
      const w = this.words;
      if (w[o] === a && w[o + 1] === b && w[o + 2] === c && w[o + 3] === d) return s;
      s = (s + 1) & mask;
    }
  }

  private rehash(size: number): void {
    this.slots = new Uint32Array(size);
    const mask = size - 1;
    const w = this.words;
    for (let code = 1; code < this.count; code++) {
      const o = 4 * code;
      let s = hashOf(w[o] as number, w[o + 1] as number, w[o + 2] as number, w[o + 3] as number) & mask;
      while (this.slots[s] !== 0) s = (s + 1) & mask;
      this.slots[s] = code;
    }
  }
}

// Segment rules over an organisation's contacts as bitmaps, 32 contacts a word: the contacts for which a
// rule is true. SQL's rules are three-valued, but the compiled condition negates only as `not
// coalesce(x, false)` (unknown → true, as false) and keeps the rows where it is true; where `x and y`
// or `x or y` is true depends only on where x and y are true. So the true bits alone decide the count:
// `all`/`any` are word and/or, `not` is the complement, the count a popcount. Bits past the last contact
// are arbitrary: `countTrue` and `trueRows` mask them. Pure; each loop small and monomorphic.

/** Words holding `n` bits. */
export const wordsFor = (n: number): number => (n + 31) >>> 5;

/** `a` := `a and b`. */
export function allInto(a: Uint32Array, b: Uint32Array, words: number): void {
  for (let i = 0; i < words; i++) a[i] = (a[i] as number) & (b[i] as number);
}

/** `a` := `a or b`. */
export function anyInto(a: Uint32Array, b: Uint32Array, words: number): void {
  for (let i = 0; i < words; i++) a[i] = (a[i] as number) | (b[i] as number);
}

/** `a` := `not coalesce(a, false)`: true unless `a` is true. */
export function notInPlace(a: Uint32Array, words: number): void {
  for (let i = 0; i < words; i++) a[i] = ~(a[i] as number);
}

/** A bitmap's copy (`flip`: its complement). */
export function fromBits(bits: Uint32Array, flip: boolean, words: number): Uint32Array {
  const t = new Uint32Array(words);
  if (flip) for (let i = 0; i < words; i++) t[i] = ~(bits[i] as number);
  else t.set(bits.subarray(0, words));
  return t;
}

/** Every contact true, or none. */
export const constant = (all: boolean, words: number): Uint32Array =>
  new Uint32Array(words).fill(all ? 0xffffffff : 0);

/** An attribute column's codes, as narrow as its values allow. */
export type Codes = Uint8Array | Uint16Array | Uint32Array;

/**
 * The contacts whose attribute code has a true truth (`table[code]`: 0 false, 1 unknown, 2 true; code 0
 * the attribute missing). One pass over the codes; the only loop over every contact. One copy of the
 * loop per width of codes, so that each stays monomorphic.
 */
export function lookup(codes: Codes, table: Uint8Array, n: number): Uint32Array {
  const t = new Uint32Array(wordsFor(n));
  const bits = new Uint8Array(table.length);
  for (let c = 0; c < table.length; c++) bits[c] = table[c] === 2 ? 1 : 0;
  if (codes instanceof Uint8Array) lookup8(t, codes, bits, n);
  else if (codes instanceof Uint16Array) lookup16(t, codes, bits, n);
  else lookup32(t, codes, bits, n);
  return t;
}

function lookup8(t: Uint32Array, codes: Uint8Array, bits: Uint8Array, n: number): void {
  for (let base = 0; base < n; base += 32) {
    let w = 0;
    const end = Math.min(32, n - base);
    for (let j = 0; j < end; j++) w |= (bits[codes[base + j] as number] as number) << j;
    t[base >>> 5] = w;
  }
}

function lookup16(t: Uint32Array, codes: Uint16Array, bits: Uint8Array, n: number): void {
  for (let base = 0; base < n; base += 32) {
    let w = 0;
    const end = Math.min(32, n - base);
    for (let j = 0; j < end; j++) w |= (bits[codes[base + j] as number] as number) << j;
    t[base >>> 5] = w;
  }
}

function lookup32(t: Uint32Array, codes: Uint32Array, bits: Uint8Array, n: number): void {
  for (let base = 0; base < n; base += 32) {
    let w = 0;
    const end = Math.min(32, n - base);
    for (let j = 0; j < end; j++) w |= (bits[codes[base + j] as number] as number) << j;
    t[base >>> 5] = w;
  }
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  v = (v + (v >>> 4)) & 0x0f0f0f0f;
  return Math.imul(v, 0x01010101) >>> 24;
}

/** The last word's mask of the rows in use (all ones when `n` fills it). */
const lastMask = (n: number): number => (n & 31 ? (1 << (n & 31)) - 1 : 0xffffffff);

/** How many of the first `n` bits are set. */
export function countTrue(t: Uint32Array, n: number): number {
  const words = wordsFor(n);
  if (words === 0) return 0;
  let count = 0;
  for (let i = 0; i < words - 1; i++) count += popcount(t[i] as number);
  return count + popcount((t[words - 1] as number) & lastMask(n));
}

/** The rows in [from, to) whose bit is set, in order, at most `limit` of them. */
export function trueRows(t: Uint32Array, from: number, to: number, limit: number): number[] {
  const out: number[] = [];
  let row = from;
  while (row < to && out.length < limit) {
    const w = row >>> 5;
    // The word's bits from `row` on, below `to`.
    let bits = (t[w] as number) >>> (row & 31);
    const left = Math.min(32 - (row & 31), to - row);
    if (left < 32) bits &= (1 << left) - 1;
    while (bits !== 0 && out.length < limit) {
      const j = 31 - Math.clz32(bits & -bits);
      out.push(row + j);
      bits &= bits - 1;
    }
    row += left;
  }
  return out;
}

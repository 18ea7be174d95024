// The words of the comment index: each comment's lexemes with their positions, as PostgreSQL's
// `to_tsvector('simple', text)` gives them (read with the comments, never tokenised here), and a positional
// list per lexeme, so a word filter is answered as `to_tsvector('simple', f.text) @@ websearch_to_tsquery(…)`
// answers it, phrases without reading the comments. The query itself is parsed by PostgreSQL too (its text
// form is read in word-forms.ts). Pure.
import { keepAt, phraseWords } from './phrase-places.js';
import type { WordQuery } from './word-forms.js';

export { parseTsquery, parseTsvector, type WordQuery } from './word-forms.js';

/** Phrase ends checked together. */
const BLOCK = 4096;

/** Lexemes and positions of the comments at positions 0 … length-1 of the comment index. */
export class CommentWords {
  private readonly lexemes = new Map<string, number>();
  private lexemeBytes = 0;
  /**
   * Per comment: its entries tokStart … tokStart+tokCount-1 of the pool, one per (lexeme, position), in
   * position order.
   */
  private tokStart: Uint32Array;
  private tokCount: Uint32Array;
  /** Lexeme codes in 2 bytes while fewer than 65,536 lexemes are known, then in 4. */
  private tokLex: Uint16Array | Uint32Array;
  /** Positions are at most 16,383 (PostgreSQL's cap). */
  private tokPos: Uint16Array;
  /** 1: the comment's positions run without gap or repeat (position p + d is entry t + d). */
  private dense: Uint8Array;
  private tokLength = 0;
  private tokWaste = 0;
  private length = 0;
  /**
   * Positional lists for comments [0, indexed): the places of lexeme k are entries listStart[k] …
   * listStart[k+1]-1, each a comment (postComment) and a position (postPos), in comment then position
   * order, with the lexeme at the position before (postPrev: noPrev where none, noPrev - 1 where more
   * than one, as past PostgreSQL's cap), so a word's left neighbour is known without reading the comment.
   */
  private indexed = 0;
  private listStart = new Uint32Array(1);
  private postComment = new Uint32Array(0);
  private postPos = new Uint16Array(0);
  private postPrev: Uint16Array | Uint32Array = new Uint16Array(0);
  private noPrev = 0xffff;
  /** Bitmaps lent to the evaluation of a query's operands (one per depth), kept between queries. */
  private readonly scratch: Uint8Array[] = [];
  private scratchUsed = 0;
  private blockComment: Uint32Array | null = null;
  private blockEnd: Int32Array | null = null;
  /** Comments below `indexed` whose text changed after the lists were built (read from their entries). */
  private readonly edited = new Set<number>();

  constructor(capacity: number) {
    this.tokStart = new Uint32Array(capacity);
    this.tokCount = new Uint32Array(capacity);
    this.dense = new Uint8Array(capacity);
    this.tokLex = new Uint16Array(capacity * 4);
    this.tokPos = new Uint16Array(capacity * 4);
  }

  /** Bytes held by the arrays and the lexeme dictionary (its strings and entries as estimated). */
  bytes(): number {
    return (
      this.lexemeBytes +
      this.scratch.reduce((s, b) => s + b.byteLength, 0) +
      (this.blockComment ? BLOCK * 8 : 0) +
      this.tokStart.byteLength +
      this.tokCount.byteLength +
      this.dense.byteLength +
      this.tokLex.byteLength +
      this.tokPos.byteLength +
      this.listStart.byteLength +
      this.postComment.byteLength +
      this.postPos.byteLength +
      this.postPrev.byteLength
    );
  }

  /**
   * Bytes the positional lists of the comments held take once built (8 or 10 a lexeme's place) beyond
   * those of the lists built now.
   */
  unbuiltBytes(): number {
    const place = this.lexemes.size < 0xfffe ? 8 : 10;
    const built =
      this.listStart.byteLength +
      this.postComment.byteLength +
      this.postPos.byteLength +
      this.postPrev.byteLength;
    return Math.max(0, (this.lexemes.size + 1) * 4 + (this.tokLength - this.tokWaste) * place - built);
  }

  /** Lexemes known. */
  get vocabulary(): number {
    return this.lexemes.size;
  }

  /** Set comment `i`'s lexemes (a new comment is the next position; a known one had its text edited). */
  set(i: number, words: ReadonlyArray<readonly [string, readonly number[]]>): void {
    if (i >= this.tokStart.length) {
      let cap = this.tokStart.length * 2;
      while (cap <= i) cap *= 2;
      const s = new Uint32Array(cap);
      s.set(this.tokStart);
      this.tokStart = s;
      const c = new Uint32Array(cap);
      c.set(this.tokCount);
      this.tokCount = c;
      const d = new Uint8Array(cap);
      d.set(this.dense);
      this.dense = d;
    }
    // The entries in position order (then by code: positions past PostgreSQL's cap share 16,383).
    const entries: Array<[number, number]> = [];
    for (const [lexeme, ps] of words) {
      let code = this.lexemes.get(lexeme);
      if (code === undefined) {
        code = this.lexemes.size;
        this.lexemes.set(lexeme, code);
        this.lexemeBytes += 80 + 2 * lexeme.length;
        if (code === 65_536 && this.tokLex instanceof Uint16Array)
          this.tokLex = Uint32Array.from(this.tokLex);
      }
      // A lexeme without positions (none from to_tsvector) is kept with position 0.
      for (const p of ps.length > 0 ? ps : [0]) entries.push([p, code]);
    }
    entries.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const n = entries.length;
    if (i < this.length) {
      // A re-enrichment reads the comment again: the same text keeps its entries and lists.
      if (this.same(i, entries)) return;
      this.tokWaste += this.tokCount[i] as number;
      if (i < this.indexed) this.edited.add(i);
    } else this.length = i + 1;
    if (this.tokLength + n > this.tokLex.length) this.growPool(this.tokLength + n);
    this.tokStart[i] = this.tokLength;
    this.tokCount[i] = n;
    let dense = 1;
    for (const [k, [p, code]] of entries.entries()) {
      if (k > 0 && p !== (entries[k - 1] as [number, number])[0] + 1) dense = 0;
      this.tokLex[this.tokLength] = code;
      this.tokPos[this.tokLength++] = p;
    }
    this.dense[i] = dense;
    if (this.tokWaste > 4096 && this.tokWaste * 2 > this.tokLength) this.compact();
  }

  /** Whether comment `i` holds exactly `entries` ([position, code], in the order stored). */
  private same(i: number, entries: ReadonlyArray<[number, number]>): boolean {
    const s = this.tokStart[i] as number;
    if (this.tokCount[i] !== entries.length) return false;
    for (const [k, [p, code]] of entries.entries())
      if (this.tokLex[s + k] !== code || this.tokPos[s + k] !== p) return false;
    return true;
  }

  private growPool(min: number): void {
    let cap = Math.max(1024, this.tokLex.length);
    while (cap < min) cap *= 2;
    const l = this.tokLex instanceof Uint16Array ? new Uint16Array(cap) : new Uint32Array(cap);
    l.set(this.tokLex.subarray(0, this.tokLength));
    const p = new Uint16Array(cap);
    p.set(this.tokPos.subarray(0, this.tokLength));
    this.tokLex = l;
    this.tokPos = p;
  }

  /** Rewrite the pool without the entries of edited texts. */
  private compact(): void {
    const size = Math.max(1024, (this.tokLength - this.tokWaste) * 2);
    const l = this.tokLex instanceof Uint16Array ? new Uint16Array(size) : new Uint32Array(size);
    const p = new Uint16Array(l.length);
    let k = 0;
    for (let i = 0; i < this.length; i++) {
      const s = this.tokStart[i] as number;
      const n = this.tokCount[i] as number;
      this.tokStart[i] = k;
      l.set(this.tokLex.subarray(s, s + n), k);
      p.set(this.tokPos.subarray(s, s + n), k);
      k += n;
    }
    this.tokLex = l;
    this.tokPos = p;
    this.tokLength = k;
    this.tokWaste = 0;
  }

  /**
   * Build the positional lists of every comment held: two passes over the pool (counts, then fills).
   * Comments added later, and edited ones, are read from their entries until the next build.
   */
  reindex(): void {
    const lexemes = this.lexemes.size;
    const start = new Uint32Array(lexemes + 1);
    const lex = this.tokLex;
    for (let i = 0; i < this.length; i++) {
      const s = this.tokStart[i] as number;
      const e = s + (this.tokCount[i] as number);
      for (let t = s; t < e; t++) {
        const k = (lex[t] as number) + 1;
        start[k] = (start[k] as number) + 1;
      }
    }
    for (let k = 0; k < lexemes; k++) start[k + 1] = (start[k + 1] as number) + (start[k] as number);
    const fill = start.slice(0, lexemes);
    const total = start[lexemes] as number;
    // The old lists go first: their memory is free for the new ones.
    this.postComment = new Uint32Array(0);
    this.postPos = new Uint16Array(0);
    this.postPrev = new Uint16Array(0);
    const comment = new Uint32Array(total);
    const pos = new Uint16Array(total);
    const wide = lexemes >= 0xfffe;
    const prev = wide ? new Uint32Array(total) : new Uint16Array(total);
    const none = wide ? 0xffffffff : 0xffff;
    for (let i = 0; i < this.length; i++) {
      const s = this.tokStart[i] as number;
      const e = s + (this.tokCount[i] as number);
      // The lexeme at the last position seen and at the one before it (none-1: more than one).
      let lastPos = -2;
      let lastCode = none;
      let beforePos = -2;
      let beforeCode = none;
      for (let t = s; t < e; t++) {
        const code = lex[t] as number;
        const p = this.tokPos[t] as number;
        if (p !== lastPos) {
          beforePos = lastPos;
          beforeCode = lastCode;
          lastPos = p;
          lastCode = code;
        } else lastCode = none - 1;
        const at = fill[code] as number;
        comment[at] = i;
        pos[at] = p;
        prev[at] = beforePos === p - 1 ? beforeCode : none;
        fill[code] = at + 1;
      }
    }
    this.noPrev = none;
    this.postPrev = prev;
    this.listStart = start;
    this.postComment = comment;
    this.postPos = pos;
    this.indexed = this.length;
    this.edited.clear();
  }

  /** Whether the lists miss enough comments that reading them one by one costs more than a rebuild. */
  private stale(): boolean {
    return this.length - this.indexed + this.edited.size > Math.max(4096, this.indexed / 32);
  }

  /** Whether comment `i` has lexeme `code`. */
  private has(i: number, code: number): boolean {
    const s = this.tokStart[i] as number;
    const e = s + (this.tokCount[i] as number);
    for (let t = s; t < e; t++) if (this.tokLex[t] === code) return true;
    return false;
  }

  /** Mark in `out` the comments with `lexeme`. */
  private markWord(lexeme: string, out: Uint8Array): void {
    const code = this.lexemes.get(lexeme);
    if (code !== undefined) this.markCode(code, out);
  }

  /** Mark in `out` the comments with the lexeme of `code`. */
  private markCode(code: number, out: Uint8Array): void {
    if (code + 1 < this.listStart.length) {
      const e = this.listStart[code + 1] as number;
      const comment = this.postComment;
      for (let k = this.listStart[code] as number; k < e; k++) out[comment[k] as number] = 1;
    }
    for (const i of this.edited) out[i] = this.has(i, code) ? 1 : 0;
    for (let i = this.indexed; i < this.length; i++) if (this.has(i, code)) out[i] = 1;
  }

  /** Whether comment `i` has lexeme `code` at position `at`. */
  private hasAt(i: number, code: number, at: number): boolean {
    const s = this.tokStart[i] as number;
    const e = s + (this.tokCount[i] as number);
    for (let t = s; t < e; t++) if (this.tokLex[t] === code && this.tokPos[t] === at) return true;
    return false;
  }

  /**
   * Whether comment `i` holds the phrase whose words have `codes` and `offsets`: each place of word
   * `anchor` (the rarest) tried.
   */
  private hasPhrase(i: number, codes: Int32Array, offsets: Int32Array, anchor: number): boolean {
    const lex = this.tokLex;
    const s = this.tokStart[i] as number;
    const e = s + (this.tokCount[i] as number);
    const dense = this.dense[i] === 1;
    const code = codes[anchor] as number;
    const n = codes.length;
    for (let t = s; t < e; t++) {
      if (lex[t] !== code) continue;
      const p = this.tokPos[t] as number;
      const end = p + (offsets[anchor] as number);
      let k = 0;
      for (; k < n; k++) {
        if (k === anchor) continue;
        const at = end - (offsets[k] as number);
        // Without gaps the entry at a position is found by arithmetic; else by a pass.
        if (dense) {
          const g = t + at - p;
          if (g < s || g >= e || lex[g] !== codes[k]) break;
        } else if (!this.hasAt(i, codes[k] as number, at)) break;
      }
      if (k === n) return true;
    }
    return false;
  }

  /** Entries in the positional list of `code` (0 for a lexeme first seen after the build). */
  private listed(code: number): number {
    return code + 1 < this.listStart.length
      ? (this.listStart[code + 1] as number) - (this.listStart[code] as number)
      : 0;
  }

  /** The block of phrase ends (reused). */
  private block(): { comment: Uint32Array; end: Int32Array } {
    if (!this.blockComment) {
      this.blockComment = new Uint32Array(BLOCK);
      this.blockEnd = new Int32Array(BLOCK);
    }
    return { comment: this.blockComment, end: this.blockEnd as Int32Array };
  }

  /**
   * The comments with a phrase. From the lists: the places of one word (the driver), in blocks, whose
   * left neighbour in the phrase is the lexeme before it there, are where the phrase may end; each other
   * word (fewest places first) keeps those where it is at its offset before the end, one merge of the
   * block with its list (in (comment, position) order, galloping where its list is the longer), so no
   * comment's entries are read. The comments the lists miss or hold stale are read from their entries.
   */
  private matchPhrase(q: WordQuery, out: Uint8Array): void {
    const { words } = phraseWords(q);
    const n = words.length;
    const codes = new Int32Array(n);
    const offsets = new Int32Array(n);
    for (const [k, w] of words.entries()) {
      const code = this.lexemes.get(w.lexeme);
      if (code === undefined) return;
      codes[k] = code;
      offsets[k] = w.offset;
    }
    const size = (k: number) => this.listed(codes[k] as number);
    // The driver: the word with the fewest places among those with a left neighbour at distance 1 (the
    // neighbour then checked from the driver's list alone).
    let driver = -1;
    let pair = -1;
    for (let k = 0; k < n; k++) {
      const j = offsets.indexOf((offsets[k] as number) + 1);
      if (j >= 0 && (driver < 0 || size(k) < size(driver))) {
        driver = k;
        pair = j;
      }
    }
    // A word with far fewer places drives instead (a search in the others' lists costs more a place).
    let fewest = 0;
    for (let k = 1; k < n; k++) if (size(k) < size(fewest)) fewest = k;
    if (driver < 0 || size(fewest) * 16 < size(driver)) {
      driver = fewest;
      pair = -1;
    }
    const order = [...codes.keys()]
      .filter((k) => k !== driver && k !== pair)
      .sort((a, b) => size(a) - size(b));
    const start = this.listStart;
    if (size(driver) > 0 && (pair < 0 || size(pair) > 0)) {
      // Per word: the next entry of its list to look from (blocks come in order, so it only moves on).
      const cursor = new Float64Array(n);
      for (let k = 0; k < n; k++) cursor[k] = start[codes[k] as number] as number;
      const last = start[(codes[driver] as number) + 1] as number;
      const shift = offsets[driver] as number;
      const { comment: blockComment, end: blockEnd } = this.block();
      const comment = this.postComment;
      const pos = this.postPos;
      const prev = this.postPrev;
      const left = pair < 0 ? -1 : (codes[pair] as number);
      const many = this.noPrev - 1;
      for (let from = cursor[driver] as number; from < last; from += BLOCK) {
        const to = Math.min(last, from + BLOCK);
        let m = 0;
        for (let d = from; d < to; d++) {
          if (left >= 0 && prev[d] !== left) {
            if (prev[d] !== many) continue;
            if (!this.hasAt(comment[d] as number, left, (pos[d] as number) - 1)) continue;
          }
          blockComment[m] = comment[d] as number;
          blockEnd[m++] = (pos[d] as number) + shift;
        }
        for (const k of order) {
          if (m === 0) break;
          const e = start[(codes[k] as number) + 1] as number;
          const [kept, at] = keepAt(
            this.postComment,
            this.postPos,
            blockComment,
            blockEnd,
            m,
            offsets[k] as number,
            cursor[k] as number,
            e,
          );
          m = kept;
          cursor[k] = at;
        }
        for (let t = 0; t < m; t++) out[blockComment[t] as number] = 1;
      }
    }
    for (const i of this.edited) out[i] = this.hasPhrase(i, codes, offsets, 0) ? 1 : 0;
    for (let i = this.indexed; i < this.length; i++) if (this.hasPhrase(i, codes, offsets, 0)) out[i] = 1;
  }

  /** A zeroed bitmap of the comments for an operand (given back by `release`, in reverse order). */
  private borrow(): Uint8Array {
    let b = this.scratch[this.scratchUsed];
    if (!b || b.length < this.length) {
      b = new Uint8Array(Math.max(this.length, this.tokStart.length));
      this.scratch[this.scratchUsed] = b;
    } else b.fill(0, 0, this.length);
    this.scratchUsed++;
    return b;
  }

  private release(): void {
    this.scratchUsed--;
  }

  /** Mark in `out` (zeroed) the comments `q` matches. */
  private evaluate(q: WordQuery, out: Uint8Array): void {
    const n = this.length;
    if (q.op === 'empty') return;
    if (q.op === 'word') this.markWord(q.lexeme, out);
    else if (q.op === 'not') {
      this.evaluate(q.arg, out);
      for (let i = 0; i < n; i++) out[i] = 1 - (out[i] as number);
    } else if (q.op === 'phrase') this.matchPhrase(q, out);
    else {
      this.evaluate(q.left, out);
      const b = this.borrow();
      try {
        this.evaluate(q.right, b);
        if (q.op === 'and') for (let i = 0; i < n; i++) out[i] = (out[i] as number) & (b[i] as number);
        else for (let i = 0; i < n; i++) out[i] = (out[i] as number) | (b[i] as number);
      } finally {
        this.release();
      }
    }
  }

  /**
   * 1 for each comment the query matches, 0 for the others (indexed by comment position): a new array,
   * the caller's to keep; the operands' bitmaps are reused from query to query.
   */
  match(q: WordQuery): Uint8Array {
    if (this.stale()) this.reindex();
    const out = new Uint8Array(this.length);
    this.evaluate(q, out);
    return out;
  }
}

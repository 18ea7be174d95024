// The words of the comment index: each comment's lexemes with their positions, as PostgreSQL's
// `to_tsvector('simple', text)` gives them (read with the comments, never tokenised here), and an inverted
// list per lexeme, so a word filter is answered as `to_tsvector('simple', f.text) @@ websearch_to_tsquery(…)`
// answers it. The query itself is parsed by PostgreSQL too (its text form is read here). Pure.

/** A parsed `tsquery`: lexemes, not, and, or, and phrase (`<N>`) of lexemes or phrases. */
export type WordQuery =
  | { op: 'word'; lexeme: string }
  | { op: 'not'; arg: WordQuery }
  | { op: 'and' | 'or'; left: WordQuery; right: WordQuery }
  | { op: 'phrase'; distance: number; left: WordQuery; right: WordQuery }
  | { op: 'empty' };

/** Read one single-quoted lexeme of a tsvector or tsquery text at `s[at]` (a quote); [lexeme, next index]. */
function readQuoted(s: string, at: number): [string, number] {
  let out = '';
  let i = at + 1;
  for (;;) {
    const c = s[i];
    if (c === undefined) throw new Error('unterminated lexeme');
    if (c === "'") {
      if (s[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      return [out, i + 1];
    }
    if (c === '\\') {
      out += s[i + 1] ?? '';
      i += 2;
      continue;
    }
    out += c;
    i++;
  }
}

/** The lexemes of a tsvector's text form (`'word':1,4 'other':2`), each with its positions (weights dropped). */
export function parseTsvector(s: string): Array<[string, number[]]> {
  const out: Array<[string, number[]]> = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] === ' ') {
      i++;
      continue;
    }
    const [lexeme, next] = readQuoted(s, i);
    i = next;
    const positions: number[] = [];
    if (s[i] === ':') {
      i++;
      for (;;) {
        let n = 0;
        while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57)
          n = n * 10 + s.charCodeAt(i++) - 48;
        positions.push(n);
        while (i < s.length && /[A-D]/.test(s[i] as string)) i++;
        if (s[i] !== ',') break;
        i++;
      }
    }
    out.push([lexeme, positions]);
  }
  return out;
}

/**
 * A tsquery's text form as a tree, or null for what this module does not evaluate (prefix or weighted
 * lexemes; not, and or or inside a phrase), which `websearch_to_tsquery` does not write. Precedence as
 * PostgreSQL's: `!` binds tightest, then `<N>`, then `&`, then `|`; the text has parentheses elsewhere.
 */
export function parseTsquery(s: string): WordQuery | null {
  if (s.trim() === '') return { op: 'empty' };
  let i = 0;
  const skip = () => {
    while (s[i] === ' ') i++;
  };
  let unsupported = false;
  const unary = (): WordQuery => {
    skip();
    if (s[i] === '!') {
      i++;
      return { op: 'not', arg: unary() };
    }
    if (s[i] === '(') {
      i++;
      const q = or();
      skip();
      if (s[i] !== ')') throw new Error('unbalanced tsquery');
      i++;
      return q;
    }
    if (s[i] !== "'") throw new Error(`unexpected tsquery text at ${i}`);
    const [lexeme, next] = readQuoted(s, i);
    i = next;
    if (s[i] === ':') {
      unsupported = true;
      i++;
      while (i < s.length && /[A-D*]/.test(s[i] as string)) i++;
    }
    return { op: 'word', lexeme };
  };
  const phrase = (): WordQuery => {
    let left = unary();
    for (;;) {
      skip();
      const m = /^<(-|\d+)>/.exec(s.slice(i, i + 8));
      if (!m) return left;
      i += m[0].length;
      const distance = m[1] === '-' ? 1 : Number(m[1]);
      left = { op: 'phrase', distance, left, right: unary() };
    }
  };
  const and = (): WordQuery => {
    let left = phrase();
    for (;;) {
      skip();
      if (s[i] !== '&') return left;
      i++;
      left = { op: 'and', left, right: phrase() };
    }
  };
  const or = (): WordQuery => {
    let left = and();
    for (;;) {
      skip();
      if (s[i] !== '|') return left;
      i++;
      left = { op: 'or', left, right: and() };
    }
  };
  const q = or();
  skip();
  if (i !== s.length) throw new Error('trailing tsquery text');
  const phraseOfWords = (n: WordQuery): boolean =>
    n.op === 'word' || (n.op === 'phrase' && phraseOfWords(n.left) && phraseOfWords(n.right));
  const check = (n: WordQuery): boolean =>
    n.op === 'not'
      ? check(n.arg)
      : n.op === 'and' || n.op === 'or'
        ? check(n.left) && check(n.right)
        : n.op === 'phrase'
          ? phraseOfWords(n)
          : true;
  return unsupported || !check(q) ? null : q;
}

/** Lexemes and positions of the comments at positions 0 … length-1 of the comment index. */
export class CommentWords {
  private readonly lexemes = new Map<string, number>();
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
  /** Inverted lists for comments [0, indexed): comments of lexeme k at postings[listStart[k] … listStart[k+1]). */
  private indexed = 0;
  private listStart = new Uint32Array(1);
  private postings = new Uint32Array(0);
  /** Comments below `indexed` whose text changed after the lists were built (read from their entries). */
  private readonly edited = new Set<number>();

  constructor(capacity: number) {
    this.tokStart = new Uint32Array(capacity);
    this.tokCount = new Uint32Array(capacity);
    this.dense = new Uint8Array(capacity);
    this.tokLex = new Uint16Array(capacity * 4);
    this.tokPos = new Uint16Array(capacity * 4);
  }

  /** Bytes held by the arrays (the lexeme dictionary not counted). */
  bytes(): number {
    return (
      this.tokStart.byteLength +
      this.tokCount.byteLength +
      this.dense.byteLength +
      this.tokLex.byteLength +
      this.tokPos.byteLength +
      this.listStart.byteLength +
      this.postings.byteLength
    );
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
   * Build the inverted lists of every comment held: two passes over the pool (counts, then fills).
   * Comments added later, and edited ones, are read from their entries until the next build.
   */
  reindex(): void {
    const lexemes = this.lexemes.size;
    const start = new Uint32Array(lexemes + 1);
    const last = new Int32Array(lexemes).fill(-1);
    for (let i = 0; i < this.length; i++) {
      const s = this.tokStart[i] as number;
      const e = s + (this.tokCount[i] as number);
      for (let t = s; t < e; t++) {
        const code = this.tokLex[t] as number;
        if (last[code] === i) continue;
        last[code] = i;
        start[code + 1] = (start[code + 1] as number) + 1;
      }
    }
    for (let k = 0; k < lexemes; k++) start[k + 1] = (start[k + 1] as number) + (start[k] as number);
    const fill = start.slice(0, lexemes);
    const postings = new Uint32Array(start[lexemes] as number);
    last.fill(-1);
    for (let i = 0; i < this.length; i++) {
      const s = this.tokStart[i] as number;
      const e = s + (this.tokCount[i] as number);
      for (let t = s; t < e; t++) {
        const code = this.tokLex[t] as number;
        if (last[code] === i) continue;
        last[code] = i;
        const at = fill[code] as number;
        postings[at] = i;
        fill[code] = at + 1;
      }
    }
    this.listStart = start;
    this.postings = postings;
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
      for (let k = this.listStart[code] as number; k < e; k++) out[this.postings[k] as number] = 1;
    }
    for (const i of this.edited) out[i] = this.has(i, code) ? 1 : 0;
    for (let i = this.indexed; i < this.length; i++) if (this.has(i, code)) out[i] = 1;
  }

  /**
   * The words of a phrase, left to right, each with its offset before the phrase's end. PostgreSQL
   * evaluates `L <N> R` as R matching at an end e and L at e - N - width(R) (its ends are R's; its width
   * N + width(L) + width(R), a word's 0): unfolded, a phrase of words matches at e when each word is at
   * e minus its offset.
   */
  private static phraseWords(q: WordQuery): {
    words: Array<{ lexeme: string; offset: number }>;
    width: number;
  } {
    if (q.op === 'word') return { words: [{ lexeme: q.lexeme, offset: 0 }], width: 0 };
    if (q.op !== 'phrase') throw new Error('not a phrase of words');
    const l = CommentWords.phraseWords(q.left);
    const r = CommentWords.phraseWords(q.right);
    const shift = q.distance + r.width;
    return {
      words: [...l.words.map((w) => ({ lexeme: w.lexeme, offset: w.offset + shift })), ...r.words],
      width: q.distance + l.width + r.width,
    };
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

  /** The comments with a phrase: those of its rarest word's list (and the unlisted ones), checked. */
  private matchPhrase(q: WordQuery, out: Uint8Array): void {
    const { words } = CommentWords.phraseWords(q);
    const codes = new Int32Array(words.length);
    const offsets = new Int32Array(words.length);
    for (const [k, w] of words.entries()) {
      const code = this.lexemes.get(w.lexeme);
      if (code === undefined) return;
      codes[k] = code;
      offsets[k] = w.offset;
    }
    const listed = (code: number) =>
      code + 1 < this.listStart.length
        ? (this.listStart[code + 1] as number) - (this.listStart[code] as number)
        : 0;
    let anchor = 0;
    for (let k = 1; k < codes.length; k++)
      if (listed(codes[k] as number) < listed(codes[anchor] as number)) anchor = k;
    const rare = codes[anchor] as number;
    // The comments with every other word (one pass over each list), so only those are read.
    let all: Uint8Array | null = null;
    for (const code of new Set(codes)) {
      if (code === rare) continue;
      const has = new Uint8Array(this.length);
      this.markCode(code, has);
      if (all) for (let i = 0; i < has.length; i++) all[i] = (all[i] as number) & (has[i] as number);
      else all = has;
    }
    const mask = all ?? new Uint8Array(0);
    const masked = all !== null;
    if (rare + 1 < this.listStart.length) {
      const end = this.listStart[rare + 1] as number;
      const edited = this.edited.size > 0 ? this.edited : null;
      for (let k = this.listStart[rare] as number; k < end; k++) {
        const i = this.postings[k] as number;
        if (masked && mask[i] !== 1) continue;
        if (edited?.has(i)) continue;
        if (this.hasPhrase(i, codes, offsets, anchor)) out[i] = 1;
      }
    }
    for (const i of this.edited)
      if ((!masked || mask[i] === 1) && this.hasPhrase(i, codes, offsets, anchor)) out[i] = 1;
    for (let i = this.indexed; i < this.length; i++)
      if ((!masked || mask[i] === 1) && this.hasPhrase(i, codes, offsets, anchor)) out[i] = 1;
  }

  private evaluate(q: WordQuery): Uint8Array {
    const n = this.length;
    if (q.op === 'empty') return new Uint8Array(n);
    if (q.op === 'word') {
      const out = new Uint8Array(n);
      this.markWord(q.lexeme, out);
      return out;
    }
    if (q.op === 'not') {
      const out = this.evaluate(q.arg);
      for (let i = 0; i < n; i++) out[i] = 1 - (out[i] as number);
      return out;
    }
    if (q.op === 'phrase') {
      const out = new Uint8Array(n);
      this.matchPhrase(q, out);
      return out;
    }
    const a = this.evaluate(q.left);
    const b = this.evaluate(q.right);
    if (q.op === 'and') for (let i = 0; i < n; i++) a[i] = (a[i] as number) & (b[i] as number);
    else for (let i = 0; i < n; i++) a[i] = (a[i] as number) | (b[i] as number);
    return a;
  }

  /** 1 for each comment the query matches, 0 for the others (indexed by comment position). */
  match(q: WordQuery): Uint8Array {
    if (this.stale()) this.reindex();
    return this.evaluate(q);
  }
}

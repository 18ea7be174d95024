// The text forms PostgreSQL writes for the comment index's words, read back: a tsvector's lexemes with
// their positions (`to_tsvector('simple', text)::text`) and a tsquery as a tree
// (`websearch_to_tsquery('simple', q)::text`). Pure.

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

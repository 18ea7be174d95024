// The words of the comment index: the text forms PostgreSQL writes (tsvector, tsquery) read back, and the
// same matches whether a comment is read from the inverted lists, from the comments added since, or after
// an edit of its text.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../shared/random.js';
import { CommentWords, parseTsquery, parseTsvector, type WordQuery } from './comment-words.js';

describe('text forms', () => {
  it.each([
    [
      "'a':3 'back':5 'it':1",
      [
        ['a', [3]],
        ['back', [5]],
        ['it', [1]],
      ],
    ],
    [
      "'o''neil':2,7B 'x\\\\y':1 'bare'",
      [
        ["o'neil", [2, 7]],
        ['x\\y', [1]],
        ['bare', []],
      ],
    ],
    ['', []],
  ])('tsvector %s', (text, want) => {
    expect(parseTsvector(text)).toEqual(want);
  });

  const w = (lexeme: string): WordQuery => ({ op: 'word', lexeme });
  it.each<[string, WordQuery | null]>([
    ["'refund'", w('refund')],
    [
      "'o' <-> 'neil' & 'a' <-> 'b' & !'c' | 'd'",
      {
        op: 'or',
        left: {
          op: 'and',
          left: {
            op: 'and',
            left: { op: 'phrase', distance: 1, left: w('o'), right: w('neil') },
            right: { op: 'phrase', distance: 1, left: w('a'), right: w('b') },
          },
          right: { op: 'not', arg: w('c') },
        },
        right: w('d'),
      },
    ],
    ["!( 'a' <2> 'b' )", { op: 'not', arg: { op: 'phrase', distance: 2, left: w('a'), right: w('b') } }],
    ['', { op: 'empty' }],
    // Forms the index leaves to the scan.
    ["'refund':*", null],
    ["'a' <-> !'b'", null],
    ["'a' <-> ( 'b' | 'c' )", null],
  ])('tsquery %s', (text, want) => {
    expect(parseTsquery(text)).toEqual(want);
  });
});

describe('comment words', () => {
  it('match the same comments from the lists, the comments added since and edited texts', () => {
    const rand = mulberry32(11);
    const text = (): Array<[string, number[]]> => {
      const at = new Map<string, number[]>();
      const n = 1 + Math.floor(rand() * 8);
      // Positions mostly one after another; in some texts a gap, or two lexemes at one position (as past
      // PostgreSQL's cap of 16,383).
      const uneven = rand() < 0.3;
      for (let k = 1, p = 1; k <= n; k++) {
        const lexeme = `w${Math.floor(rand() * 6)}`;
        const ps = at.get(lexeme) ?? [];
        if (ps[ps.length - 1] !== p) at.set(lexeme, [...ps, p]);
        p += uneven && rand() < 0.3 ? Math.floor(rand() * 3) : 1;
      }
      return [...at];
    };
    const texts = Array.from({ length: 3000 }, text);
    const queries = [
      "'w0'",
      "'w1' & 'w2'",
      "'w1' | !'w5'",
      "'w0' <-> 'w1'",
      "'w2' <-> 'w2' <-> 'w3'",
      "!( 'w4' <2> 'w0' )",
      "'w1' <-> ( 'w2' <2> 'w3' ) <-> 'w1'",
      "'nope'",
      "'w3' <-> 'nope'",
    ].map((q) => parseTsquery(q) as WordQuery);
    // What each query matches by a plain loop over the texts as given.
    const positions = (t: Array<[string, number[]]>, lexeme: string) =>
      t.find(([l]) => l === lexeme)?.[1] ?? [];
    const ends = (t: Array<[string, number[]]>, q: WordQuery): { ends: number[]; width: number } => {
      if (q.op === 'word') return { ends: positions(t, q.lexeme), width: 0 };
      if (q.op !== 'phrase') throw new Error('phrase');
      const l = ends(t, q.left);
      const r = ends(t, q.right);
      return {
        ends: r.ends.filter((p) => l.ends.includes(p - q.distance - r.width)),
        width: q.distance + l.width + r.width,
      };
    };
    const holds = (t: Array<[string, number[]]>, q: WordQuery): boolean =>
      q.op === 'word'
        ? positions(t, q.lexeme).length > 0
        : q.op === 'not'
          ? !holds(t, q.arg)
          : q.op === 'and'
            ? holds(t, q.left) && holds(t, q.right)
            : q.op === 'or'
              ? holds(t, q.left) || holds(t, q.right)
              : q.op === 'phrase'
                ? ends(t, q).ends.length > 0
                : false;
    const words = new CommentWords(16);
    const expectMatches = () => {
      for (const q of queries)
        expect([...words.match(q)], JSON.stringify(q)).toEqual(texts.map((t) => (holds(t, q) ? 1 : 0)));
    };
    for (let i = 0; i < 2000; i++) words.set(i, texts[i] as Array<[string, number[]]>);
    words.reindex();
    // 1,000 more read one by one, then 300 edits of texts in the lists (below the rebuild threshold).
    for (let i = 2000; i < texts.length; i++) words.set(i, texts[i] as Array<[string, number[]]>);
    expectMatches();
    for (let k = 0; k < 300; k++) {
      const i = Math.floor(rand() * 2000);
      texts[i] = text();
      words.set(i, texts[i] as Array<[string, number[]]>);
    }
    expectMatches();
    words.reindex();
    expectMatches();
  });

  it('keep lexeme codes past 65,536 lexemes', () => {
    const words = new CommentWords(4);
    for (let i = 0; i < 70_000; i++)
      words.set(i, [
        [`x${i}`, [1]],
        ['common', [2]],
      ]);
    words.reindex();
    words.set(70_000, [
      ['x69999', [3]],
      ['late', [4]],
    ]);
    const hits = (q: string) =>
      [...words.match(parseTsquery(q) as WordQuery).entries()].flatMap(([i, m]) => (m ? [i] : []));
    expect(hits("'x69999'")).toEqual([69_999, 70_000]);
    expect(hits("'x69999' <-> 'late'")).toEqual([70_000]);
    expect(hits("'x69999' <-> 'common'")).toEqual([69_999]);
    expect(hits("'x65536' <-> 'common'")).toEqual([65_536]);
  });
});

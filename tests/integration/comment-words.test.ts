// The comment index's words against PostgreSQL's own answer: for texts of a few very common words
// (every phrase of them read from long positional lists), repeated words, texts past the position cap
// (16,383) and texts with hyphens and apostrophes, each query's comments are those for which
// `to_tsvector('simple', text) @@ websearch_to_tsquery('simple', q)` holds, whether a comment is read
// from the lists, was added since, or had its text edited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/platform/db/index.js';
import { mulberry32 } from '../../src/shared/random.js';
import {
  CommentWords,
  parseTsquery,
  parseTsvector,
  type WordQuery,
} from '../../src/understand/comments/comment-words.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

let db: TestDatabase;
let sql: Sql;
beforeAll(async () => {
  db = await createTestDatabase();
  sql = db.sql;
});
afterAll(() => db.drop());

const rand = mulberry32(20261205);
const COMMON = ['the', 'app', 'late', 'a', 'is', 'the', 'the', 'app'];
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
/** A text of 1-30 common words; now and then a rarer word, a hyphenated pair or punctuation. */
function text(): string {
  const n = 1 + Math.floor(rand() * 30);
  const out: string[] = [];
  for (let k = 0; k < n; k++) {
    const r = rand();
    out.push(
      r < 0.03 ? 'quokka' : r < 0.06 ? 'the-app' : r < 0.08 ? "don't" : r < 0.1 ? 'late, !' : pick(COMMON),
    );
  }
  return out.join(' ');
}
/** A text past PostgreSQL's position cap: `before` filler words, then `tail`. */
const long = (before: number, tail: string) => `${'filler '.repeat(before)}${tail}`;

const QUERIES = [
  'the',
  '"the app"',
  '"app the"',
  '"the the"',
  '"the the the"',
  '"app the app"',
  '"the app late the"',
  '"late late"',
  'the-app',
  "don't",
  '"the quokka"',
  '"quokka the"',
  '"the app" -late',
  '"the app" | "late a"',
  '"a is" "the app"',
  '-"the app"',
  '"filler the"',
  '"filler filler"',
  '"the end"',
  '"end the"',
  '"filler quokka the"',
  '"app app"',
];

/** Per query, the 0/1 of each text as PostgreSQL decides it. */
async function postgres(texts: string[]): Promise<number[][]> {
  const out: number[][] = [];
  for (const q of QUERIES) {
    const rows = await sql<{ m: boolean }[]>`
      select to_tsvector('simple', t) @@ websearch_to_tsquery('simple', ${q}) as m
      from unnest(${texts}::text[]) with ordinality as x(t, i) order by i`;
    out.push(rows.map((r) => (r.m ? 1 : 0)));
  }
  return out;
}

async function vectors(texts: string[]) {
  const rows = await sql<{ v: string }[]>`
    select to_tsvector('simple', t)::text as v from unnest(${texts}::text[]) with ordinality as x(t, i)
    order by i`;
  return rows.map((r) => parseTsvector(r.v));
}

async function queries(): Promise<WordQuery[]> {
  const out: WordQuery[] = [];
  for (const q of QUERIES) {
    const rows = await sql<{ t: string }[]>`select websearch_to_tsquery('simple', ${q})::text as t`;
    out.push(parseTsquery((rows[0] as { t: string }).t) as WordQuery);
  }
  return out;
}

describe('comment words against PostgreSQL', () => {
  it('phrases of common words, repeated words and texts past the position cap match as PostgreSQL does', async () => {
    const texts = Array.from({ length: 3000 }, text);
    // Past the cap every later word is at 16,383: phrases there, at the cap's edge, and a phrase split by it.
    texts.push(
      long(16_380, 'the app the end'),
      long(16_381, 'the end'),
      long(16_382, 'end the'),
      long(16_390, 'the app quokka the'),
      long(16_000, 'quokka the app the end'),
      long(16_382, 'quokka the'),
    );
    const qs = await queries();
    for (const q of qs) expect(q).not.toBeNull();
    const words = new CommentWords(16);
    const check = async () => {
      const want = await postgres(texts);
      for (const [k, q] of qs.entries()) expect([...words.match(q)], QUERIES[k]).toEqual(want[k]);
      return want;
    };
    const vs = await vectors(texts);
    // Two thirds in the lists, the rest added since.
    const listed = 2000;
    for (let i = 0; i < listed; i++) words.set(i, vs[i] as Array<[string, number[]]>);
    words.reindex();
    for (let i = listed; i < texts.length; i++) words.set(i, vs[i] as Array<[string, number[]]>);
    const want = await check();
    // Each query splits the texts (none matches all or none), but the phrases past the cap.
    for (const [k, w] of want.entries())
      if (!QUERIES[k]?.includes('filler') && !QUERIES[k]?.includes('end'))
        expect(new Set(w.slice(0, 3000)).size, QUERIES[k]).toBe(2);
    // Edits of listed texts (read from their entries), a long one among them; then all in the lists.
    for (let k = 0; k < 200; k++) {
      const i = k === 0 ? 3 : Math.floor(rand() * listed);
      texts[i] = k === 0 ? long(16_385, 'the app') : text();
    }
    const edited = await vectors(texts);
    for (let i = 0; i < texts.length; i++) words.set(i, edited[i] as Array<[string, number[]]>);
    await check();
    words.reindex();
    await check();
  }, 60_000);
});

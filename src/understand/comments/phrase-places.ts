// A phrase of words as the comment index evaluates it: each word at a fixed offset before the phrase's
// end, and the check of a block of possible ends against one word's positional list. Pure.
import type { WordQuery } from './word-forms.js';

/**
 * The words of a phrase, left to right, each with its offset before the phrase's end. PostgreSQL
 * evaluates `L <N> R` as R matching at an end e and L at e - N - width(R) (its ends are R's; its width
 * N + width(L) + width(R), a word's 0): unfolded, a phrase of words matches at e when each word is at
 * e minus its offset.
 */
export function phraseWords(q: WordQuery): {
  words: Array<{ lexeme: string; offset: number }>;
  width: number;
} {
  if (q.op === 'word') return { words: [{ lexeme: q.lexeme, offset: 0 }], width: 0 };
  if (q.op !== 'phrase') throw new Error('not a phrase of words');
  const l = phraseWords(q.left);
  const r = phraseWords(q.right);
  const shift = q.distance + r.width;
  return {
    words: [...l.words.map((w) => ({ lexeme: w.lexeme, offset: w.offset + shift })), ...r.words],
    width: q.distance + l.width + r.width,
  };
}

/**
 * Keep, in place, the first `m` phrase ends (blockComment, blockEnd; in comment then end order) whose
 * comment has a place at end - `offset` among the list entries [lo, e) (comment, pos; in comment then
 * position order): a few steps forward, then galloping, then halving, from where the previous end's
 * search stopped. [ends kept, entry to look from for later ends].
 */
export function keepAt(
  comment: Uint32Array,
  pos: Uint16Array,
  blockComment: Uint32Array,
  blockEnd: Int32Array,
  m: number,
  offset: number,
  lo: number,
  e: number,
): [number, number] {
  let kept = 0;
  for (let t = 0; t < m; t++) {
    const c = blockComment[t] as number;
    const at = (blockEnd[t] as number) - offset;
    // (A place before the first or past the cap is in no list: the search ends on another comment.)
    let step = 1;
    let hi = lo;
    for (;;) {
      if (hi >= e) {
        hi = e;
        break;
      }
      const hc = comment[hi] as number;
      if (hc > c || (hc === c && (pos[hi] as number) >= at)) break;
      lo = hi + 1;
      hi = lo + step;
      step *= 2;
    }
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const mc = comment[mid] as number;
      if (mc < c || (mc === c && (pos[mid] as number) < at)) lo = mid + 1;
      else hi = mid;
    }
    if (lo < e && comment[lo] === c && pos[lo] === at) {
      blockComment[kept] = c;
      blockEnd[kept++] = blockEnd[t] as number;
    }
  }
  return [kept, lo];
}

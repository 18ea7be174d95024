// Sentence boundaries of a comment: a fast scan for alphabetic scripts, Intl.Segmenter where a script
// needs it; and tokenisation sentence by sentence.
import { type Sentence, tokenize } from './tokenize.js';

const segmenters = new Map<string, Intl.Segmenter>();

// Text in these scripts or with these terminators goes to ICU; Latin-script text takes the fast path.
const NEEDS_ICU = /[\u0370-\u1fff\u3000-\u9fff\uac00-\ud7af\uff01-\uff65\u2047-\u2049\u203c\u203d]/;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 0xa0;
}

function isBreakLine(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029 || c === 0x85;
}

// ) ] } " ' ’ ” »: closing punctuation that stays with the sentence it closes.
function isClosing(c: number): boolean {
  return (
    c === 41 || c === 93 || c === 125 || c === 34 || c === 39 || c === 0x2019 || c === 0x201d || c === 0xbb
  );
}

// Letter case of a UTF-16 unit: 1 lower, 2 upper, 0 not a cased letter.
function letterCase(c: number): number {
  if (c >= 97 && c <= 122) return 1;
  if (c >= 65 && c <= 90) return 2;
  if (c < 0xc0) return 0;
  const ch = String.fromCharCode(c);
  const lo = ch.toLowerCase();
  const up = ch.toUpperCase();
  return lo === up ? 0 : ch === lo ? 1 : 2;
}

/**
 * Sentence spans following ICU's rules (UAX #29) for Latin-script text, without ICU's cost:
 * break after ! or ? (and closing quotes, spaces); after . unless the next letter is lower-case
 * (SB8: "e.g. this", "5. (see below) it"), a digit follows directly (SB6: "3.5") or it sits
 * between capitals (SB7: "U.S.A"); and after line breaks.
 * Agreement with Intl.Segmenter on real comments is checked in the evaluation tests.
 */
function fastSentences(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const n = text.length;
  let start = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isBreakLine(c)) {
      let j = i + 1;
      if (c === 13 && j < n && text.charCodeAt(j) === 10) j++;
      out.push([start, j]);
      start = j;
      i = j;
      continue;
    }
    if (c !== 46 && c !== 33 && c !== 63) {
      i++;
      continue;
    }
    let j = i + 1;
    let terminal = c !== 46;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d === 33 || d === 63) terminal = true;
      else if (d !== 46) break;
      j++;
    }
    // Closing punctuation stays with the sentence it closes.
    while (j < n && isClosing(text.charCodeAt(j))) j++;
    let k = j;
    while (k < n && isSpace(text.charCodeAt(k))) k++;
    if (k >= n || isBreakLine(text.charCodeAt(k))) {
      i = k;
      continue;
    }
    const next = text.charCodeAt(k);
    // SB8a: a comma, semicolon or colon continues the sentence.
    let brk = next !== 44 && next !== 59 && next !== 58;
    if (brk && !terminal) {
      if (k === j) {
        const prev = i > 0 ? letterCase(text.charCodeAt(i - 1)) : 0;
        const nextCase = letterCase(next);
        brk = nextCase === 2 && prev !== 2;
      } else {
        let m = k;
        while (m < n) {
          const d = text.charCodeAt(m);
          if (letterCase(d) !== 0 || d === 46 || d === 33 || d === 63 || isBreakLine(d)) break;
          m++;
        }
        brk = !(m < n && letterCase(text.charCodeAt(m)) === 1);
      }
    }
    if (brk) {
      out.push([start, k]);
      start = k;
    }
    i = k;
  }
  if (start < n) out.push([start, n]);
  return out;
}

/** Split text into sentences: Intl.Segmenter for non-Latin scripts, an equivalent fast path otherwise; [start, end) offsets. */
export function splitSentences(text: string, locale = 'en'): Array<[number, number]> {
  if (!NEEDS_ICU.test(text)) return fastSentences(text);
  return icuSentences(text, locale);
}

/** Sentence spans from Intl.Segmenter (ICU). */
export function icuSentences(text: string, locale = 'en'): Array<[number, number]> {
  let seg = segmenters.get(locale);
  if (!seg) {
    seg = new Intl.Segmenter(locale, { granularity: 'sentence' });
    segmenters.set(locale, seg);
  }
  const out: Array<[number, number]> = [];
  for (const s of seg.segment(text)) out.push([s.index, s.index + s.segment.length]);
  return out;
}

/** Tokenise a comment sentence by sentence. */
export function tokenizeSentences(text: string, locale = 'en'): Sentence[] {
  return splitSentences(text, locale).map(([a, b]) => tokenize(text.slice(a, b)));
}

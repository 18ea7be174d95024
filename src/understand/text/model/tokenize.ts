// Tokenising, diacritic folding, light stemming and negation scopes shared by every text model.
import { hashString } from './hashing.js';

/** One word of a comment, as the models see it. */
export interface Token {
  /** Lower-cased, diacritics folded, apostrophes resolved ("didn't" → "not", "l'accueil" → "accueil"). */
  word: string;
  /** Light stem of `word` (plural, -ing, -ed, final e), so "delivered" and "deliveries" meet. */
  stem: string;
  /** True when the word sits inside a negation scope ("not very good": very, good). */
  negated: boolean;
  /** FNV-1a hash of `stem`, computed once per distinct word (feature hashing reuses it). */
  key: number;
  /** What is known about this word, shared by every occurrence (lets models cache their look-ups). */
  info: WordInfo;
}

/**
 * One distinct word, computed once per process: its stem and hash, whether it opens or breaks a
 * negation scope, and a slot each consumer (a lexicon, a taxonomy, the language detector) may use to
 * cache its own look-up, tagged with the consumer that wrote it.
 */
export interface WordInfo {
  word: string;
  /** The word as written (lower-case, accents kept), for display: "élevés" where `word` is "eleves". */
  surface: string;
  stem: string;
  key: number;
  negator: boolean;
  breaker: boolean;
  lexiconOwner: object | undefined;
  lexiconValue: number;
  /** True when the word starts a two-word phrase of the lexicon that owns `lexiconValue`. */
  lexiconPhraseHead: boolean;
  languageVotes: Float64Array | null | undefined;
  taxonomyOwner: object | undefined;
  taxonomyRules: unknown;
}

// Words that open a negation scope, English and French. The French "ne" is left out because
// "pas"/"jamais"/"rien" always follow the verb it precedes.
const NEGATORS = new Set([
  'not',
  'no',
  'never',
  'nothing',
  'nobody',
  'none',
  'neither',
  'nor',
  'nowhere',
  'without',
  'hardly',
  'barely',
  'cannot',
  'dont',
  'didnt',
  'doesnt',
  'isnt',
  'wasnt',
  'arent',
  'werent',
  'cant',
  'couldnt',
  'wouldnt',
  'shouldnt',
  'wont',
  'havent',
  'hasnt',
  'hadnt',
  'aint',
  'pas',
  'jamais',
  'sans',
  'aucun',
  'aucune',
  'rien',
  'ni',
  'guere',
  'personne',
]);

// Words that close a negation scope before punctuation does ("not cheap but good").
const SCOPE_BREAKERS = new Set(['but', 'however', 'although', 'though', 'mais', 'pourtant', 'cependant']);

/** Longest negation scope in words; beyond it the sentence has usually moved on. */
export const NEGATION_WINDOW = 4;

/** True for words that open a negation scope ("not", "never", "didn't", "pas", "jamais"). */
export function isNegator(word: string): boolean {
  return NEGATORS.has(word);
}

/** True for words that close a negation scope and shift weight to what follows ("but", "mais"). */
export function isScopeBreaker(word: string): boolean {
  return SCOPE_BREAKERS.has(word);
}

// Character classes for the hand-written scanner (a regex with Unicode classes was 3× slower):
// 0 unknown (classify on first sight), 1 word character, 2 separator, 3 pictograph, 4 clause punctuation.
const CLASS = new Uint8Array(65536);
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const PICTO = /\p{Extended_Pictographic}/u;
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  CLASS[c] = /[a-z0-9]/.test(ch) ? 1 : '.!?;:,()'.includes(ch) ? 4 : 2;
}

// Astral code points (emoji, rare scripts) classified once each.
const ASTRAL = new Map<string, number>();

function astralClass(pair: string): number {
  let k = ASTRAL.get(pair);
  if (k === undefined) {
    k = PICTO.test(pair) ? 3 : WORD_CHAR.test(pair) ? 1 : 2;
    if (ASTRAL.size < 10_000) ASTRAL.set(pair, k);
  }
  return k;
}

// The same classes by code point (planes 1–16), filled on first sight: no string per emoji.
const ASTRAL_CLASS = new Uint8Array(0x100000);

function astralClassAt(lower: string, i: number): number {
  const cp = ((lower.charCodeAt(i) - 0xd800) << 10) + (lower.charCodeAt(i + 1) - 0xdc00);
  if (cp < 0 || cp >= 0x100000) return astralClass(lower.slice(i, i + 2));
  let k = ASTRAL_CLASS[cp] as number;
  if (k === 0) {
    k = astralClass(lower.slice(i, i + 2));
    ASTRAL_CLASS[cp] = k;
  }
  return k;
}

// Placeholders the PII redactor writes, skipped by the tokenizer.
const PLACEHOLDERS = new Set(['email', 'phone', 'card', 'iban', 'account', 'name']);

function classify(c: number): number {
  let k = CLASS[c] as number;
  if (k === 0) {
    const ch = String.fromCharCode(c);
    k = WORD_CHAR.test(ch) ? 1 : PICTO.test(ch) ? 3 : 2;
    CLASS[c] = k;
  }
  return k;
}

const MARKS = /\p{M}/gu;

/** Lower-case a word's accents away ("très" → "tres"); ASCII passes through untouched. */
export function foldDiacritics(word: string): string {
  let ascii = true;
  for (let i = 0; i < word.length; i++) {
    if (word.charCodeAt(i) > 127) {
      ascii = false;
      break;
    }
  }
  if (ascii) return word;
  return word.normalize('NFD').replace(MARKS, '').replace(/œ/g, 'oe').replace(/æ/g, 'ae');
}

function isVowel(c: number): boolean {
  // a e i o u y
  return c === 97 || c === 101 || c === 105 || c === 111 || c === 117 || c === 121;
}

function undouble(w: string): string {
  const n = w.length;
  if (n < 3) return w;
  const a = w.charCodeAt(n - 1);
  // "stopped" → "stopp" → "stop"; keep "ll", "ss", "zz" ("called" → "call").
  if (a === w.charCodeAt(n - 2) && !isVowel(a) && a !== 108 && a !== 115 && a !== 122) return w.slice(0, -1);
  return w;
}

/**
 * Light stem for English and French: enough to join "delivered/delivery/deliveries" or
 * "caisse/caisses" without a dictionary. Deliberately conservative: short words pass unchanged.
 */
export function stemWord(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ing') && w.length > 5) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ed') && w.length > 4) w = undouble(w.slice(0, -2));
  else if (
    (w.endsWith('s') || w.endsWith('x')) &&
    !w.endsWith('ss') &&
    !w.endsWith('us') &&
    !w.endsWith('is')
  )
    w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

// Words already seen, keyed by their raw lower-case form: comments reuse a small vocabulary, and
// apostrophes, folding and stemming allocate. Bounded so a stream of unique strings cannot grow it.
const WORDS = new Map<string, WordInfo | null>();
const WORD_CACHE_LIMIT = 200_000;

function makeInfo(word: string, stemmed: boolean, surface = word): WordInfo {
  const negator = NEGATORS.has(word);
  const stem = negator || !stemmed ? word : stemWord(word);
  // Every field set up front: one hidden class for all WordInfo objects keeps property reads monomorphic.
  return {
    word,
    surface,
    stem,
    key: hashString(stem),
    negator,
    breaker: SCOPE_BREAKERS.has(word),
    lexiconOwner: undefined,
    lexiconValue: 0,
    lexiconPhraseHead: false,
    languageVotes: undefined,
    taxonomyOwner: undefined,
    taxonomyRules: undefined,
  };
}

/** The WordInfo of a raw token (null when it folds to nothing, e.g. a lone apostrophe). */
function wordInfo(raw: string): WordInfo | null {
  let info = WORDS.get(raw);
  if (info === undefined) {
    const resolved = resolveApostrophe(raw);
    const word = foldDiacritics(resolved);
    info = word.length === 0 ? null : makeInfo(word, true, resolved);
    if (WORDS.size < WORD_CACHE_LIMIT) WORDS.set(raw, info);
  }
  return info;
}

// Open-addressing intern table over raw word spans: a hit costs one hash over the characters and one
// comparison, with no string allocated (the Map above needs a fresh slice per token).
const TABLE_BITS = 19;
const TABLE_MASK = (1 << TABLE_BITS) - 1;
const table = new Int32Array(1 << TABLE_BITS).fill(-1);
const tableRaw: string[] = [];
const tableInfo: Array<WordInfo | null> = [];

// Whether lower[i, i + raw.length) is raw: short words compare unit by unit (a builtin call costs more).
function sameSpan(raw: string, lower: string, i: number): boolean {
  const len = raw.length;
  if (len > 12) return lower.startsWith(raw, i);
  for (let k = 0; k < len; k++) if (raw.charCodeAt(k) !== lower.charCodeAt(i + k)) return false;
  return true;
}

/** WordInfo of lower[i, j) (null when it folds to nothing). */
function spanInfo(lower: string, i: number, j: number): WordInfo | null {
  let h = 0x811c9dc5;
  for (let k = i; k < j; k++) {
    h ^= lower.charCodeAt(k);
    h = Math.imul(h, 0x01000193);
  }
  let slot = h & TABLE_MASK;
  const len = j - i;
  for (;;) {
    const e = table[slot] as number;
    if (e < 0) break;
    const raw = tableRaw[e] as string;
    if (raw.length === len && sameSpan(raw, lower, i)) return tableInfo[e] as WordInfo | null;
    slot = (slot + 1) & TABLE_MASK;
  }
  const raw = lower.slice(i, j);
  const info = wordInfo(raw);
  if (tableRaw.length < WORD_CACHE_LIMIT) {
    table[slot] = tableRaw.length;
    tableRaw.push(raw);
    tableInfo.push(info);
  }
  return info;
}

// WordInfo of the astral pictograph at lower[i, i + 2), by code point (the string is built on first sight).
const PICTOGRAPHS = new Map<number, WordInfo>();

function pictographAt(lower: string, i: number): WordInfo {
  const cp = (lower.charCodeAt(i) << 16) | lower.charCodeAt(i + 1);
  let info = PICTOGRAPHS.get(cp);
  if (!info) {
    info = pictographInfo(lower.slice(i, i + 2));
    if (PICTOGRAPHS.size < 10_000) PICTOGRAPHS.set(cp, info);
  }
  return info;
}

function pictographInfo(p: string): WordInfo {
  let info = WORDS.get(p);
  if (!info) {
    info = makeInfo(p, false);
    if (WORDS.size < WORD_CACHE_LIMIT) WORDS.set(p, info);
  }
  return info;
}

const ELISIONS = new Set([
  'l',
  'd',
  'j',
  'qu',
  'n',
  'c',
  's',
  'm',
  't',
  'jusqu',
  'lorsqu',
  'puisqu',
  'quoiqu',
]);

function resolveApostrophe(raw: string): string {
  const i = raw.indexOf("'");
  if (i < 0) return raw;
  const head = raw.slice(0, i);
  const tail = raw.slice(i + 1);
  if (tail === 't' && head.endsWith('n')) return 'not';
  // French elision (l', d', j', qu', n', c', s', m', t'...) keeps the word after the apostrophe;
  // English contractions ("it's", "i'm", "we've") keep the word before it.
  return ELISIONS.has(head) ? tail : head;
}

// Append the token of `info` given the open negation scope; returns the scope after it. A module
// function rather than a closure per call: tokenize runs once per sentence.
function pushToken(out: Token[], info: WordInfo, scope: number): number {
  if (info.negator) {
    out.push({ word: info.word, stem: info.stem, negated: false, key: info.key, info });
    return NEGATION_WINDOW;
  }
  let open = info.breaker ? 0 : scope;
  out.push({ word: info.word, stem: info.stem, negated: open > 0, key: info.key, info });
  if (open > 0) open--;
  return open;
}

/** A comment cut into sentences of tokens; clause punctuation is dropped after it closes scopes. */
export type Sentence = Token[];

/**
 * Tokenise one stretch of text (typically one sentence). Negation scope opens at a negator and
 * closes at clause punctuation, a scope breaker, or after NEGATION_WINDOW words. At most `limit`
 * tokens are returned; PII placeholders such as "[EMAIL]" are skipped.
 */
export function tokenize(text: string, limit = Number.POSITIVE_INFINITY): Token[] {
  let lower = text.toLowerCase();
  if (lower.includes('’') || lower.includes('`') || lower.includes('´')) lower = lower.replace(/[’`´]/g, "'");
  const out: Token[] = [];
  let scope = 0;
  const n = lower.length;
  let i = 0;
  while (i < n && out.length < limit) {
    const c = lower.charCodeAt(i);
    // Redaction placeholders ("[EMAIL]") are not words of the comment.
    if (c === 91) {
      const close = lower.indexOf(']', i);
      if (close > i && close - i <= 10 && PLACEHOLDERS.has(lower.slice(i + 1, close))) {
        i = close + 1;
        continue;
      }
    }
    // Astral characters (most emoji) arrive as surrogate pairs.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const cls = astralClassAt(lower, i);
      if (cls === 3) scope = pushToken(out, pictographAt(lower, i), scope);
      else if (cls === 1) {
        let j = i + 2;
        while (j < n && classify(lower.charCodeAt(j)) === 1) j++;
        const info = spanInfo(lower, i, j);
        if (info) scope = pushToken(out, info, scope);
        i = j;
        continue;
      }
      i += 2;
      continue;
    }
    const k = classify(c);
    if (k === 1) {
      let j = i + 1;
      for (;;) {
        while (j < n && classify(lower.charCodeAt(j)) === 1) j++;
        // An apostrophe between letters stays inside the word ("didn't", "l'accueil").
        if (j + 1 < n && lower.charCodeAt(j) === 39 && classify(lower.charCodeAt(j + 1)) === 1) {
          j += 2;
          continue;
        }
        break;
      }
      const info = spanInfo(lower, i, j);
      if (info) scope = pushToken(out, info, scope);
      i = j;
    } else if (k === 3) {
      scope = pushToken(out, pictographInfo(lower[i] as string), scope);
      i++;
    } else {
      if (k === 4) scope = 0;
      i++;
    }
  }
  return out;
}

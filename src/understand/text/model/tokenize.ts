// Tokenising, diacritic folding, light stemming and negation scopes shared by every text model.

/** One word of a comment, as the models see it. */
export interface Token {
  /** Lower-cased, diacritics folded, apostrophes resolved ("didn't" → "not", "l'accueil" → "accueil"). */
  word: string;
  /** Light stem of `word` (plural, -ing, -ed, final e), so "delivered" and "deliveries" meet. */
  stem: string;
  /** True when the word sits inside a negation scope ("not very good": very, good). */
  negated: boolean;
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

// Letters (with combining marks), digits and inner apostrophes; emoji; clause punctuation.
const TOKEN_RE = /[\p{L}\p{M}\p{N}]+(?:'[\p{L}\p{M}]+)*|\p{Extended_Pictographic}|[.!?;:,()]/gu;
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
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

function resolveApostrophe(raw: string): string {
  const i = raw.indexOf("'");
  if (i < 0) return raw;
  const head = raw.slice(0, i);
  const tail = raw.slice(i + 1);
  if (tail === 't' && head.endsWith('n')) return 'not';
  // French elision (l', d', j', qu', n', c', s', m', t') keeps the word after the apostrophe.
  if (head.length <= 2) return tail;
  return head;
}

/** A comment cut into sentences of tokens; clause punctuation is dropped after it closes scopes. */
export type Sentence = Token[];

/**
 * Tokenise one stretch of text (typically one sentence). Negation scope opens at a negator and
 * closes at clause punctuation, a scope breaker, or after NEGATION_WINDOW words.
 */
export function tokenize(text: string): Token[] {
  const lower = text.toLowerCase().replace(/[’`´]/g, "'");
  const out: Token[] = [];
  let scope = 0;
  for (const m of lower.matchAll(TOKEN_RE)) {
    const raw = m[0];
    const c = raw.charCodeAt(0);
    // ASCII punctuation is a single character; letters and emoji never start with these codes.
    if (
      raw.length === 1 &&
      (c === 46 || c === 33 || c === 63 || c === 59 || c === 58 || c === 44 || c === 40 || c === 41)
    ) {
      scope = 0;
      continue;
    }
    const word = foldDiacritics(resolveApostrophe(raw));
    if (word.length === 0) continue;
    if (NEGATORS.has(word)) {
      out.push({ word, stem: word, negated: false });
      scope = NEGATION_WINDOW;
      continue;
    }
    if (SCOPE_BREAKERS.has(word)) scope = 0;
    out.push({ word, stem: stemWord(word), negated: scope > 0 });
    if (scope > 0) scope--;
  }
  return out;
}

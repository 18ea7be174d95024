// Lower-confidence sentiment for French, German, Spanish and Dutch comments from a word list (AFINN-165
// translated; attribution in lexicon-multi.json), for languages the organisation has no model for.
import data from './lexicon-multi.json' with { type: 'json' };
import type { SentenceSentiment, SentimentLabel, SentimentResult } from './sentiment.js';
import type { Sentence, Token } from './tokenize.js';

interface LanguageList {
  words: Record<string, number>;
  phrases: Record<string, number>;
}

/** Version stored with every result the lexicon scores. */
export const MULTI_LEXICON_VERSION = data.version;
/** Where the word lists come from and under which licences (kept with the lists). */
export const MULTI_LEXICON_ATTRIBUTION = data.attribution;

// Maps, not the JSON objects: a comment word such as "constructor" or "__proto__" must not find an
// inherited property of a plain object (it made the comment's score NaN).
const LISTS = new Map(Object.entries(data.languages as Record<string, LanguageList>));
const WORDS = new Map([...LISTS].map(([language, list]) => [language, new Map(Object.entries(list.words))]));

// Words that reverse the valence of the next few words ("pas bon", "nicht gut", "no es bueno", "niet goed").
const NEGATORS: Record<string, ReadonlySet<string>> = {
  fr: new Set(['pas', 'jamais', 'rien', 'aucun', 'aucune', 'sans', 'ni', 'personne']),
  de: new Set(['nicht', 'kein', 'keine', 'keinen', 'keinem', 'keiner', 'nie', 'niemals', 'ohne', 'nichts']),
  es: new Set(['no', 'nunca', 'sin', 'ni', 'nada', 'ningun', 'ninguna', 'tampoco', 'jamas']),
  nl: new Set(['niet', 'geen', 'nooit', 'zonder', 'niets', 'nergens']),
};
const WINDOW = 3;

/** Languages the word lists cover. */
export function hasMultiLexicon(language: string): boolean {
  return LISTS.has(language);
}

// Two-word phrases by first word, then second: a look-up per token without building "w next".
// Keys with more than one space can never equal "w next" (words hold no space), so they stay out.
const PHRASE_HEADS = new Map<string, Map<string, Map<string, number>>>();

function phraseHeads(language: string, list: LanguageList): Map<string, Map<string, number>> {
  let heads = PHRASE_HEADS.get(language);
  if (!heads) {
    heads = new Map();
    for (const [phrase, v] of Object.entries(list.phrases)) {
      const space = phrase.indexOf(' ');
      if (space < 0 || phrase.indexOf(' ', space + 1) >= 0) continue;
      const head = phrase.slice(0, space);
      const tails = heads.get(head) ?? new Map<string, number>();
      tails.set(phrase.slice(space + 1), v);
      heads.set(head, tails);
    }
    PHRASE_HEADS.set(language, heads);
  }
  return heads;
}

/** Valence sum of a run of tokens in `language` (0 when the language has no list). */
export function lexiconSum(language: string, tokens: readonly Token[]): number {
  const list = LISTS.get(language);
  const words = WORDS.get(language);
  const negators = Object.hasOwn(NEGATORS, language) ? NEGATORS[language] : undefined;
  if (!list || !words || !negators) return 0;
  const heads = phraseHeads(language, list);
  let sum = 0;
  let negatedUntil = -1;
  for (let i = 0; i < tokens.length; i++) {
    const w = (tokens[i] as Token).word;
    if (negators.has(w)) {
      negatedUntil = i + WINDOW;
      continue;
    }
    const next = tokens[i + 1]?.word;
    let v = next !== undefined ? heads.get(w)?.get(next) : undefined;
    if (v !== undefined) i++;
    else v = words.get(w);
    if (v === undefined) continue;
    sum += i <= negatedUntil ? -v : v;
  }
  return sum;
}

const squash = (sum: number) => Math.tanh(sum / 4);
const labelOf = (sum: number): SentimentLabel => (sum >= 1 ? 'positive' : sum <= -1 ? 'negative' : 'neutral');

/** Sentiment of tokenised sentences in `language`; the comment's label is that of its valence sum. */
export function scoreWithMultiLexicon(
  language: string,
  spans: ReadonlyArray<readonly [number, number]>,
  sentences: readonly Sentence[],
  sentenceScores?: Float64Array,
): SentimentResult {
  let total = 0;
  const detail: SentenceSentiment[] = [];
  sentences.forEach((tokens, i) => {
    const s = lexiconSum(language, tokens);
    total += s;
    if (sentenceScores) sentenceScores[i] = squash(s);
    const span = spans[i];
    if (span) detail.push({ start: span[0], end: span[1], label: labelOf(s), score: squash(s) });
  });
  return { label: labelOf(total), score: squash(total), model: MULTI_LEXICON_VERSION, sentences: detail };
}

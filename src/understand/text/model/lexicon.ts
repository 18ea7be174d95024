// Lexicon sentiment in the VADER manner (valence sum, boosters, negation, "but"), as model features and a baseline.
import { hashString, mixHash } from './hashing.js';
import type { Token } from './tokenize.js';

/** Word → valence (VADER scale, about −4 … +4), with a stem → valence fallback for inflections. */
export interface Lexicon {
  words: Map<string, number>;
  stems: Map<string, number>;
  /**
   * Two-word phrases ("on hold", "charged twice") by the mixed hash of their stems' keys; their valence
   * is added when the second word follows the first, whatever negation the words are in.
   */
  phrases: Map<number, number>;
  /** Keys of the stems that start a phrase. */
  phraseHeads: Set<number>;
}

// VADER constants (Hutto & Gilbert 2014): booster increment, negation scalar, compound normaliser.
const BOOST = 0.293;
const NEGATION_SCALAR = -0.74;
const ALPHA = 15;

// Markers cached in WordInfo.lexiconValue (valences lie within ±4).
const BUT = 1000;
const BOOSTER = 1001;

const BOOSTERS = new Set([
  'absolutely',
  'amazingly',
  'awfully',
  'completely',
  'considerably',
  'decidedly',
  'deeply',
  'enormously',
  'entirely',
  'especially',
  'exceptionally',
  'extremely',
  'fabulously',
  'greatly',
  'highly',
  'hugely',
  'incredibly',
  'intensely',
  'majorly',
  'more',
  'most',
  'particularly',
  'purely',
  'quite',
  'really',
  'remarkably',
  'so',
  'substantially',
  'thoroughly',
  'totally',
  'tremendously',
  'truly',
  'unbelievably',
  'utterly',
  'very',
  'super',
  'tres',
  'vraiment',
  'trop',
]);

/** Parse a lexicon shipped as "word<TAB>valence" lines; stems are added so inflections still hit. */
export function parseLexicon(text: string, stem: (w: string) => string): Lexicon {
  const words = new Map<string, number>();
  const stems = new Map<string, number>();
  const phrases = new Map<number, number>();
  const phraseHeads = new Set<number>();
  for (const line of text.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab <= 0) continue;
    const v = Number(line.slice(tab + 1));
    if (!Number.isFinite(v)) continue;
    const key = line.slice(0, tab);
    const space = key.indexOf(' ');
    if (space > 0) {
      const a = hashString(stem(key.slice(0, space)));
      const b = hashString(stem(key.slice(space + 1)));
      phrases.set(mixHash(a, b), v);
      phraseHeads.add(a);
    } else words.set(key, v);
  }
  // First word to claim a stem keeps it; exact words always win over stems at lookup.
  for (const [w, v] of words) {
    const s = stem(w);
    if (!stems.has(s)) stems.set(s, v);
  }
  return { words, stems, phrases, phraseHeads };
}

/** Valence sums of one comment: overall, negative sentences, positive sentences. */
export interface LexiconScore {
  sum: number;
  negative: number;
  positive: number;
}

/** Valence of one sentence: boosters, negation flip, and "but" shifting weight to what follows. */
export function scoreSentenceLexicon(lex: Lexicon, tokens: readonly Token[]): number {
  let before = 0;
  let after = 0;
  let sawBut = false;
  let boost = 0;
  const phrases = lex.phrases.size > 0 ? lex.phrases : undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const info = t.info;
    // Each distinct word is looked up once per lexicon; NaN marks "not in the lexicon", BOOSTER a booster.
    if (info.lexiconOwner !== lex) {
      info.lexiconOwner = lex;
      info.lexiconPhraseHead = lex.phraseHeads.has(info.key);
      info.lexiconValue =
        info.word === 'but' || info.word === 'mais'
          ? BUT
          : BOOSTERS.has(info.word)
            ? BOOSTER
            : (lex.words.get(info.word) ?? lex.stems.get(info.stem) ?? Number.NaN);
    }
    if (phrases && i > 0) {
      const prev = tokens[i - 1] as Token;
      if (prev.info.lexiconPhraseHead) {
        const p = phrases.get(mixHash(prev.key, t.key));
        if (p !== undefined) {
          if (sawBut) after += p;
          else before += p;
        }
      }
    }
    let v = info.lexiconValue as number;
    if (v === BUT) {
      sawBut = true;
      continue;
    }
    if (v === BOOSTER) {
      boost = BOOST;
      continue;
    }
    if (Number.isNaN(v)) {
      boost = 0;
      continue;
    }
    if (boost > 0) v += v > 0 ? boost : -boost;
    boost = 0;
    if (t.negated) v *= NEGATION_SCALAR;
    if (sawBut) after += v;
    else before += v;
  }
  return sawBut ? before * 0.5 + after * 1.5 : before;
}

/** Score sentences of tokens with the lexicon and sum them for the comment. */
export function scoreLexicon(lex: Lexicon, sentences: readonly (readonly Token[])[]): LexiconScore {
  let sum = 0;
  let negative = 0;
  let positive = 0;
  for (const tokens of sentences) {
    const s = scoreSentenceLexicon(lex, tokens);
    sum += s;
    if (s < 0) negative += s;
    else positive += s;
  }
  return { sum, negative, positive };
}

/** VADER's compound normalisation of a valence sum into (−1, 1). */
export function compound(sum: number): number {
  return sum / Math.sqrt(sum * sum + ALPHA);
}

/** Number of dense lexicon features a model receives. */
export const LEXICON_FEATURES = 3;

/** Dense features from valence sums: compound of the total, of the negatives, of the positives. */
export function denseFeatures(
  sum: number,
  negative: number,
  positive: number,
  out: Float64Array,
  offset = 0,
): void {
  out[offset] = compound(sum);
  out[offset + 1] = compound(negative);
  out[offset + 2] = compound(positive);
}

/** Dense lexicon features for a linear model: compound of the total, of the negatives, of the positives. */
export function lexiconFeatures(score: LexiconScore, out: Float64Array, offset = 0): void {
  denseFeatures(score.sum, score.negative, score.positive, out, offset);
}

/** Dense weights · lexicon features, without building the feature vector. */
export function lexiconContribution(
  dense: Float64Array,
  sum: number,
  negative: number,
  positive: number,
): number {
  return (
    (dense[0] ?? 0) * compound(sum) +
    (dense[1] ?? 0) * compound(negative) +
    (dense[2] ?? 0) * compound(positive)
  );
}

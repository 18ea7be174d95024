// Lexicon sentiment in the VADER manner (valence sum, boosters, negation, "but"), as model features and a baseline.
import type { Token } from './tokenize.js';

/** Word → valence (VADER scale, about −4 … +4). */
export type Lexicon = Map<string, number>;

// VADER constants (Hutto & Gilbert 2014): booster increment, negation scalar, compound normaliser.
const BOOST = 0.293;
const NEGATION_SCALAR = -0.74;
const ALPHA = 15;

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
  const lex: Lexicon = new Map();
  for (const line of text.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab <= 0) continue;
    const v = Number(line.slice(tab + 1));
    if (Number.isFinite(v)) lex.set(line.slice(0, tab), v);
  }
  // Stem entries only where the stem is free, so exact words keep their own valence.
  for (const [w, v] of [...lex]) {
    const s = `~${stem(w)}`;
    if (!lex.has(s)) lex.set(s, v);
  }
  return lex;
}

/** Valence sums of one comment: overall, negative part, positive part, and how many words hit. */
export interface LexiconScore {
  sum: number;
  negative: number;
  positive: number;
  hits: number;
}

/** Score sentences of tokens with the lexicon (boosters, negation flip, "but" shifts weight forward). */
export function scoreLexicon(lex: Lexicon, sentences: readonly (readonly Token[])[]): LexiconScore {
  let sum = 0;
  let negative = 0;
  let positive = 0;
  let hits = 0;
  for (const tokens of sentences) {
    let before = 0;
    let after = 0;
    let sawBut = false;
    let boost = 0;
    for (const t of tokens) {
      if (t.word === 'but' || t.word === 'mais') {
        sawBut = true;
        continue;
      }
      if (BOOSTERS.has(t.word)) {
        boost = BOOST;
        continue;
      }
      let v = lex.get(t.word) ?? lex.get(`~${t.stem}`);
      if (v === undefined) {
        boost = 0;
        continue;
      }
      hits++;
      if (boost > 0) v += v > 0 ? boost : -boost;
      boost = 0;
      if (t.negated) v *= NEGATION_SCALAR;
      if (sawBut) after += v;
      else before += v;
    }
    const s = sawBut ? before * 0.5 + after * 1.5 : before;
    sum += s;
    if (s < 0) negative += s;
    else positive += s;
  }
  return { sum, negative, positive, hits };
}

/** VADER's compound normalisation of a valence sum into (−1, 1). */
export function compound(sum: number): number {
  return sum / Math.sqrt(sum * sum + ALPHA);
}

/** Number of dense lexicon features a model receives. */
export const LEXICON_FEATURES = 3;

/** Dense lexicon features for a linear model: compound of the total, of the negatives, of the positives. */
export function lexiconFeatures(score: LexiconScore, out: Float64Array, offset = 0): void {
  out[offset] = compound(score.sum);
  out[offset + 1] = compound(score.negative);
  out[offset + 2] = compound(score.positive);
}

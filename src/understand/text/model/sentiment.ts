// Sentiment of a comment and of each of its sentences from a loaded sentiment model.
import { splitSentences, type TextClassifier } from './classifier.js';
import { type Sentence, tokenize } from './tokenize.js';

/** Three-way sentiment label. */
export type SentimentLabel = 'positive' | 'neutral' | 'negative';

/** Sentiment of one sentence, located by offsets into the scored text. */
export interface SentenceSentiment {
  start: number;
  end: number;
  label: SentimentLabel;
  /** −1 (negative) … +1 (positive); 0 is the model's neutral centre. */
  score: number;
}

/** Sentiment of a comment: label, score, per-sentence detail, and the model version that produced it. */
export interface SentimentResult {
  label: SentimentLabel;
  score: number;
  model: string;
  sentences: SentenceSentiment[];
}

function labelOf(centred: number, halfWidth: number): SentimentLabel {
  return centred > halfWidth ? 'positive' : centred < -halfWidth ? 'negative' : 'neutral';
}

/** Score `text` with a sentiment model; text without words is neutral with score 0. */
export function scoreSentiment(model: TextClassifier, text: string, locale = 'en'): SentimentResult {
  const spans = splitSentences(text, locale);
  return scoreSentences(
    model,
    spans,
    spans.map(([a, b]) => tokenize(text.slice(a, b))),
  );
}

/**
 * Score already tokenised sentences (the pipeline tokenises once for every step).
 * `perSentence`, when given, receives each sentence's score by sentence index (NaN for empty ones).
 */
export function scoreSentences(
  model: TextClassifier,
  spans: ReadonlyArray<readonly [number, number]>,
  sentences: readonly Sentence[],
  perSentence?: Float64Array,
): SentimentResult {
  const { centre, halfWidth } = model.file.neutral ?? { centre: 0, halfWidth: 0.5 };
  const out = new Float64Array(model.classes.length);
  const detail: SentenceSentiment[] = [];
  let words = 0;
  sentences.forEach((tokens, i) => {
    words += tokens.length;
    if (perSentence) perSentence[i] = Number.NaN;
    if (tokens.length === 0) return;
    const span = spans[i] ?? [0, 0];
    const c = (model.margins([tokens], out)[0] as number) - centre;
    const score = Math.tanh(c / 2);
    if (perSentence) perSentence[i] = score;
    detail.push({ start: span[0], end: span[1], label: labelOf(c, halfWidth), score });
  });
  if (words === 0) return { label: 'neutral', score: 0, model: model.file.version, sentences: [] };
  // One sentence: the comment's score is that sentence's score, no need to score twice.
  const only = detail.length === 1 ? detail[0] : undefined;
  if (only) return { label: only.label, score: only.score, model: model.file.version, sentences: detail };
  const c = (model.margins(sentences, out)[0] as number) - centre;
  return {
    label: labelOf(c, halfWidth),
    score: Math.tanh(c / 2),
    model: model.file.version,
    sentences: detail,
  };
}

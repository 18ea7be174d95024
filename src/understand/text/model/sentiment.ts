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
  perSentence: Float64Array = new Float64Array(sentences.length),
): SentimentResult {
  const { centre, halfWidth } = model.file.neutral ?? { centre: 0, halfWidth: 0.5 };
  const margin = model.scoreBySentence(sentences, perSentence) - centre;
  const detail: SentenceSentiment[] = [];
  for (let i = 0; i < sentences.length; i++) {
    const m = perSentence[i] as number;
    if (Number.isNaN(m)) continue;
    const c = m - centre;
    const score = Math.tanh(c / 2);
    perSentence[i] = score;
    const span = spans[i] ?? [0, 0];
    detail.push({ start: span[0], end: span[1], label: labelOf(c, halfWidth), score });
  }
  if (detail.length === 0) return { label: 'neutral', score: 0, model: model.file.version, sentences: [] };
  return {
    label: labelOf(margin, halfWidth),
    score: Math.tanh(margin / 2),
    model: model.file.version,
    sentences: detail,
  };
}

// Sentiment of a comment and of each of its sentences from a loaded sentiment model.
import { splitSentences, type TextClassifier } from './classifier.js';
import { type Sentence, type Token, tokenize } from './tokenize.js';

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
  /** 'low' when a word list, not a trained model, scored the comment (a language without a model). */
  confidence?: 'low';
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
  if (model.isSoftmax) return scoreSoftmax(model, spans, sentences, perSentence);
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

const LABELS: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];

interface SoftmaxLayout {
  mixed: { perLogWord: number; fromWords: number } | undefined;
  neg: number;
  neu: number;
  pos: number;
  comment: Float64Array;
  logits: Float64Array;
}

const layouts = new WeakMap<TextClassifier, SoftmaxLayout>();

function layoutOf(model: TextClassifier): SoftmaxLayout {
  let l = layouts.get(model);
  if (!l) {
    const [neg, neu, pos] = LABELS.map((x) => model.classIndex(x)) as [number, number, number];
    if (neg < 0 || neu < 0 || pos < 0 || model.classes.length !== 3) {
      throw new Error(
        `model ${model.file.version} is not a three-class sentiment model (negative, neutral, positive)`,
      );
    }
    l = {
      mixed: model.file.mixedBand,
      neg,
      neu,
      pos,
      comment: new Float64Array(3),
      logits: new Float64Array(48),
    };
    layouts.set(model, l);
  }
  return l;
}

// Label and score (p(positive) − p(negative)) of three logits starting at `at`, for a text of `words` words.
function readLogits(
  z: Float64Array,
  at: number,
  l: SoftmaxLayout,
  words: number,
): { label: SentimentLabel; score: number } {
  const a = z[at + l.neg] as number;
  const b = z[at + l.neu] as number;
  const c = z[at + l.pos] as number;
  const max = Math.max(a, b, c);
  const ea = Math.exp(a - max);
  const eb = Math.exp(b - max);
  const ec = Math.exp(c - max);
  const sum = ea + eb + ec;
  let label: SentimentLabel = c >= a && c >= b ? 'positive' : a >= b ? 'negative' : 'neutral';
  if (label !== 'neutral' && l.mixed && words > l.mixed.fromWords) {
    if (Math.abs(c - a) < l.mixed.perLogWord * Math.log(words / l.mixed.fromWords)) label = 'neutral';
  }
  return { label, score: (ec - ea) / sum };
}

function wordCount(sentences: readonly Sentence[]): number {
  let n = 0;
  for (const s of sentences) n += s.length;
  return n;
}

/** Three-class (softmax) sentiment: each sentence and the comment take the most probable class. */
function scoreSoftmax(
  model: TextClassifier,
  spans: ReadonlyArray<readonly [number, number]>,
  sentences: readonly Sentence[],
  perSentence: Float64Array,
): SentimentResult {
  const l = layoutOf(model);
  if (l.logits.length < sentences.length * 3) l.logits = new Float64Array(sentences.length * 6);
  model.logitsBySentence(sentences, l.comment, l.logits);
  const detail: SentenceSentiment[] = [];
  for (let i = 0; i < sentences.length; i++) {
    if (Number.isNaN(l.logits[i * 3] as number)) {
      perSentence[i] = Number.NaN;
      continue;
    }
    const r = readLogits(l.logits, i * 3, l, (sentences[i] as Sentence).length);
    perSentence[i] = r.score;
    const span = spans[i] ?? [0, 0];
    detail.push({ start: span[0], end: span[1], label: r.label, score: r.score });
  }
  if (detail.length === 0) return { label: 'neutral', score: 0, model: model.file.version, sentences: [] };
  const r = readLogits(l.comment, 0, l, wordCount(sentences));
  return { label: r.label, score: r.score, model: model.file.version, sentences: detail };
}

const CLAUSE_SPAN: ReadonlyArray<readonly [number, number]> = [[0, 0]];
const ONE_SENTENCE: Sentence[] = [[]];

/**
 * Score (−1 … 1) of a run of tokens read as a one-sentence comment: exactly
 * `scoreSentences(model, [[0, 0]], [tokens]).score`, without building the result (aspect sentiment
 * scores a clause per theme mention).
 */
export function scoreClause(model: TextClassifier, tokens: readonly Token[]): number {
  if (!model.isSoftmax) return scoreSentences(model, CLAUSE_SPAN, [tokens as Token[]]).score;
  if (tokens.length === 0) return 0;
  const l = layoutOf(model);
  ONE_SENTENCE[0] = tokens as Token[];
  model.logitsBySentence(ONE_SENTENCE, l.comment, l.logits);
  ONE_SENTENCE[0] = [];
  const z = l.comment;
  const a = z[l.neg] as number;
  const b = z[l.neu] as number;
  const c = z[l.pos] as number;
  // The arithmetic of readLogits, in the same order, so the score is the same to the bit.
  const max = Math.max(a, b, c);
  const ea = Math.exp(a - max);
  const eb = Math.exp(b - max);
  const ec = Math.exp(c - max);
  const sum = ea + eb + ec;
  return (ec - ea) / sum;
}

/**
 * Three-class prediction as an index (0 negative, 1 neutral, 2 positive): the most probable class of a
 * three-class model; a one-class model's margin read through its neutral band.
 */
export function predictSentimentClass(model: TextClassifier, sentences: readonly Sentence[]): 0 | 1 | 2 {
  if (model.isSoftmax) {
    const l = layoutOf(model);
    model.margins(sentences, l.comment);
    for (let k = 0; k < 3; k++) l.comment[k] = (l.comment[k] as number) + (model.classes[k]?.bias ?? 0);
    const label = readLogits(l.comment, 0, l, wordCount(sentences)).label;
    return label === 'positive' ? 2 : label === 'negative' ? 0 : 1;
  }
  const { centre, halfWidth } = model.file.neutral ?? { centre: 0, halfWidth: 0.5 };
  const m = model.polarity(sentences) - centre;
  return m > halfWidth ? 2 : m < -halfWidth ? 0 : 1;
}

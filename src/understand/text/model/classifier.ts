// Versioned linear text classifiers (sentiment, hand-tagged themes): file format, encoding, scoring.
import { addSentenceFeatures, FeatureBuffer, type FeatureOptions } from './features.js';
import {
  denseFeatures,
  LEXICON_FEATURES,
  type Lexicon,
  type LexiconScore,
  lexiconContribution,
  lexiconFeatures,
  parseLexicon,
  scoreLexicon,
  scoreSentenceLexicon,
} from './lexicon.js';
import type { EncodedSet, LinearWeights } from './linear.js';
import { type SoftmaxWeights, softmaxInPlace } from './softmax.js';
import { type Sentence, stemWord } from './tokenize.js';

export { icuSentences, splitSentences, tokenizeSentences } from './sentences.js';

/** Marker every Northstar text model file carries. */
export const MODEL_FORMAT = 'northstar-text-model';
/** Version of the model file layout; files of another version are refused, not guessed at. */
export const MODEL_FORMAT_VERSION = 1;

/** One class's weights as stored: Int16-quantised hashed weights in base64, times `scale`. */
export interface StoredClass {
  label: string;
  bias: number;
  dense: number[];
  scale: number;
  weights: string;
}

/** A model file as written to disk (JSON). */
export interface ModelFile {
  format: typeof MODEL_FORMAT;
  formatVersion: number;
  kind: 'sentiment' | 'themes' | 'categories';
  /** Stamped on every result the model produces, e.g. "default-en@2026.11". */
  version: string;
  language: string;
  features: FeatureOptions;
  /** "word<TAB>valence" lines when features.lexicon is on. */
  lexicon?: string;
  /** Margins within centre ± halfWidth read as neutral (sentiment only). */
  neutral?: { centre: number; halfWidth: number };
  /** Per-class decision threshold on the probability (themes only). */
  thresholds?: number[];
  /**
   * True when the classes are mutually exclusive and scored together (softmax): three-class sentiment
   * (labels negative, neutral, positive) or any set of categories. Absent: one-vs-rest (themes) or a
   * single-class sentiment model read through the neutral band.
   */
  softmax?: boolean;
  /**
   * Three-class sentiment: a comment of n words whose positive and negative log-odds differ by less than
   * perLogWord × ln(n / fromWords) is neutral (mixed) whatever its most probable class: a long review
   * that praises and complains in equal measure. Short texts (n ≤ fromWords) are untouched.
   */
  mixedBand?: { perLogWord: number; fromWords: number };
  classes: StoredClass[];
  /** How the model was trained and how well it did; informative only. */
  training?: Record<string, unknown>;
}

/** Thrown when a file is not a Northstar text model or was written by another format version. */
export class ModelFormatError extends Error {
  override name = 'ModelFormatError';
}

/** One class's weights in memory. */
interface ClassWeights {
  label: string;
  bias: number;
  dense: Float64Array;
  weights: Float32Array;
}

function encodeWeights(w: Float32Array): { scale: number; weights: string } {
  let max = 0;
  for (const v of w) max = Math.max(max, Math.abs(v));
  const scale = max > 0 ? max / 32767 : 1;
  const q = new Int16Array(w.length);
  for (let i = 0; i < w.length; i++) q[i] = Math.round((w[i] as number) / scale);
  return { scale, weights: Buffer.from(q.buffer).toString('base64') };
}

function decodeWeights(c: StoredClass, size: number): Float32Array {
  const bytes = Buffer.from(c.weights, 'base64');
  if (bytes.length !== size * 2)
    throw new ModelFormatError(`class "${c.label}" has ${bytes.length / 2} weights, expected ${size}`);
  const q = new Int16Array(bytes.buffer, bytes.byteOffset, size);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = (q[i] as number) * c.scale;
  return out;
}

/** Store trained weights into a class entry of a model file. */
export function storeClass(label: string, w: LinearWeights): StoredClass {
  return { label, bias: w.bias, dense: [...w.dense], ...encodeWeights(w.weights) };
}

/** Store a softmax model's weights as one class entry per label (de-interleaved). */
export function storeSoftmaxClasses(labels: readonly string[], w: SoftmaxWeights): StoredClass[] {
  const K = w.classes;
  const size = w.weights.length / K;
  const width = w.dense.length / K;
  return labels.map((label, k) => {
    const weights = new Float32Array(size);
    for (let i = 0; i < size; i++) weights[i] = w.weights[i * K + k] as number;
    const dense = Array.from({ length: width }, (_, j) => w.dense[j * K + k] as number);
    return { label, bias: w.bias[k] as number, dense, ...encodeWeights(weights) };
  });
}

/** A loaded model: scores comments, one margin per class. */
export class TextClassifier {
  readonly file: ModelFile;
  readonly classes: ClassWeights[];
  readonly lexicon: Lexicon | undefined;
  /** Softmax models: hashed weights interleaved by class (index i*K + k) and dense weights j*K + k. */
  private readonly joint: Float32Array | undefined;
  private readonly jointDense: Float64Array | undefined;
  private readonly buffer = new FeatureBuffer();
  private readonly denseRow = new Float64Array(LEXICON_FEATURES);

  private constructor(file: ModelFile) {
    this.file = file;
    const size = 1 << file.features.hashBits;
    this.classes = file.classes.map((c) => ({
      label: c.label,
      bias: c.bias,
      dense: Float64Array.from(c.dense),
      weights: decodeWeights(c, size),
    }));
    this.lexicon = file.features.lexicon && file.lexicon ? parseLexicon(file.lexicon, stemWord) : undefined;
    if (file.softmax) {
      const K = this.classes.length;
      this.joint = new Float32Array(size * K);
      this.jointDense = new Float64Array(LEXICON_FEATURES * K);
      this.classes.forEach((c, k) => {
        for (let i = 0; i < size; i++) (this.joint as Float32Array)[i * K + k] = c.weights[i] as number;
        for (let j = 0; j < LEXICON_FEATURES; j++)
          (this.jointDense as Float64Array)[j * K + k] = c.dense[j] ?? 0;
      });
    }
  }

  /** True for a softmax model (three-class sentiment or categories). */
  get isSoftmax(): boolean {
    return this.joint !== undefined;
  }

  /** Index of a class label, or −1. */
  classIndex(label: string): number {
    return this.classes.findIndex((c) => c.label === label);
  }

  /**
   * One number per comment that orders comments from negative to positive, for ranking (ROC-AUC)
   * and comparisons: the positive class's margin for a one-class model; the log-odds of positive
   * against negative for a three-class sentiment model.
   */
  polarity(sentences: readonly Sentence[]): number {
    const m = this.margins(sentences);
    if (!this.isSoftmax) return m[0] as number;
    const pos = this.classIndex('positive');
    const neg = this.classIndex('negative');
    if (pos < 0 || neg < 0)
      throw new Error(`model ${this.file.version} has no positive and negative classes`);
    return (
      (m[pos] as number) +
      (this.classes[pos]?.bias ?? 0) -
      (m[neg] as number) -
      (this.classes[neg]?.bias ?? 0)
    );
  }

  /** Class probabilities of a softmax model (bias included) into `out`. */
  probabilities(
    sentences: readonly Sentence[],
    out: Float64Array = new Float64Array(this.classes.length),
  ): Float64Array {
    this.margins(sentences, out);
    for (let k = 0; k < this.classes.length; k++) out[k] = (out[k] as number) + (this.classes[k]?.bias ?? 0);
    return softmaxInPlace(out, this.classes.length);
  }

  /**
   * Softmax models: logits (bias included) of the whole comment into `comment` (K values) and of
   * each sentence into `perSentence` (K per sentence, sentence s at s*K); empty sentences get NaN.
   * Each sentence's features and lexicon score are computed once and summed for the comment.
   */
  logitsBySentence(sentences: readonly Sentence[], comment: Float64Array, perSentence: Float64Array): void {
    const joint = this.joint as Float32Array;
    const jd = this.jointDense as Float64Array;
    const K = this.classes.length;
    const buf = this.buffer;
    const lex = this.lexicon;
    if (this.sums.length < K) this.sums = new Float64Array(K);
    const sums = this.sums;
    sums.fill(0, 0, K);
    let totalCount = 0;
    let lexSum = 0;
    let lexNeg = 0;
    let lexPos = 0;
    for (let s = 0; s < sentences.length; s++) {
      const tokens = sentences[s] as Sentence;
      const at = s * K;
      if (tokens.length === 0) {
        for (let k = 0; k < K; k++) perSentence[at + k] = Number.NaN;
        continue;
      }
      buf.clear();
      addSentenceFeatures(tokens, this.file.features, buf);
      for (let k = 0; k < K; k++) perSentence[at + k] = 0;
      for (let q = 0; q < buf.length; q++) {
        const base = (buf.indices[q] as number) * K;
        for (let k = 0; k < K; k++)
          perSentence[at + k] = (perSentence[at + k] as number) + (joint[base + k] as number);
      }
      totalCount += buf.length;
      const scale = buf.length > 0 ? 1 / Math.sqrt(buf.length) : 0;
      const row = this.denseRow;
      if (lex) {
        const v = scoreSentenceLexicon(lex, tokens);
        lexSum += v;
        if (v < 0) lexNeg += v;
        else lexPos += v;
        denseFeatures(v, Math.min(v, 0), Math.max(v, 0), row);
      }
      for (let k = 0; k < K; k++) {
        const raw = perSentence[at + k] as number;
        sums[k] = (sums[k] as number) + raw;
        let z = raw * scale + (this.classes[k] as ClassWeights).bias;
        if (lex)
          for (let j = 0; j < LEXICON_FEATURES; j++) z += (jd[j * K + k] as number) * (row[j] as number);
        perSentence[at + k] = z;
      }
    }
    const scale = totalCount > 0 ? 1 / Math.sqrt(totalCount) : 0;
    const row = this.denseRow;
    if (lex) denseFeatures(lexSum, lexNeg, lexPos, row);
    for (let k = 0; k < K; k++) {
      let z = (sums[k] as number) * scale + (this.classes[k] as ClassWeights).bias;
      if (lex) for (let j = 0; j < LEXICON_FEATURES; j++) z += (jd[j * K + k] as number) * (row[j] as number);
      comment[k] = z;
    }
  }

  private sums = new Float64Array(3);

  /** Validate a parsed model file and load it; throws ModelFormatError with a message a person can act on. */
  static fromFile(data: unknown): TextClassifier {
    if (typeof data !== 'object' || data === null || (data as { format?: unknown }).format !== MODEL_FORMAT) {
      throw new ModelFormatError('not a Northstar text model file');
    }
    const f = data as ModelFile;
    if (f.formatVersion !== MODEL_FORMAT_VERSION) {
      throw new ModelFormatError(
        `model format version ${String(f.formatVersion)} is not supported by this Northstar (it reads version ${MODEL_FORMAT_VERSION}); retrain the model with \`northstar text train\``,
      );
    }
    if (
      !Array.isArray(f.classes) ||
      f.classes.length === 0 ||
      typeof f.features?.hashBits !== 'number' ||
      f.features.hashBits < 8 ||
      f.features.hashBits > 24
    ) {
      throw new ModelFormatError('model file is incomplete (classes or features missing)');
    }
    const cn = f.features.charNgrams;
    if (
      cn !== undefined &&
      !(
        Array.isArray(cn) &&
        cn.length === 2 &&
        cn.every((n) => Number.isInteger(n) && n >= 1 && n <= 8) &&
        cn[0] <= cn[1]
      )
    ) {
      throw new ModelFormatError(
        'model file has invalid features.charNgrams (expected [shortest, longest], 1–8)',
      );
    }
    return new TextClassifier(f);
  }

  /** Lexicon valences of tokenised sentences (zeros when the model has no lexicon). */
  lexiconScore(sentences: readonly Sentence[]): LexiconScore {
    return this.lexicon ? scoreLexicon(this.lexicon, sentences) : { sum: 0, negative: 0, positive: 0 };
  }

  /**
   * Margin (log-odds without the bias) of each class for the given sentences.
   * Features are scaled by 1/√n so long and short comments are comparable.
   */
  margins(
    sentences: readonly Sentence[],
    out: Float64Array = new Float64Array(this.classes.length),
  ): Float64Array {
    const buf = this.buffer;
    buf.clear();
    for (const s of sentences) addSentenceFeatures(s, this.file.features, buf);
    const value = buf.length > 0 ? 1 / Math.sqrt(buf.length) : 0;
    const useLex = this.lexicon !== undefined;
    if (useLex) lexiconFeatures(this.lexiconScore(sentences), this.denseRow);
    if (this.joint) {
      const K = this.classes.length;
      const joint = this.joint;
      const jd = this.jointDense as Float64Array;
      for (let k = 0; k < K; k++) out[k] = 0;
      for (let q = 0; q < buf.length; q++) {
        const base = (buf.indices[q] as number) * K;
        for (let k = 0; k < K; k++) out[k] = (out[k] as number) + (joint[base + k] as number);
      }
      for (let k = 0; k < K; k++) {
        let m = (out[k] as number) * value;
        if (useLex)
          for (let j = 0; j < LEXICON_FEATURES; j++)
            m += (jd[j * K + k] as number) * (this.denseRow[j] as number);
        out[k] = m;
      }
      return out;
    }
    for (let c = 0; c < this.classes.length; c++) {
      const cw = this.classes[c] as ClassWeights;
      let m = 0;
      for (let k = 0; k < buf.length; k++) m += cw.weights[buf.indices[k] as number] as number;
      m *= value;
      if (useLex)
        for (let j = 0; j < LEXICON_FEATURES; j++) m += (cw.dense[j] ?? 0) * (this.denseRow[j] as number);
      out[c] = m;
    }
    return out;
  }

  /**
   * Margin of the first class for the whole comment and for each sentence, in one pass
   * (each sentence's features and lexicon score are computed once and summed for the comment).
   * Empty sentences get NaN.
   */
  scoreBySentence(sentences: readonly Sentence[], perSentence: Float64Array): number {
    const cw = this.classes[0] as ClassWeights;
    const buf = this.buffer;
    const lex = this.lexicon;
    let totalSum = 0;
    let totalCount = 0;
    let lexSum = 0;
    let lexNeg = 0;
    let lexPos = 0;
    for (let s = 0; s < sentences.length; s++) {
      const tokens = sentences[s] as Sentence;
      buf.clear();
      addSentenceFeatures(tokens, this.file.features, buf);
      let sum = 0;
      for (let k = 0; k < buf.length; k++) sum += cw.weights[buf.indices[k] as number] as number;
      totalSum += sum;
      totalCount += buf.length;
      let m = buf.length > 0 ? sum / Math.sqrt(buf.length) : 0;
      if (lex) {
        const v = scoreSentenceLexicon(lex, tokens);
        lexSum += v;
        if (v < 0) lexNeg += v;
        else lexPos += v;
        m += lexiconContribution(cw.dense, v, Math.min(v, 0), Math.max(v, 0));
      }
      perSentence[s] = tokens.length === 0 ? Number.NaN : m;
    }
    let margin = totalCount > 0 ? totalSum / Math.sqrt(totalCount) : 0;
    if (lex) margin += lexiconContribution(cw.dense, lexSum, lexNeg, lexPos);
    return margin;
  }
}

/** Turn tokenised comments into a training set for the given feature options. */
export function encodeComments(
  comments: readonly (readonly Sentence[])[],
  options: FeatureOptions,
  lexicon: Lexicon | undefined,
): EncodedSet {
  const buf = new FeatureBuffer();
  const offsets = new Int32Array(comments.length + 1);
  let indices = new Int32Array(comments.length * 64 + 16);
  let values = new Float32Array(indices.length);
  const denseWidth = options.lexicon && lexicon ? LEXICON_FEATURES : 0;
  const dense = new Float64Array(comments.length * denseWidth);
  let nnz = 0;
  comments.forEach((sentences, r) => {
    buf.clear();
    for (const s of sentences) addSentenceFeatures(s, options, buf);
    if (nnz + buf.length > indices.length) {
      const grow = Math.max(indices.length * 2, nnz + buf.length);
      const ni = new Int32Array(grow);
      ni.set(indices);
      indices = ni;
      const nv = new Float32Array(grow);
      nv.set(values);
      values = nv;
    }
    const v = buf.length > 0 ? 1 / Math.sqrt(buf.length) : 0;
    for (let k = 0; k < buf.length; k++) {
      indices[nnz] = buf.indices[k] as number;
      values[nnz] = v;
      nnz++;
    }
    offsets[r + 1] = nnz;
    if (denseWidth > 0 && lexicon) {
      const row = new Float64Array(LEXICON_FEATURES);
      lexiconFeatures(scoreLexicon(lexicon, sentences), row);
      dense.set(row, r * denseWidth);
    }
  });
  return {
    offsets,
    indices: indices.subarray(0, nnz),
    values: values.subarray(0, nnz),
    dense,
    denseWidth,
    rows: comments.length,
  };
}

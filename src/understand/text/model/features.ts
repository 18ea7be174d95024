// Hashed unigram, negation-marked unigram and bigram features of tokenised sentences.
import { mixHash } from './hashing.js';
import type { Token } from './tokenize.js';

/** How text becomes features; stored in every model file so training and scoring agree. */
export interface FeatureOptions {
  /** log2 of the hashed feature space (18 → 262,144 weights). */
  hashBits: number;
  /** Add bigrams of adjacent stems within a sentence. */
  bigrams: boolean;
  /** Add lexicon features (only meaningful where the lexicon's language is the comments'). */
  lexicon: boolean;
  /**
   * Also hash character n-grams of each word, with word boundaries marked ("<good>" → "<go", "goo", …):
   * [shortest, longest], e.g. [3, 5]. Catches spelling variants, elongations and inflections that whole
   * words miss ("gooood", "loveee"). Absent: words and bigrams only (the default model).
   */
  charNgrams?: [number, number];
}

const NEGATED_SALT = 0x5bd1e995;
const BIGRAM_SALT = 0x27d4eb2d;
const CHAR_SALT = 0x165667b1;

/** Hash the character n-grams (lengths min…max) of "<word>" into `out`. */
function addCharNgrams(word: string, min: number, max: number, mask: number, out: FeatureBuffer): void {
  const w = `<${word}>`;
  const n = w.length;
  for (let start = 0; start < n; start++) {
    let h = 0x811c9dc5;
    for (let len = 1; len <= max && start + len <= n; len++) {
      h ^= w.charCodeAt(start + len - 1);
      h = Math.imul(h, 0x01000193);
      // The whole word is already a feature; its n-gram would only duplicate it.
      if (len >= min && len < n) out.push(mixHash(h >>> 0, CHAR_SALT + len) & mask);
    }
  }
}

/** Growable list of feature indices, reused across comments to avoid allocation. */
export class FeatureBuffer {
  indices = new Int32Array(256);
  length = 0;

  /** Forget the previous comment's features. */
  clear(): void {
    this.length = 0;
  }

  /** Append one feature index. */
  push(i: number): void {
    if (this.length === this.indices.length) {
      const next = new Int32Array(this.indices.length * 2);
      next.set(this.indices);
      this.indices = next;
    }
    this.indices[this.length++] = i;
  }
}

/** Append the hashed features of one sentence to `out`; returns how many were added. */
export function addSentenceFeatures(
  tokens: readonly Token[],
  options: FeatureOptions,
  out: FeatureBuffer,
): number {
  const mask = (1 << options.hashBits) - 1;
  const start = out.length;
  let prev = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const h = t.key;
    out.push((t.negated ? mixHash(h, NEGATED_SALT) : h) & mask);
    if (options.bigrams && i > 0) out.push(mixHash(mixHash(prev, h), BIGRAM_SALT) & mask);
    if (options.charNgrams) addCharNgrams(t.word, options.charNgrams[0], options.charNgrams[1], mask, out);
    prev = h;
  }
  return out.length - start;
}

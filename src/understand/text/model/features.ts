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
}

const NEGATED_SALT = 0x5bd1e995;
const BIGRAM_SALT = 0x27d4eb2d;

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
    prev = h;
  }
  return out.length - start;
}

// The default English sentiment model whose weights ship with Northstar (trained by scripts/train-default-sentiment.ts).

import { TextClassifier } from './classifier.js';
import data from './default-en.json' with { type: 'json' };

let cached: TextClassifier | undefined;

/** The default English sentiment model, loaded once per process. */
export function getDefaultSentimentModel(): TextClassifier {
  cached ??= TextClassifier.fromFile(data);
  return cached;
}

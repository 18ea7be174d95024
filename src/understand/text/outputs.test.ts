// Enrichment outputs pinned by tests/fixtures/text-outputs/outputs.json (recorded before the pipeline
// was made faster): the pathological inputs of the latency benchmark, and every clothing review and
// French garden-centre comment of ../shared/data (skipped where absent), must give exactly the same
// text, language, redactions, sentiment, themes and aspect sentiments, to the bit.
import { describe, expect, it } from 'vitest';
import {
  BLOCK,
  blockDigests,
  pathologicalInputs,
  realComments,
  summary,
} from '../../../tests/fixtures/text-outputs/inputs.js';
import recorded from '../../../tests/fixtures/text-outputs/outputs.json' with { type: 'json' };
import { enrichForFixture } from '../../../tests/fixtures/text-outputs/pipeline.js';
import { hasSharedData, SHARED_DATA } from '../../../tests/support/require.js';

const run = enrichForFixture();
const present = hasSharedData('pinned enrichment outputs on real comments', [
  'womens-clothing-reviews/reviews.csv',
  'nps-botanic-garden-centre/nps.csv',
]);

describe('enrichment outputs are unchanged', { timeout: 120_000 }, () => {
  it('on pathological inputs', () => {
    const expected = recorded.pathological as Record<string, unknown>;
    const inputs = pathologicalInputs();
    expect(inputs.map(([name]) => name)).toEqual(Object.keys(expected));
    for (const [name, text] of inputs) expect(summary(run(text)), name).toEqual(expected[name]);
  });

  it.skipIf(!present)('on every clothing review and French garden-centre comment', () => {
    const real = realComments(SHARED_DATA);
    const expected = recorded.corpora as Record<string, { comments: number; digests: string[] }>;
    for (const [name, texts] of Object.entries(real ?? {})) {
      expect(texts.length, name).toBe(expected[name]?.comments);
      const digests = blockDigests(texts.map(run));
      digests.forEach((d, i) => {
        expect(d, `${name}, comments ${i * BLOCK}–${(i + 1) * BLOCK - 1}`).toBe(expected[name]?.digests[i]);
      });
    }
  });
});

// Leave-one-domain-out check of the default model's recipe on the shared public sets; skipped where absent.
import { describe, expect, it } from 'vitest';
import { hasSharedData, SHARED_DATA } from '../../../tests/support/require.js';
import { CORPUS_DOMAINS, loadCorpus } from './corpus.js';
import { buildDefaultLexicon, leaveOneDomainOut, tokenizeCorpus } from './default-recipe.js';

const DATA = SHARED_DATA;
const present = hasSharedData(
  'leave-one-domain-out check of the default sentiment recipe',
  CORPUS_DOMAINS.flatMap((d) => d.files),
);

// Bounded: at most 3,000 rows per domain for training and evaluation (the full run is bench/text).
const SAMPLE = 3000;

describe.skipIf(!present)('default sentiment recipe, leave one domain out', { timeout: 600_000 }, () => {
  it('never scores a held-out domain below VADER (three-class macro-F1)', () => {
    const rows = tokenizeCorpus(loadCorpus(DATA));
    const results = leaveOneDomainOut(rows, buildDefaultLexicon(), { sample: SAMPLE });
    for (const r of results) {
      console.log(
        `${r.domain}: new default ${r.macroF1.candidate.toFixed(3)}, VADER ${r.macroF1.vader.toFixed(3)} (${r.rows} rows)`,
      );
    }
    expect(results.map((r) => r.domain).sort()).toEqual([...new Set(rows.map((r) => r.domain))].sort());
    for (const r of results) {
      expect({ domain: r.domain, belowVader: r.macroF1.candidate < r.macroF1.vader }).toEqual({
        domain: r.domain,
        belowVader: false,
      });
    }
  });
});

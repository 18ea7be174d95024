// The initiatives page's words: effects with their intervals and the verdict in plain sentences.
import { describe, expect, it } from 'vitest';
import type { Effect } from '../../../src/shared/api/index.js';
import { formatEffect, formatP, formatValue, verdictSentence } from './initiatives-view.js';

const group = (n: number, estimate: number | null) => ({ n, estimate, low: null, high: null });
const base: Effect = {
  verdict: 'win',
  estimate: 0.539,
  ci: { low: 0.405, high: 0.673 },
  p: 0.00001,
  method: 'did',
  metric: 'ces',
  unit: 'scale',
  interval: 'week',
  start: '2026-08-31',
  end: null,
  level: 0.95,
  before: group(2000, 5.1),
  after: group(1000, 5.7),
  control: { before: group(4000, 5.2), after: group(1500, 5.25) },
  minimumDetectableEffect: 0.19,
  target: 0.25,
  nNeeded: 0,
  preTrend: null,
  slopeChange: null,
  warnings: [],
  series: [],
};

describe('initiative wording', () => {
  it('formats values with a real minus sign and units', () => {
    expect(formatValue('nps', -3.25, true)).toBe('−3.3');
    expect(formatValue('ces', 0.5, true)).toBe('+0.50');
    expect(formatValue('csat', null)).toBe('—');
    expect(formatEffect('nps', { estimate: 12.34, ci: { low: 4.1, high: 20.56 } })).toBe(
      '+12.3 points (95% CI +4.1 to +20.6)',
    );
    expect(formatP(0.0004)).toBe('p < 0.001');
    expect(formatP(0.0123)).toBe('p = 0.012');
  });

  it('says what each verdict means', () => {
    expect(verdictSentence(base)).toBe(
      'It worked: CES at the targeted touchpoints rose 0.54 more than at the comparison touchpoints (95% CI +0.41 to +0.67).',
    );
    expect(
      verdictSentence({ ...base, verdict: 'worse', estimate: -0.5, ci: { low: -0.7, high: -0.3 } }),
    ).toMatch(/^It made things worse: CES at the targeted touchpoints fell 0.50 more/);
    expect(
      verdictSentence({
        ...base,
        verdict: 'no_detectable_change',
        estimate: 0.1,
        ci: { low: -0.1, high: 0.3 },
      }),
    ).toMatch(/could be chance\. An effect of 0\.19 or more would most likely have shown\.$/);
    expect(
      verdictSentence({
        ...base,
        verdict: 'too_early',
        estimate: null,
        ci: null,
        after: group(0, null),
        nNeeded: 1200,
      }),
    ).toBe(
      'Too early to tell: no feedback at the targeted touchpoints since the start. About 1,200 responses after the start are needed to detect an effect of 0.25.',
    );
    expect(verdictSentence({ ...base, method: 'its' })).toMatch(/than its earlier trend predicted/);
  });
});

import { describe, expect, it } from 'vitest';
import { draftOf, rulesOf, typedValue } from './widget-rules.js';

describe('widget rules in the form and back', () => {
  it('types values: numbers and booleans as written, the rest (leading zeros included) as text', () => {
    expect(['2', '-1.5', 'true', 'false', 'pro', '02134', '', ' 7 '].map(typedValue)).toEqual([
      2,
      -1.5,
      true,
      false,
      'pro',
      '02134',
      '',
      7,
    ]);
  });

  it('keeps scroll triggers, recontact rules and flat attribute targeting through a round trip', () => {
    const rules = {
      surveyId: 'x',
      triggers: [{ type: 'scroll' as const, percent: 40, url: { op: 'contains' as const, value: '/b' } }],
      sampling: 50,
      position: 'center' as const,
      frequency: { responseGapDays: 30, maxDisplays: 2 },
      targeting: {
        any: [
          { attribute: 'plan', op: 'in' as const, value: ['pro', 'team'] },
          { attribute: 'beta', op: 'eq' as const, value: true },
          { attribute: 'email', op: 'answered' as const },
        ],
      },
    };
    const { surveyId: _, ...rest } = rules;
    expect(rulesOf(draftOf(rules))).toEqual(rest);
  });

  it('keeps targeting the form cannot show, and sends none when every row and rule is blank', () => {
    const nested = { not: { attribute: 'plan', op: 'eq' as const, value: 'free' } };
    const draft = draftOf({
      surveyId: 'x',
      triggers: [{ type: 'exit' }],
      sampling: 100,
      position: 'bottom-right',
      targeting: nested,
    });
    expect(draft.kept).toEqual(nested);
    expect(rulesOf(draft).targeting).toEqual(nested);
    const plain = rulesOf(draftOf(undefined));
    expect(plain).toEqual({ triggers: [{ type: 'pageview' }], sampling: 100, position: 'bottom-right' });
  });
});

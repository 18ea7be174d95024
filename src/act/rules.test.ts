import { describe, expect, it } from 'vitest';
import { type FeedbackFacts, RuleWhen, ruleMatches } from './rules.js';

const base: FeedbackFacts = {
  nps: 4,
  csat: null,
  ces: null,
  rating: null,
  touchpointId: '00000000-0000-4000-8000-000000000001',
  surveyId: '00000000-0000-4000-8000-000000000003',
  channel: 'email',
  text: 'The délivery was LATE, I want a refund.',
  enrichment: { sentiment: { label: 'negative' }, themes: [{ id: 'delivery.late', name: 'Late delivery' }] },
};

describe('ruleMatches', () => {
  it.each([
    [{ metric: 'nps', atMost: 6 }, true],
    [{ metric: 'nps', atMost: 3 }, false],
    [{ metric: 'nps', atLeast: 4, atMost: 4 }, true],
    [{ metric: 'csat', atMost: 2 }, false], // no CSAT on this record
    [{ sentiment: 'negative' }, true],
    [{ themes: ['late delivery'] }, true],
    [{ themes: ['DELIVERY.LATE'] }, true],
    [{ themes: ['billing'] }, false],
    [{ keywords: ['refund'] }, true],
    [{ keywords: ['delivery'] }, true], // accents folded
    [{ keywords: ['ref'] }, false], // whole words only
    [{ keywords: ['was late'] }, true], // phrases as substrings
    [{ touchpointIds: ['00000000-0000-4000-8000-000000000001'], channels: ['email'] }, true],
    [{ touchpointIds: ['00000000-0000-4000-8000-000000000002'] }, false],
    [{ surveyIds: ['00000000-0000-4000-8000-000000000004'] }, false],
    [{ channels: ['web'] }, false],
  ] as const)('%j → %s', (when, expected) => {
    expect(ruleMatches(RuleWhen.parse(when), base)).toBe(expected);
  });

  it('needs every condition, and contact rules answered beforehand', () => {
    const when = RuleWhen.parse({
      metric: 'nps',
      atMost: 6,
      rules: { attribute: 'plan', op: 'eq', value: 'pro' },
    });
    expect(ruleMatches(when, base, true)).toBe(true);
    expect(ruleMatches(when, base, false)).toBe(false);
    expect(ruleMatches(when, { ...base, nps: 9 }, true)).toBe(false);
  });

  it('does not match sentiment before enrichment', () => {
    expect(ruleMatches(RuleWhen.parse({ sentiment: 'negative' }), { ...base, enrichment: null })).toBe(false);
  });
});

describe('RuleWhen', () => {
  it.each([
    [{}, ''],
    [{ metric: 'nps' }, 'atMost'],
    [{ atLeast: 2 }, 'metric'],
    [{ metric: 'ces', atLeast: 8 }, 'atLeast'],
    [{ metric: 'rating', atMost: 4 }, 'atMost'],
    [{ metric: 'nps', atLeast: 7, atMost: 6 }, 'atLeast'],
    [{ keywords: [] }, 'keywords'],
    [{ color: 'red' }, ''],
  ])('refuses %j naming %s', (when, path) => {
    const r = RuleWhen.safeParse(when);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});

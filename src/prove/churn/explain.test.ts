// Churn reasons in plain words.
import { describe, expect, it } from 'vitest';
import { explainReasons, reasonText } from './explain.js';

const ctx = {
  theme: (id: string) => ({ refunds: 'Refunds', 'delivery.late': 'Late delivery' })[id] ?? id,
  money: (minor: string) => `${(Number(minor) / 100).toFixed(2)} EUR`,
};
const r = (feature: string, value: string | null) => ({ feature, value, contribution: 0.3 });

describe('churn reasons in words', () => {
  it('joins the last NPS and its trend, and names themes', () => {
    expect(explainReasons([r('last_nps', '3'), r('theme refunds', '1'), r('nps_trend', '-4')], ctx)).toBe(
      'last NPS 3, down 4 points; mentioned Refunds',
    );
  });

  it.each([
    [r('nps_trend', '2'), 'NPS up 2 points'],
    [r('nps_trend', null), 'one NPS answer only'],
    [r('days_since_order', '120'), 'no order for 120 days'],
    [r('days_since_order', null), 'never ordered'],
    [r('revenue', '123456'), 'spent 1234.56 EUR in the last year'],
    [r('complaints', '1'), '1 complaint'],
    [r('tenure_days', '1100'), 'customer for 3 years'],
    [r('tenure_days', '40'), 'customer for 40 days'],
    [r('theme delivery.late', '0'), 'never mentioned Late delivery'],
    [r('attribute plan', 'free'), 'plan: free'],
    [r('last_csat', '2'), 'last CSAT 2'],
  ])('%j reads "%s"', (reason, text) => {
    expect(reasonText(reason, ctx)).toBe(text);
  });
});

import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatInterval,
  formatMargin,
  formatMonth,
  formatN,
  formatPeriod,
  formatScore,
  formatScoreWithUnit,
  formatShare,
} from './format.js';
import { rangeFrom, trendInterval } from './range.js';

describe('formatScore', () => {
  it.each([
    ['nps', 38.2, '+38.2'],
    ['nps', 38.25, '+38.3'],
    ['nps', 0, '0.0'],
    ['nps', -0.04, '0.0'],
    ['nps', 0.04, '0.0'],
    ['nps', -12, '-12.0'],
    ['nps', 100, '+100.0'],
    ['csat', 86.44, '86.4'],
    ['ces', 5.625, '5.63'],
    ['ces', 5, '5.00'],
    ['nps', null, '—'],
    ['csat', Number.NaN, '—'],
  ] as const)('%s %s → %s', (metric, score, expected) => {
    expect(formatScore(metric, score)).toBe(expected);
  });

  it('adds the unit where the metric has one', () => {
    expect(formatScoreWithUnit('csat', 86.44)).toBe('86.4%');
    expect(formatScoreWithUnit('nps', 12)).toBe('+12.0');
    expect(formatScoreWithUnit('csat', null)).toBe('—');
  });
});

describe('intervals', () => {
  const ci = { low: 36.1, high: 40.3, level: 0.95 };

  it('shows half the width as the margin', () => {
    expect(formatMargin('nps', ci)).toBe('±2.1');
    expect(formatMargin('ces', { low: 5.5, high: 5.56, level: 0.95 })).toBe('±0.03');
    expect(formatMargin('nps', null)).toBe('');
  });

  it('names the level and both bounds', () => {
    expect(formatInterval('nps', ci)).toBe('95% CI 36.1 to 40.3');
    expect(formatInterval('nps', { low: -4.25, high: 3, level: 0.9 })).toBe('90% CI -4.3 to 3.0');
    expect(formatInterval('csat', null)).toBe('No interval');
  });
});

describe('counts', () => {
  it('groups thousands', () => {
    expect(formatCount(12345)).toBe('12,345');
    expect(formatN(1234567)).toBe('n = 1,234,567');
    expect(formatN(0)).toBe('n = 0');
  });

  it('rounds shares to whole percentages', () => {
    expect(formatShare(1, 3)).toBe('33%');
    expect(formatShare(0, 0)).toBe('0%');
  });

  it('names months and weeks', () => {
    expect(formatMonth('2026-03-01')).toBe('Mar 2026');
    expect(formatMonth('oops')).toBe('oops');
    expect(formatPeriod('2026-08-03', 'week')).toBe('Aug 3');
    expect(formatPeriod('2026-08-03', 'week', true)).toBe('Aug 3, 2026');
    expect(formatPeriod('2026-08-01', 'month')).toBe('Aug 2026');
  });
});

describe('rangeFrom', () => {
  const now = new Date('2026-11-23T10:54:00Z');

  it('starts twelve months at the first of the month eleven months back', () => {
    expect(rangeFrom('12m', now)).toBe('2025-12-01T00:00:00.000Z');
  });

  it('starts 90 days at UTC midnight', () => {
    expect(rangeFrom('90d', now)).toBe('2026-08-25T00:00:00.000Z');
  });

  it('has no lower bound for all time', () => {
    expect(rangeFrom('all', now)).toBeUndefined();
  });

  it('shows 90 days by week and longer ranges by month', () => {
    expect(trendInterval('90d')).toBe('week');
    expect(trendInterval('12m')).toBe('month');
    expect(trendInterval('all')).toBe('month');
  });
});

import { describe, expect, it } from 'vitest';
import { filterBounds, filterInterval, NO_FILTERS, parseFilters, writeFilters } from './filters.js';
import { pageOf } from './nav.js';
import { moversPeriod } from './scores.js';

const NOW = new Date('2026-12-03T09:30:00Z');

describe('global filters in the address', () => {
  it('round-trips every filter and leaves defaults out', () => {
    const filters = {
      ...NO_FILTERS,
      range: 'custom' as const,
      from: '2026-03-01',
      to: '2026-05-31',
      journey: 'j1',
      touchpoint: 't1',
      survey: 's1',
      channel: 'email',
    };
    const search = writeFilters(filters);
    expect(search).toBe('?from=2026-03-01&to=2026-05-31&journey=j1&touchpoint=t1&survey=s1&channel=email');
    expect(parseFilters(search)).toEqual(filters);
    expect(writeFilters(NO_FILTERS)).toBe('');
  });

  it('keeps a page’s own parameters and ignores malformed values', () => {
    expect(writeFilters({ ...NO_FILTERS, range: '90d' }, '?q=late&range=all')).toBe('?q=late&range=90d');
    expect(parseFilters('?range=5y&from=yesterday&journey=')).toEqual(NO_FILTERS);
  });

  it('turns the period into ISO bounds: presets from UTC midnight, custom days inclusive', () => {
    expect(filterBounds({ ...NO_FILTERS, range: '12m' }, NOW)).toEqual({ from: '2026-01-01T00:00:00.000Z' });
    expect(filterBounds({ ...NO_FILTERS, range: 'all' }, NOW)).toEqual({});
    expect(
      filterBounds({ ...NO_FILTERS, range: 'custom', from: '2026-03-01', to: '2026-03-31' }, NOW),
    ).toEqual({
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
    });
  });

  it('buckets trends by week up to about four months, by month beyond', () => {
    expect(filterInterval({ ...NO_FILTERS, range: '90d' }, NOW)).toBe('week');
    expect(filterInterval({ ...NO_FILTERS, range: '12m' }, NOW)).toBe('month');
    expect(
      filterInterval({ ...NO_FILTERS, range: 'custom', from: '2026-10-01', to: '2026-11-30' }, NOW),
    ).toBe('week');
    expect(filterInterval({ ...NO_FILTERS, range: 'custom', from: '2025-10-01' }, NOW)).toBe('month');
  });

  it('asks movers the same question all day (whole UTC days), so the cache answers it', () => {
    const morning = moversPeriod({ ...NO_FILTERS, range: 'all' }, new Date('2026-12-03T01:00:00Z'));
    const evening = moversPeriod({ ...NO_FILTERS, range: 'all' }, new Date('2026-12-03T23:00:00Z'));
    expect(morning).toEqual(evening);
    expect(morning.to).toBe('2026-12-04T00:00:00.000Z');
  });
});

describe('page paths', () => {
  it('knows every page and nothing else', () => {
    expect(pageOf('/')).toBe('overview');
    expect(pageOf('/journeys/')).toBe('journeys');
    expect(pageOf('/cases')).toBe('cases');
    expect(pageOf('/cases/0b6f2c9e-0000-4000-8000-000000000000')).toBe('cases');
    expect(pageOf('/programme')).toBe('programme');
    expect(pageOf('/settings')).toBe('settings');
    expect(pageOf('/no-such-page')).toBeNull();
    expect(pageOf('/imports/extra')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { dueAt } from './sla.js';

const office = { timeZone: 'Europe/Paris', days: [1, 2, 3, 4, 5], start: 9, end: 17 };

describe('dueAt', () => {
  it('adds calendar hours without business hours', () => {
    expect(dueAt(new Date('2026-03-06T10:00:00Z'), 24).toISOString()).toBe('2026-03-07T10:00:00.000Z');
  });

  it('counts only working time, in the time zone', () => {
    // Friday 6 March 2026, 16:00 Paris (15:00 UTC, CET): 1 h left on Friday, 3 h on Monday from 09:00.
    expect(dueAt(new Date('2026-03-06T15:00:00Z'), 4, office).toISOString()).toBe('2026-03-09T11:00:00.000Z');
  });

  it('starts at opening time when opened before hours or on a weekend', () => {
    // Saturday → Monday 09:00 Paris + 2 h = 11:00 Paris = 10:00 UTC.
    expect(dueAt(new Date('2026-03-07T12:00:00Z'), 2, office).toISOString()).toBe('2026-03-09T10:00:00.000Z');
  });

  it('follows the change to summer time', () => {
    // Friday 27 March 2026 16:00 Paris (CET, 15:00 UTC); clocks go forward on Sunday 29 March:
    // Monday 30 March 09:00 Paris is 07:00 UTC; 3 h left → 12:00 Paris = 10:00 UTC.
    expect(dueAt(new Date('2026-03-27T15:00:00Z'), 4, office).toISOString()).toBe('2026-03-30T10:00:00.000Z');
  });

  it('spans several working days', () => {
    // Monday 09:00 Paris, 20 working hours → 8 + 8 + 4: Wednesday 13:00 Paris = 12:00 UTC.
    expect(dueAt(new Date('2026-03-02T08:00:00Z'), 20, office).toISOString()).toBe(
      '2026-03-04T12:00:00.000Z',
    );
  });
});

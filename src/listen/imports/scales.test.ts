import { describe, expect, it } from 'vitest';
import { detectScale, resolveScale } from './scales.js';

describe('detectScale', () => {
  it.each([
    [[1, 2, 3, 4, 5], { mode: 'single', scale: { min: 1, max: 5 } }],
    [[0, 3, 5], { mode: 'single', scale: { min: 0, max: 5 } }],
    [[1, 6, 8, 10, 2], { mode: 'single', scale: { min: 1, max: 10 } }],
    [[0, 9, 10], { mode: 'single', scale: { min: 0, max: 10 } }],
    [[12, 80, 100], { mode: 'single', scale: { min: 0, max: 100 } }],
  ])('%j → %j', (values, expected) => {
    expect(detectScale(values)).toMatchObject(expected);
  });

  it('reads a mostly 1-5 column with a few values above 5 as mixed', () => {
    const values = [...Array.from({ length: 95 }, (_, i) => (i % 5) + 1), 6, 7, 8, 9, 10];
    expect(detectScale(values)).toEqual({
      mode: 'mixed',
      scale: { min: 1, max: 5 },
      upper: { min: 1, max: 10 },
      values: 100,
      above: 5,
    });
  });

  it('finds nothing in an empty column', () => {
    expect(detectScale([])).toBeUndefined();
  });
});

describe('resolveScale', () => {
  const mixed = detectScale([...Array.from({ length: 95 }, () => 3), 9, 9, 9, 9, 9]);
  it('reads values above the small scale on the large one in a mixed column', () => {
    expect(resolveScale(undefined, mixed, 4, {})).toEqual({ min: 1, max: 5 });
    expect(resolveScale(undefined, mixed, 9, {})).toEqual({ min: 1, max: 10 });
  });

  it('applies the first matching rule, then a fixed scale', () => {
    const spec = {
      scale: { min: 1, max: 7 },
      rules: [
        { column: 'date', from: '2015-06-09', min: 1, max: 10 },
        { column: 'site', equals: 'old', min: 1, max: 5 },
      ],
    };
    expect(resolveScale(spec, mixed, 3, { date: '2015-07-01' })).toEqual({ min: 1, max: 10 });
    expect(resolveScale(spec, mixed, 3, { date: '2014-01-01', site: 'old' })).toEqual({ min: 1, max: 5 });
    expect(resolveScale(spec, mixed, 3, { date: '2014-01-01' })).toEqual({ min: 1, max: 7 });
  });

  it('compares numbers as numbers in rules', () => {
    const spec = { rules: [{ column: 'year', from: '2015', to: '2100', min: 1, max: 10 }] };
    expect(resolveScale(spec, undefined, 3, { year: '2016' })).toEqual({ min: 1, max: 10 });
    expect(resolveScale(spec, undefined, 3, { year: '999' })).toBe('no scale could be detected');
  });
});

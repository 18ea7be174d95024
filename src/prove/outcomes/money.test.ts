// Money stays exact: decimal text to minor units and back without floating point.
import { describe, expect, it } from 'vitest';
import { currencyDigits, formatMinorUnits, toMinorUnits } from './money.js';

describe('money in minor units', () => {
  it('knows the minor units of currencies', () => {
    expect([
      currencyDigits('EUR'),
      currencyDigits('JPY'),
      currencyDigits('KWD'),
      currencyDigits('eur'),
    ]).toEqual([2, 0, 3, null]);
  });
  it('converts decimals exactly, including ones a double cannot hold', () => {
    expect(toMinorUnits('0.1', 'EUR')).toEqual({ minor: 10n });
    expect(toMinorUnits(0.29, 'EUR')).toEqual({ minor: 29n }); // 0.29 * 100 = 28.999999999999996 in floating point
    expect(toMinorUnits('1,234.50', 'USD')).toEqual({ minor: 123450n });
    expect(toMinorUnits('-12', 'JPY')).toEqual({ minor: -12n });
    expect(toMinorUnits('92233720368547758.07', 'EUR')).toEqual({ minor: 9223372036854775807n });
    expect(formatMinorUnits(9223372036854775807n, 'EUR')).toBe('92233720368547758.07');
    expect(formatMinorUnits(-5n, 'EUR')).toBe('-0.05');
    expect(formatMinorUnits(1234n, 'KWD')).toBe('1.234');
    expect(formatMinorUnits(1234n, 'JPY')).toBe('1234');
  });
  it('refuses text, too many decimals and unknown currencies', () => {
    expect(toMinorUnits('12.3.4', 'EUR')).toEqual({ error: "'12.3.4' is not a number" });
    expect(toMinorUnits('twelve', 'EUR')).toMatchObject({ error: expect.stringMatching(/not a number/) });
    expect(toMinorUnits('1.005', 'EUR')).toMatchObject({
      error: expect.stringMatching(/more decimals than EUR/),
    });
    expect(toMinorUnits('1.5', 'JPY')).toMatchObject({
      error: expect.stringMatching(/more decimals than JPY/),
    });
    expect(toMinorUnits('1', 'XYZ1')).toMatchObject({ error: expect.stringMatching(/ISO 4217/) });
    expect(toMinorUnits(1e21, 'EUR')).toMatchObject({ error: expect.stringMatching(/plain decimal/) });
  });
});

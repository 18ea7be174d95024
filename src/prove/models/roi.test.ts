// Return on an initiative, worked by hand: effect 5 NPS points (se 2), passive - detractor value EUR 40 per
// customer (se 10), 1,000 customers reached, cost EUR 1,500.
//   share moved = 5 / 100 = 5%, i.e. 50 customers; value = 50 x 40 = EUR 2,000
//   se(value) = (1000 / 100) x sqrt(40^2 x 2^2 + 5^2 x 10^2 + 2^2 x 10^2) = 10 x sqrt(6400 + 2500 + 400)
//             = 10 x sqrt(9300) = 964.365076...;  95%: 2000 +/- 1.959964 x 964.365076 = [109.879, 3890.121]
//   net = value - 1500 = 500 [-1390.121, 2390.121];  ROI = 500 / 1500 = 0.3333 [-0.92675, 1.59341]
import { describe, expect, it } from 'vitest';
import { initiativeRoi } from './roi.js';

const Z = 1.959963984540054;
const around = (estimate: number, se: number) => ({
  estimate,
  low: estimate - Z * se,
  high: estimate + Z * se,
});

describe('initiative return', () => {
  it('values a measured NPS change by the passive - detractor difference, with a delta-method interval', () => {
    const r = initiativeRoi({
      effect: around(5, 2),
      difference: around(40, 10),
      gap: 100,
      customers: 1000,
      cost: 1500,
    });
    expect(r.value.estimate).toBeCloseTo(2000, 9);
    expect(r.se).toBeCloseTo(964.3650760992955, 9);
    expect(r.value.low).toBeCloseTo(109.8791828971523, 8);
    expect(r.value.high).toBeCloseTo(3890.1208171028475, 8);
    expect(r.net).toEqual({ estimate: 500, low: r.value.low - 1500, high: r.value.high - 1500 });
    expect(r.roi?.estimate).toBeCloseTo(1 / 3, 12);
    expect(r.roi?.low).toBeCloseTo(-0.9267472114018984, 10);
    expect(r.roi?.high).toBeCloseTo(1.593413878068565, 10);
    // a one-point move is worth 1% of the difference per customer reached
    expect(r.valuePerPoint.estimate).toBeCloseTo(0.4, 12);
    expect(r.valuePerPoint.low).toBeCloseTo((40 - Z * 10) / 100, 12);
  });

  it('gives no return on cost without a cost, and an interval wider than either factor alone', () => {
    const r = initiativeRoi({
      effect: around(0.5, 0.1),
      difference: around(30, 6),
      gap: 1.8,
      customers: 400,
      cost: null,
    });
    // CES: 0.5 scale points over a 1.8-point gap between difficult and neutral = 27.8% of 400 customers moved
    expect(r.value.estimate).toBeCloseTo((400 / 1.8) * 0.5 * 30, 9);
    expect(r.net).toBeNull();
    expect(r.roi).toBeNull();
    const onlyEffect = (400 / 1.8) * 30 * 0.1;
    const onlyDifference = (400 / 1.8) * 0.5 * 6;
    expect(r.se).toBeGreaterThan(Math.hypot(onlyEffect, onlyDifference));
    expect(r.se).toBeCloseTo(
      Math.sqrt(onlyEffect ** 2 + onlyDifference ** 2 + ((400 / 1.8) * 0.1 * 6) ** 2),
      9,
    );
  });

  it('refuses a gap that is not positive', () => {
    expect(() =>
      initiativeRoi({ effect: around(1, 1), difference: around(1, 1), gap: 0, customers: 1, cost: null }),
    ).toThrow(/gap/);
  });
});

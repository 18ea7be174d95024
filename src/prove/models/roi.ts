// Return on an initiative: the value of its measured change, from the value difference between loyalty
// groups, against what it cost; every figure with a 95% interval.
//
// A measured change of D metric units at the targeted touchpoints stands for a share D / g of the
// customers reached making the move from the bottom group to the one above (g: how far one customer's
// move shifts the metric: 100 NPS points for detractor -> passive, 100 percentage points for CSAT
// neutral -> satisfied, the gap between the two groups' mean scores for CES). Each such customer is worth
// d more in the window after the answer (the group difference, Welch interval). So
//   value V = N * D * d / g.
// D and d come from different data (feedback before/after the start; outcomes after each answer) and are
// taken as independent; the standard error of their product is Goodman's exact formula for independent
// factors, se(D d) = sqrt(d^2 se_D^2 + D^2 se_d^2 + se_D^2 se_d^2), each se read back from its 95% interval
// (half-width / 1.96), and the interval is V +/- 1.96 se(V) (the delta method). g and N are taken as known.

const Z = 1.959963984540054;

/** An estimate with its 95% interval. */
export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/** What the value of a change is computed from. */
export interface RoiInput {
  /** The measured change in metric units (DiD or ITS estimate) with its 95% interval. */
  effect: Interval;
  /** Value difference per customer between the group above and the bottom group, with its 95% interval. */
  difference: Interval;
  /** Metric units one customer's move shifts the metric by (see above); > 0. */
  gap: number;
  /** Customers reached by the initiative. */
  customers: number;
  /** What it cost, in the same currency as the difference (major units); null when not entered. */
  cost: number | null;
}

/** The value of the change, the net return and the return on cost, each with an interval. */
export interface RoiFigures {
  /** Value of a one-unit move of the metric, per customer reached. */
  valuePerPoint: Interval;
  value: Interval;
  net: Interval | null;
  /** (value - cost) / cost; null without a cost or with a cost of 0. */
  roi: Interval | null;
  se: number;
}

const seOf = (i: Interval) => (i.high - i.low) / (2 * Z);

/** The figures of a return, as described at the top of this file. */
export function initiativeRoi(input: RoiInput): RoiFigures {
  const { effect: e, difference: d, gap, customers: n } = input;
  if (!(gap > 0)) throw new RangeError('gap must be positive');
  const seE = seOf(e);
  const seD = seOf(d);
  const k = n / gap;
  const value = k * e.estimate * d.estimate;
  const se =
    Math.abs(k) * Math.sqrt(d.estimate ** 2 * seE ** 2 + e.estimate ** 2 * seD ** 2 + seE ** 2 * seD ** 2);
  const v: Interval = { estimate: value, low: value - Z * se, high: value + Z * se };
  const perPoint: Interval = { estimate: d.estimate / gap, low: d.low / gap, high: d.high / gap };
  const cost = input.cost;
  const net = cost === null ? null : { estimate: v.estimate - cost, low: v.low - cost, high: v.high - cost };
  const roi =
    cost === null || cost <= 0
      ? null
      : { estimate: (v.estimate - cost) / cost, low: (v.low - cost) / cost, high: (v.high - cost) / cost };
  return { valuePerPoint: perPoint, value: v, net, roi, se };
}

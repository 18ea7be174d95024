// Survey methodology: AAPOR response rates and subgroup (e.g. commenter) bias in NPS.
import { type Comparison, compareNps } from './compare.js';
import { type NpsSummary, summariseNps } from './scores.js';
import type { NpsCounts } from './types.js';

/** Final dispositions of sampled cases (AAPOR Standard Definitions). */
export interface Dispositions {
  /** I: complete interviews. */
  complete: number;
  /** P: partial interviews. */
  partial?: number;
  /** R: refusals and break-offs. */
  refusal?: number;
  /** NC: non-contacts. */
  nonContact?: number;
  /** O: other eligible non-interviews. */
  other?: number;
  /** UH: unknown if household/occupied. */
  unknownHousehold?: number;
  /** UO: unknown, other. */
  unknownOther?: number;
}

/** (I + P) + (R + NC + O) + (UH + UO): every eligible or possibly eligible case. */
function allCases(d: Dispositions): number {
  return (
    d.complete +
    (d.partial ?? 0) +
    (d.refusal ?? 0) +
    (d.nonContact ?? 0) +
    (d.other ?? 0) +
    (d.unknownHousehold ?? 0) +
    (d.unknownOther ?? 0)
  );
}

/** AAPOR RR1 = I / ((I + P) + (R + NC + O) + (UH + UO)); null when the denominator is zero. */
export function responseRateRr1(d: Dispositions): number | null {
  const den = allCases(d);
  return den > 0 ? d.complete / den : null;
}

/** AAPOR RR2 = (I + P) / ((I + P) + (R + NC + O) + (UH + UO)): partial interviews count as responses. */
export function responseRateRr2(d: Dispositions): number | null {
  const den = allCases(d);
  return den > 0 ? (d.complete + (d.partial ?? 0)) / den : null;
}

/** AAPOR RR3: RR1 with the unknown cases weighted by e, the estimated eligible share of them. */
export function responseRateRr3(d: Dispositions, e: number): number | null {
  if (e < 0 || e > 1) throw new RangeError('e must be in [0, 1]');
  const den =
    d.complete +
    (d.partial ?? 0) +
    (d.refusal ?? 0) +
    (d.nonContact ?? 0) +
    (d.other ?? 0) +
    e * ((d.unknownHousehold ?? 0) + (d.unknownOther ?? 0));
  return den > 0 ? d.complete / den : null;
}

/** Result of `compareSubgroupNps`. */
export interface SubgroupBias {
  all: NpsSummary;
  subgroup: NpsSummary;
  rest: NpsSummary;
  /** NPS(subgroup) - NPS(all) in points: how far reading only this subgroup would mislead. */
  bias: number | null;
  /** Subgroup vs the rest (independent samples), adjusted-Wald z. */
  test: Comparison;
}

/**
 * Bias of a subgroup of respondents (e.g. those who left a comment) against all respondents. The
 * subgroup is part of the whole, so the test compares it with the rest, which is independent of it.
 */
export function compareSubgroupNps(
  subgroup: NpsCounts,
  all: NpsCounts,
  opts: { level?: number } = {},
): SubgroupBias {
  const rest = {
    promoters: all.promoters - subgroup.promoters,
    passives: all.passives - subgroup.passives,
    detractors: all.detractors - subgroup.detractors,
  };
  if (rest.promoters < 0 || rest.passives < 0 || rest.detractors < 0) {
    throw new RangeError('the subgroup counts exceed the counts of all respondents');
  }
  const a = summariseNps(all, opts);
  const s = summariseNps(subgroup, opts);
  return {
    all: a,
    subgroup: s,
    rest: summariseNps(rest, opts),
    bias: s.score !== null && a.score !== null ? s.score - a.score : null,
    test: compareNps(subgroup, rest, opts),
  };
}

// Shared shapes of the statistics module: intervals, counts and sufficient statistics.

/** A confidence interval on the scale of the estimate it belongs to. */
export interface ConfidenceInterval {
  low: number;
  high: number;
  level: number;
}

/** Counts of NPS categories: promoters 9-10, passives 7-8, detractors 0-6. */
export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}

/**
 * Sufficient statistics of a numeric sample: count, sum and sum of squares, optionally of the values
 * minus `shift` (any constant near the data, e.g. the scale midpoint), which keeps the variance exact
 * when the values sit far from zero. SQL can gather `sum(x - c)` and `sum((x - c)^2)` just as easily.
 */
export interface MomentSums {
  n: number;
  sum: number;
  sumSquares: number;
  shift?: number;
}

/** Successes out of trials, for proportions such as top-2-box CSAT. */
export interface ProportionCounts {
  successes: number;
  n: number;
}

/** Options shared by the one-sample summaries. */
export interface SummaryOptions {
  /** Confidence level, default 0.95. */
  level?: number;
  /** Below this n the summary is flagged `lowN`, default 30. */
  minN?: number;
}

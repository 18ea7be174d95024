// Responses of the score and analytics routes: summaries, slices, comparisons, drivers, gaps, coverage.
import { z } from 'zod';
import { ConfidenceInterval, Id } from './common.js';

/** A metric the score endpoints summarise. */
export const Metric = z.enum(['nps', 'csat', 'ces', 'rating']);
/** Which sums answered: the rollup tables or a scan of feedback. */
const Engine = z.enum(['rollup', 'raw', 'index']);
const TimeBucketSize = z.enum(['day', 'week', 'month', 'quarter', 'year']);

/** A secondary estimate beside the headline score (CSAT mean, CES 5-7 share, rating top box). */
export const SubScore = z.object({
  score: z.number().nullable(),
  ci: ConfidenceInterval.nullable(),
  method: z.enum(['wilson', 't']),
});

const NpsParts = z.object({ promoters: z.number(), passives: z.number(), detractors: z.number() });

/**
 * A score with its uncertainty: NPS in points, CSAT top-2-box in percent, CES mean on 1..7, rating mean in
 * percent of its scale; null when n = 0. `lowN`: n below the minimum (show, but do not read much into it).
 */
export const Score = z.object({
  n: z.number().int(),
  score: z.number().nullable(),
  ci: ConfidenceInterval.nullable(),
  lowN: z.boolean(),
  method: z.enum(['adjusted-wald', 'wilson', 't']),
  breakdown: NpsParts.optional().describe('NPS: counts of promoters, passives, detractors'),
  shares: NpsParts.nullable().optional().describe('NPS: the same as percentages of n'),
  mean: SubScore.optional().describe('CSAT: mean on 1..5 with its t interval'),
  topBox: SubScore.optional().describe('CES: share answering 5-7; rating: share at the top of the scale'),
});

/** One bucket of a score summary: a period (`YYYY-MM-DD`, its first day), a group, or both. */
export const Bucket = Score.extend({
  period: z.string().nullable(),
  group: z.object({ id: z.string(), name: z.string() }).nullable(),
});

/** Body of `GET /api/v1/scores`. */
export const ScoreSummary = z.object({
  metric: Metric,
  interval: TimeBucketSize.nullable(),
  groupBy: z.string().nullable(),
  minN: z.number().int(),
  engine: Engine,
  overall: Score,
  buckets: z.array(Bucket),
  from: z.string().nullable(),
  to: z.string().nullable(),
});

/** Body of `GET /api/v1/scores/overview`: what the dashboard's overview shows, in one answer. */
export const ScoreOverview = z.object({
  /** NPS, CSAT and CES per time bucket; each `overall` is the headline score. */
  trend: z.object({ nps: ScoreSummary, csat: ScoreSummary, ces: ScoreSummary }),
  /** The three and ratings by touchpoint. */
  byTouchpoint: z.object({ nps: ScoreSummary, csat: ScoreSummary, ces: ScoreSummary, rating: ScoreSummary }),
});

/** Body of `GET /api/v1/analytics/slice`: a cross-tabulation by up to three dimensions. */
export const ScoreSlice = z.object({
  metric: Metric,
  interval: TimeBucketSize.nullable(),
  by: z.array(z.string()),
  minN: z.number().int(),
  engine: Engine,
  overall: Score,
  buckets: z.array(
    Score.extend({
      period: z.string().nullable(),
      groups: z.array(z.object({ dimension: z.string(), id: z.string().nullable(), name: z.string() })),
    }),
  ),
});

/** A two-sample test a - b: difference, standard error, statistic, df (t tests), p and interval. */
export const Comparison = z.object({
  difference: z.number().nullable(),
  se: z.number().nullable(),
  statistic: z.number().nullable(),
  df: z.number().nullable(),
  p: z.number().nullable(),
  ci: ConfidenceInterval.nullable(),
  method: z.string(),
});

/** One comparison a - b in the metric's unit, with its BH-adjusted p and a group label. */
export const ScoreComparison = Comparison.extend({
  a: Score,
  b: Score,
  pAdjusted: z.number().nullable(),
  significant: z.boolean(),
  group: z.object({ id: z.string().nullable(), name: z.string() }).nullable(),
});

const Period = z.object({ from: z.string(), to: z.string() });

/** Body of `GET /api/v1/analytics/compare`. */
export const ComparisonResult = z.object({
  metric: Metric,
  mode: z.enum(['previous', 'segments', 'ab']),
  by: z.string().nullable(),
  periods: z.object({ a: Period, b: Period }).nullable(),
  q: z.number(),
  engine: Engine,
  tested: z.number().int(),
  comparisons: z.array(ScoreComparison),
});

/** Body of `GET /api/v1/analytics/movers`: the significant changes, largest first. */
export const Movers = ComparisonResult.extend({ movers: z.array(ScoreComparison) });

/** Rollup settings: time zones kept besides UTC, and segment dimensions. */
export const RollupSettings = z.object({ timeZones: z.array(z.string()), dimensions: z.array(z.string()) });

const Quadrant = z.enum(['concentrate here', 'keep up the good work', 'low priority', 'possible overkill']);

/** Key drivers of an outcome with the importance-performance map. */
export const KeyDrivers = z.object({
  source: z.enum(['survey', 'touchpoints']),
  outcome: z.object({ id: z.string(), label: z.string(), kind: z.enum(['numeric', 'binary']) }),
  n: z.number().int(),
  r2: z.number().nullable(),
  missing: z.enum(['listwise', 'pairwise']),
  method: z.string(),
  drivers: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      shapley: z.number().nullable(),
      relativeWeight: z.number().nullable(),
      share: z.number().nullable(),
      sign: z.union([z.literal(-1), z.literal(0), z.literal(1)]),
      coefficient: z.number().nullable(),
      correlation: z.number().nullable(),
      mean: z.number().nullable(),
      performance: z.number().nullable(),
      n: z.number().int(),
      constant: z.boolean(),
      quadrant: Quadrant.nullable(),
    }),
  ),
  map: z.object({ importanceCrosshair: z.number().nullable(), performanceCrosshair: z.number().nullable() }),
  /** Across touchpoints: where the per-contact sums came from (the in-memory index, or a scan). */
  engine: z.enum(['raw', 'index']).optional(),
});

/** A mean with its t interval. */
export const MeanSummary = z.object({
  n: z.number().int(),
  mean: z.number().nullable(),
  sd: z.number().nullable(),
  se: z.number().nullable(),
  ci: ConfidenceInterval.nullable(),
  method: z.literal('t'),
  lowN: z.boolean(),
});

const SurveyRef = z.object({ id: Id, name: z.string() });

/** Expectation gap P - E per attribute and dimension. */
export const ExpectationGapResult = z.object({
  survey: SurveyRef,
  responses: z.number().int(),
  items: z.array(z.object({ item: z.string(), dimension: z.string(), gap: MeanSummary })),
  dimensions: z.array(
    z.object({
      dimension: z.string(),
      gap: z.number().nullable(),
      items: z.number().int(),
      weight: z.number().nullable(),
    }),
  ),
  unweighted: z.number().nullable(),
  weighted: z.number().nullable(),
  itemDetails: z.array(
    z.object({
      item: z.string(),
      dimension: z.string(),
      label: z.string(),
      dimensionLabel: z.string(),
      expectation: MeanSummary,
      perception: MeanSummary,
    }),
  ),
  weightsFrom: z.enum(['none', 'given', 'stated importance']),
});

/** Stated importance-performance map. */
export const ImportancePerformance = z.object({
  survey: SurveyRef,
  responses: z.number().int(),
  importanceCrosshair: z.number().nullable(),
  performanceCrosshair: z.number().nullable(),
  points: z.array(
    z.object({
      id: z.string(),
      importance: z.number(),
      performance: z.number(),
      quadrant: Quadrant,
      label: z.string(),
      importanceSummary: MeanSummary,
      performanceSummary: MeanSummary,
    }),
  ),
});

/** Delivery gap: internal (mirror survey) vs customer answers per item. */
export const DeliveryGapResult = z.object({
  survey: SurveyRef,
  mirrors: z.array(SurveyRef),
  responses: z.object({ internal: z.number().int(), customer: z.number().int() }),
  by: z.enum(['item', 'touchpoint']),
  items: z.array(
    z.object({
      item: z.string(),
      internalMean: z.number().nullable(),
      customerMean: z.number().nullable(),
      test: Comparison,
      pAdjusted: z.number().nullable(),
      classification: z.enum(['over-estimated', 'under-estimated', 'aligned']),
      itemId: z.string(),
      label: z.string(),
      touchpoint: z.object({ id: Id.nullable(), name: z.string() }).nullable(),
      n: z.object({ internal: z.number().int(), customer: z.number().int() }),
    }),
  ),
  headline: z
    .object({
      internal: z.number().nullable(),
      customer: z.number().nullable(),
      test: Comparison,
      item: z.string(),
      superiorFrom: z.number(),
    })
    .nullable(),
  overEstimatedShare: z.number().nullable(),
});

/** A survey marked (or unmarked: null) as the internal mirror of another. */
export const Mirror = z.object({ id: Id, mirrorOf: Id.nullable() });

const RateCounts = z.object({
  invited: z.number().int(),
  responded: z.number().int(),
  partial: z.number().int(),
  rr1: z.number().nullable(),
  rr2: z.number().nullable(),
  rr1Contacted: z.number().nullable(),
  suppressed: z.number().int(),
});

/** Body of `GET /api/v1/analytics/coverage`: commenter bias and response rates (null without invitations). */
export const Coverage = z.object({
  commenters: z.object({
    metric: Metric,
    all: Score,
    commenters: Score,
    rest: Score,
    bias: z.number().nullable(),
    test: Comparison,
    significant: z.boolean(),
  }),
  responseRates: z
    .object({
      by: z.string(),
      overall: RateCounts,
      groups: z.array(
        RateCounts.extend({
          group: z.string().nullable(),
          shareOfInvited: z.number().nullable(),
          shareOfRespondents: z.number().nullable(),
        }),
      ),
    })
    .nullable(),
});

// The types of the bodies above, for the dashboard (`import type`).
export type Metric = z.output<typeof Metric>;
export type SubScore = z.output<typeof SubScore>;
export type Score = z.output<typeof Score>;
export type Bucket = z.output<typeof Bucket>;
export type ScoreSummary = z.output<typeof ScoreSummary>;
export type ScoreOverview = z.output<typeof ScoreOverview>;
export type ScoreSlice = z.output<typeof ScoreSlice>;
export type Comparison = z.output<typeof Comparison>;
export type ScoreComparison = z.output<typeof ScoreComparison>;
export type ComparisonResult = z.output<typeof ComparisonResult>;
export type Movers = z.output<typeof Movers>;
export type RollupSettings = z.output<typeof RollupSettings>;
export type KeyDrivers = z.output<typeof KeyDrivers>;
export type MeanSummary = z.output<typeof MeanSummary>;
export type ExpectationGapResult = z.output<typeof ExpectationGapResult>;
export type ImportancePerformance = z.output<typeof ImportancePerformance>;
export type DeliveryGapResult = z.output<typeof DeliveryGapResult>;
export type Mirror = z.output<typeof Mirror>;
export type Coverage = z.output<typeof Coverage>;

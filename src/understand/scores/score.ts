// A score from sufficient statistics: NPS, CSAT, CES and ratings with n, a 95% interval (or the level
// asked) and the minimum-n marker. Pure: the server's slices and `northstar analyze` both use it.
import { summariseMean, summariseNps, summariseProportion } from '../stats/index.js';
import type { Metric, Sums } from '../sums/types.js';

/** A secondary estimate beside the headline score (CSAT mean, CES 5-7 share, rating top box). */
export interface SubScore {
  score: number | null;
  ci: { low: number; high: number; level: number } | null;
  method: 'wilson' | 't';
}

/** A score with its uncertainty, in the metric's reporting unit. */
export interface Score {
  n: number;
  /** NPS in points (-100..100), CSAT top-2-box in percent, CES mean on 1..7, rating mean in percent of
   * the scale (0..100); null when n = 0. */
  score: number | null;
  ci: { low: number; high: number; level: number } | null;
  /** n below the minimum (default 30): show, but do not read much into it. */
  lowN: boolean;
  method: 'adjusted-wald' | 'wilson' | 't';
  /** NPS: counts of promoters (9-10), passives (7-8), detractors (0-6). */
  breakdown?: { promoters: number; passives: number; detractors: number };
  /** NPS: the same as percentages of n. */
  shares?: { promoters: number; passives: number; detractors: number } | null;
  /** CSAT: mean on 1..5 with its t interval. */
  mean?: SubScore;
  /** CES: share answering 5-7 (percent); rating: share giving the top of the scale (percent); Wilson. */
  topBox?: SubScore;
}

const LEVEL = 0.95;

/** Turn sufficient statistics into a score with its interval (the only place metrics meet the stats module). */
export function scoreFromSums(metric: Metric, s: Sums, minN: number, level = LEVEL): Score {
  const opts = { level, minN };
  if (metric === 'nps') {
    const r = summariseNps({ promoters: s.hi, passives: s.mid, detractors: s.lo }, opts);
    return {
      n: r.n,
      score: r.score,
      ci: r.ci,
      lowN: r.lowN,
      method: r.method,
      breakdown: { promoters: s.hi, passives: s.mid, detractors: s.lo },
      shares: r.shares && {
        promoters: 100 * r.shares.promoters,
        passives: 100 * r.shares.passives,
        detractors: 100 * r.shares.detractors,
      },
    };
  }
  const m = summariseMean(
    { n: s.n, sum: s.sum, sumSquares: s.sumSquares, ...(s.shift === undefined ? {} : { shift: s.shift }) },
    opts,
  );
  const top = summariseProportion({ successes: s.hi, n: s.n }, opts);
  if (metric === 'csat') {
    return {
      n: top.n,
      score: top.estimate,
      ci: top.ci,
      lowN: top.lowN,
      method: top.method,
      mean: { score: m.mean, ci: m.ci, method: 't' },
    };
  }
  const topBox: SubScore = { score: top.estimate, ci: top.ci, method: 'wilson' };
  if (metric === 'ces') return { n: m.n, score: m.mean, ci: m.ci, lowN: m.lowN, method: m.method, topBox };
  const pct = (v: number | null) => (v === null ? null : 100 * v);
  return {
    n: m.n,
    score: pct(m.mean),
    ci: m.ci && { low: 100 * m.ci.low, high: 100 * m.ci.high, level: m.ci.level },
    lowN: m.lowN,
    method: m.method,
    topBox,
  };
}

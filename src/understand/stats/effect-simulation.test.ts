// Seeded simulation of the DiD estimator: placebo splits on drifting data keep a 5% false-positive rate,
// a planted 0.5 SD effect is found at n = 2,000, and a before/after without a control does not hold its rate.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../shared/random.js';
import { compareMeans } from './compare.js';
import { type EffectCell, estimateDid, npsPointMoments } from './effect.js';
import { sumMoments } from './scores.js';

const PERIODS = 12; // weeks -6..5 around a made-up start at week 0
const FIRST = -6;

function normal(u: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

interface Respondent {
  period: number;
  treated: boolean;
  y: number;
}

/**
 * n respondents over 12 weeks with a mean that drifts by `drift` SD a week and a treated share that
 * changes over time; `effect` SD is added to the treated after the start. `nps` turns the latent score
 * into 0-10 answers and codes them +100/0/-100.
 */
function simulate(
  seed: number,
  opts: { n: number; drift: number; effect: number; treatedShare: number; nps?: boolean },
): Respondent[] {
  const u = mulberry32(seed);
  const z = normal(u);
  const out: Respondent[] = [];
  for (let i = 0; i < opts.n; i++) {
    const period = FIRST + Math.floor(u() * PERIODS);
    const share = Math.min(0.9, Math.max(0.1, opts.treatedShare + 0.1 * Math.sin(period)));
    const treated = u() < share;
    const latent = opts.drift * period + (treated && period >= 0 ? opts.effect : 0) + z();
    if (opts.nps) {
      const score = Math.max(0, Math.min(10, Math.round(7.5 + 2 * latent)));
      out.push({ period, treated, y: score >= 9 ? 100 : score >= 7 ? 0 : -100 });
    } else out.push({ period, treated, y: 3.5 + latent });
  }
  return out;
}

function cells(rows: Respondent[], nps: boolean): EffectCell[] {
  const groups = new Map<number, Respondent[]>();
  for (const r of rows) {
    const key = 2 * (r.period - FIRST) + (r.treated ? 1 : 0);
    const g = groups.get(key) ?? [];
    g.push(r);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => {
    const { treated, period } = g[0] as Respondent;
    if (!nps) return { treated, period, ...sumMoments(g.map((r) => r.y)) };
    return {
      treated,
      period,
      ...npsPointMoments({
        promoters: g.filter((r) => r.y === 100).length,
        passives: g.filter((r) => r.y === 0).length,
        detractors: g.filter((r) => r.y === -100).length,
      }),
    };
  });
}

const significant = (ci: { low: number; high: number }) => ci.low > 0 || ci.high < 0;

/** Share of runs whose DiD interval excludes 0. */
function didRate(runs: number, seed: number, opts: Parameters<typeof simulate>[1]): number {
  let hits = 0;
  for (let r = 0; r < runs; r++) {
    const fit = estimateDid(cells(simulate(seed + r, opts), !!opts.nps), {
      outcome: opts.nps ? 'nps' : 'mean',
    });
    if (!fit) throw new Error('the simulated design must identify the DiD');
    if (significant(fit.ci)) hits += 1;
  }
  return hits / runs;
}

describe('DiD under simulation (seeded mulberry32)', () => {
  const RUNS = 1000;

  it('placebo splits on drifting data are called significant 5% +/- 2% of the time (mean metric)', () => {
    // Random treated/control split, no effect, the metric climbs 0.1 SD a week (1.2 SD over the window).
    const rate = didRate(RUNS, 1_000, { n: 2_000, drift: 0.1, effect: 0, treatedShare: 0.4 });
    console.info(`placebo DiD false-positive rate (mean, ${RUNS} runs): ${(100 * rate).toFixed(1)}%`);
    expect(rate).toBeGreaterThanOrEqual(0.03);
    expect(rate).toBeLessThanOrEqual(0.07);
  });

  it('placebo splits hold 5% +/- 2% for NPS codes with adjusted-Wald pseudo-respondents', () => {
    const rate = didRate(RUNS, 50_000, { n: 2_000, drift: 0.1, effect: 0, treatedShare: 0.3, nps: true });
    console.info(`placebo DiD false-positive rate (NPS, ${RUNS} runs): ${(100 * rate).toFixed(1)}%`);
    expect(rate).toBeGreaterThanOrEqual(0.03);
    expect(rate).toBeLessThanOrEqual(0.07);
  });

  it('finds a planted 0.5 SD effect at least 80% of the time at n = 2,000', () => {
    // A small treated group (20% of 2,000, about 165 treated answers after the start) under the same drift.
    const rate = didRate(400, 90_000, { n: 2_000, drift: 0.1, effect: 0.5, treatedShare: 0.2 });
    console.info(`power for 0.5 SD at n = 2,000, 20% treated (400 runs): ${(100 * rate).toFixed(1)}%`);
    expect(rate).toBeGreaterThanOrEqual(0.8);
  });

  it('a before/after without a control does not hold its rate under the same drift', () => {
    let hits = 0;
    const runs = 400;
    for (let r = 0; r < runs; r++) {
      const rows = simulate(1_000 + r, { n: 2_000, drift: 0.1, effect: 0, treatedShare: 0.4 });
      const treated = rows.filter((x) => x.treated);
      const c = compareMeans(
        sumMoments(treated.filter((x) => x.period >= 0).map((x) => x.y)),
        sumMoments(treated.filter((x) => x.period < 0).map((x) => x.y)),
      );
      if (c.ci && significant(c.ci)) hits += 1;
    }
    const rate = hits / runs;
    console.info(
      `before/after without control, false-positive rate (${runs} runs): ${(100 * rate).toFixed(1)}%`,
    );
    expect(rate).toBeGreaterThan(0.5);
  });
});

// Benchmark: churn-model training (gradient-boosted trees, default options) on 100,000 rows x 30 features,
// beside the logistic-regression baseline fitted on the same data in the same run.

import { fitLogistic, gbdtPredict, logisticPredict, rowOf, trainGbdt } from '../../src/prove/models/index.js';
import { mulberry32 } from '../../src/shared/random.js';
import { rocAuc } from '../../src/understand/stats/index.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : fallback;
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const ROWS = flag('rows', 100_000);
const FEATURES = flag('features', 30);
const TEST = 20_000;

/** Seeded data shaped like contact features: 10 continuous (tenure, spend, scores), 20 flags (plan, themes). */
function generate(n: number, p: number, seed: number) {
  const rnd = mulberry32(seed);
  const cols = Array.from({ length: p }, (_, j) =>
    Float64Array.from({ length: n }, () => (j < 10 ? rnd() * 100 : rnd() < 0.3 ? 1 : 0)),
  );
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = (j: number) => (cols[j] as Float64Array)[i] as number;
    const eta =
      1.5 - c(0) / 25 + c(1) / 100 - (c(2) > 70 ? 1 : 0) + 0.8 * c(10) - 0.6 * c(11) + 0.5 * c(12) * c(13);
    y[i] = rnd() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  return { cols, y };
}

function timed<T>(run: () => T): { value: T; wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = run();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { value, wall, cpu: (c.user + c.system) / 1e6 };
}

const train = generate(ROWS, FEATURES, 20_261_203);
const test = generate(TEST, FEATURES, 7);
const base = timed(() => fitLogistic(train.cols, train.y, { lambda: 1 }));
const gb = timed(() => trainGbdt(train.cols, train.y));
const aucOf = (predict: (row: Float64Array) => number) =>
  rocAuc(
    Array.from({ length: TEST }, (_, i) => predict(rowOf(test.cols, i))),
    test.y,
  ) as number;
const fmt = (x: number) => x.toFixed(2);
console.log(`churn model training on ${ROWS} rows x ${FEATURES} features (held-out AUC on ${TEST} rows)`);
console.log(
  `logistic baseline: wall ${fmt(base.wall)} s, cpu ${fmt(base.cpu)} s, AUC ${aucOf((r) => logisticPredict(base.value, r)).toFixed(3)}`,
);
console.log(
  `gbdt (300 trees, depth 3): wall ${fmt(gb.wall)} s, cpu ${fmt(gb.cpu)} s, AUC ${aucOf((r) => gbdtPredict(gb.value, r)).toFixed(3)}`,
);
console.log(
  `ratio gbdt / logistic (cpu): ${(gb.cpu / base.cpu).toFixed(1)}x; goal cpu <= 30 s: ${gb.cpu <= 30 ? 'met' : 'NOT met'}`,
);

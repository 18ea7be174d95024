// Cost of checking a response body against its schema (NORTHSTAR_CHECK_RESPONSES=1) against plain
// JSON.stringify of the same body, for the largest bodies the API sends: a page of 200 feedback records
// and a daily score summary over a year. `npm run bench -- contract [iterations]`.
import { performance } from 'node:perf_hooks';
import { checkBody } from '../../src/server/response-check.js';
import { FeedbackPage, ScoreSummary } from '../../src/shared/api/index.js';
import { createRandom } from '../../src/shared/random.js';

const iterations = Number(process.argv[2] ?? 200);
const random = createRandom(7);
const rnd = () => random.next();
const id = () => random.uuid();
const day = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString();

const feedback = {
  items: Array.from({ length: 200 }, (_, i) => ({
    id: id(),
    source: 'survey',
    sourceId: id(),
    responseId: id(),
    surveyId: id(),
    contactId: id(),
    journeyId: id(),
    stageId: null,
    touchpointId: id(),
    channel: 'email',
    occurredAt: day(i % 365),
    measures: { nps: Math.floor(rnd() * 11), csat: null, ces: null, rating: null, ratingScale: null },
    text: 'The delivery was late but the support team sorted it out quickly.',
    language: 'en',
    attributes: { plan: 'pro', region: 'emea' },
    metadata: { orderId: `o-${i}` },
    enrichment: {
      sentiment: { label: 'positive', score: 0.4 },
      themes: [{ id: 'delivery', name: 'Delivery' }],
    },
  })),
  nextCursor: id(),
};
const score = (n: number) => ({
  n,
  score: 20 + rnd() * 10,
  ci: { low: 15, high: 30, level: 0.95 },
  lowN: n < 30,
  method: 'adjusted-wald',
  breakdown: { promoters: n / 2, passives: n / 4, detractors: n / 4 },
  shares: { promoters: 50, passives: 25, detractors: 25 },
});
const summary = {
  metric: 'nps',
  interval: 'day',
  groupBy: null,
  minN: 30,
  engine: 'rollup',
  overall: score(36_500),
  buckets: Array.from({ length: 365 }, (_, i) => ({
    ...score(100),
    period: day(i).slice(0, 10),
    group: null,
  })),
  from: null,
  to: null,
};

function time(fn: () => unknown): number {
  for (let i = 0; i < 20; i++) fn();
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  return (performance.now() - t0) / iterations;
}

for (const [name, schema, body] of [
  ['feedback page (200 records)', FeedbackPage, feedback],
  ['daily scores (365 buckets)', ScoreSummary, summary],
] as const) {
  const problem = checkBody(schema, body);
  if (problem) throw new Error(`${name}: ${problem}`);
  const plain = time(() => JSON.stringify(body));
  const checked = time(() => {
    checkBody(schema, body);
    return JSON.stringify(body);
  });
  const bytes = JSON.stringify(body).length;
  console.log(
    `${name}: ${(bytes / 1024).toFixed(0)} KiB; JSON.stringify ${plain.toFixed(3)} ms, with the check ${checked.toFixed(3)} ms (${(checked / plain).toFixed(1)}x, +${(checked - plain).toFixed(3)} ms per response)`,
  );
}

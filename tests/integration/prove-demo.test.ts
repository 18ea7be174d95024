// The demo's outcomes tell the value story: promoters stay and spend more, some satisfied customers leave,
// and the churn model its job trains scores the customers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoData, loadDemoData, startOfToday } from '../../src/demo/index.js';
import { planDemoOutcomes } from '../../src/demo/outcomes.js';
import {
  getChurnRisk,
  getMaturity,
  getSatisfiedDefectors,
  getValueSummary,
  listInitiativeRoi,
  trainChurnForOrg,
} from '../../src/prove/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

let db: TestDatabase;
let orgId = '';

beforeAll(async () => {
  db = await createTestDatabase();
  const t0 = Date.now();
  orgId = (await loadDemoData(db.sql, { seed: 42 })).orgId;
  console.log(`demo loaded in ${Date.now() - t0} ms`);
}, 300_000);
afterAll(() => db.drop());

describe('demo outcomes', () => {
  it('are the same for the same seed and day', () => {
    const now = startOfToday();
    const feedback = generateDemoData({ seed: 7, now }).feedback.slice(0, 3000);
    expect(planDemoOutcomes(feedback, { seed: 7, now })).toEqual(
      planDemoOutcomes(feedback, { seed: 7, now }),
    );
  });

  it('show promoters retaining and spending more than detractors, with intervals apart', async () => {
    const v = await getValueSummary(db.sql, orgId, { metric: 'nps', outcome: 'order', window: '180d' });
    const [promoter, , detractor] = v.categories;
    expect(promoter?.n).toBeGreaterThan(100);
    expect(detractor?.n).toBeGreaterThan(50);
    expect((promoter?.retention.rate ?? 0) - (detractor?.retention.rate ?? 0)).toBeGreaterThan(0.05);
    expect(v.differences.find((d) => d.a === 'promoter' && d.measure === 'revenue')?.ci?.low).toBeGreaterThan(
      0,
    );
  });

  it('count orders as revenue by default, the same as asking for orders', async () => {
    const byDefault = await getValueSummary(db.sql, orgId, { metric: 'nps', window: '180d' });
    const orders = await getValueSummary(db.sql, orgId, { metric: 'nps', outcome: 'order', window: '180d' });
    expect(byDefault.categories[0]?.revenue.mean).toBeGreaterThan(0);
    expect(byDefault.categories.map((c) => c.revenue.mean)).toEqual(
      orders.categories.map((c) => c.revenue.mean),
    );
  });

  it('date nothing after today', () => {
    const now = startOfToday();
    const feedback = generateDemoData({ seed: 7, now }).feedback.slice(0, 3000);
    const late = planDemoOutcomes(feedback, { seed: 7, now }).filter((o) => o.occurredAt > now);
    expect(late).toEqual([]);
  });

  it('include satisfied defectors and a churn model with scores', async () => {
    const d = await getSatisfiedDefectors(db.sql, orgId, {});
    expect(d.n).toBeGreaterThan(30);
    expect(d.share).toBeGreaterThan(0.2);
    expect(d.share).toBeLessThan(0.9);
    // what the job `northstar demo` queues does
    await trainChurnForOrg(db.sql, orgId, { horizonDays: 180 });
    const risk = await getChurnRisk(db.sql, orgId, 5);
    const m = risk.model;
    console.log(
      `demo churn model: trees AUC ${m?.cv.auc.toFixed(3)}, logistic ${m?.baseline.auc.toFixed(3)}; scoring with ${m?.model}`,
    );
    // churn follows answers, behaviour and attributes: whichever model scores ranks customers well
    expect(Math.max(m?.cv.auc ?? 0, m?.baseline.auc ?? 0)).toBeGreaterThan(0.68);
    // and the server scores with the better of the two in the same cross-validation
    expect(m?.model).toBe((m?.cv.auc ?? 0) > (m?.baseline.auc ?? 0) ? 'gbdt' : 'logistic');
    expect(m?.selection).toMatch(m?.model === 'gbdt' ? /trees/ : /baseline/);
    expect(risk.items).toHaveLength(5);
  });

  it('value the measured win of the demo initiatives against its cost, with intervals', async () => {
    const { items } = await listInitiativeRoi(db.sql, orgId);
    const win = items.find((i) => i.verdict === 'win');
    if (!win) throw new Error('the demo has no measured win');
    console.log(
      `demo initiative ROI: ${JSON.stringify({ value: win.value, roi: win.roi, customers: win.customers, gap: win.gap, difference: win.difference })}`,
    );
    expect(win.available).toBe(true);
    expect(win.cost).toEqual({ amount: '18000.00', currency: 'EUR' });
    expect(win.value?.low).toBeLessThan(win.value?.estimate ?? 0);
    expect(win.value?.high).toBeGreaterThan(win.value?.estimate ?? 0);
    expect(win.roi?.low).toBeLessThan(win.roi?.high ?? 0);
    // the others are not wins: no value claimed
    for (const other of items.filter((i) => i.verdict !== 'win')) expect(other.value).toBeNull();
  });

  it("let the programme's maturity see the demo's measured win and its employee pulse", async () => {
    const { evidence } = await getMaturity(db.sql, orgId);
    expect(evidence.find((e) => e.id === 'initiatives')).toMatchObject({
      value: '1',
      met: true,
      source: 'product',
    });
    expect(evidence.find((e) => e.id === 'employeePulse')).toMatchObject({ met: true, source: 'product' });
  });
});

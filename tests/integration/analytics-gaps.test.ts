// Key drivers, expectation gap, importance-performance, delivery gap (mirror surveys) and coverage over the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitResponse } from '../../src/listen/index.js';
import { isVersionedRequest } from '../../src/server/etag.js';
import { mulberry32 as prng } from '../../src/shared/random.js';
import {
  adjustBh,
  analyseDrivers,
  classifyImportancePerformance,
  compareMeans,
  compareSubgroupNps,
  sumMoments,
  summariseExpectationGap,
} from '../../src/understand/stats/index.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, type TestOrg } from '../support/factories.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let other: TestOrg;
let driverSurvey: string;
let gapSurvey: string;
let customerSurvey: string;
let mirrorSurvey: string;

const rand = prng(11);
const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(v)));

async function createSurvey(org: TestOrg, name: string, questions: unknown[]): Promise<string> {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/surveys',
    headers: org.headers,
    payload: { name, definition: { title: { en: name }, questions } },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function respond(org: TestOrg, survey: string, answers: Record<string, unknown>, extra: object = {}) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/surveys/${survey}/responses`,
    headers: org.headers,
    payload: { answers, channel: 'api', ...extra },
  });
  expect(res.statusCode, res.body).toBe(201);
}

const rating = (id: string) => ({ id, type: 'rating', text: { en: id }, scale: { min: 1, max: 5 } });
const DRIVER_ROWS: Array<{ nps: number; staff: number; speed: number; price: number }> = [];
const GAP_ROWS: Array<Record<string, Record<string, Record<string, number>>>> = [];
const CUSTOMER = { nps: [] as number[], ease: [] as number[] };
const INTERNAL = { nps: [] as number[], ease: [] as number[] };

beforeAll(async () => {
  ctx = await createTestApp({ rateLimitPerMinute: 100_000 });
  acme = await createTestOrg(ctx.db.sql, 'Acme');
  other = await createTestOrg(ctx.db.sql, 'Other');
  // Drivers: NPS depends strongly on staff, a little on speed, not on price; 0 = not applicable on price.
  driverSurvey = await createSurvey(acme, 'Store visit', [
    { id: 'nps', type: 'nps', text: { en: 'Recommend?' } },
    rating('staff'),
    rating('speed'),
    { id: 'price', type: 'rating', text: { en: 'price' }, scale: { min: 0, max: 5 } },
    { id: 'comment', type: 'text', text: { en: 'Why?' } },
  ]);
  for (let i = 0; i < 120; i++) {
    const staff = 1 + Math.floor(rand() * 5);
    const speed = 1 + Math.floor(rand() * 5);
    const price = Math.floor(rand() * 6);
    const nps = clamp(1.4 * staff + 0.5 * speed + 2 * (rand() - 0.5), 0, 10);
    DRIVER_ROWS.push({ nps, staff, speed, price });
    const answers: Record<string, unknown> = { nps, staff, speed, price };
    if (nps <= 6 || rand() < 0.2) answers.comment = 'something to say';
    await respond(acme, driverSurvey, answers, {
      contact: { externalId: `c${i}`, attributes: { churned: nps < 5 } },
    });
  }
  // Expectation-perception (two dimensions) and importance-performance pairs.
  gapSurvey = await createSurvey(acme, 'Service quality', [
    {
      id: 'reliability',
      type: 'expectation_perception',
      text: { en: 'Reliability' },
      attributes: [
        { id: 'ontime', text: { en: 'On time' } },
        { id: 'right', text: { en: 'Right first time' } },
      ],
    },
    {
      id: 'empathy',
      type: 'expectation_perception',
      text: { en: 'Empathy' },
      attributes: [{ id: 'care', text: { en: 'Care' } }],
    },
    {
      id: 'ipa',
      type: 'importance_performance',
      text: { en: 'Importance and performance' },
      attributes: [
        { id: 'ontime', text: { en: 'On time' } },
        { id: 'right', text: { en: 'Right first time' } },
        { id: 'care', text: { en: 'Care' } },
      ],
    },
  ]);
  for (let i = 0; i < 40; i++) {
    const ep = (e: number, p: number) => ({
      expectation: clamp(e + 2 * (rand() - 0.5), 1, 7),
      perception: clamp(p + 2 * (rand() - 0.5), 1, 7),
    });
    const ip = (imp: number, perf: number) => ({
      importance: clamp(imp + 2 * (rand() - 0.5), 1, 7),
      performance: clamp(perf + 2 * (rand() - 0.5), 1, 7),
    });
    const answers = {
      reliability: { ontime: ep(6.5, 4.5), right: ep(6, 5.5) },
      empathy: { care: ep(5, 5.5) },
      ipa: { ontime: ip(6.5, 3.5), right: ip(4, 6), care: ip(3, 3) },
    };
    GAP_ROWS.push(answers);
    // Pair answers are objects, which the HTTP response schema does not take yet: use the intake service.
    await submitResponse(ctx.db.sql, acme.org.id, gapSurvey, { answers, channel: 'api' });
  }
  // Delivery gap: the company believes customers are happier than they are about ease.
  const questions = [{ id: 'nps', type: 'nps', text: { en: 'Recommend?' } }, rating('ease')];
  customerSurvey = await createSurvey(acme, 'Relationship', questions);
  mirrorSurvey = await createSurvey(acme, 'Relationship (internal mirror)', questions);
  for (let i = 0; i < 60; i++) {
    const nps = clamp(7 + 4 * (rand() - 0.5), 0, 10);
    const ease = clamp(2.8 + 2 * (rand() - 0.5), 1, 5);
    CUSTOMER.nps.push(nps);
    CUSTOMER.ease.push(ease);
    await respond(acme, customerSurvey, { nps, ease });
  }
  for (let i = 0; i < 20; i++) {
    const nps = clamp(9 + 2 * (rand() - 0.5), 0, 10);
    const ease = clamp(4.3 + 1.4 * (rand() - 0.5), 1, 5);
    INTERNAL.nps.push(nps);
    INTERNAL.ease.push(ease);
    await respond(acme, mirrorSurvey, { nps, ease });
  }
});
afterAll(() => ctx.close());

const get = async (url: string, org: TestOrg = acme) => {
  const res = await ctx.app.inject({ method: 'GET', url, headers: org.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const problem = async (url: string, status = 400, org: TestOrg = acme) => {
  const res = await ctx.app.inject({ method: 'GET', url, headers: org.headers });
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  return (res.json().invalid_params ?? []).map((p: { name: string }) => p.name);
};

describe('key drivers', () => {
  it('match the pure analysis on the same answers, sum to R² and carry their sign and map quadrant', async () => {
    const r = await get(`/api/v1/analytics/drivers?survey=${driverSurvey}&outcome=nps&na=0`);
    const col = (k: 'staff' | 'speed' | 'price') => Float64Array.from(DRIVER_ROWS, (x) => x[k]);
    const ref = analyseDrivers(
      Float64Array.from(DRIVER_ROWS, (x) => x.nps),
      [
        { name: 'staff', values: col('staff') },
        { name: 'speed', values: col('speed') },
        { name: 'price', values: col('price') },
      ],
      { notApplicable: [0] },
    );
    expect(r.n).toBe(ref.n);
    expect(r.r2).toBeCloseTo(ref.r2, 10);
    expect(r.drivers.map((d: { id: string }) => d.id)).toEqual(['staff', 'speed', 'price']);
    r.drivers.forEach((d: { shapley: number; relativeWeight: number; sign: number }, i: number) => {
      expect(d.shapley).toBeCloseTo(ref.drivers[i]?.shapley as number, 10);
      expect(d.relativeWeight).toBeCloseTo(ref.drivers[i]?.relativeWeight as number, 10);
      expect(d.sign).toBe(ref.drivers[i]?.sign);
    });
    const sum = r.drivers.reduce((a: number, d: { shapley: number }) => a + d.shapley, 0);
    expect(sum).toBeCloseTo(r.r2, 10);
    expect(r.drivers[0].share).toBeGreaterThan(0.6);
    expect(r.drivers[0].quadrant).toMatch(/keep up the good work|concentrate here/);
  });

  it('takes a binary outcome: promoters, or churn from a contact attribute', async () => {
    const promoter = await get(
      `/api/v1/analytics/drivers?survey=${driverSurvey}&outcome=nps&outcomeAs=promoter&drivers=staff,speed`,
    );
    expect(promoter.outcome.kind).toBe('binary');
    const churn = await get(
      `/api/v1/analytics/drivers?survey=${driverSurvey}&outcome=attr.churned&drivers=staff,speed`,
    );
    expect(churn.outcome.kind).toBe('binary');
    expect(churn.drivers[0].sign).toBe(-1);
  });

  it('names the parameter at fault, and hides other organisations’ surveys', async () => {
    expect(await problem(`/api/v1/analytics/drivers?outcome=nps`)).toEqual(['query.survey']);
    expect(await problem(`/api/v1/analytics/drivers?survey=${driverSurvey}&outcome=colour`)).toEqual([
      'query.outcome',
    ]);
    expect(
      await problem(`/api/v1/analytics/drivers?survey=${driverSurvey}&outcome=nps&drivers=staff,mood`),
    ).toEqual(['query.drivers']);
    expect(await problem(`/api/v1/analytics/drivers?survey=${driverSurvey}&outcome=nps&na=x`)).toEqual([
      'query.na',
    ]);
    await problem(`/api/v1/analytics/drivers?survey=${driverSurvey}&outcome=nps`, 404, other);
  });
});

describe('expectation gap and importance-performance', () => {
  it('gives P - E per attribute and dimension as the pure SERVQUAL scoring does', async () => {
    const r = await get(
      `/api/v1/analytics/expectation-gap?survey=${gapSurvey}&weights=reliability:70,empathy:30`,
    );
    const d = (q: string, a: string) =>
      GAP_ROWS.map((x) => (x[q]?.[a]?.perception ?? 0) - (x[q]?.[a]?.expectation ?? 0));
    const ref = summariseExpectationGap(
      [
        { item: 'reliability.ontime', dimension: 'reliability', gap: sumMoments(d('reliability', 'ontime')) },
        { item: 'reliability.right', dimension: 'reliability', gap: sumMoments(d('reliability', 'right')) },
        { item: 'empathy.care', dimension: 'empathy', gap: sumMoments(d('empathy', 'care')) },
      ],
      { weights: { reliability: 70, empathy: 30 } },
    );
    r.items.forEach((i: { gap: { mean: number; ci: { low: number } } }, k: number) => {
      expect(i.gap.mean).toBeCloseTo(ref.items[k]?.gap.mean as number, 12);
      expect(i.gap.ci.low).toBeCloseTo(ref.items[k]?.gap.ci?.low as number, 10);
    });
    r.dimensions.forEach((d: { dimension: string; gap: number; weight: number }, k: number) => {
      expect(d.dimension).toBe(ref.dimensions[k]?.dimension);
      expect(d.gap).toBeCloseTo(ref.dimensions[k]?.gap as number, 12);
      expect(d.weight).toBe(ref.dimensions[k]?.weight);
    });
    expect(r.weighted).toBeCloseTo(ref.weighted as number, 12);
    expect(r.items[0].gap.mean).toBeLessThan(-1);
    expect(r.itemDetails[0]).toMatchObject({ label: 'On time', dimensionLabel: 'Reliability' });
    const byImportance = await get(
      `/api/v1/analytics/expectation-gap?survey=${gapSurvey}&weightBy=importance`,
    );
    expect(byImportance.weightsFrom).toBe('stated importance');
    expect(byImportance.weighted).not.toBeNull();
  });

  it('places stated importance and performance in the four quadrants', async () => {
    const r = await get(`/api/v1/analytics/ipa?survey=${gapSurvey}`);
    const mean = (a: string, part: 'importance' | 'performance') =>
      GAP_ROWS.reduce((s, x) => s + (x.ipa?.[a]?.[part] ?? 0), 0) / GAP_ROWS.length;
    const ref = classifyImportancePerformance(
      ['ontime', 'right', 'care'].map((a) => ({
        id: `ipa.${a}`,
        importance: mean(a, 'importance'),
        performance: mean(a, 'performance'),
      })),
    );
    expect(r.points.map((p: { quadrant: string }) => p.quadrant)).toEqual(ref.points.map((p) => p.quadrant));
    expect(r.points[0].quadrant).toBe('concentrate here');
    expect(await problem(`/api/v1/analytics/ipa?survey=${driverSurvey}`)).toEqual(['query.survey']);
    expect(await problem(`/api/v1/analytics/ipa?survey=nope`)).toEqual(['query.survey']);
  });
});

describe('delivery gap with a mirror survey', () => {
  it('compares internal beliefs with customer answers, Welch t + BH, and keeps internal answers out of scores', async () => {
    const before = await get(`/api/v1/scores?metric=nps&survey=${mirrorSurvey}`);
    expect(before.overall.n).toBe(20);
    expect(await problem(`/api/v1/analytics/delivery-gap?survey=${customerSurvey}`)).toEqual([
      'query.survey',
    ]);
    const put = await ctx.app.inject({
      method: 'PUT',
      url: `/api/v1/analytics/mirrors/${mirrorSurvey}`,
      headers: acme.headers,
      payload: { mirrorOf: customerSurvey },
    });
    expect(put.statusCode, put.body).toBe(200);
    const r = await get(`/api/v1/analytics/delivery-gap?survey=${customerSurvey}`);
    const sums = (xs: number[]) => sumMoments(xs);
    const tests = [
      compareMeans(sums(INTERNAL.nps), sums(CUSTOMER.nps)),
      compareMeans(sums(INTERNAL.ease), sums(CUSTOMER.ease)),
    ];
    expect(r.items.map((i: { itemId: string }) => i.itemId)).toEqual(['nps', 'ease']);
    r.items.forEach((i: { test: { statistic: number; p: number }; pAdjusted: number }, k: number) => {
      expect(i.test.statistic).toBeCloseTo(tests[k]?.statistic as number, 10);
      expect(i.pAdjusted).toBeCloseTo(adjustBh(tests.map((t) => t.p))[k] as number, 12);
    });
    expect(r.items[1].classification).toBe('over-estimated');
    const share = (xs: number[]) => (100 * xs.filter((v) => v >= 9).length) / xs.length;
    expect(r.headline.internal).toBeCloseTo(share(INTERNAL.nps), 10);
    expect(r.headline.customer).toBeCloseTo(share(CUSTOMER.nps), 10);
    // Mirror answers leave every customer score.
    const after = await get(`/api/v1/scores?metric=nps&survey=${mirrorSurvey}`);
    expect(after.overall.n).toBe(0);
    const all = await get('/api/v1/scores?metric=nps');
    expect(all.overall.n).toBe(DRIVER_ROWS.length + CUSTOMER.nps.length);
  });

  it('refuses bad mirror links and other organisations', async () => {
    const self = await ctx.app.inject({
      method: 'PUT',
      url: `/api/v1/analytics/mirrors/${customerSurvey}`,
      headers: acme.headers,
      payload: { mirrorOf: customerSurvey },
    });
    expect(self.json().invalid_params[0].name).toBe('body.mirrorOf');
    const theirs = await ctx.app.inject({
      method: 'PUT',
      url: `/api/v1/analytics/mirrors/${mirrorSurvey}`,
      headers: other.headers,
      payload: { mirrorOf: null },
    });
    expect(theirs.statusCode).toBe(404);
    expect(await problem(`/api/v1/analytics/delivery-gap?survey=${mirrorSurvey}`)).toEqual(['query.survey']);
  });
});

describe('non-response and coverage', () => {
  it('shows the commenter bias against the pure reference', async () => {
    const r = await get(`/api/v1/analytics/coverage?metric=nps&survey=${driverSurvey}`);
    const counts = (xs: number[]) => ({
      promoters: xs.filter((v) => v >= 9).length,
      passives: xs.filter((v) => v === 7 || v === 8).length,
      detractors: xs.filter((v) => v <= 6).length,
    });
    const all = DRIVER_ROWS.map((x) => x.nps);
    const [rows] = await ctx.db.sql<{ n: number }[]>`
      select count(*)::int as n from feedback where org_id = ${acme.org.id} and survey_id = ${driverSurvey} and text is not null`;
    const commented = await ctx.db.sql<{ nps: number }[]>`
      select nps from feedback where org_id = ${acme.org.id} and survey_id = ${driverSurvey} and text is not null`;
    const ref = compareSubgroupNps(counts(commented.map((c) => c.nps)), counts(all));
    expect(r.commenters.commenters.n).toBe(rows?.n);
    expect(r.commenters.bias).toBeCloseTo(ref.bias as number, 10);
    expect(r.commenters.test.p).toBeCloseTo(ref.test.p as number, 12);
    expect(r.commenters.bias).toBeLessThan(0);
    expect(await problem('/api/v1/analytics/coverage?by=plan')).toEqual(['query.by']);
  });

  it('gives AAPOR RR1 per channel and per contact attribute from invitations', async () => {
    const statuses: Array<[string, string, string]> = [
      ...[
        'responded',
        'responded',
        'responded',
        'responded',
        'sent',
        'sent',
        'sent',
        'opened',
        'opened',
        'bounced',
      ].map((st, i): [string, string, string] => ['email', st, i < 6 ? 'pro' : 'basic']),
      ['email', 'suppressed', 'basic'],
      ['email', 'queued', 'basic'],
      ...['responded', 'responded', 'responded', 'sent', 'sent'].map((st): [string, string, string] => [
        'link',
        st,
        'basic',
      ]),
    ];
    for (const [i, [channel, status, plan]] of statuses.entries()) {
      const [c] = await ctx.db.sql<{ id: string }[]>`
        insert into contacts (org_id, external_id, attributes) values (${acme.org.id}, ${`inv-${i}`}, ${ctx.db.sql.json({ plan })})
        returning id`;
      await ctx.db.sql`insert into invitations (org_id, survey_id, contact_id, channel, status)
        values (${acme.org.id}, ${customerSurvey}, ${c?.id as string}, ${channel}, ${status})`;
    }
    // An opened invitation whose personal link was started and left: a partial (P), not a refusal.
    const [partialContact] = await ctx.db.sql<{ id: string }[]>`
      insert into contacts (org_id, external_id, attributes) values (${acme.org.id}, 'inv-partial', ${ctx.db.sql.json({ plan: 'pro' })})
      returning id`;
    await ctx.db.sql`insert into invitations (org_id, survey_id, contact_id, channel, status, token_nonce)
      values (${acme.org.id}, ${customerSurvey}, ${partialContact!.id}, 'email', 'opened', 'nonce-partial')`;
    await ctx.db.sql`insert into respondent_sessions (org_id, survey_id, session_key, contact_id, answers)
      values (${acme.org.id}, ${customerSurvey}, 'p:nonce-partial', ${partialContact!.id}, ${ctx.db.sql.json({ nps: 3 })})`;
    const byChannel = await get(`/api/v1/analytics/coverage?invitedSurvey=${customerSurvey}`);
    // The suppressed contact stays in the denominator (O) of RR1 and RR2, not in that of rr1Contacted.
    expect(byChannel.responseRates.overall).toEqual({
      invited: 16,
      responded: 7,
      partial: 1,
      rr1: 7 / 17,
      rr2: 8 / 17,
      rr1Contacted: 7 / 16,
      suppressed: 1,
    });
    const email = byChannel.responseRates.groups.find((g: { group: string }) => g.group === 'email');
    expect(email).toMatchObject({
      invited: 11,
      responded: 4,
      partial: 1,
      rr1: 4 / 12,
      rr2: 5 / 12,
      rr1Contacted: 4 / 11,
      suppressed: 1,
    });
    const byPlan = await get(`/api/v1/analytics/coverage?invitedSurvey=${customerSurvey}&by=attr.plan`);
    const pro = byPlan.responseRates.groups.find((g: { group: string }) => g.group === 'pro');
    expect(pro).toMatchObject({
      invited: 7,
      responded: 4,
      partial: 1,
      rr1: 4 / 7,
      shareOfInvited: 7 / 16,
      shareOfRespondents: 4 / 7,
    });
    const theirs = await get(`/api/v1/analytics/coverage`, other);
    expect(theirs.responseRates.overall.invited).toBe(0);
  });
});

describe('survey analyses kept by the analytics version', () => {
  it('filter survey answers on a contact attribute as the pure analysis of those rows does', async () => {
    // Each respondent's contact carries churned = nps < 5 (kept on the feedback record as it arrived).
    const rows = DRIVER_ROWS.filter((x) => x.nps < 5);
    const r = await get(
      `/api/v1/analytics/drivers?survey=${driverSurvey}&outcome=nps&drivers=staff,speed&attr.churned=true`,
    );
    const col = (k: 'staff' | 'speed') => Float64Array.from(rows, (x) => x[k]);
    const ref = analyseDrivers(
      Float64Array.from(rows, (x) => x.nps),
      [
        { name: 'staff', values: col('staff') },
        { name: 'speed', values: col('speed') },
      ],
      { notApplicable: [] },
    );
    expect(r.n).toBe(rows.length);
    expect(r.r2).toBeCloseTo(ref.r2, 10);
    r.drivers.forEach((d: { shapley: number }, i: number) => {
      expect(d.shapley).toBeCloseTo(ref.drivers[i]?.shapley as number, 10);
    });
  });

  it('tag gap and survey-driver answers, serve them until a response moves the version, and leave touchpoint drivers out', async () => {
    const urls = [
      `/api/v1/analytics/drivers?survey=${driverSurvey}&outcome=nps&drivers=staff,speed`,
      `/api/v1/analytics/expectation-gap?survey=${gapSurvey}`,
      `/api/v1/analytics/ipa?survey=${gapSurvey}`,
    ];
    const tags: string[] = [];
    for (const url of urls) {
      const res = await ctx.app.inject({ method: 'GET', url, headers: acme.headers });
      expect(res.statusCode, res.body).toBe(200);
      const tag = res.headers.etag as string;
      expect(tag, url).toBeTruthy();
      tags.push(tag);
      const again = await ctx.app.inject({
        method: 'GET',
        url,
        headers: { ...acme.headers, 'if-none-match': tag },
      });
      expect(again.statusCode, url).toBe(304);
    }
    const before = await get(urls[0] as string);
    await respond(acme, driverSurvey, { nps: 10, staff: 5, speed: 5, price: 5 });
    const after = await ctx.app.inject({ method: 'GET', url: urls[0] as string, headers: acme.headers });
    expect(after.headers.etag).not.toBe(tags[0]);
    expect(after.json().n).toBe(before.n + 1);
    expect(isVersionedRequest('/api/v1/analytics/drivers', { source: 'survey' })).toBe(true);
    expect(isVersionedRequest('/api/v1/analytics/drivers', { source: 'touchpoints' })).toBe(false);
    // Across touchpoints: kept when the outcome is a survey's NPS (feedback only), not a contact attribute.
    expect(
      isVersionedRequest('/api/v1/analytics/drivers', { source: 'touchpoints', outcome: 'attr.churned' }),
    ).toBe(false);
    expect(
      isVersionedRequest('/api/v1/analytics/drivers', { source: 'touchpoints', outcome: 'survey:x' }),
    ).toBe(true);
    expect(isVersionedRequest('/api/v1/feedback', {})).toBe(false);
  });
});

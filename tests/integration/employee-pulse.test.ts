// Employee pulse on a real PostgreSQL: eNPS by team where no team under 5 is shown, and none can be
// recovered from the total, from a raised threshold, or from two readings of an open survey.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pearsonCorrelation } from '../../src/understand/stats/index.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, createTestSurvey, insertFeedback, type TestOrg } from '../support/factories.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let surveyId = '';

// Team sizes: Sales 8, Support 6, Finance 4 (under 5); customers' answers to the same survey do not count.
const ANSWERS: Array<[string | null, number[]]> = [
  ['Sales', [10, 9, 9, 8, 7, 6, 10, 9]],
  ['Support', [3, 5, 9, 10, 7, 6]],
  ['Finance', [0, 2, 10, 9]],
];

beforeAll(async () => {
  ctx = await createTestApp();
  acme = await createTestOrg(ctx.db.sql);
  surveyId = (await createTestSurvey(ctx.db.sql, acme.org.id)).survey.id;
  let i = 0;
  const insert = async (attributes: object, nps: number) => {
    await ctx.db.sql`
      insert into feedback (org_id, source, source_id, channel, occurred_at, survey_id, nps, attributes)
      values (${acme.org.id}, 'api', ${`pulse-${i++}`}, 'email', now(), ${surveyId}, ${nps}, ${ctx.db.sql.json(attributes as never)})`;
  };
  for (const [team, scores] of ANSWERS) {
    for (const nps of scores) await insert(team ? { kind: 'employee', team } : { kind: 'employee' }, nps);
  }
  for (const nps of [0, 0, 0]) await insert({ kind: 'customer', team: 'Finance' }, nps);
});
afterAll(() => ctx.close());

const get = (qs = '') =>
  ctx.app.inject({ method: 'GET', url: `/api/v1/employee-pulse/${surveyId}${qs}`, headers: acme.headers });

const enps = (scores: number[]) =>
  (100 * (scores.filter((s) => s >= 9).length - scores.filter((s) => s <= 6).length)) / scores.length;

describe('employee pulse', () => {
  it('shows nothing while the survey is open', async () => {
    const res = await get();
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ available: false, overall: null, teams: [] });
  });

  it('reports eNPS by team once closed, hiding the team of 4 and the next smallest', async () => {
    await ctx.db.sql`update surveys set status = 'closed' where org_id = ${acme.org.id} and id = ${surveyId}`;
    const body = (await get()).json();
    expect(body.available).toBe(true);
    expect(body.minGroup).toBe(5);
    const all = ANSWERS.flatMap(([, s]) => s);
    expect(body.overall.n).toBe(all.length);
    expect(body.overall.enps).toBeCloseTo(enps(all), 10);
    expect(body.overall.ci.low).toBeLessThan(body.overall.enps);
    const byTeam = Object.fromEntries(
      body.teams.map((t: { team: string; result: unknown }) => [t.team, t.result]),
    );
    expect(byTeam.Sales.n).toBe(8);
    expect(byTeam.Sales.enps).toBeCloseTo(enps(ANSWERS[0]![1]), 10);
    expect(byTeam.Finance).toBeNull();
    // With Support shown, the total minus Sales and Support would give Finance away: Support is hidden too.
    expect(byTeam.Support).toBeNull();
    expect(body.hiddenTeams).toBe(2);
    // What subtraction can reach covers at least 5 people.
    const shownN = body.teams.reduce(
      (a: number, t: { result: { n: number } | null }) => a + (t.result?.n ?? 0),
      0,
    );
    expect(body.overall.n - shownN).toBeGreaterThanOrEqual(5);
    expect(JSON.stringify(body)).not.toMatch(/"n":4\b/);
  });

  it('never goes under 5, and a raised threshold only hides more', async () => {
    const low = await get('?minGroup=3');
    expect(low.statusCode).toBe(400);
    expect(low.headers['content-type']).toMatch(/problem\+json/);
    const high = (await get('?minGroup=9')).json();
    expect(high.minGroup).toBe(9);
    expect(high.teams.every((t: { result: unknown }) => t.result === null)).toBe(true);
    expect(high.overall.n).toBe(18);
  });

  it('is scoped to the organisation', async () => {
    const other = await createTestOrg(ctx.db.sql, 'Other');
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/employee-pulse/${surveyId}`,
      headers: other.headers,
    });
    expect(res.statusCode).toBe(404);
  });
});

describe('employee-customer link', () => {
  // Five teams of 6 employees and one of 4 (Tiny), each owning a touchpoint with customer answers.
  const TEAMS: Array<{ name: string; employees: number[]; customers: [number, number, number] }> = [
    { name: 'Alpha', employees: [10, 9, 9, 8, 7, 3], customers: [30, 10, 10] },
    { name: 'Bravo', employees: [10, 10, 9, 9, 8, 9], customers: [40, 8, 2] },
    { name: 'Charlie', employees: [5, 6, 7, 8, 9, 2], customers: [10, 15, 25] },
    { name: 'Delta', employees: [9, 8, 8, 7, 6, 10], customers: [22, 18, 10] },
    { name: 'Echo', employees: [3, 4, 6, 9, 10, 6], customers: [12, 10, 28] },
    { name: 'Tiny', employees: [0, 1, 2, 10], customers: [5, 5, 40] },
  ];
  let linkSurvey = '';
  const nps = ([p, , d]: [number, number, number], n: number) => (100 * (p - d)) / n;

  beforeAll(async () => {
    const fixture = await createTestSurvey(ctx.db.sql, acme.org.id);
    linkSurvey = fixture.survey.id;
    for (const t of TEAMS) {
      const tp = await createTestSurvey(ctx.db.sql, acme.org.id);
      const team = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/teams',
        headers: acme.headers,
        payload: { name: t.name, touchpointIds: [tp.touchpoint.id] },
      });
      expect(team.statusCode, team.body).toBe(201);
      const [p, m, d] = t.customers;
      await insertFeedback(ctx.db.sql, acme.org.id, [
        ...[...Array(p).fill(10), ...Array(m).fill(8), ...Array(d).fill(3)].map((v: number, i: number) => ({
          touchpointId: tp.touchpoint.id,
          nps: v,
          occurredAt: new Date(Date.now() - (1 + (i % 30)) * 86_400_000),
          attributes: { kind: 'customer' },
        })),
        ...t.employees.map((v) => ({
          surveyId: linkSurvey,
          nps: v,
          attributes: { kind: 'employee', team: t.name },
        })),
      ]);
    }
    await ctx.db
      .sql`update surveys set status = 'closed' where org_id = ${acme.org.id} and id = ${linkSurvey}`;
  });

  const link = (qs = '') =>
    ctx.app.inject({
      method: 'GET',
      url: `/api/v1/employee-pulse/${linkSurvey}/link${qs}`,
      headers: acme.headers,
    });

  it('lists the pulse surveys', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/employee-pulse', headers: acme.headers });
    expect(res.statusCode).toBe(200);
    expect(
      res
        .json()
        .items.map((s: { id: string }) => s.id)
        .sort(),
    ).toEqual([surveyId, linkSurvey].sort());
  });

  it('puts eNPS beside customer NPS per team and correlates them across the teams that may be shown', async () => {
    const res = await link();
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    // Tiny (4) is hidden, and so is the smallest other team (Alpha, first of the ties), or the total
    // minus the shown teams would give Tiny away.
    const shown = TEAMS.filter((t) => t.name !== 'Tiny' && t.name !== 'Alpha');
    const row = (name: string) => body.teams.find((t: { team: string }) => t.team === name);
    expect(row('Alpha').employee).toBeNull();
    expect(row('Alpha').customer.enps).toBeCloseTo(nps(TEAMS[0]!.customers, 50), 10);
    for (const t of shown) {
      expect(row(t.name).employee.enps).toBeCloseTo(enps(t.employees), 10);
      expect(row(t.name).customer.enps).toBeCloseTo(nps(t.customers, 50), 10);
      expect(row(t.name).touchpoints).toHaveLength(1);
    }
    expect(row('Tiny').employee).toBeNull();
    const expected = pearsonCorrelation(
      shown.map((t) => enps(t.employees)),
      shown.map((t) => nps(t.customers, 50)),
    );
    expect(body.correlation.n).toBe(4);
    expect(body.correlation.r).toBeCloseTo(expected.r!, 10);
    expect(body.correlation.ci.low).toBeCloseTo(expected.ci!.low, 10);
    expect(body.correlation.ci.high).toBeCloseTo(expected.ci!.high, 10);
    expect(body.warnings.join(' ')).toMatch(/Only 4 teams: the correlation is very uncertain/);
    expect(body.warnings.join(' ')).toMatch(/under 5 respondents/);
  });

  it('never shows the team of 4, whatever the threshold or window, so no two readings give it away', async () => {
    const readings = await Promise.all(
      ['', '?days=7', '?days=365', '?minGroup=6', '?minGroup=7'].map((q) => link(q)),
    );
    const tiny = enps(TEAMS.find((t) => t.name === 'Tiny')!.employees);
    for (const r of readings) {
      expect(r.statusCode).toBe(200);
      const body = r.json();
      for (const t of body.teams) if (t.employee) expect(t.employee.n).toBeGreaterThanOrEqual(body.minGroup);
      expect(body.teams.find((t: { team: string }) => t.team === 'Tiny').employee).toBeNull();
      expect(JSON.stringify(body.teams.map((t: { employee: unknown }) => t.employee))).not.toContain(
        String(tiny),
      );
      // Every correlation is over shown teams only.
      expect(body.correlation.n).toBeLessThanOrEqual(4);
    }
    const pulse = (await get('')).json();
    expect(pulse.overall.n).toBeGreaterThan(0);
    const viaPulse = (
      await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/employee-pulse/${linkSurvey}`,
        headers: acme.headers,
      })
    ).json();
    const shownN = viaPulse.teams.reduce(
      (a: number, t: { result: { n: number } | null }) => a + (t.result?.n ?? 0),
      0,
    );
    expect(viaPulse.overall.n - shownN).toBeGreaterThanOrEqual(5);
  });
});

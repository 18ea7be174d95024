// Employee pulse on a real PostgreSQL: eNPS by team where no team under 5 is shown, and none can be
// recovered from the total, from a raised threshold, or from two readings of an open survey.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { createTestOrg, createTestSurvey, type TestOrg } from '../support/factories.js';

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

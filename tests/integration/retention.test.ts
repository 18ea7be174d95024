// Retention per organisation: a policy set over the API, queued once a day, run as a job. Feedback
// older than the policy's months is deleted (one organisation) or anonymised (another); recent
// feedback and a third organisation without a policy are untouched; scores of the kept period are
// unchanged and the rollups agree with a scan of what is left; every run is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRetention, queueDueRetention, retentionJob } from '../../src/listen/privacy/index.js';
import { JobQueue } from '../../src/platform/jobs/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { getSums } from '../../src/understand/sums/index.js';
import { createTestApp } from '../support/app.js';
import { runCaptured } from '../support/cli.js';
import {
  createTestOrg,
  createTestSurvey,
  insertFeedback,
  submitTestResponses,
  type TestOrg,
} from '../support/factories.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let jobs: JobQueue;
const orgs: Record<'acme' | 'beta' | 'gamma', TestOrg> = {} as never;

const DAY = 86_400_000;
const OLD = new Date(Date.now() - 730 * DAY); // two years ago
const OLDISH = new Date(Date.now() - 400 * DAY); // 13 months ago
const RECENT = new Date(Date.now() - 30 * DAY);
const KEEP_FROM = new Date(Date.now() - 330 * DAY); // well inside a 12-month policy

/** Old and recent survey responses (with a comment and a contact) and imported feedback. */
async function seed(org: TestOrg, tag: string) {
  const { survey } = await createTestSurvey(t.db.sql, org.org.id);
  const at = (d: Date, i: number) => new Date(d.getTime() + i * 3_600_000);
  const items = [
    ...Array.from({ length: 6 }, (_, i) => ({ when: at(OLD, i), nps: i + 4, old: true })),
    ...Array.from({ length: 3 }, (_, i) => ({ when: at(OLDISH, i), nps: 10 - i, old: true })),
    ...Array.from({ length: 4 }, (_, i) => ({ when: at(RECENT, i), nps: 6 + i, old: false })),
  ];
  await submitTestResponses(
    t.db.sql,
    org.org.id,
    survey.id,
    items.map((x, i) => ({
      answers: { nps: x.nps, reason: `${tag} ${x.old ? 'old' : 'new'} comment ${i}: call me on 0612345678` },
      contact: { email: `${tag}-${i}@example.com`, name: `Person ${i}` },
      submittedAt: x.when,
    })),
  );
  await insertFeedback(t.db.sql, org.org.id, [
    { occurredAt: at(OLD, 9), nps: 2, text: `${tag} old import` },
    { occurredAt: at(RECENT, 9), nps: 9, text: `${tag} new import` },
  ]);
  return survey.id;
}

/** NPS sums per month from the rollup and from a scan of feedback (the two must agree). */
async function monthly(orgId: string) {
  const q = { metric: 'nps' as const, interval: 'month' as const, timeZone: 'UTC', groupBy: [], filter: {} };
  const strip = (rows: Array<{ period: string | null; n: number; hi: number; lo: number }>) =>
    rows.map((r) => ({ period: r.period, n: r.n, hi: r.hi, lo: r.lo }));
  const rollup = strip((await getSums(t.db.sql, orgId, q, 'rollup')).rows);
  const raw = strip((await getSums(t.db.sql, orgId, q, 'raw')).rows);
  return { rollup, raw };
}

const keptPeriod = (rows: Array<{ period: string | null }>) =>
  rows.filter((r) => r.period !== null && r.period >= KEEP_FROM.toISOString().slice(0, 7));

async function feedbackOf(orgId: string) {
  return t.db.sql<{ occurredAt: Date; text: string | null; contactId: string | null; nps: number }[]>`
    select occurred_at as "occurredAt", text, contact_id as "contactId", nps from feedback where org_id = ${orgId}
    order by occurred_at, nps`;
}
async function responsesOf(orgId: string) {
  return t.db.sql<{ submittedAt: Date; answers: Record<string, unknown>; contactId: string | null }[]>`
    select submitted_at as "submittedAt", answers, contact_id as "contactId" from responses where org_id = ${orgId}
    order by submitted_at`;
}

const put = (org: TestOrg, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'PUT', url: '/api/v1/organisation/retention', headers: org.headers, payload });

beforeAll(async () => {
  t = await createTestApp({ rateLimitPerMinute: 100_000 });
  jobs = new JobQueue({ sql: t.db.sql, log: createLogger('silent'), maintenance: false });
  orgs.acme = await createTestOrg(t.db.sql, 'Acme');
  orgs.beta = await createTestOrg(t.db.sql, 'Beta');
  orgs.gamma = await createTestOrg(t.db.sql, 'Gamma');
  for (const [name, org] of Object.entries(orgs)) await seed(org, name);
});
afterAll(async () => {
  await jobs?.stop();
  await t?.close();
});

describe('retention policy per organisation', () => {
  it('is kept for ever by default, and refuses a bad policy naming the field', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/organisation/retention',
      headers: orgs.acme.headers,
    });
    expect(res.json()).toEqual({ retentionMonths: null, mode: 'delete', lastRunAt: null });
    const bad = await put(orgs.acme, { retentionMonths: 0, mode: 'delete' });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('retentionMonths');
    const badMode = await put(orgs.acme, { retentionMonths: 12, mode: 'shred' });
    expect(badMode.statusCode).toBe(400);
    expect(JSON.stringify(badMode.json())).toContain('mode');
  });

  it('deletes or anonymises what is older, leaving recent feedback, scores and other organisations alone', async () => {
    const before = {
      acme: await monthly(orgs.acme.org.id),
      beta: await monthly(orgs.beta.org.id),
      gamma: await monthly(orgs.gamma.org.id),
    };
    for (const m of Object.values(before)) expect(m.rollup).toEqual(m.raw);
    const betaFeedbackBefore = await feedbackOf(orgs.beta.org.id);
    const gammaFeedbackBefore = await feedbackOf(orgs.gamma.org.id);
    const gammaResponsesBefore = await responsesOf(orgs.gamma.org.id);

    expect((await put(orgs.acme, { retentionMonths: 12, mode: 'delete' })).json()).toMatchObject({
      retentionMonths: 12,
      mode: 'delete',
    });
    expect((await put(orgs.beta, { retentionMonths: 12, mode: 'anonymise' })).statusCode).toBe(200);

    // Queued once a day: a second look the same day queues nothing more.
    expect(await queueDueRetention(t.db.sql, jobs)).toBe(2);
    expect(await queueDueRetention(t.db.sql, jobs)).toBe(0);
    expect(await jobs.drain([retentionJob])).toEqual({ ran: 2, failed: 0 });

    // acme: everything older than 12 months is gone, the recent rows are all there.
    const acmeFeedback = await feedbackOf(orgs.acme.org.id);
    expect(acmeFeedback).toHaveLength(5);
    expect(acmeFeedback.every((f) => f.occurredAt >= KEEP_FROM)).toBe(true);
    expect(acmeFeedback.filter((f) => f.text?.includes('new'))).toHaveLength(5);
    const acmeResponses = await responsesOf(orgs.acme.org.id);
    expect(acmeResponses).toHaveLength(4);
    expect(acmeResponses.every((r) => r.submittedAt >= KEEP_FROM && r.contactId !== null)).toBe(true);

    // beta: the same rows, scores and dates; old ones without text or contact, recent ones intact.
    const betaFeedback = await feedbackOf(orgs.beta.org.id);
    expect(betaFeedback.map((f) => [f.occurredAt, f.nps])).toEqual(
      betaFeedbackBefore.map((f) => [f.occurredAt, f.nps]),
    );
    const oldBeta = betaFeedback.filter((f) => f.occurredAt < KEEP_FROM);
    expect(oldBeta).toHaveLength(10);
    expect(oldBeta.every((f) => f.text === null && f.contactId === null)).toBe(true);
    const newBeta = betaFeedback.filter((f) => f.occurredAt >= KEEP_FROM);
    expect(newBeta).toEqual(betaFeedbackBefore.filter((f) => f.occurredAt >= KEEP_FROM));
    expect(newBeta.filter((f) => f.contactId !== null)).toHaveLength(4);
    const betaResponses = await responsesOf(orgs.beta.org.id);
    const oldAnswers = betaResponses.filter((r) => r.submittedAt < KEEP_FROM);
    expect(oldAnswers).toHaveLength(9);
    for (const r of oldAnswers) {
      expect(r.contactId).toBeNull();
      expect(Object.keys(r.answers)).toEqual(['nps']);
    }
    expect(betaResponses.filter((r) => r.submittedAt >= KEEP_FROM).every((r) => 'reason' in r.answers)).toBe(
      true,
    );
    const [quoted] = await t.db.sql<{ n: number }[]>`
      select count(*)::int as n from feedback where org_id = ${orgs.beta.org.id} and text_original like '%old%'`;
    expect(quoted?.n).toBe(0);

    // gamma: no policy, nothing changed.
    expect(await feedbackOf(orgs.gamma.org.id)).toEqual(gammaFeedbackBefore);
    expect(await responsesOf(orgs.gamma.org.id)).toEqual(gammaResponsesBefore);

    // Scores: the kept period unchanged everywhere; anonymising changes no score at all; the rollups
    // agree with a scan of what is left (exact aggregates).
    const after = {
      acme: await monthly(orgs.acme.org.id),
      beta: await monthly(orgs.beta.org.id),
      gamma: await monthly(orgs.gamma.org.id),
    };
    for (const m of Object.values(after)) expect(m.rollup).toEqual(m.raw);
    expect(keptPeriod(after.acme.raw)).toEqual(keptPeriod(before.acme.raw));
    expect(keptPeriod(after.acme.raw).length).toBeGreaterThan(0);
    expect(after.acme.raw.reduce((s, r) => s + r.n, 0)).toBe(5);
    expect(after.beta.raw).toEqual(before.beta.raw);
    expect(after.gamma.raw).toEqual(before.gamma.raw);

    // Audited: the policy change and the run, with what it did.
    const audit = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit?action=retention.apply',
      headers: orgs.acme.headers,
    });
    expect(audit.json().items).toHaveLength(1);
    expect(audit.json().items[0]).toMatchObject({
      actor: 'system',
      detail: { mode: 'delete', months: 12, feedback: 10, responses: 9 },
    });
    const updates = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit?action=retention.update',
      headers: orgs.beta.headers,
    });
    expect(updates.json().items[0]).toMatchObject({ detail: { months: 12, mode: 'anonymise' } });
    const settings = await t.app.inject({
      method: 'GET',
      url: '/api/v1/organisation/retention',
      headers: orgs.acme.headers,
    });
    expect(settings.json().lastRunAt).not.toBeNull();
  });

  it('finds nothing left to do on a second run, and another organisation cannot see or set the policy', async () => {
    expect(await applyRetention(t.db.sql, orgs.acme.org.id)).toMatchObject({ feedback: 0, responses: 0 });
    expect(await applyRetention(t.db.sql, orgs.beta.org.id)).toMatchObject({ feedback: 0, responses: 0 });
    expect(await applyRetention(t.db.sql, orgs.gamma.org.id)).toBeUndefined();
    const gamma = await t.app.inject({
      method: 'GET',
      url: '/api/v1/organisation/retention',
      headers: orgs.gamma.headers,
    });
    expect(gamma.json().retentionMonths).toBeNull();
  });

  it('is set and applied from the command line too', async () => {
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = t.db.url;
    try {
      const bad = await runCaptured(['retention', '--org', orgs.gamma.org.slug, '--months', '0']);
      expect(bad.code).not.toBe(0);
      const res = await runCaptured([
        'retention',
        '--org',
        orgs.gamma.org.slug,
        '--months',
        '12',
        '--mode',
        'delete',
        '--run-now',
        '--json',
      ]);
      expect(res.code, res.err).toBe(0);
      const out = JSON.parse(res.out);
      expect(out).toMatchObject({ retentionMonths: 12, mode: 'delete', run: { feedback: 10, responses: 9 } });
      expect(await feedbackOf(orgs.gamma.org.id)).toHaveLength(5);
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
    const audit = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit?action=retention.update',
      headers: orgs.gamma.headers,
    });
    expect(audit.json().items[0]).toMatchObject({ actor: 'cli', detail: { months: 12, mode: 'delete' } });
  });
});

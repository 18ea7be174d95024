import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleTrigger, quietHoursSendAt, sampled } from '../../src/listen/triggers/index.js';
import { JobQueue } from '../../src/platform/jobs/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { buildApp } from '../../src/server/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createTestOrg, createTestSurvey, type TestOrg } from '../support/factories.js';

let db: TestDatabase;
let app: FastifyInstance;
let jobs: JobQueue;
let acme: TestOrg;
let fixture: Awaited<ReturnType<typeof createTestSurvey>>;

beforeAll(async () => {
  db = await createTestDatabase();
  jobs = new JobQueue({ sql: db.sql, log: createLogger('silent') });
  app = await buildApp({ sql: db.sql, logger: createLogger('silent'), jobs });
  await app.ready();
  acme = await createTestOrg(db.sql, 'Acme');
  fixture = await createTestSurvey(db.sql, acme.org.id);
});
afterAll(async () => {
  await app.close();
  await jobs.stop();
  await db.drop();
});

const api = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: acme.headers, ...(payload ? { payload: payload as never } : {}) });

describe('quiet hours and sampling', () => {
  it('defers a send to the end of quiet hours in the contact time zone, across midnight', () => {
    // 23:30 in Paris (UTC+1 in January) with quiet hours 21 → 8: send at 08:00 Paris, 07:00 UTC.
    const at = new Date('2026-01-15T22:30:00Z');
    expect(quietHoursSendAt(at, 'Europe/Paris', 21, 8).toISOString()).toBe('2026-01-16T07:00:00.000Z');
    expect(quietHoursSendAt(at, 'America/New_York', 21, 8)).toEqual(at);
    expect(quietHoursSendAt(new Date('2026-01-15T12:10:00Z'), 'UTC', 12, 14).toISOString()).toBe(
      '2026-01-15T14:00:00.000Z',
    );
  });

  it('samples about the rate, the same way every time for a contact', () => {
    let n = 0;
    for (let i = 0; i < 10_000; i++) if (sampled('rule', `contact-${i}`, 0.25)) n++;
    expect(n / 10_000).toBeGreaterThan(0.23);
    expect(n / 10_000).toBeLessThan(0.27);
    expect(sampled('rule', 'contact-1', 0.25)).toBe(sampled('rule', 'contact-1', 0.25));
  });
});

describe('POST /api/v1/triggers', () => {
  it('logs why it did not invite when the touchpoint has no rule', async () => {
    const res = await api('POST', '/api/v1/triggers', {
      touchpointId: fixture.touchpoint.id,
      contact: { externalId: 'k-0', email: 'k0@example.com' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().decisions).toMatchObject([
      { decision: 'skip', reason: 'no trigger rule for this touchpoint' },
    ]);
  });

  it('invites by email after quiet hours, by link without an email, and refuses over-contacted or opted-out contacts', async () => {
    const rule = await api('POST', '/api/v1/trigger-rules', {
      touchpointId: fixture.touchpoint.id,
      surveyId: fixture.survey.id,
      channel: 'email',
      quietHours: { start: 21, end: 8 },
      defaultTimeZone: 'UTC',
      conditions: { attribute: 'plan', op: 'neq', value: 'internal' },
    });
    expect(rule.statusCode).toBe(201);
    await api('POST', '/api/v1/frequency-rules', {
      surveyId: fixture.survey.id,
      maxInvitations: 1,
      windowDays: 30,
    });
    const night = new Date('2026-01-15T22:30:00Z');
    const trigger = (contact: Record<string, unknown>, eventId?: string) =>
      handleTrigger(
        db.sql,
        jobs,
        acme.org.id,
        { touchpointId: fixture.touchpoint.id, contact, eventId, attributes: { order: 'A-1' } },
        night,
      );

    const [paris] = await trigger(
      { externalId: 'k-1', email: 'k1@example.com', attributes: { timeZone: 'Europe/Paris' } },
      'evt-1',
    );
    expect(paris).toMatchObject({
      decision: 'invite',
      channel: 'email',
      reason: 'invited after quiet hours (Europe/Paris)',
    });
    expect(paris!.sendAt!.toISOString()).toBe('2026-01-16T07:00:00.000Z');
    // a retried event is decided once
    const [again] = await trigger({ externalId: 'k-1', email: 'k1@example.com' }, 'evt-1');
    expect(again!.id).toBe(paris!.id);
    // a second event within 30 days hits the survey's frequency rule
    const [capped] = await trigger({ externalId: 'k-1' }, 'evt-2');
    expect(capped).toMatchObject({
      decision: 'skip',
      reason: 'frequency rule: at most 1 per 30 days (this survey)',
    });

    const [noEmail] = await trigger({ externalId: 'k-2' });
    expect(noEmail).toMatchObject({
      decision: 'invite',
      channel: 'link',
      reason: 'invited: no email address, personal link returned',
    });
    expect(noEmail!.link).toMatch(new RegExp(`/s/${fixture.survey.id}\\?t=`));

    const [optedOut] = await trigger({ externalId: 'k-3', email: 'k3@example.com' }).then(async () => {
      await db.sql`update contacts set consent = '{"email": false}' where external_id = 'k-4' and org_id = ${acme.org.id}`;
      await db.sql`insert into contacts (org_id, external_id, email, consent) values (${acme.org.id}, 'k-4', 'k4@example.com', '{"email": false}')`;
      return trigger({ externalId: 'k-4' });
    });
    expect(optedOut).toMatchObject({ decision: 'skip', reason: 'unsubscribed from email' });
    const [internal] = await trigger({
      externalId: 'k-5',
      email: 'k5@example.com',
      attributes: { plan: 'internal' },
    });
    expect(internal).toMatchObject({ decision: 'skip', reason: 'contact does not meet the rule conditions' });

    const skips = (await api('GET', '/api/v1/trigger-decisions?decision=skip')).json().items;
    expect(skips.map((d: { reason: string }) => d.reason)).toContain('unsubscribed from email');
    const [queued] = await db.sql`select status, channel from invitations where id = ${paris!.invitationId}`;
    expect(queued).toEqual({ status: 'queued', channel: 'email' });
    const [job] = await db.sql.unsafe(
      `select start_after from northstar_jobs.job where name = 'email.invitation' and data->>'invitationId' = $1`,
      [paris!.invitationId],
    );
    expect((job!.start_after as Date).toISOString()).toBe('2026-01-16T07:00:00.000Z');
  });

  it('lets only one of many simultaneous triggers for a contact through a frequency rule', async () => {
    const { touchpoint, survey } = await createTestSurvey(db.sql, acme.org.id);
    const rule = await api('POST', '/api/v1/trigger-rules', {
      touchpointId: touchpoint.id,
      surveyId: survey.id,
      channel: 'link',
    });
    expect(rule.statusCode).toBe(201);
    expect(
      (
        await api('POST', '/api/v1/frequency-rules', {
          surveyId: survey.id,
          maxInvitations: 1,
          windowDays: 30,
        })
      ).statusCode,
    ).toBe(201);
    // By id: nothing else about the contact is written, so nothing else would make them wait.
    const [contact] = await db.sql<{ id: string }[]>`
      insert into contacts (org_id, external_id) values (${acme.org.id}, 'burst-1') returning id`;
    const decisions = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        handleTrigger(db.sql, jobs, acme.org.id, {
          touchpointId: touchpoint.id,
          contact: { id: contact!.id },
          eventId: `burst-${i}`,
        }),
      ),
    );
    const flat = decisions.flat();
    expect(flat.filter((d) => d.decision === 'invite')).toHaveLength(1);
    expect(
      flat.filter((d) => d.reason === 'frequency rule: at most 1 per 30 days (this survey)'),
    ).toHaveLength(11);
    const [counts] = await db.sql<{ sent: number; suppressed: number }[]>`
      select count(*) filter (where status <> 'suppressed')::int as sent,
        count(*) filter (where status = 'suppressed')::int as suppressed
      from invitations where org_id = ${acme.org.id} and survey_id = ${survey.id}`;
    expect(counts).toEqual({ sent: 1, suppressed: 11 });
  });
});

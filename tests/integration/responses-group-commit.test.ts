// Single submissions that arrive together are written together (group commit): each caller still gets
// its own answer, exactly as if it had been alone, and only after the write committed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSurvey,
  groupWriterStats,
  submitResponse,
  submitResponses,
  upsertContact,
} from '../../src/listen/index.js';
import { analyseIfNeverAnalysed } from '../../src/platform/db/index.js';
import { ConflictError, ValidationError } from '../../src/platform/errors/index.js';
import { getSums } from '../../src/understand/sums/index.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, createTestSurvey, npsDefinition, type TestOrg } from '../support/factories.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let other: TestOrg;
let fixture: Awaited<ReturnType<typeof createTestSurvey>>;

beforeAll(async () => {
  ctx = await createTestApp();
  acme = await createTestOrg(ctx.db.sql, 'Acme');
  other = await createTestOrg(ctx.db.sql, 'Other');
  fixture = await createTestSurvey(ctx.db.sql, acme.org.id);
});
afterAll(() => ctx.close());

const count = async (surveyId: string) =>
  (
    await ctx.db.sql<{ r: number; f: number }[]>`
      select (select count(*)::int from responses where survey_id = ${surveyId}) as r,
        (select count(*)::int from feedback where survey_id = ${surveyId}) as f`
  )[0]!;

describe('group commit of single submissions', () => {
  it('writes 200 concurrent submissions in a few transactions, each answered with its own stored response', async () => {
    const before = { ...(groupWriterStats(ctx.db.sql) ?? { transactions: 0, grouped: 0 }) };
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        submitResponse(ctx.db.sql, acme.org.id, fixture.survey.id, {
          answers: { nps: i % 11, reason: `comment ${i}` },
          channel: 'api',
          metadata: { i },
        }),
      ),
    );
    const stats = groupWriterStats(ctx.db.sql)!;
    expect(stats.grouped - before.grouped).toBeGreaterThan(100);
    expect(stats.transactions - before.transactions).toBeLessThan(60);
    expect(new Set(results.map((r) => r.response.id)).size).toBe(200);
    results.forEach((r, i) => {
      expect(r.duplicate).toBe(false);
      expect(r.response).toMatchObject({
        surveyId: fixture.survey.id,
        surveyVersion: 1,
        touchpointId: fixture.touchpoint.id,
        answers: { nps: i % 11, reason: `comment ${i}` },
        metadata: { i },
      });
      expect(r.response.submittedAt).toBeInstanceOf(Date);
    });
    // What each caller was told is what is stored.
    const stored = await ctx.db.sql<{ id: string; feedbackId: string; nps: number; i: number }[]>`
      select r.id, f.id as "feedbackId", f.nps, (r.metadata->>'i')::int as i
      from responses r join feedback f on f.response_id = r.id where r.survey_id = ${fixture.survey.id}`;
    const byId = new Map(stored.map((s) => [s.id, s]));
    for (const r of results) {
      const s = byId.get(r.response.id)!;
      expect(s.feedbackId).toBe(r.response.feedbackId);
      expect(s.nps).toBe((r.response.answers as { nps: number }).nps);
    }
    // Every comment was queued for enrichment, in the transactions that stored them.
    const [queued] = await ctx.db.sql.unsafe(
      `select coalesce(sum(jsonb_array_length(data -> 'feedbackIds')), 0)::int as n
       from northstar_jobs.job where name = 'enrich-feedback' and data ->> 'orgId' = $1`,
      [acme.org.id],
    );
    expect(queued!.n).toBe(200);
    // The analytics rollup counts every one of them, as plain SQL does.
    const q = {
      metric: 'nps' as const,
      timeZone: 'UTC',
      groupBy: ['survey' as const],
      filter: { equals: [] },
    };
    const raw = await getSums(ctx.db.sql, acme.org.id, q, 'raw');
    const rollup = await getSums(ctx.db.sql, acme.org.id, q, 'rollup');
    expect(rollup.rows).toEqual(raw.rows);
    expect(raw.rows.find((r) => r.groups[0] === fixture.survey.id)?.n).toBe(200);
  });

  it('answers an invalid submission with its own error while the others of its group are stored', async () => {
    const { survey } = await createTestSurvey(ctx.db.sql, acme.org.id);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        submitResponse(ctx.db.sql, acme.org.id, survey.id, {
          answers: i % 10 === 3 ? { nps: 11 } : { nps: i % 11 },
          channel: 'api',
          ...(i % 10 === 7 ? { contact: { id: '00000000-0000-4000-8000-000000000000' } } : {}),
        }),
      ),
    );
    outcomes.forEach((o, i) => {
      if (i % 10 === 3) {
        expect(o.status).toBe('rejected');
        const err = (o as PromiseRejectedResult).reason;
        expect(err).toBeInstanceOf(ValidationError);
        expect(err.invalidParams[0]?.name).toBe('answers.nps');
      } else if (i % 10 === 7) {
        expect(o.status).toBe('rejected');
        const err = (o as PromiseRejectedResult).reason;
        expect(err).toBeInstanceOf(ValidationError);
        expect(err.invalidParams[0]?.name).toBe('contact.id');
      } else expect(o.status).toBe('fulfilled');
    });
    expect(await count(survey.id)).toEqual({ r: 32, f: 32 });
  });

  it('keeps one response per idempotency key across a group, and several organisations and surveys apart', async () => {
    const theirs = await createTestSurvey(ctx.db.sql, other.org.id);
    const second = await createSurvey(ctx.db.sql, acme.org.id, { name: 'Second', definition: npsDefinition });
    const calls = Array.from({ length: 60 }, (_, i) => {
      const target =
        i % 3 === 0
          ? { org: acme.org.id, survey: second.id }
          : i % 3 === 1
            ? { org: other.org.id, survey: theirs.survey.id }
            : { org: acme.org.id, survey: second.id };
      return submitResponse(ctx.db.sql, target.org, target.survey, {
        answers: { nps: 10 },
        channel: 'api',
        idempotencyKey: i % 3 === 2 ? 'same-key' : null,
      });
    });
    const results = await Promise.all(calls);
    const keyed = results.filter((_, i) => i % 3 === 2);
    expect(new Set(keyed.map((r) => r.response.id)).size).toBe(1);
    expect(keyed.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await count(second.id)).toEqual({ r: 21, f: 21 });
    expect(await count(theirs.survey.id)).toEqual({ r: 20, f: 20 });
    const [leak] = await ctx.db.sql<{ n: number }[]>`
      select count(*)::int as n from responses where survey_id = ${theirs.survey.id} and org_id <> ${other.org.id}`;
    expect(leak!.n).toBe(0);
  });

  it('answers a contact whose email another contact has with a conflict, in a crowd as alone', async () => {
    const { survey } = await createTestSurvey(ctx.db.sql, acme.org.id);
    await upsertContact(ctx.db.sql, acme.org.id, { externalId: 'owner-1', email: 'taken@example.com' });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        submitResponse(ctx.db.sql, acme.org.id, survey.id, {
          answers: { nps: 5 },
          channel: 'api',
          contact:
            i === 15
              ? { externalId: 'claimant-1', email: 'taken@example.com' }
              : { externalId: `crowd-${i}`, email: `crowd-${i}@example.com` },
        }),
      ),
    );
    const refused = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [{ i, err: o.reason }] : []));
    expect(refused.map((r) => r.i)).toEqual([15]);
    expect(refused[0]!.err).toBeInstanceOf(ConflictError);
    expect(refused[0]!.err.invalidParams).toEqual([
      { name: 'contact.email', reason: 'already used by another contact' },
    ]);
    expect(await count(survey.id)).toEqual({ r: 29, f: 29 });
  });

  it('refuses a group for a survey closed after the checks, writing nothing', async () => {
    const { survey } = await createTestSurvey(ctx.db.sql, acme.org.id);
    // The first submission caches the live survey; the close below bypasses the cache.
    await submitResponse(ctx.db.sql, acme.org.id, survey.id, { answers: { nps: 1 }, channel: 'api' });
    await ctx.db.sql`update surveys set status = 'closed' where id = ${survey.id}`;
    const fallbacks = groupWriterStats(ctx.db.sql)!.fallbacks;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        submitResponse(ctx.db.sql, acme.org.id, survey.id, { answers: { nps: 9 }, channel: 'api' }),
      ),
    );
    for (const o of outcomes) {
      expect(o.status).toBe('rejected');
      expect((o as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    }
    expect(await count(survey.id)).toEqual({ r: 1, f: 1 });
    // The group was refused as a whole, then each submission was answered on its own.
    expect(groupWriterStats(ctx.db.sql)!.fallbacks).toBeGreaterThan(fallbacks);
  });

  it('answers over HTTP under concurrency with 201s and one feedback record each', async () => {
    const { survey } = await createTestSurvey(ctx.db.sql, acme.org.id);
    const res = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        ctx.app.inject({
          method: 'POST',
          url: `/api/v1/surveys/${survey.id}/responses`,
          headers: acme.headers,
          payload: { answers: { nps: i % 11 } },
        }),
      ),
    );
    expect(res.map((r) => r.statusCode)).toEqual(Array(50).fill(201));
    expect(await count(survey.id)).toEqual({ r: 50, f: 50 });
  });
});

describe('rules on contact attributes', () => {
  // The second question is asked, and required, only of enterprise contacts.
  const definition = {
    title: { en: 'Account review' },
    questions: [
      { id: 'nps', type: 'nps', text: { en: 'Recommend us?' }, required: true },
      {
        id: 'manager',
        type: 'csat',
        text: { en: 'How was your account manager?' },
        required: true,
        showIf: { attribute: 'plan', op: 'eq', value: 'enterprise' },
      },
    ],
  };

  it('judges required questions with the contact’s stored and given attributes', async () => {
    const survey = await createSurvey(ctx.db.sql, acme.org.id, { name: 'Accounts', definition });
    const big = await upsertContact(ctx.db.sql, acme.org.id, {
      externalId: 'big-1',
      attributes: { plan: 'enterprise' },
    });
    const small = await upsertContact(ctx.db.sql, acme.org.id, {
      externalId: 'small-1',
      attributes: { plan: 'starter' },
    });
    const submit = (contact: object, answers: Record<string, unknown>) =>
      submitResponse(ctx.db.sql, acme.org.id, survey.id, {
        answers,
        channel: 'api',
        contact: contact as never,
      });

    // Stored attributes, by id and by external id.
    await expect(submit({ id: big.id }, { nps: 9 })).rejects.toThrow(ValidationError);
    await expect(submit({ externalId: 'big-1' }, { nps: 9 })).rejects.toThrow(ValidationError);
    await expect(submit({ id: big.id }, { nps: 9, manager: 5 })).resolves.toMatchObject({ duplicate: false });
    await expect(submit({ id: small.id }, { nps: 9 })).resolves.toMatchObject({ duplicate: false });
    // Attributes given with the response count as the contact's from now on.
    await expect(
      submit({ externalId: 'small-1', attributes: { plan: 'enterprise' } }, { nps: 7 }),
    ).rejects.toThrow(ValidationError);
    // A new contact brings its attributes with it.
    await expect(
      submit({ externalId: 'new-1', attributes: { plan: 'enterprise' } }, { nps: 7 }),
    ).rejects.toThrow(ValidationError);
    await expect(
      submit({ externalId: 'new-2', attributes: { plan: 'starter' } }, { nps: 7 }),
    ).resolves.toMatchObject({ duplicate: false });

    // The batch path judges each item the same way.
    const batch = await submitResponses(ctx.db.sql, acme.org.id, survey.id, [
      { answers: { nps: 9 }, channel: 'api', contact: { id: big.id } },
      { answers: { nps: 9 }, channel: 'api', contact: { id: small.id } },
      {
        answers: { nps: 9 },
        channel: 'api',
        contact: { externalId: 'new-3', attributes: { plan: 'enterprise' } },
      },
    ]);
    expect(batch.map((b) => b.status)).toEqual(['invalid', 'created', 'invalid']);
    expect(JSON.stringify(batch[0])).toContain('answers.manager');
  });

  it('knows a question was skipped for a contact only from the stored attributes', async () => {
    // Everyone is asked about the trial, except customers on a paid plan.
    const survey = await createSurvey(ctx.db.sql, acme.org.id, {
      name: 'Trial',
      definition: {
        title: { en: 'Trial' },
        questions: [
          { id: 'nps', type: 'nps', text: { en: 'Recommend us?' }, required: true },
          {
            id: 'trial',
            type: 'csat',
            text: { en: 'How was the trial?' },
            required: true,
            skipIf: { attribute: 'plan', op: 'eq', value: 'paid' },
          },
        ],
      },
    });
    const paid = await upsertContact(ctx.db.sql, acme.org.id, {
      externalId: 'paid-1',
      attributes: { plan: 'paid' },
    });
    const free = await upsertContact(ctx.db.sql, acme.org.id, {
      externalId: 'free-1',
      attributes: { plan: 'free' },
    });
    const batch = await submitResponses(ctx.db.sql, acme.org.id, survey.id, [
      { answers: { nps: 9 }, channel: 'api', contact: { id: paid.id } },
      { answers: { nps: 9 }, channel: 'api', contact: { id: free.id } },
      { answers: { nps: 9, trial: 4 }, channel: 'api', contact: { id: free.id } },
    ]);
    expect(batch.map((b) => b.status)).toEqual(['created', 'invalid', 'created']);
    await expect(
      submitResponse(ctx.db.sql, acme.org.id, survey.id, {
        answers: { nps: 7 },
        channel: 'api',
        contact: { id: paid.id },
      }),
    ).resolves.toMatchObject({ duplicate: false });
  });
});

describe('the first ANALYZE of a new database', () => {
  const analysed = async (table: string) =>
    (
      await ctx.db.sql<{ done: boolean }[]>`
        select last_analyze is not null or last_autoanalyze is not null as done
        from pg_stat_user_tables where relname = ${table}`
    )[0]?.done;

  it('analyses the intake tables once a process has written a few thousand rows into them', async () => {
    // This database has taken a few hundred responses so far: below the threshold, nobody analysed.
    expect(await analysed('responses')).toBe(false);
    const { survey } = await createTestSurvey(ctx.db.sql, acme.org.id);
    for (let k = 0; k < 2; k++) {
      await submitResponses(
        ctx.db.sql,
        acme.org.id,
        survey.id,
        Array.from({ length: 1_000 }, (_, i) => ({ answers: { nps: i % 11 }, channel: 'api' })),
      );
    }
    const deadline = Date.now() + 10_000;
    while (!((await analysed('responses')) && (await analysed('feedback'))) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await analysed('responses')).toBe(true);
    expect(await analysed('feedback')).toBe(true);
    // Once analysed, never again on this account.
    expect(await analyseIfNeverAnalysed(ctx.db.sql, ['responses', 'feedback'])).toEqual([]);
  });
});

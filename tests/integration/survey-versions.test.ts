// A survey's version history: each new definition is a version; each version keeps its definition and
// counts the responses given to it; another organisation sees none of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { createTestOrg, createTestSurvey, type TestOrg } from '../support/factories.js';

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

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, headers = acme.headers) =>
  ctx.app.inject({ method, url, headers, ...(payload ? { payload: payload as never } : {}) });

describe('survey versions', () => {
  it('lists every version newest first with its responses, and returns a past one read as stored', async () => {
    const id = fixture.survey.id;
    for (const nps of [9, 3]) {
      const res = await call('POST', `/api/v1/surveys/${id}/responses`, { answers: { nps } });
      expect(res.statusCode).toBe(201);
    }
    const v2 = {
      defaultLanguage: 'en',
      languages: ['en', 'fr'],
      title: { en: 'How are we doing?', fr: 'Comment allons-nous ?' },
      questions: [
        { id: 'nps', type: 'nps', text: { en: 'Recommend us?', fr: 'Nous recommanderiez-vous ?' } },
        { id: 'reason', type: 'text', text: { en: 'Why {{answer.nps}}?', fr: 'Pourquoi {{answer.nps}} ?' } },
        { id: 'fix', type: 'text', text: 'What should we fix first?' },
      ],
    };
    const patched = await call('PATCH', `/api/v1/surveys/${id}`, { definition: v2 });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().version).toBe(2);
    expect((await call('POST', `/api/v1/surveys/${id}/responses`, { answers: { nps: 10 } })).statusCode).toBe(
      201,
    );
    // A status change alone is not a version.
    expect((await call('PATCH', `/api/v1/surveys/${id}`, { status: 'closed' })).json().version).toBe(2);

    const list = await call('GET', `/api/v1/surveys/${id}/versions`);
    expect(list.statusCode).toBe(200);
    const items = list.json().items as Array<Record<string, unknown>>;
    expect(items.map((v) => [v.version, v.current, v.questions, v.responses, v.languages])).toEqual([
      [2, true, 3, 1, ['en', 'fr']],
      [1, false, 2, 2, ['en']],
    ]);
    expect(Date.parse(items[0]!.createdAt as string)).toBeGreaterThanOrEqual(
      Date.parse(items[1]!.createdAt as string),
    );

    const old = await call('GET', `/api/v1/surveys/${id}/versions/1`);
    expect(old.statusCode).toBe(200);
    expect(old.json()).toMatchObject({ surveyId: id, version: 1, current: false, responses: 2 });
    expect(old.json().definition.questions.map((q: { id: string }) => q.id)).toEqual(['nps', 'reason']);
    const now = await call('GET', `/api/v1/surveys/${id}/versions/2`);
    expect(now.json().definition.questions[1].text.fr).toBe('Pourquoi {{answer.nps}} ?');
  });

  it('answers 404 for a version that does not exist, 400 for one that is not a number, 404 across organisations', async () => {
    const id = fixture.survey.id;
    expect((await call('GET', `/api/v1/surveys/${id}/versions/99`)).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/surveys/${id}/versions/0`)).statusCode).toBe(400);
    expect((await call('GET', `/api/v1/surveys/${id}/versions/two`)).statusCode).toBe(400);
    expect((await call('GET', `/api/v1/surveys/${id}/versions`, undefined, other.headers)).statusCode).toBe(
      404,
    );
    expect((await call('GET', `/api/v1/surveys/${id}/versions/1`, undefined, other.headers)).statusCode).toBe(
      404,
    );
  });

  it('records when each version was published: never for a draft, once the survey goes live, kept through a close', async () => {
    const created = await call('POST', '/api/v1/surveys', {
      name: 'Draft first',
      status: 'draft',
      definition: { title: 'Pulse', questions: [{ id: 'nps', type: 'nps', text: 'Recommend us?' }] },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const edit = (n: number) =>
      call('PATCH', `/api/v1/surveys/${id}`, {
        definition: { title: 'Pulse', questions: [{ id: 'nps', type: 'nps', text: `Recommend us? (${n})` }] },
      });
    const versions = async () =>
      Object.fromEntries(
        (
          (await call('GET', `/api/v1/surveys/${id}/versions`)).json().items as Array<{
            version: number;
            createdAt: string;
            publishedAt: string | null;
          }>
        ).map((v) => [v.version, v]),
      );
    expect((await edit(2)).json().version).toBe(2);
    let v = await versions();
    expect([v[1]!.publishedAt, v[2]!.publishedAt]).toEqual([null, null]);

    // Going live publishes the current version, later than it was made; the earlier draft stays unpublished.
    await new Promise((r) => setTimeout(r, 20));
    expect((await call('PATCH', `/api/v1/surveys/${id}`, { status: 'live' })).statusCode).toBe(200);
    v = await versions();
    expect(v[1]!.publishedAt).toBeNull();
    expect(Date.parse(v[2]!.publishedAt!)).toBeGreaterThan(Date.parse(v[2]!.createdAt));

    // An edit of the live survey is published as it is made.
    expect((await edit(3)).json().version).toBe(3);
    v = await versions();
    expect(v[3]!.publishedAt).not.toBeNull();
    expect(Math.abs(Date.parse(v[3]!.publishedAt!) - Date.parse(v[3]!.createdAt))).toBeLessThan(1000);

    // Closing and reopening keep the first publication time.
    const first = v[3]!.publishedAt;
    await call('PATCH', `/api/v1/surveys/${id}`, { status: 'closed' });
    await call('PATCH', `/api/v1/surveys/${id}`, { status: 'live' });
    v = await versions();
    expect(v[3]!.publishedAt).toBe(first);
    expect(v[2]!.publishedAt).not.toBeNull();
    const one = await call('GET', `/api/v1/surveys/${id}/versions/3`);
    expect(one.json().publishedAt).toBe(first);

    // A survey created live is published at once.
    const live = await call('POST', '/api/v1/surveys', {
      name: 'Live at once',
      definition: { title: 'Pulse', questions: [{ id: 'nps', type: 'nps', text: 'Recommend us?' }] },
    });
    const [lv] = (await call('GET', `/api/v1/surveys/${live.json().id}/versions`)).json().items;
    expect(lv.publishedAt).toBe(lv.createdAt);
  });
});

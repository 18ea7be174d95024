// Bad input is a 400 naming the field, never a 500: NUL characters and lone surrogates (per item in
// batches), unparseable cursors, numbers out of column range; HEAD on the event stream ends; another
// organisation's campaign is not found.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { createTestOrg, createTestSurvey, type TestOrg } from '../support/factories.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let rival: TestOrg;
let surveyId: string;

beforeAll(async () => {
  t = await createTestApp({ rateLimitPerMinute: 100_000 });
  acme = await createTestOrg(t.db.sql, 'Acme');
  rival = await createTestOrg(t.db.sql, 'Rival');
  surveyId = (await createTestSurvey(t.db.sql, acme.org.id)).survey.id;
});
afterAll(async () => t.close());

const NUL = 'bad\u0000text';
const LONE = 'half an emoji \uD83D here';

const post = (url: string, payload: unknown, headers: Record<string, string> = acme.headers) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { ...headers, 'content-type': 'application/json' },
    // JSON.stringify keeps lone surrogates as escapes, as a client library would send them.
    payload: JSON.stringify(payload),
  });

describe('unstorable text', () => {
  it('answers 400 naming the field for a single response, feedback, and the public routes', async () => {
    for (const [url, body, field] of [
      [`/api/v1/surveys/${surveyId}/responses`, { answers: { nps: 9, reason: NUL } }, 'body.answers.reason'],
      [`/api/v1/surveys/${surveyId}/responses`, { answers: { nps: 9, reason: LONE } }, 'body.answers.reason'],
      ['/api/v1/feedback', { source: 'review', channel: 'web', text: LONE }, 'body.text'],
      [`/s/${surveyId}/complete`, { answers: { reason: NUL } }, 'body.answers.reason'],
      [
        '/api/v1/public/widget/no-such-site/responses',
        { surveyId, answers: { reason: NUL } },
        'body.answers.reason',
      ],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: { ...acme.headers, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
      expect(res.statusCode, url).toBe(400);
      expect(
        res.json().invalid_params.map((p: { name: string }) => p.name),
        url,
      ).toContain(field);
    }
    const q = await t.app.inject({
      method: 'GET',
      url: '/api/v1/text/search?q=a%00b',
      headers: acme.headers,
    });
    expect(q.statusCode).toBe(400);
  });

  it('refuses only the bad item of a batch; the others are stored', async () => {
    const res = await post(`/api/v1/surveys/${surveyId}/responses/batch`, {
      items: [{ answers: { nps: 9, reason: NUL } }, { answers: { nps: 8, reason: 'fine' } }],
    });
    expect(res.statusCode).toBe(200);
    const [bad, good] = res.json().results;
    expect(bad).toMatchObject({ index: 0, status: 'invalid' });
    expect(bad.errors[0].name).toBe('answers.reason');
    expect(good).toMatchObject({ index: 1, status: 'created' });
    const feedback = await post('/api/v1/feedback/batch', {
      items: [
        { source: 'review', channel: 'web', text: LONE },
        { source: 'review', channel: 'web', text: 'ok' },
      ],
    });
    expect(feedback.statusCode).toBe(200);
    expect(feedback.json().results.map((r: { status: string }) => r.status)).toEqual(['invalid', 'created']);
  });
});

describe('other input that used to reach the database unchecked', () => {
  it('refuses cursors that are not ids on /contacts and /campaigns/{id}/invitations', async () => {
    const contacts = await t.app.inject({
      method: 'GET',
      url: '/api/v1/contacts?cursor=zzz',
      headers: acme.headers,
    });
    expect(contacts.statusCode).toBe(400);
    expect(contacts.json().invalid_params[0].name).toBe('query.cursor');
    const id = '00000000-0000-4000-8000-000000000000';
    const inv = await t.app.inject({
      method: 'GET',
      url: `/api/v1/campaigns/${id}/invitations?cursor=zzz`,
      headers: acme.headers,
    });
    expect(inv.statusCode).toBe(400);
  });

  it("answers 404 for another organisation's campaign invitations", async () => {
    const survey = await createTestSurvey(t.db.sql, rival.org.id);
    const list = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/contact-lists',
        headers: rival.headers,
        payload: { name: 'L' },
      })
    ).json();
    const campaign = await t.app.inject({
      method: 'POST',
      url: '/api/v1/campaigns',
      headers: rival.headers,
      payload: { surveyId: survey.survey.id, name: 'Theirs', audience: { listId: list.id }, subject: 'Hi' },
    });
    expect(campaign.statusCode).toBe(201);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/campaigns/${campaign.json().id}/invitations`,
      headers: acme.headers,
    });
    expect(res.statusCode).toBe(404);
  });

  it('refuses numbers outside what the columns hold', async () => {
    const search = await t.app.inject({
      method: 'GET',
      url: '/api/v1/text/search?scoreMin=-40000',
      headers: acme.headers,
    });
    expect(search.statusCode).toBe(400);
    expect(search.json().invalid_params[0].name).toBe('query.scoreMin');
    const rating = await post('/api/v1/feedback', {
      source: 'review',
      channel: 'web',
      rating: { value: 1, min: 0, max: 1e300 },
    });
    expect(rating.statusCode).toBe(400);
    expect(rating.json().invalid_params[0].name).toBe('rating.max');
  });

  it('ends a HEAD request on the event stream', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as AddressInfo).port;
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/feedback/stream`, {
      method: 'HEAD',
      headers: acme.headers,
      signal: AbortSignal.timeout(3_000),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/event-stream/);
  });
});

// A personal link made for a chosen contact: the contact search by part of an email or name, the link
// tied to the contact (its response is theirs), and the contact's consent and frequency rules kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSurvey } from '../../src/listen/index.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, npsDefinition, type TestOrg } from '../support/factories.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let surveyId: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createTestApp();
  acme = await createTestOrg(ctx.db.sql, 'Acme');
  surveyId = (await createSurvey(ctx.db.sql, acme.org.id, { name: 'NPS', definition: npsDefinition })).id;
  for (const [key, body] of Object.entries({
    ada: { email: 'ada.lovelace@example.com', name: 'Ada Lovelace' },
    grace: { email: 'g.hopper@example.com', name: 'Grace Hopper', consent: { surveys: false } },
    under: { email: 'under_score@example.com', name: 'Percent 100%' },
  })) {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: acme.headers,
      payload: body,
    });
    ids[key] = res.json().id;
  }
});
afterAll(() => ctx.close());

const search = async (q: string) => {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/api/v1/contacts?q=${encodeURIComponent(q)}&limit=10`,
    headers: acme.headers,
  });
  expect(res.statusCode).toBe(200);
  return (res.json().items as { email: string }[]).map((c) => c.email).sort();
};
const link = (body: unknown) =>
  ctx.app.inject({
    method: 'POST',
    url: `/api/v1/surveys/${surveyId}/links`,
    headers: acme.headers,
    payload: body as never,
  });

describe('finding a contact', () => {
  it('matches part of an email or a name in any case, with % and _ taken literally', async () => {
    expect(await search('LOVELACE')).toEqual(['ada.lovelace@example.com']);
    expect(await search('hopper')).toEqual(['g.hopper@example.com']);
    expect(await search('_')).toEqual(['under_score@example.com']);
    expect(await search('100%')).toEqual(['under_score@example.com']);
    expect(await search('%')).toEqual(['under_score@example.com']);
    expect(await search('example.com')).toHaveLength(3);
    const blank = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/contacts?q=%20',
      headers: acme.headers,
    });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().invalid_params[0].name).toBe('query.q');
  });
});

describe('a link for a chosen contact', () => {
  it('is tied to the contact: the response through it is theirs', async () => {
    const res = await link({ contactId: ids.ada });
    expect(res.statusCode).toBe(201);
    const { path } = res.json();
    const page = await ctx.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    const token = new URL(path, 'http://x').searchParams.get('t')!;
    const payload = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());
    expect(payload).toMatchObject({ k: 'p', s: surveyId, c: ids.ada });
  });

  it('is refused, naming contactId, for a contact who opted out or reached a frequency rule', async () => {
    const out = await link({ contactId: ids.grace });
    expect(out.statusCode).toBe(400);
    expect(out.json().invalid_params).toEqual([
      { name: 'contactId', reason: 'this contact may not be asked now: opted out of surveys' },
    ]);
    const rule = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/frequency-rules',
      headers: acme.headers,
      payload: { maxInvitations: 1, windowDays: 30 },
    });
    expect(rule.statusCode).toBe(201);
    // One invitation already sent to Ada this month reaches the rule.
    await ctx.db.sql`
      insert into invitations (org_id, survey_id, contact_id, channel, status, queued_at)
      values (${acme.org.id}, ${surveyId}, ${ids.ada!}, 'email', 'sent', now() - interval '2 days')`;
    const capped = await link({ contactId: ids.ada });
    expect(capped.statusCode).toBe(400);
    expect(capped.json().invalid_params).toEqual([
      {
        name: 'contactId',
        reason: 'this contact may not be asked now: frequency rule: at most 1 per 30 days (all surveys)',
      },
    ]);
    expect((await link({ contactId: ids.under })).statusCode).toBe(201);
    expect((await link({})).statusCode).toBe(201);
  });
});

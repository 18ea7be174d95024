// The widget's server side in process: sites, the public configuration, responses with single-use
// tokens, CORS limited to each site's origins, validation and rate limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSurvey } from '../../src/listen/index.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, npsDefinition, type TestOrg } from '../support/factories.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let surveyId: string;
let draftId: string;
let siteKey: string;
const SHOP = 'https://shop.example.com';

beforeAll(async () => {
  ctx = await createTestApp();
  acme = await createTestOrg(ctx.db.sql, 'Acme');
  surveyId = (await createSurvey(ctx.db.sql, acme.org.id, { name: 'Web NPS', definition: npsDefinition })).id;
  draftId = (
    await createSurvey(ctx.db.sql, acme.org.id, { name: 'Draft', status: 'draft', definition: npsDefinition })
  ).id;
});
afterAll(() => ctx.close());

const config = (origin?: string, key = siteKey) =>
  ctx.app.inject({
    method: 'GET',
    url: `/api/v1/public/widget/${key}/config`,
    headers: origin ? { origin } : {},
  });
const respond = (payload: unknown, origin = SHOP) =>
  ctx.app.inject({
    method: 'POST',
    url: `/api/v1/public/widget/${siteKey}/responses`,
    headers: { origin },
    payload: payload as never,
  });

describe('widget sites', () => {
  it('creates a site with a public key, normalised origins and its surveys', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/widget/sites',
      headers: acme.headers,
      payload: {
        name: 'Shop',
        origins: [`${SHOP}/`, 'http://localhost:8080'],
        surveys: [
          {
            surveyId,
            triggers: [
              { type: 'pageview', url: { op: 'contains', value: '/checkout' } },
              { type: 'event', name: 'paid' },
            ],
            targeting: { attribute: 'plan', op: 'eq', value: 'pro' },
            sampling: 50,
          },
          { surveyId: draftId, triggers: [{ type: 'exit' }] },
        ],
      },
    });
    expect(res.statusCode).toBe(201);
    const site = res.json();
    expect(site.siteKey).toMatch(/^ws_[A-Za-z0-9_-]{24}$/);
    expect(site.origins).toEqual([SHOP, 'http://localhost:8080']);
    expect(site.surveys[1]).toMatchObject({ sampling: 100, position: 'bottom-right' });
    siteKey = site.siteKey;
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/widget/sites', headers: acme.headers });
    expect(list.json().items).toHaveLength(1);
  });

  it('names bad origins, unknown surveys and bad trigger rules', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/widget/sites',
      headers: acme.headers,
      payload: {
        name: 'Bad',
        origins: ['ftp://x'],
        surveys: [{ surveyId, triggers: [{ type: 'pageview', url: { op: 'regex', value: '(' } }] }],
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().invalid_params).toEqual([
      { name: 'body.surveys.0.triggers.0.url', reason: 'must be a valid regular expression' },
    ]);
    const origin = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/widget/sites',
      headers: acme.headers,
      payload: {
        name: 'Bad',
        origins: ['ftp://x'],
        surveys: [{ surveyId: draftId.replace(/.$/, '0'), triggers: [{ type: 'exit' }] }],
      },
    });
    expect(origin.json().invalid_params).toEqual([
      { name: 'origins.0', reason: 'must be an http(s) origin, such as https://shop.example.com' },
    ]);
  });
});

describe('public configuration and CORS', () => {
  it('gives live surveys with their rules and a token, and CORS only to configured origins', async () => {
    const ok = await config(SHOP);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe(SHOP);
    expect(ok.headers.vary).toMatch(/Origin/);
    const body = ok.json();
    expect(body.surveys).toHaveLength(1); // the draft is left out
    expect(body.surveys[0]).toMatchObject({
      id: surveyId,
      sampling: 50,
      def: { title: { en: 'How are we doing?' } },
    });
    expect(body.surveys[0].token).toMatch(/\./);
    expect((await config('https://evil.example')).headers['access-control-allow-origin']).toBeUndefined();
    expect((await config(SHOP, 'ws_doesnotexist000000000')).statusCode).toBe(404);
  });

  it('answers preflights for allowed origins and refuses others', async () => {
    const preflight = (origin: string) =>
      ctx.app.inject({
        method: 'OPTIONS',
        url: `/api/v1/public/widget/${siteKey}/responses`,
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const ok = await preflight(SHOP);
    expect(ok.statusCode).toBe(204);
    expect(ok.headers).toMatchObject({
      'access-control-allow-origin': SHOP,
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'content-type',
    });
    expect((await preflight('https://evil.example')).statusCode).toBe(403);
  });
});

describe('widget responses', () => {
  it('stores one response per token, with the identified contact, and refuses forged tokens', async () => {
    const token = (await config(SHOP)).json().surveys[0].token as string;
    const payload = {
      surveyId,
      token,
      answers: { nps: 10, reason: 'Smooth checkout' },
      language: 'en',
      user: { id: 'shopper-9', email: 'Shopper9@example.com' },
      url: `${SHOP}/checkout/done`,
    };
    const first = await respond(payload);
    expect(first.statusCode).toBe(201);
    expect(first.headers['access-control-allow-origin']).toBe(SHOP);
    const again = await respond(payload);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ id: first.json().id, duplicate: true });
    const [row] = await ctx.db.sql`
      select r.channel, r.metadata, c.external_id, c.email from responses r join contacts c on c.org_id = r.org_id and c.id = r.contact_id
      where r.id = ${first.json().id}`;
    expect(row).toEqual({
      channel: 'widget',
      metadata: { url: `${SHOP}/checkout/done`, site: 'Shop' },
      external_id: 'shopper-9',
      email: 'shopper9@example.com',
    });
    const forged = await respond({ ...payload, token: `${token.slice(0, -4)}AAAA` });
    expect(forged.statusCode).toBe(403);
  });

  it('names bad answers, refuses other origins, surveys not on the site, and unknown fields', async () => {
    const token = (await config(SHOP)).json().surveys[0].token as string;
    const bad = await respond({ surveyId, token, answers: { nps: 11 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().invalid_params).toEqual([
      { name: 'answers.nps', reason: 'must be a whole number from 0 to 10' },
    ]);
    expect((await respond({ surveyId, token, answers: { nps: 5 } }, 'https://evil.example')).statusCode).toBe(
      403,
    );
    const other = (await createSurvey(ctx.db.sql, acme.org.id, { name: 'Other', definition: npsDefinition }))
      .id;
    expect((await respond({ surveyId: other, token, answers: { nps: 5 } })).statusCode).toBe(404);
    const extra = await respond({ surveyId, token, answers: { nps: 5 }, admin: true });
    expect(extra.json().invalid_params).toEqual([{ name: 'body.admin', reason: 'unknown field: admin' }]);
  });

  it('rate-limits the public endpoints per IP', async () => {
    let limited = 0;
    for (let i = 0; i < 125; i++) {
      const r = await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/public/widget/${siteKey}/config`,
        remoteAddress: '10.7.7.7',
      });
      if (r.statusCode === 429) limited++;
    }
    expect(limited).toBeGreaterThan(0);
  });
});

describe('changing a site', () => {
  it("replaces the surveys' rules and origins, keeps the key, and the configuration follows at once", async () => {
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/widget/sites', headers: acme.headers });
    const site = list.json().items[0];
    await config(SHOP); // cached before the change
    const res = await ctx.app.inject({
      method: 'PUT',
      url: `/api/v1/widget/sites/${site.id}`,
      headers: acme.headers,
      payload: {
        name: 'Shop',
        origins: [SHOP, 'https://www.example.com/'],
        surveys: [
          {
            surveyId,
            triggers: [
              { type: 'time', seconds: 20, url: { op: 'starts_with', value: '/help' } },
              { type: 'exit' },
            ],
            sampling: 25,
            position: 'bottom-left',
          },
        ],
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: site.id,
      siteKey: site.siteKey,
      origins: [SHOP, 'https://www.example.com'],
      surveys: [{ surveyId, sampling: 25, position: 'bottom-left' }],
    });
    const after = (await config(SHOP)).json().surveys[0];
    expect(after).toMatchObject({
      sampling: 25,
      position: 'bottom-left',
      triggers: [{ type: 'time', seconds: 20, url: { op: 'starts_with', value: '/help' } }, { type: 'exit' }],
    });
  });

  it('names bad fields, a survey twice, and answers 404 for a site of no one', async () => {
    const site = (
      await ctx.app.inject({ method: 'GET', url: '/api/v1/widget/sites', headers: acme.headers })
    ).json().items[0];
    const put = (id: string, payload: unknown) =>
      ctx.app.inject({
        method: 'PUT',
        url: `/api/v1/widget/sites/${id}`,
        headers: acme.headers,
        payload: payload as never,
      });
    const bad = await put(site.id, {
      name: 'Shop',
      origins: [SHOP],
      surveys: [{ surveyId, triggers: [{ type: 'time', seconds: 0 }], sampling: 120 }],
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .invalid_params.map((p: { name: string }) => p.name)
        .sort(),
    ).toEqual(['body.surveys.0.sampling', 'body.surveys.0.triggers.0.seconds']);
    const twice = await put(site.id, {
      name: 'Shop',
      origins: [SHOP],
      surveys: [
        { surveyId, triggers: [{ type: 'exit' }] },
        { surveyId, triggers: [{ type: 'pageview' }] },
      ],
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().invalid_params).toEqual([
      { name: 'surveys.1.surveyId', reason: 'this survey is already on the site' },
    ]);
    const missing = await put('00000000-0000-4000-8000-000000000000', {
      name: 'X',
      origins: [],
      surveys: [],
    });
    expect(missing.statusCode).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { createTestOrg, createTestUser, npsDefinition, type TestOrg } from '../support/factories.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let other: TestOrg;

beforeAll(async () => {
  ctx = await createTestApp({ bodyLimit: 64 * 1024 });
  acme = await createTestOrg(ctx.db.sql, 'Acme');
  other = await createTestOrg(ctx.db.sql, 'Other');
});
afterAll(() => ctx.close());

const count = async (table: string) =>
  (await ctx.db.sql<{ n: number }[]>`select count(*)::int as n from ${ctx.db.sql(table)}`)[0]!.n;

describe('journeys, touchpoints, surveys, contacts', () => {
  it('creates and reads a journey with ordered stages, a touchpoint and a survey', async () => {
    const j = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/journeys',
      headers: acme.headers,
      payload: { name: 'Online shopping', stages: ['discover', 'buy', 'deliver'] },
    });
    expect(j.statusCode).toBe(201);
    const journey = j.json();
    expect(journey.stages.map((s: { name: string }) => s.name)).toEqual(['discover', 'buy', 'deliver']);

    const t = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/touchpoints',
      headers: acme.headers,
      payload: { journeyId: journey.id, stageId: journey.stages[2].id, name: 'Delivery', channel: 'email' },
    });
    expect(t.statusCode).toBe(201);
    const s = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: acme.headers,
      payload: { name: 'Delivery NPS', touchpointId: t.json().id, definition: npsDefinition },
    });
    expect(s.statusCode).toBe(201);
    expect(s.json()).toMatchObject({ version: 1, status: 'live', touchpointId: t.json().id });

    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/touchpoints', headers: acme.headers });
    expect(list.json().items.map((x: { name: string }) => x.name)).toEqual(['Delivery']);
    const got = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${s.json().id}`,
      headers: acme.headers,
    });
    expect(got.json().definition.questions[0].type).toBe('nps');
  });

  it('never shows one tenant another tenant’s data', async () => {
    const j = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/journeys',
      headers: acme.headers,
      payload: { name: 'Private' },
    });
    const id = j.json().id;
    const cross = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/journeys/${id}`,
      headers: other.headers,
    });
    expect(cross.statusCode).toBe(404);
    expect(cross.headers['content-type']).toContain('application/problem+json');
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/journeys', headers: other.headers });
    expect(list.json().items).toEqual([]);
    const tp = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/touchpoints',
      headers: other.headers,
      payload: { journeyId: id, name: 'Sneaky' },
    });
    expect(tp.statusCode).toBe(400);
    expect(tp.json().invalid_params).toEqual([
      { name: 'journeyId', reason: 'no such journey in this organisation' },
    ]);
  });

  it('upserts contacts by external id and enforces attribute types', async () => {
    const a = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: acme.headers,
      payload: {
        externalId: 'c-1',
        email: 'Ada@Example.com',
        attributes: { plan: 'premium', seats: 12 },
        consent: { email: true },
      },
    });
    expect(a.statusCode).toBe(200);
    expect(a.json()).toMatchObject({ email: 'ada@example.com', attributes: { plan: 'premium', seats: 12 } });
    const b = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: acme.headers,
      payload: { externalId: 'c-1', attributes: { region: 'North' } },
    });
    expect(b.json().id).toBe(a.json().id);
    expect(b.json().attributes).toEqual({ plan: 'premium', seats: 12, region: 'North' });
    const bad = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: acme.headers,
      payload: { externalId: 'c-2', attributes: { seats: 'many' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().invalid_params).toEqual([{ name: 'attributes.seats', reason: 'must be a number' }]);
    expect((await ctx.db.sql`select 1 from contacts where external_id = 'c-2'`).length).toBe(0);
  });
});

describe('bad input', () => {
  it('answers problem+json naming the field, and writes nothing', async () => {
    const before = await count('journeys');
    const cases = [
      { payload: '{"name": ', type: 'application/json', code: 'malformed_body', status: 400 },
      { payload: { name: 'X', colour: 'red' }, code: 'validation_failed', status: 400, param: 'body.colour' },
      { payload: { name: 42 }, code: 'validation_failed', status: 400, param: 'body.name' },
      { payload: { name: 'x'.repeat(70 * 1024) }, code: 'body_too_large', status: 413 },
    ];
    for (const c of cases) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/journeys',
        headers: { ...acme.headers, ...(c.type ? { 'content-type': c.type } : {}) },
        payload: c.payload as never,
      });
      expect(res.statusCode, JSON.stringify(c.payload).slice(0, 40)).toBe(c.status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const body = res.json();
      expect(body).toMatchObject({ status: c.status, code: c.code });
      if (c.param) expect(body.invalid_params.map((p: { name: string }) => p.name)).toContain(c.param);
    }
    expect(await count('journeys')).toBe(before);
  });

  it('rejects missing or wrong credentials, and roles without the right', async () => {
    const none = await ctx.app.inject({ method: 'GET', url: '/api/v1/journeys' });
    expect(none.statusCode).toBe(401);
    const wrong = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/journeys',
      headers: { authorization: 'Bearer ns_000000000000_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' },
    });
    expect(wrong.statusCode).toBe(401);
    const { email, password } = await createTestUser(ctx.db.sql, acme.org.id, 'viewer');
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
    });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const read = await ctx.app.inject({ method: 'GET', url: '/api/v1/journeys', headers: { cookie } });
    expect(read.statusCode).toBe(200);
    const write = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/journeys',
      headers: { cookie },
      payload: { name: 'Nope' },
    });
    expect(write.statusCode).toBe(403);
    expect(write.json().code).toBe('forbidden');
  });

  it('rejects an invalid survey definition with the path of the bad field', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: acme.headers,
      payload: {
        name: 'Broken',
        definition: {
          title: 'T',
          questions: [
            { id: 'q1', type: 'nps', text: 'x' },
            { id: 'q1', type: 'rating', text: 'y' },
          ],
        },
      },
    });
    expect(res.statusCode).toBe(400);
    const names = res.json().invalid_params.map((p: { name: string }) => p.name);
    expect(names.some((n: string) => n.startsWith('body.definition.questions.1'))).toBe(true);
  });
});

describe('sessions', () => {
  it('logs in with a password, reports the user, and logs out', async () => {
    const { email, password } = await createTestUser(ctx.db.sql, acme.org.id, 'analyst');
    const bad = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: 'wrong password!' },
    });
    expect(bad.statusCode).toBe(401);
    const ok = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ user: { email, role: 'analyst' }, organisation: { id: acme.org.id } });
    const setCookie = String(ok.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    const cookie = setCookie.split(';')[0]!;
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.json().user.email).toBe(email);
    const out = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    const after = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
    const stored = await ctx.db.sql<
      { password_hash: string }[]
    >`select password_hash from users where email = ${email}`;
    expect(stored[0]!.password_hash).toMatch(/^scrypt\$/);
    expect(stored[0]!.password_hash).not.toContain(password);
  });
});

describe('service endpoints', () => {
  it('serves health, readiness and an OpenAPI 3.1 document generated from the schemas', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await ctx.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready' });
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/scores', '/api/v1/surveys/{id}/responses']),
    );
    const body = doc.paths['/api/v1/journeys'].post.requestBody.content['application/json'].schema;
    expect(body.properties.name.type).toBe('string');
  });

  it('echoes a request id on every response', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'abc-123' },
    });
    expect(res.headers['x-request-id']).toBe('abc-123');
  });
});

describe('rate limits', () => {
  it('count made-up keys against their IP, and give a proven key its own budget', async () => {
    const limited = await createTestApp({ rateLimitPerMinute: 5 });
    try {
      const org = await createTestOrg(limited.db.sql, 'Limited');
      const get = (authorization: string, ip: string) =>
        limited.app.inject({
          method: 'GET',
          url: '/api/v1/journeys',
          headers: { authorization },
          remoteAddress: ip,
        });
      // Every request with a new made-up key would once have had a fresh budget: now they share the IP's.
      const forged = [];
      for (let i = 0; i < 7; i++)
        forged.push((await get(`Bearer ns_${i}abcdef0123_${'x'.repeat(32)}`, '10.0.0.1')).statusCode);
      expect(forged.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(forged.slice(5)).toEqual([429, 429]);
      // A real key from that exhausted IP: its first request proves it ...
      expect((await get(org.headers.authorization, '10.0.0.2')).statusCode).toBe(200);
      // ... and from then on it counts against its own budget, wherever it comes from.
      const real = [];
      for (let i = 0; i < 6; i++) real.push((await get(org.headers.authorization, '10.0.0.1')).statusCode);
      expect(real).toEqual([200, 200, 200, 200, 200, 429]);
    } finally {
      await limited.close();
    }
  });

  it('give a proven session its own budget, and count made-up session cookies against their IP', async () => {
    const limited = await createTestApp({ rateLimitPerMinute: 5 });
    try {
      const org = await createTestOrg(limited.db.sql, 'Sessions');
      const { email, password } = await createTestUser(limited.db.sql, org.org.id);
      const login = await limited.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password },
        remoteAddress: '10.0.1.9',
      });
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      const get = (c: string, ip: string) =>
        limited.app.inject({
          method: 'GET',
          url: '/api/v1/journeys',
          headers: { cookie: c },
          remoteAddress: ip,
        });
      const forged = [];
      for (let i = 0; i < 6; i++)
        forged.push((await get(`ns_session=${String(i).repeat(43)}`, '10.0.1.1')).statusCode);
      expect(forged).toEqual([401, 401, 401, 401, 401, 429]);
      // Proven once (from a fresh IP), the session then has its own budget from any address.
      expect((await get(cookie, '10.0.1.2')).statusCode).toBe(200);
      const real = [];
      for (let i = 0; i < 6; i++) real.push((await get(cookie, '10.0.1.1')).statusCode);
      expect(real).toEqual([200, 200, 200, 200, 200, 429]);
    } finally {
      await limited.close();
    }
  });
});

// Cross-site request forgery: /api/v1 takes only JSON bodies, and a cookie session's unsafe requests
// must come from the dashboard's own origin. API keys (no ambient credentials) are not affected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { createTestOrg, createTestUser, type TestOrg } from '../support/factories.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let cookie: string;
const HOST = 'northstar.test';
const SELF = `http://${HOST}`;

beforeAll(async () => {
  t = await createTestApp();
  acme = await createTestOrg(t.db.sql, 'Acme');
  const admin = await createTestUser(t.db.sql, acme.org.id, 'admin');
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: admin.email, password: admin.password },
  });
  expect(res.statusCode).toBe(200);
  cookie = res.headers['set-cookie']!.toString().split(';')[0]!;
});
afterAll(async () => t.close());

let n = 0;
const journey = (
  headers: Record<string, string>,
  payload = JSON.stringify({ name: `Journey ${++n}`, stages: ['a'] }),
) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/journeys',
    headers: { host: HOST, 'content-type': 'application/json', ...headers },
    payload,
  });

describe('CSRF', () => {
  it('refuses form and text bodies on /api/v1 with 415, even from the same origin', async () => {
    for (const type of [
      'application/x-www-form-urlencoded',
      'text/plain',
      'multipart/form-data; boundary=x',
    ]) {
      const res = await journey({ cookie, origin: SELF, 'content-type': type }, 'name=J&stages=a');
      expect(res.statusCode, type).toBe(415);
      expect(res.json().code).toBe('unsupported_media_type');
    }
    // Login too: a forged form must not log a browser into the attacker's account.
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'email=a%40b.c&password=x',
    });
    expect(login.statusCode).toBe(415);
  });

  it('refuses a cookie session request from another origin or site, and takes the same origin', async () => {
    const other = await journey({ cookie, origin: 'http://northstar.test:8081' });
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe('cross_origin_request');
    expect((await journey({ cookie, 'sec-fetch-site': 'same-site' })).statusCode).toBe(403);
    expect(
      (await journey({ cookie, 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' })).statusCode,
    ).toBe(403);
    expect((await journey({ cookie, origin: 'null' })).statusCode).toBe(403);
    expect((await journey({ cookie, origin: SELF, 'sec-fetch-site': 'same-origin' })).statusCode).toBe(201);
    // A client that is not a browser sends neither header.
    expect((await journey({ cookie })).statusCode).toBe(201);
    // Reads are not changes: the live feed and lists stay readable with the cookie.
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/journeys',
      headers: { host: HOST, cookie, 'sec-fetch-site': 'same-origin' },
    });
    expect(list.statusCode).toBe(200);
  });

  it('leaves API keys alone: they are not sent by browsers on their own', async () => {
    const res = await journey({ ...acme.headers, origin: 'https://integration.example' });
    expect(res.statusCode).toBe(201);
  });

  it('still takes the form posts that are the contract: the hosted page and email one-click', async () => {
    // Unknown ids: the form is parsed and the route answers (404), not refused for its media type.
    const hosted = await t.app.inject({
      method: 'POST',
      url: '/s/00000000-0000-4000-8000-000000000000',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'nps=9',
    });
    expect(hosted.statusCode).not.toBe(415);
    const oneClick = await t.app.inject({
      method: 'POST',
      url: '/e/not-a-token/9',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'comment=ok',
    });
    expect(oneClick.statusCode).not.toBe(415);
  });
});

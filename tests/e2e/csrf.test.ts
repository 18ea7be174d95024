// Cross-site request forgery in a real browser: a logged-in admin visits a page on another port of the
// same host, which posts forms (and a no-cors fetch) to the API; none of them may change anything.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/platform/log/index.js';
import { buildApp } from '../../src/server/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createTestOrg, createTestSurvey, createTestUser, type TestOrg } from '../support/factories.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`Skipping browser tests: no chromium at ${CHROMIUM}`);

describe.skipIf(!hasChromium)('CSRF in chromium', () => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let attacker: Server;
  let browser: Browser;
  let api: string;
  let evil: string;
  let acme: TestOrg;
  let admin: { email: string; password: string };
  let campaignId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await buildApp({ sql: db.sql, logger: createLogger('silent'), rateLimitPerMinute: 100_000 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    api = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    acme = await createTestOrg(db.sql, 'Acme');
    admin = await createTestUser(db.sql, acme.org.id, 'admin');
    const fixture = await createTestSurvey(db.sql, acme.org.id);
    const call = async (method: 'POST', url: string, payload: object) =>
      (await app.inject({ method, url, headers: acme.headers, payload })).json();
    const list = await call('POST', '/api/v1/contact-lists', { name: 'Panel' });
    await call('POST', '/api/v1/contacts', { externalId: 'ann', email: 'ann@example.com' });
    const [ann] = await db.sql<{ id: string }[]>`select id from contacts where org_id = ${acme.org.id}`;
    await call('POST', `/api/v1/contact-lists/${list.id}/members`, { contactIds: [ann!.id] });
    campaignId = (
      await call('POST', '/api/v1/campaigns', {
        surveyId: fixture.survey.id,
        name: 'Forged?',
        audience: { listId: list.id },
        subject: 'Hello',
      })
    ).id;
    // The attacker's page: two auto-submitted forms and a no-cors fetch, each in its own frame.
    attacker = createServer((req, res) => {
      res.setHeader('content-type', 'text/html');
      const launch = `${api}/api/v1/campaigns/${campaignId}/launch`;
      if (req.url === '/form') {
        res.end(`<form method="post" action="${launch}"><input name="go" value="1"></form>
          <script>document.forms[0].submit()</script>`);
      } else if (req.url === '/text') {
        res.end(`<form method="post" enctype="text/plain" action="${api}/api/v1/journeys">
          <input name='{"name":"Forged","stages":["a"],"x":"' value='"}'></form>
          <script>document.forms[0].submit()</script>`);
      } else {
        res.end(`<script>
          fetch(${JSON.stringify(launch)}, { method: 'POST', mode: 'no-cors', credentials: 'include' })
            .then(() => { document.title = 'sent'; }, () => { document.title = 'sent'; });
        </script>`);
      }
    });
    await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
    evil = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => attacker?.close(r));
    await app?.close();
    await db?.drop();
  });

  it('refuses forms and no-cors posts from another origin, while the dashboard origin still works', async () => {
    const page = await browser.newPage();
    await page.goto(`${api}/healthz`);
    const login = await page.evaluate(
      async (creds) =>
        (
          await fetch('/api/v1/auth/login', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(creds),
          })
        ).status,
      { email: admin.email, password: admin.password },
    );
    expect(login).toBe(200);

    for (const path of ['/form', '/text']) {
      const answered = page.waitForResponse(
        (r) => r.url().startsWith(api) && r.request().method() === 'POST',
      );
      await page.goto(`${evil}${path}`);
      const res = await answered;
      expect(res.status(), path).toBeGreaterThanOrEqual(400);
    }
    await page.goto(`${evil}/fetch`);
    await page.waitForFunction("document.title === 'sent'");

    const [campaign] = await db.sql<
      { status: string }[]
    >`select status from campaigns where id = ${campaignId}`;
    expect(campaign!.status).toBe('draft');
    const [invited] = await db.sql<
      { n: number }[]
    >`select count(*)::int as n from invitations where org_id = ${acme.org.id}`;
    expect(invited!.n).toBe(0);
    const [forged] = await db.sql<
      { n: number }[]
    >`select count(*)::int as n from journeys where name like 'Forged%'`;
    expect(forged!.n).toBe(0);

    // The same cookie from the dashboard's own origin launches it.
    await page.goto(`${api}/healthz`);
    const launched = await page.evaluate(
      async (url) => (await fetch(url, { method: 'POST', credentials: 'same-origin' })).status,
      `/api/v1/campaigns/${campaignId}/launch`,
    );
    expect(launched).toBe(202);
    await page.close();
  });
});

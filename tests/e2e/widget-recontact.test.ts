// The widget's scroll-depth trigger and recontact rules in chromium: a survey offered once the visitor has
// scrolled half the page, not again within a day of a display, at most twice in all; one answered is not
// offered within a week of the response; and the rules still hold within the page when storage is blocked.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSurvey } from '../../src/listen/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { buildApp } from '../../src/server/index.js';
// @ts-expect-error: the build script is plain JavaScript without types.
import { buildWidget } from '../../widget/build.mjs';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createTestOrg } from '../support/factories.js';
import { CHROMIUM, hasChromium } from '../support/require.js';

const chromiumPresent = hasChromium('widget recontact browser tests');
const DAY = 86_400_000;

const definition = (title: string) => ({
  title,
  questions: [{ id: 'nps', type: 'nps', required: true, text: 'How likely are you to recommend us?' }],
});

describe.skipIf(!chromiumPresent)('widget scroll depth and recontact rules in chromium', () => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let host: Server;
  let hostUrl: string;
  let browser: Browser;
  let scrollId: string;
  let answerId: string;

  beforeAll(async () => {
    await buildWidget();
    db = await createTestDatabase();
    app = await buildApp({ sql: db.sql, logger: createLogger('silent'), rateLimitPerMinute: 100_000 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const pages: Record<string, string> = {};
    host = createServer((req, res) => {
      const page = pages[(req.url ?? '/').split('?')[0]!];
      res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page ?? 'not found');
    });
    await new Promise<void>((ok) => host.listen(0, '127.0.0.1', ok));
    hostUrl = `http://localhost:${(host.address() as AddressInfo).port}`;
    const org = await createTestOrg(db.sql, 'Blog');
    scrollId = (
      await createSurvey(db.sql, org.org.id, { name: 'Read', definition: definition('Enjoying it?') })
    ).id;
    answerId = (
      await createSurvey(db.sql, org.org.id, { name: 'Pricing', definition: definition('Pricing') })
    ).id;
    const site = await app.inject({
      method: 'POST',
      url: '/api/v1/widget/sites',
      headers: org.headers,
      payload: {
        name: 'Blog',
        origins: [hostUrl],
        surveys: [
          {
            surveyId: scrollId,
            triggers: [{ type: 'scroll', percent: 50, url: { op: 'starts_with', value: '/article' } }],
            frequency: { displayGapDays: 1, maxDisplays: 2 },
          },
          {
            surveyId: answerId,
            triggers: [{ type: 'pageview', url: { op: 'equals', value: '/pricing' } }],
            frequency: { responseGapDays: 7 },
          },
        ],
      },
    });
    expect(site.statusCode).toBe(201);
    const tag = `<script async src="${base}/widget/loader.js" data-site="${site.json().siteKey}"></script>`;
    const page = (body: string) =>
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Blog</title></head><body><main><h1>Blog</h1>${body}</main>${tag}</body></html>`;
    pages['/article'] = page('<div style="height:4000px">A long article</div>');
    pages['/other'] = page('<div style="height:4000px">Not an article</div>');
    pages['/pricing'] = page('<p>Prices</p>');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((ok) => host?.close(ok));
    await app?.close();
    await db?.drop();
  });

  async function visit(context: BrowserContext, path: string): Promise<{ page: Page; errors: string[] }> {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${hostUrl}${path}`);
    await page.waitForFunction('window.northstar !== undefined');
    await page.waitForTimeout(400); // the configuration has arrived
    return { page, errors };
  }
  const scrollTo = (page: Page, share: number) =>
    page.evaluate(
      `window.scrollTo(0, document.documentElement.scrollHeight * ${share} - innerHeight); new Promise((ok) => setTimeout(ok, 300))`,
    );
  const shownCount = (page: Page) => page.locator('[data-northstar]').count();
  const close = async (page: Page) => {
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await page.locator('[data-northstar]').waitFor({ state: 'detached' });
  };
  /** Move this browser's last display of a survey back by some days. */
  const age = (page: Page, id: string, field: 'd' | 'r', days: number) =>
    page.evaluate(
      `(() => { const k = 'ns_w_${id}'; const s = JSON.parse(localStorage.getItem(k)); s.${field} -= ${days * DAY}; localStorage.setItem(k, JSON.stringify(s)); })()`,
    );

  it('offers the survey at half the page, then not within a day of a display, and at most twice', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const first = await visit(context, '/article');
    await scrollTo(first.page, 0.3);
    expect(await shownCount(first.page)).toBe(0);
    await scrollTo(first.page, 0.6);
    await first.page.getByRole('dialog', { name: 'Enjoying it?' }).waitFor({ timeout: 5_000 });
    await close(first.page);
    const stored = JSON.parse(
      (await first.page.evaluate(`localStorage.getItem('ns_w_${scrollId}')`)) as string,
    ) as { n: number; d: number; e: number };
    expect(stored.n).toBe(1);
    expect(Math.abs(Date.now() - stored.d)).toBeLessThan(60_000);
    // The same page: scrolling on does not offer it again.
    await scrollTo(first.page, 1);
    expect(await shownCount(first.page)).toBe(0);

    // Another page that is not an article: the address test fails.
    const other = await visit(context, '/other');
    await age(other.page, scrollId, 'd', 2);
    await scrollTo(other.page, 1);
    expect(await shownCount(other.page)).toBe(0);

    // An hour after the display (a day has not passed): not offered.
    const soon = await visit(context, '/article');
    await age(soon.page, scrollId, 'd', -2 + 1 / 24);
    await scrollTo(soon.page, 1);
    expect(await shownCount(soon.page)).toBe(0);

    // Two days after: offered a second time.
    await age(soon.page, scrollId, 'd', 2);
    const again = await visit(context, '/article');
    await scrollTo(again.page, 0.9);
    await again.page.getByRole('dialog', { name: 'Enjoying it?' }).waitFor({ timeout: 5_000 });
    await close(again.page);

    // Two displays reached: never again, however long ago.
    await age(again.page, scrollId, 'd', 30);
    const third = await visit(context, '/article');
    await scrollTo(third.page, 1);
    expect(await shownCount(third.page)).toBe(0);
    for (const v of [first, other, soon, again, third]) expect(v.errors).toEqual([]);
    await context.close();
  });

  it('does not offer an answered survey within a week of the response, and offers it after', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const first = await visit(context, '/pricing');
    const dialog = first.page.getByRole('dialog', { name: 'Pricing' });
    await dialog.waitFor({ timeout: 5_000 });
    await dialog.getByText('8', { exact: true }).click();
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await first.page.waitForFunction(`JSON.parse(localStorage.getItem('ns_w_${answerId}') || '{}').r > 0`);
    const [row] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from responses where survey_id = ${answerId}`;
    expect(row!.n).toBe(1);

    const sixDays = await visit(context, '/pricing');
    await age(sixDays.page, answerId, 'r', 6);
    const stillSoon = await visit(context, '/pricing');
    expect(await shownCount(stillSoon.page)).toBe(0);
    await age(stillSoon.page, answerId, 'r', 2);
    const later = await visit(context, '/pricing');
    await later.page.getByRole('dialog', { name: 'Pricing' }).waitFor({ timeout: 5_000 });
    for (const v of [first, sixDays, stillSoon, later]) expect(v.errors).toEqual([]);
    await context.close();
  });

  it('still works, without errors, when the page may not use storage', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    await context.addInitScript(
      `Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } })`,
    );
    const { page, errors } = await visit(context, '/article');
    await scrollTo(page, 0.7);
    await page.getByRole('dialog', { name: 'Enjoying it?' }).waitFor({ timeout: 5_000 });
    await close(page);
    // Remembered in memory for this page: scrolling on does not offer it again.
    await scrollTo(page, 0.2);
    await scrollTo(page, 1);
    expect(await shownCount(page)).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});

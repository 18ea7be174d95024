// The website widget in chromium on a plain host page served from another origin: a custom-event
// trigger with targeting, the survey in a shadow root untouched by the host's styles, no global but
// window.northstar, axe-core clean, and a host page unaffected when the Northstar server is down.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSurvey } from '../../src/listen/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { buildApp } from '../../src/server/index.js';
// @ts-expect-error: the build script is plain JavaScript without types.
import { buildWidget } from '../../widget/build.mjs';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createTestOrg } from '../support/factories.js';
import { CHROMIUM, hasChromium } from '../support/require.js';

const chromiumPresent = hasChromium('widget browser tests');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const definition = {
  title: 'Quick question',
  questions: [
    { id: 'nps', type: 'nps', required: true, text: 'How likely are you to recommend our shop?' },
    { id: 'why', type: 'text', long: false, text: 'What is the main reason for your score?' },
  ],
  endings: [{ id: 'thanks', text: 'Thanks for shopping with us!' }],
};

function hostPage(body: string, head = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>${head}</head><body><main><h1>Shop</h1><button id="buy" type="button">Buy</button></main>${body}<script>document.getElementById('buy').addEventListener('click', function () { document.body.dataset.clicked = 'yes'; if (window.northstar) window.northstar.track('bought'); });</script></body></html>`;
}

describe.skipIf(!chromiumPresent)('website widget in chromium', () => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let base: string;
  let host: Server;
  let hostUrl: string;
  let browser: Browser;
  let surveyId: string;
  let siteKey: string;
  let timedId: string;
  let exitId: string;
  let sampledId: string;
  const deadPort = 9; // discard port: nothing listens, connections are refused

  beforeAll(async () => {
    await buildWidget();
    db = await createTestDatabase();
    app = await buildApp({ sql: db.sql, logger: createLogger('silent'), rateLimitPerMinute: 100_000 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    const pages: Record<string, string> = {};
    host = createServer((req, res) => {
      const page = pages[(req.url ?? '/').split('?')[0]!];
      res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page ?? 'not found');
    });
    await new Promise<void>((ok) => host.listen(0, '127.0.0.1', ok));
    // "localhost" is another origin than the server's 127.0.0.1: the widget talks to Northstar cross-origin.
    hostUrl = `http://localhost:${(host.address() as AddressInfo).port}`;

    const org = await createTestOrg(db.sql, 'Shop');
    surveyId = (await createSurvey(db.sql, org.org.id, { name: 'Shop NPS', definition })).id;
    const other = (title: string) => ({ ...definition, title });
    timedId = (await createSurvey(db.sql, org.org.id, { name: 'Timed', definition: other('Timed question') }))
      .id;
    exitId = (await createSurvey(db.sql, org.org.id, { name: 'Exit', definition: other('Before you go') }))
      .id;
    sampledId = (
      await createSurvey(db.sql, org.org.id, { name: 'Sampled', definition: other('Sampled out') })
    ).id;
    const site = await app.inject({
      method: 'POST',
      url: '/api/v1/widget/sites',
      headers: org.headers,
      payload: {
        name: 'Shop',
        origins: [hostUrl],
        surveys: [
          {
            surveyId,
            triggers: [{ type: 'event', name: 'bought' }],
            targeting: { attribute: 'plan', op: 'eq', value: 'pro' },
          },
          {
            surveyId: timedId,
            triggers: [{ type: 'time', seconds: 1, url: { op: 'contains', value: '/timed' } }],
          },
          { surveyId: exitId, triggers: [{ type: 'exit', url: { op: 'ends_with', value: '/leaving' } }] },
          {
            surveyId: sampledId,
            triggers: [{ type: 'pageview', url: { op: 'equals', value: '/welcome' } }],
            sampling: 0,
          },
        ],
      },
    });
    siteKey = site.json().siteKey;
    const tag = (src: string, extra = '') =>
      `<script async src="${src}" data-site="${siteKey}"${extra}></script>`;
    pages['/plain'] = hostPage('');
    pages['/shop'] = hostPage(tag(`${base}/widget/loader.js`));
    for (const p of ['/timed', '/leaving', '/welcome']) pages[p] = hostPage(tag(`${base}/widget/loader.js`));
    pages['/hostile'] = hostPage(
      tag(`${base}/widget/loader.js`),
      '<style>*{color:#c00!important;font-size:40px!important;font-family:serif!important} div,button{display:none}</style>',
    );
    pages['/down-script'] = hostPage(tag(`http://127.0.0.1:${deadPort}/widget/loader.js`));
    pages['/down-api'] = hostPage(
      tag(`${base}/widget/loader.js`, ` data-host="http://127.0.0.1:${deadPort}"`),
    );
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

  async function open(path: string): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${hostUrl}${path}`);
    return { page, errors };
  }

  it('shows the survey in a shadow root on a custom event for a targeted visitor, and stores the answer', async () => {
    const { page, errors } = await open('/shop');
    await page.waitForFunction('window.northstar !== undefined');
    // Not targeted yet (no plan): the event shows nothing.
    await page.click('#buy');
    await page.waitForTimeout(500);
    expect(await page.locator('[data-northstar]').count()).toBe(0);

    await page.evaluate(`window.northstar.identify({ id: 'shopper-1' }, { plan: 'pro' })`);
    await page.click('#buy');
    const widget = page.locator('[data-northstar]');
    await widget.waitFor({ state: 'attached' });
    expect(await page.evaluate(`document.querySelector('[data-northstar]').shadowRoot !== null`)).toBe(true);
    // The survey is inside the shadow root, not in the page's DOM.
    expect(await page.evaluate(`document.querySelectorAll('.ns-form').length`)).toBe(0);
    await page.getByRole('dialog', { name: 'Quick question' }).waitFor();

    await page.addScriptTag({ content: axeSource });
    const violations = (await page.evaluate(
      `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`,
    )) as string[];
    expect(violations).toEqual([]);

    await page.getByRole('dialog').getByText('9', { exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('What is the main reason for your score?').fill('Fast delivery');
    await page.getByRole('dialog').getByRole('button', { name: 'Submit' }).click();
    await page.getByText('Thanks for shopping with us!').waitFor();
    const [row] = await db.sql<{ answers: unknown; channel: string; externalId: string }[]>`
      select r.answers, r.channel, c.external_id as "externalId" from responses r
      join contacts c on c.org_id = r.org_id and c.id = r.contact_id where r.survey_id = ${surveyId}`;
    expect(row).toEqual({
      answers: { nps: 9, why: 'Fast delivery' },
      channel: 'widget',
      externalId: 'shopper-1',
    });
    // Answered once: the same browser is not asked again.
    await page.reload();
    await page.waitForFunction('window.northstar !== undefined');
    await page.evaluate(`window.northstar.identify('shopper-1', { plan: 'pro' })`);
    await page.click('#buy');
    await page.waitForTimeout(500);
    expect(await page.locator('[data-northstar]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("keeps the host page's styles out, and adds no global but window.northstar", async () => {
    const plain = await open('/plain');
    const before = (await plain.page.evaluate('Object.keys(window)')) as string[];
    await plain.page.context().close();

    const { page, errors } = await open('/hostile');
    await page.waitForFunction('window.northstar !== undefined');
    await page.evaluate(`window.northstar.show(${JSON.stringify(surveyId)})`);
    await page.getByRole('dialog', { name: 'Quick question' }).waitFor();
    const style = (await page.evaluate(
      `(() => { const l = document.querySelector('[data-northstar]').shadowRoot.querySelector('legend'); const s = getComputedStyle(l); return { size: s.fontSize, color: s.color }; })()`,
    )) as { size: string; color: string };
    expect(style.size).not.toBe('40px');
    expect(style.color).not.toBe('rgb(204, 0, 0)');
    expect(await page.getByRole('dialog').getByRole('button', { name: 'Next' }).isVisible()).toBe(true);
    const after = (await page.evaluate('Object.keys(window)')) as string[];
    expect(after.filter((k) => !before.includes(k))).toEqual(['northstar']);
    // Escape closes it (from anywhere inside it).
    await page.getByRole('dialog').getByRole('button', { name: 'Next' }).focus();
    await page.keyboard.press('Escape');
    await page.locator('[data-northstar]').waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('fires time-on-page and exit-intent triggers on matching URLs only, and honours sampling', async () => {
    const timed = await open('/timed');
    await timed.page.getByRole('dialog', { name: 'Timed question' }).waitFor({ timeout: 5_000 });
    await timed.page.context().close();

    const leaving = await open('/leaving');
    await leaving.page.waitForFunction('window.northstar !== undefined');
    await leaving.page.waitForTimeout(300); // the configuration has arrived
    expect(await leaving.page.locator('[data-northstar]').count()).toBe(0);
    await leaving.page.evaluate(
      `document.dispatchEvent(new MouseEvent('mouseout', { clientY: -1, relatedTarget: null, bubbles: true }))`,
    );
    await leaving.page.getByRole('dialog', { name: 'Before you go' }).waitFor({ timeout: 5_000 });
    expect(leaving.errors).toEqual([]);
    await leaving.page.context().close();

    // Sampling 0 %: never offered, and the browser remembers it was left out.
    const welcome = await open('/welcome');
    await welcome.page.waitForFunction(`localStorage.getItem('ns_w_${sampledId}') === 'out'`);
    expect(await welcome.page.locator('[data-northstar]').count()).toBe(0);
    await welcome.page.context().close();
  });

  it('leaves the host page working when the Northstar server is down', async () => {
    for (const path of ['/down-script', '/down-api']) {
      const { page, errors } = await open(path);
      await page.waitForLoadState('load');
      await page.waitForTimeout(300);
      await page.click('#buy');
      expect(await page.evaluate('document.body.dataset.clicked')).toBe('yes');
      expect(await page.locator('[data-northstar]').count()).toBe(0);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });
});

// Every page of the dashboard on the demo organisation, in chromium at 1440 px and 390 px: it loads under
// its own heading, logs no console error, makes no failing API call, shows numbers, passes axe, and
// never scrolls sideways on a phone. NORTHSTAR_SCREENSHOTS=<folder> keeps a screenshot of each.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImportJob } from '../../src/listen/imports/index.js';
import { enrichFeedbackJob, textRerunJob } from '../../src/understand/comments/index.js';
import { PAGES } from '../../web/src/nav.js';
import { CHROMIUM, hasChromium } from '../support/require.js';
import { startTestServer } from '../support/server.js';

const chromiumPresent = hasChromium('dashboard page tests');

const root = fileURLToPath(new URL('../..', import.meta.url));
const screenshots = process.env.NORTHSTAR_SCREENSHOTS;

/** Pages written by other parts of the product that may still be placeholders without figures. */
const MAY_HAVE_NO_FIGURES = new Set(['cases']);

function dashboardBuildIsStale(): boolean {
  const built = path.join(root, 'dist/web/index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
        const file = path.join(dir, entry.name);
        return entry.isDirectory() ? newest(file) : statSync(file).mtimeMs;
      }),
    );
  return newest(path.join(root, 'web')) > builtAt;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = (await page.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`,
  )) as { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

describe.skipIf(!chromiumPresent)('every dashboard page in chromium', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];
  const failedCalls: string[] = [];

  beforeAll(async () => {
    if (dashboardBuildIsStale())
      await build({ configFile: path.join(root, 'web/vite.config.ts'), logLevel: 'warn' });
    server = await startTestServer({ demo: true, worker: [runImportJob, textRerunJob, enrichFeedbackJob] });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    // The dashboard's Content-Security-Policy (script-src 'self') would block the injected axe-core script.
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
    page.on('response', (response) => {
      if (response.url().includes('/api/') && response.status() >= 400)
        failedCalls.push(`${response.status()} ${response.request().method()} ${response.url()}`);
    });
    await page.goto(server.url);
    await page.getByTestId('login-email').fill(server.adminEmail);
    await page.getByTestId('login-password').fill(server.adminPassword);
    await page.getByTestId('login-submit').click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    if (screenshots) await mkdir(screenshots, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Opens a page, waits for its data, and checks it at the current width. */
  async function check(key: string, pathname: string, width: number) {
    consoleErrors.length = 0;
    failedCalls.length = 0;
    await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
    await page.goto(`${server.url}${pathname}`);
    await page.locator('main h1').first().waitFor();
    // Wait until nothing says it is loading (the overview's live feed keeps a request open for good).
    await page.waitForFunction(`!document.querySelector('main [aria-busy="true"], main .spinner')`, null, {
      timeout: 30_000,
    });
    if (!MAY_HAVE_NO_FIGURES.has(key)) {
      const figures = page.locator('main [data-figure]');
      await figures.first().waitFor({ timeout: 30_000 });
      const texts = await figures.allTextContents();
      expect(
        texts.some((t) => /\d/.test(t)),
        `${pathname} shows numbers`,
      ).toBe(true);
    }
    const overflow = (await page.evaluate(
      'document.documentElement.scrollWidth - window.innerWidth',
    )) as number;
    expect(overflow, `${pathname} at ${width} px scrolls sideways by ${overflow} px`).toBeLessThanOrEqual(0);
    if (screenshots)
      await page.screenshot({ path: path.join(screenshots, `${key}-${width}.png`), fullPage: width >= 600 });
    expect(await seriousViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(failedCalls).toEqual([]);
  }

  for (const info of PAGES) {
    it(`${info.path} (${info.label}) at 1440 px and 390 px`, async () => {
      await check(info.key, info.path, 1440);
      await check(info.key, info.path, 390);
    });
  }

  it('shows a not-found page for an unknown path, and keeps filters in the address', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${server.url}/no-such-page`);
    await page.getByTestId('not-found').waitFor();
    expect(await page.locator('h1').textContent()).toBe('Page not found');

    await page.goto(`${server.url}/journeys?range=90d`);
    await page.locator('main h1').waitFor();
    await page.getByTestId('filter-range').selectOption('30d');
    await page.waitForURL(/range=30d/);
    // The filter travels with the navigation to another analysis page ...
    await page.getByTestId('nav-drivers').click();
    await page.waitForURL(/\/drivers\?range=30d/);
    // ... and survives a reload.
    await page.reload();
    expect(await page.getByTestId('filter-range').inputValue()).toBe('30d');
  });

  it('creates an API key with a role from Settings, shows it once, and revokes it', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${server.url}/settings`);
    await page.getByTestId('key-name').fill('Warehouse sync');
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByText(/Store this key now/);
    await shown.waitFor();
    const key = /ns_\S+/.exec((await shown.textContent()) ?? '')?.[0];
    expect(key).toBeDefined();
    // The key works against the API ...
    const me = await fetch(`${server.url}/api/v1/journeys`, { headers: { authorization: `Bearer ${key}` } });
    expect(me.status).toBe(200);
    // ... until it is revoked from the list.
    const row = page.locator('tr').filter({ hasText: 'Warehouse sync' });
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByText('Revoked').waitFor();
    const after = await fetch(`${server.url}/api/v1/journeys`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(after.status).toBe(401);
  });

  it('prints a page as PDF without the navigation and filters', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${server.url}/gaps`);
    await page.locator('main [data-figure]').first().waitFor();
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#app-nav').isVisible()).toBe(false);
    expect(await page.getByTestId('filter-bar').isVisible()).toBe(false);
    expect(await page.locator('main h1').isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
    await page.emulateMedia({ media: 'screen' });
  });

  it('opens the navigation from the menu button at 390 px, with brand and log-out apart', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/`);
    await page.locator('main h1').waitFor();
    const brand = await page.locator('.app-header .logo').boundingBox();
    const logOut = await page.getByTestId('log-out').boundingBox();
    expect(brand && logOut && brand.x + brand.width < logOut.x).toBe(true);
    await page.getByTestId('menu-button').click();
    await page.getByTestId('nav-responses').click();
    await page.waitForURL(/\/responses/);
    expect(await page.locator('#app-nav').isVisible()).toBe(false);
  });
});

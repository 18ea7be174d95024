// Every page of the dashboard on the demo organisation, in chromium at 1440 px and 390 px: it loads under
// its own heading, logs no console error, makes no failing API call, shows numbers, passes axe, and
// never scrolls sideways on a phone. NORTHSTAR_SCREENSHOTS=<folder> keeps a screenshot of each.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImportJob } from '../../src/listen/imports/index.js';
import { enrichFeedbackJob, textRerunJob } from '../../src/understand/comments/index.js';
import { PAGES } from '../../web/src/nav.js';
import {
  buildDashboard,
  launchChromium,
  logIn,
  screenshot,
  seriousViolations,
  sidewaysOverflow,
  type WatchedPage,
  watchedPage,
} from '../support/browser.js';
import { hasChromium } from '../support/require.js';
import { startTestServer } from '../support/server.js';

const chromiumPresent = hasChromium('dashboard page tests');

/** Pages written by other parts of the product that may still be placeholders without figures. */
const MAY_HAVE_NO_FIGURES = new Set(['cases']);
/** Pages whose screenshot another test takes in a state worth showing (/text: within a word search). */
const SCREENSHOT_ELSEWHERE = new Set(['text']);

describe.skipIf(!chromiumPresent)('every dashboard page in chromium', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let watched: WatchedPage;
  let page: Page;

  beforeAll(async () => {
    await buildDashboard();
    server = await startTestServer({ demo: true, worker: [runImportJob, textRerunJob, enrichFeedbackJob] });
    browser = await launchChromium();
    watched = await watchedPage(browser);
    page = watched.page;
    await logIn(page, server.url, server.adminEmail, server.adminPassword);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Opens a page, waits for its data, and checks it at the current width. */
  async function check(key: string, pathname: string, width: number) {
    watched.reset();
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
    const overflow = await sidewaysOverflow(page);
    expect(overflow, `${pathname} at ${width} px scrolls sideways by ${overflow} px`).toBeLessThanOrEqual(0);
    if (key === 'value') {
      // The fixture trains the demo's churn model at load, as `npm start` does.
      expect(await page.locator('main').textContent()).not.toContain('No churn model yet');
    }
    if (!SCREENSHOT_ELSEWHERE.has(key)) await screenshot(page, `${key}-${width}`, width >= 600);
    expect(await seriousViolations(page)).toEqual([]);
    expect(watched.consoleErrors).toEqual([]);
    expect(watched.failedCalls).toEqual([]);
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

// A view shared read-only and a page printed to PDF, in chromium on the demo. The shared link opens the
// filtered view without logging in (no navigation, no failing call, axe clean, fits 390 px), refuses
// writes, and stops working once revoked. The PDF of a page (print CSS) holds its filters as text and
// the numbers of its figures and of the tables behind its charts, read back from the PDF by unpdf.
import type { Browser } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  screenshot,
  seriousViolations,
  sidewaysOverflow,
  signedInDemo,
  type WatchedPage,
  watchedPage,
} from '../support/browser.js';
import { hasChromium } from '../support/require.js';
import type { startTestServer } from '../support/server.js';

const chromiumPresent = hasChromium('share and print browser tests');

describe.skipIf(!chromiumPresent)('shared views and printing in chromium', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let admin: WatchedPage;

  beforeAll(async () => {
    ({ server, browser, watched: admin } = await signedInDemo());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shares a filtered view read-only, refuses writes through it, and revokes it', async () => {
    const { page } = admin;
    await page.goto(`${server.url}/gaps?range=90d`);
    await page.locator('main [data-figure]').first().waitFor();
    await page.getByTestId('share-open').click();
    await page.getByTestId('share-create').click();
    const url = (await page.getByTestId('share-url').textContent()) ?? '';
    expect(url).toMatch(/\/shared\/nss_[\w-]+$/);

    // The reader: a browser without a session.
    const reader = await watchedPage(browser);
    await reader.page.goto(url);
    await reader.page.waitForURL(`${server.url}/gaps?range=90d`);
    await reader.page.getByTestId('shared-banner').waitFor();
    expect(await reader.page.locator('main h1').textContent()).toBe('Gaps');
    await reader.page.waitForFunction(`!document.querySelector('main [aria-busy="true"], main .spinner')`);
    const figures = await reader.page.locator('main [data-figure]').allTextContents();
    expect(figures.some((t) => /\d/.test(t))).toBe(true);
    // The same figures as the signed-in page shows.
    expect(figures).toEqual(await page.locator('main [data-figure]').allTextContents());
    expect(await reader.page.locator('#app-nav').count()).toBe(0);
    expect(await reader.page.getByTestId('log-out').count()).toBe(0);
    expect(await reader.page.getByTestId('share-open').count()).toBe(0);
    expect(await reader.page.getByTestId('filter-range').inputValue()).toBe('90d');
    expect(await seriousViolations(reader.page)).toEqual([]);
    await screenshot(reader.page, 'shared-view-1440');
    await reader.page.setViewportSize({ width: 390, height: 844 });
    expect(await sidewaysOverflow(reader.page)).toBeLessThanOrEqual(0);
    expect(reader.consoleErrors).toEqual([]);
    expect(reader.failedCalls).toEqual([]);

    // Writes and raw data are refused to the reader, even from the page itself.
    const statuses = await reader.page.evaluate(`Promise.all([
      fetch('/api/v1/journeys', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Nope', stages: ['a'] }) }).then((r) => r.status),
      fetch('/api/v1/feedback').then((r) => r.status),
      fetch('/api/v1/contacts').then((r) => r.status),
    ])`);
    expect(statuses).toEqual([403, 403, 403]);
    reader.reset();

    // Revoked from Settings, where every shared view is listed: the reader's next load asks for a login,
    // and the link says it is gone.
    await page.goto(`${server.url}/settings`);
    const row = page.getByTestId('share-links').locator('tr').filter({ hasText: '/gaps?range=90d' });
    await row.getByRole('button', { name: 'Revoke the link to /gaps?range=90d' }).click();
    await row.getByText('Revoked').waitFor();
    await reader.page.reload();
    await reader.page.getByTestId('login-email').waitFor();
    const again = await reader.page.goto(url);
    expect(again?.status()).toBe(410);
    await reader.page.getByText('This link no longer works').waitFor();
    await reader.context.close();
  });

  it('prints a page to PDF with its filters as text and the numbers of its figures and tables', async () => {
    const { page } = admin;
    admin.reset();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${server.url}/gaps?range=90d`);
    await page.locator('main [data-figure]').first().waitFor();
    await page.waitForFunction(`!document.querySelector('main [aria-busy="true"], main .spinner')`);
    const figures = await page.locator('main [data-figure]').allTextContents();
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#app-nav').isVisible()).toBe(false);
    expect(await page.getByTestId('filter-bar').isVisible()).toBe(false);
    expect(await page.getByTestId('print-filters').textContent()).toBe('Period: Last 90 days');
    // Every chart's table is open on paper.
    const cells = await page.locator('main .data-table td').allTextContents();
    expect(cells.length).toBeGreaterThan(0);
    expect(await page.locator('main .data-table table').first().isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    await page.emulateMedia({ media: 'screen' });

    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
    const flat = (s: string) => s.replace(/\u2212/g, '-').replace(/[\s\u00a0\u2009\u202f]+/g, '');
    const inPdf = flat(text);
    expect(text).toContain('Gaps');
    expect(inPdf).toContain(flat('Period: Last 90 days'));
    const numbers = [...figures, ...cells].map(flat).filter((t) => /\d/.test(t));
    expect(numbers.length).toBeGreaterThan(3);
    const missing = numbers.filter((n) => !inPdf.includes(n));
    expect(missing, `numbers absent from the PDF (of ${numbers.length})`).toEqual([]);
    expect(admin.consoleErrors).toEqual([]);
  });
});

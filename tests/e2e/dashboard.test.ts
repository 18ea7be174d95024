// The dashboard in a real browser: log in, see the overview, and check the displayed NPS against the API.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImportJob } from '../../src/listen/imports/index.js';
import { enrichFeedbackJob, textRerunJob } from '../../src/understand/comments/index.js';
import { formatScore } from '../../web/src/format.js';
import { DEFAULT_RANGE, rangeFrom } from '../../web/src/range.js';
import { buildDashboard, launchChromium, seriousViolations } from '../support/browser.js';
import { hasChromium } from '../support/require.js';
import { startTestServer } from '../support/server.js';

const chromiumPresent = hasChromium('dashboard browser tests');

describe.skipIf(!chromiumPresent)('dashboard in chromium', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;
  /** Every API request of the page, in order (the live feed's event stream included). */
  const apiRequests: Request[] = [];
  /** Requests the page itself gave up: in the development build React mounts each component twice. */
  const abandoned = new Set<Request>();

  beforeAll(async () => {
    // The server serves whatever is in dist/web: rebuild it when the sources are newer, so the test never
    // drives a stale dashboard (and leaves a fresh build alone, as a running server may be serving it).
    await buildDashboard();
    server = await startTestServer({
      demo: true,
      worker: [runImportJob, textRerunJob, enrichFeedbackJob],
    });
    browser = await launchChromium();
    // The dashboard's Content-Security-Policy (script-src 'self') would block the injected axe-core script.
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/')) apiRequests.push(request);
    });
    page.on('requestfailed', (request) => {
      if (request.failure()?.errorText === 'net::ERR_ABORTED') abandoned.add(request);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('refuses a wrong password with a clear message', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const other = await context.newPage();
    await other.goto(server.url);
    await other.getByTestId('login-email').fill(server.adminEmail);
    await other.getByTestId('login-password').fill(`${server.adminPassword}-wrong`);
    await other.getByTestId('login-submit').click();
    const alert = other.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/email and password do not match/i);
    expect(await seriousViolations(other)).toEqual([]);
    await context.close();
  });

  // The next tests share one signed-in page: the accessibility check runs on the overview this one opens.
  it('logs in and shows the NPS the API reports for the default range', async () => {
    await page.goto(server.url);
    await page.getByTestId('login-email').fill(server.adminEmail);
    await page.getByTestId('login-password').fill(server.adminPassword);
    const beforeLogin = apiRequests.length;
    await page.getByTestId('login-submit').click();

    const nps = page.getByTestId('kpi-nps-score');
    await nps.waitFor();
    await page.getByTestId('trend-chart').waitFor();
    await page.getByTestId('touchpoint-table').waitFor();
    await page.getByTestId('live-feed').waitFor();
    const displayed = (await nps.textContent())?.trim();
    // Whatever the page still asks for on its own after drawing, it asks within a moment.
    await page.waitForTimeout(1_000);

    // The overview asks at most 8 API requests after signing in (the sign-in itself aside): one for
    // all its scores (headlines, trends, by touchpoint), the catalogue the filter bar shares, background
    // work and the live feed's stream.
    const overviewRequests = apiRequests
      .slice(beforeLogin)
      .filter((r) => r.method() !== 'POST' && !abandoned.has(r))
      .map((r) => r.url());
    console.info(`Overview API requests after sign-in: ${overviewRequests.length}`);
    expect(overviewRequests.length, overviewRequests.join('\n')).toBeLessThanOrEqual(8);
    // Each thing once.
    expect(new Set(overviewRequests).size, overviewRequests.join('\n')).toBe(overviewRequests.length);
    const scoreRequests = overviewRequests.filter((url) => url.includes('/api/v1/scores'));
    expect(scoreRequests, 'one request for every score of the overview').toHaveLength(1);

    // It asked for the default range (the headline is the `overall` of the trend's answer) ...
    const from = rangeFrom(DEFAULT_RANGE);
    expect(from).toBeDefined();
    const pageQuery = new URL(scoreRequests[0]!);
    expect(pageQuery.pathname).toBe('/api/v1/scores/overview');
    expect(pageQuery.searchParams.get('from')).toBe(from);

    // ... and shows what the API answers for it.
    const response = await fetch(
      `${server.url}/api/v1/scores?${new URLSearchParams({ metric: 'nps', from: from ?? '' })}`,
      {
        headers: { authorization: `Bearer ${server.apiKey}` },
      },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { overall: { score: number | null; n: number } };
    expect(body.overall.n).toBeGreaterThan(0);
    expect(displayed).toBe(formatScore('nps', body.overall.score));
    expect(displayed).toMatch(/^[+-]?\d+\.\d$/);

    expect(await page.getByTestId('kpi-csat-score').textContent()).toMatch(/^\d+\.\d$/);
    expect(await page.getByTestId('kpi-ces-score').textContent()).toMatch(/^\d\.\d\d$/);
    expect(await page.locator('[data-testid="touchpoint-table"] tbody tr').count()).toBeGreaterThan(5);

    // Kept for a person to look at: the overview as the demo organisation sees it.
    const dir = await mkdtemp(path.join(tmpdir(), 'northstar-e2e-'));
    await page.screenshot({ path: path.join(dir, 'overview.png'), fullPage: true });
    console.info(`Overview screenshot: ${path.join(dir, 'overview.png')}`);
  });

  it('has no serious or critical accessibility violations on the overview', async () => {
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('shows the analysis of the demo comments in the background until it is done', async () => {
    const item = page.getByTestId('work-item').filter({ hasText: 'Comment analysis' });
    await item.waitFor({ timeout: 30_000 });
    expect(await item.textContent()).toContain('demo data loaded');
    await item.filter({ hasText: 'Done' }).waitFor({ timeout: 60_000 });
    expect(await item.locator('progress').getAttribute('value')).toBe('1');
  });

  it('shows new feedback live, as text', async () => {
    await page.getByTestId('live-status').filter({ hasText: 'Live' }).waitFor();
    // Letters, not a long run of digits: intake redaction would take a 13-digit number for a card.
    const marker = `Live check ${Date.now().toString(36)}`;
    const started = Date.now();
    const res = await fetch(`${server.url}/api/v1/feedback`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        source: 'review',
        channel: 'web',
        text: `${marker} <img src=x onerror="window.pwned=1"> <b>bold</b>`,
        rating: { value: 4, min: 1, max: 5 },
      }),
    });
    expect(res.status).toBe(201);
    const item = page.getByTestId('live-item').filter({ hasText: marker });
    await item.waitFor({ timeout: 5_000 });
    console.info(`Live feed: the review appeared ${Date.now() - started} ms after it was sent`);
    expect(await item.textContent()).toContain('Rating 75%');
    // The comment is shown as the customer wrote it, never as markup.
    expect(await item.textContent()).toContain('<b>bold</b>');
    expect(await item.locator('img, b').count()).toBe(0);
    expect(await page.evaluate('window.pwned')).toBeUndefined();
  });

  it('imports a tickets file from the Imports page with a progress bar, and lists refused rows', async () => {
    await page.getByTestId('nav-imports').click();
    await page.getByRole('heading', { name: 'Imports', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/imports');
    await page.getByTestId('import-kind').selectOption('tickets');
    const rows = Array.from(
      { length: 300 },
      (_, i) => `T-${i},${3 + (i % 3)},"Ticket ${i}: the courier was late, again"`,
    );
    await page.getByTestId('import-file').setInputFiles({
      name: 'tickets.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`ticket,csat,body\n${rows.join('\n')}\n`),
    });
    await page.getByTestId('import-mapping').fill('ticket=sourceId\ncsat=csat\nbody=text');
    await page.getByTestId('import-start').click();
    const status = page.getByTestId('import-status');
    await status.filter({ hasText: 'Done' }).waitFor({ timeout: 20_000 });
    expect(await status.textContent()).toContain('300 imported');
    const bar = page.getByTestId('import-progress-bar');
    expect(await bar.getAttribute('value')).toBe('300');
    expect(await bar.getAttribute('max')).toBe('300');
    await page.getByTestId('imports-table').filter({ hasText: 'tickets.csv' }).waitFor();

    // A file with bad rows: nothing is written, and each refused row is named.
    await page.getByTestId('import-file').setInputFiles({
      name: 'bad-tickets.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('ticket,csat,body\nB-1,9,Too high\nB-2,4,Fine\nB-3,,\n'),
    });
    await page.getByTestId('import-start').click();
    await status.filter({ hasText: 'Rejected' }).waitFor({ timeout: 20_000 });
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    const text = (await errors.textContent()) ?? '';
    expect(text).toContain('2 row problems');
    // Worded for this page, not for the CLI, and the file stays chosen to start again at once.
    expect(await status.textContent()).toContain('Import the valid rows');
    expect(await status.textContent()).not.toContain('--skip-invalid');
    expect(
      await page
        .getByTestId('import-file')
        .evaluate((input) => (input as unknown as { files: { length: number } | null }).files?.length),
    ).toBe(1);
    expect(text).toContain('csat');
    expect(text).toContain('must be a whole number from 1 to 5');
    expect(await seriousViolations(page)).toEqual([]);
    const dir = await mkdtemp(path.join(tmpdir(), 'northstar-e2e-'));
    await page.screenshot({ path: path.join(dir, 'imports.png'), fullPage: true });
    console.info(`Imports screenshot: ${path.join(dir, 'imports.png')}`);

    // Back to the overview through the navigation, and through the browser's back button.
    await page.goBack();
    await page.getByTestId('kpi-nps-score').waitFor();
  });
});

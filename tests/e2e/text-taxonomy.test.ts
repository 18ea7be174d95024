// The theme taxonomy editor on /text in chromium on the demo: add a theme with keywords, change another's
// keywords, remove one, save as a new revision and watch every comment re-tagged to the end; the API then
// serves the new taxonomy. No console errors, no failing API call, axe clean, no sideways scroll at 390 px.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrichFeedbackJob, textRerunJob } from '../../src/understand/comments/index.js';
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

const chromiumPresent = hasChromium('taxonomy editor browser test');

interface View {
  taxonomy: { themes: { id: string; name: Record<string, string>; keywords: string[] }[] };
  custom: boolean;
  revision: number;
}

describe.skipIf(!chromiumPresent)('the taxonomy editor in chromium', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let watched: WatchedPage;
  const taxonomy = async (): Promise<View> =>
    (await (
      await fetch(`${server.url}/api/v1/text/taxonomy`, {
        headers: { authorization: `Bearer ${server.apiKey}` },
      })
    ).json()) as View;

  beforeAll(async () => {
    await buildDashboard();
    server = await startTestServer({ demo: true, worker: [textRerunJob, enrichFeedbackJob] });
    browser = await launchChromium();
    watched = await watchedPage(browser);
    await logIn(watched.page, server.url, server.adminEmail, server.adminPassword);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('adds, edits and removes themes, saves a revision and re-tags the comments with progress', async () => {
    const { page } = watched;
    const before = await taxonomy();
    const [first, second] = before.taxonomy.themes;
    expect(first && second).toBeTruthy();
    watched.reset();
    await page.goto(`${server.url}/text`);
    const card = page.getByTestId('taxonomy');
    await card.getByTestId(`theme-${first!.id}`).waitFor();

    // A new theme, by keyboard: type its name and press Enter, then its keywords.
    await page.getByTestId('taxonomy-new').fill('Gift cards');
    await page.getByTestId('taxonomy-new').press('Enter');
    const gift = card.getByTestId('theme-gift-cards');
    await gift.waitFor();
    await gift.getByLabel('Keywords, comma-separated').fill('gift card, voucher');
    // Another theme gets one more keyword; the second is removed.
    const kw = card.getByTestId(`theme-${first!.id}`).getByLabel('Keywords, comma-separated');
    await kw.fill(`${await kw.inputValue()}, queue jump`);
    await card.getByRole('button', { name: `Remove the theme ${second!.name.en}` }).click();
    expect(await card.getByTestId(`theme-${second!.id}`).count()).toBe(0);

    await page.getByTestId('taxonomy-save').click();
    await page
      .getByTestId('taxonomy-message')
      .getByText(/new revision/)
      .waitFor();
    const run = page.getByTestId('taxonomy-run');
    await run.waitFor();
    await run.getByText(/Re-tagging: done · \d+ of \d+ comments/).waitFor({ timeout: 180_000 });
    expect(Number(await run.locator('progress').getAttribute('value'))).toBe(1);

    const after = await taxonomy();
    expect(after.custom).toBe(true);
    expect(after.revision).toBeGreaterThan(before.revision);
    const ids = after.taxonomy.themes.map((t) => t.id);
    expect(ids).toContain('gift-cards');
    expect(ids).not.toContain(second!.id);
    expect(after.taxonomy.themes.find((t) => t.id === 'gift-cards')?.keywords).toEqual([
      'gift card',
      'voucher',
    ]);
    expect(after.taxonomy.themes.find((t) => t.id === first!.id)?.keywords).toContain('queue jump');

    expect(await seriousViolations(page)).toEqual([]);
    await page.evaluate('scrollTo(0, 0)');
    await screenshot(page, 'text-taxonomy-1440', true);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'text-taxonomy-390', true);
    expect(watched.consoleErrors).toEqual([]);
    expect(watched.failedCalls).toEqual([]);
  }, 300_000);
});

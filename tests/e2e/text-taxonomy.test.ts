// The theme taxonomy editor on /text in chromium on the demo: add a theme with keywords, change another's
// keywords, remove one, save as a new revision and watch every comment re-tagged to the end; the API then
// serves the new taxonomy. Then sub-themes: add one (refused without keywords, the reason beside it),
// rename one, give one words counted only with its theme named, remove one, save and re-tag. No console errors, no failing API call, axe clean, no sideways scroll at 390 px.
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

interface Sub {
  id: string;
  name: Record<string, string>;
  keywords: string[];
  contextKeywords?: string[];
}
interface View {
  taxonomy: { themes: { id: string; name: Record<string, string>; keywords: string[]; subthemes?: Sub[] }[] };
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
    await gift.getByLabel('Keywords, comma-separated', { exact: true }).fill('gift card, voucher');
    // Another theme gets one more keyword; the second is removed.
    const kw = card
      .getByTestId(`theme-${first!.id}`)
      .getByLabel('Keywords, comma-separated', { exact: true });
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

  it('adds, renames, changes and removes sub-themes, naming one without keywords, and re-tags', async () => {
    const { page } = watched;
    await page.setViewportSize({ width: 1440, height: 900 });
    const before = await taxonomy();
    const parent = before.taxonomy.themes.find((t) => (t.subthemes?.length ?? 0) >= 2)!;
    expect(parent).toBeTruthy();
    const [kept, dropped] = parent.subthemes!;
    watched.reset();
    await page.goto(`${server.url}/text`);
    const subs = page.getByTestId(`subthemes-${parent.id}`);
    await subs.getByTestId(`subtheme-${kept!.id}`).waitFor();
    const parentName = parent.name.en!;

    // A new sub-theme by keyboard, saved without keywords: refused, the reason beside it.
    const add = subs.getByLabel(`New sub-theme of ${parentName}`);
    await add.fill('Product knowledge');
    await add.press('Enter');
    const newId = `${parent.id}.product-knowledge`;
    const added = subs.getByTestId(`subtheme-${newId}`);
    await added.waitFor();
    await page.getByTestId('taxonomy-save').click();
    await added.getByText('keywords: a sub-theme needs at least one keyword').waitFor();
    expect(await added.getByLabel('Sub-theme keywords, comma-separated').getAttribute('aria-invalid')).toBe(
      'true',
    );
    await added.getByLabel('Sub-theme keywords, comma-separated').fill('knowledgeable, knew the product');

    // Rename one and give it a word counted only with the theme named; remove another.
    const keptRow = subs.getByTestId(`subtheme-${kept!.id}`);
    await keptRow.getByLabel('Sub-theme', { exact: true }).fill('Warmth');
    await keptRow.getByLabel(`Words counted only with ${parentName} named`).fill('cold');
    await subs.getByRole('button', { name: `Remove the sub-theme ${dropped!.name.en}` }).click();
    expect(await subs.getByTestId(`subtheme-${dropped!.id}`).count()).toBe(0);

    await page.getByTestId('taxonomy-save').click();
    await page
      .getByTestId('taxonomy-message')
      .getByText(/new revision/)
      .waitFor();
    const run = page.getByTestId('taxonomy-run');
    await run.getByText(/Re-tagging: done · \d+ of \d+ comments/).waitFor({ timeout: 180_000 });

    const after = await taxonomy();
    expect(after.revision).toBeGreaterThan(before.revision);
    const got = after.taxonomy.themes.find((t) => t.id === parent.id)!.subthemes!;
    const ids = got.map((s) => s.id);
    expect(ids).toContain(newId);
    expect(ids).not.toContain(dropped!.id);
    expect(got.find((s) => s.id === newId)).toEqual({
      id: newId,
      name: { en: 'Product knowledge' },
      keywords: ['knowledgeable', 'knew the product'],
    });
    const warm = got.find((s) => s.id === kept!.id)!;
    expect(warm.name.en).toBe('Warmth');
    expect(warm.keywords).toEqual(kept!.keywords);
    expect(warm.contextKeywords).toEqual(['cold']);
    // Other languages' names are kept.
    expect(Object.keys(warm.name).sort()).toEqual(Object.keys(kept!.name).sort());

    expect(await seriousViolations(page)).toEqual([]);
    await subs.evaluate((e) => {
      e.scrollIntoView();
      e.ownerDocument.defaultView?.scrollBy(0, -80);
    });
    await screenshot(page, 'text-subthemes-1440', false);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await subs.evaluate((e) => {
      e.scrollIntoView();
      e.ownerDocument.defaultView?.scrollBy(0, -80);
    });
    await screenshot(page, 'text-subthemes-390', false);
    expect(watched.consoleErrors.map((e) => e.replace(/^\S+: /, ''))).toEqual([
      'Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ]);
    expect(watched.failedCalls.map((c) => c.replace(/ http\S+/, ''))).toEqual(['400 PUT']);
  }, 300_000);
});

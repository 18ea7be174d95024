// A word search on /text in chromium on the demo: typing a word (sent once, after typing pauses) narrows the
// theme impact to comments matching it, exactly as the API answers for the same `q` (the comments listed:
// the search's, or with a theme chosen that theme's verbatims, for the same `q`); the address carries
// `q`, a reload keeps it, clearing restores the whole; a word nothing matches shows an empty state. No
// console errors, no failing API call, axe clean, no sideways scroll at 390 px.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrichFeedbackJob, textRerunJob } from '../../src/understand/comments/index.js';
import { formatCount } from '../../web/src/format.js';
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

const chromiumPresent = hasChromium('comment search browser test');

interface Impact {
  engine: string | null;
  comments: number;
  themes: { theme: string; name: string; mentions: number; priority: number | null }[];
}

const IMPACT = '/api/v1/text/themes/impact';
const TREND = '/api/v1/text/themes/trend';
const SEARCH = '/api/v1/text/search';

/** The comments of a search or of a theme's verbatims. */
interface Comments {
  items: { id: string; text: string }[];
}

interface Trend {
  themes: { theme: string; points: { period: string; n: number; share: number }[] }[];
}

describe.skipIf(!chromiumPresent)('the comments page within a word search in chromium', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let watched: WatchedPage;
  let page: Page;

  /** The API's answer to a path and query, as the key of the demo organisation asks it. */
  const api = async <T = Impact>(pathAndQuery: string): Promise<T> => {
    const response = await fetch(`${server.url}${pathAndQuery}`, {
      headers: { authorization: `Bearer ${server.apiKey}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };
  /** The labels the theme bars should show for an answer: name and mentions, fix first at the top. */
  const labels = (answer: Impact): string[] =>
    [...answer.themes]
      .sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0))
      .map((t) => `${t.name} (${formatCount(t.mentions)})`);
  const shown = () => page.getByTestId('theme-bars').locator('.bar-label').allTextContents();
  /** The impact request the page makes for a search (none: the whole), once answered. */
  const impactAnswered = (q: string | null) =>
    page.waitForResponse((r) => {
      const url = new URL(r.url());
      return url.pathname === IMPACT && url.searchParams.get('q') === q && r.ok();
    });
  const pathOf = (url: string) => {
    const u = new URL(url);
    return u.pathname + u.search;
  };

  beforeAll(async () => {
    await buildDashboard();
    server = await startTestServer({ demo: true, worker: [textRerunJob, enrichFeedbackJob] });
    browser = await launchChromium();
    watched = await watchedPage(browser);
    page = watched.page;
    await logIn(page, server.url, server.adminEmail, server.adminPassword);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('narrows the theme impact to the word, keeps it in the address, and clears back to the whole', async () => {
    watched.reset();
    const whole = impactAnswered(null);
    await page.goto(`${server.url}/text`);
    const wholePath = pathOf((await whole).url());
    // The worker tags the demo's comments with themes as it starts: wait until the answer holds still.
    let all = await api(wholePath);
    for (let i = 0; i < 60; i++) {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const next = await api(wholePath);
      if (next.themes.length > 0 && JSON.stringify(next) === JSON.stringify(all)) break;
      all = next;
    }
    await page.reload();
    expect(all.themes.length).toBeGreaterThan(0);
    await expect.poll(shown).toEqual(labels(all));

    // A word of the demo's comments that some, not all, comments with a score contain, and that changes
    // the themes' figures.
    let word = '';
    let within: Impact | undefined;
    for (const candidate of ['delivery', 'price', 'support', 'app', 'slow', 'staff', 'wait', 'easy']) {
      const answer = await api(`${wholePath}&q=${candidate}`);
      if (
        answer.comments > 0 &&
        answer.comments < all.comments &&
        labels(answer).join() !== labels(all).join()
      ) {
        word = candidate;
        within = answer;
        break;
      }
    }
    expect(word, 'a word of the demo comments narrows the themes').not.toBe('');

    // Typing asks after typing pauses, not at each key: the last request is the whole word, any earlier one
    // a prefix sent while the browser stalled past the pause (a busy machine), never one per key.
    const asked: string[] = [];
    const onRequest = (r: { url(): string }) => {
      const url = new URL(r.url());
      if (url.pathname === IMPACT) asked.push(url.searchParams.get('q') ?? '');
    };
    page.on('request', onRequest);
    const narrowed = impactAnswered(word);
    const trendNarrowed = page.waitForResponse((r) => {
      const url = new URL(r.url());
      return url.pathname === TREND && url.searchParams.get('q') === word && r.ok();
    });
    const searchNarrowed = page.waitForResponse((r) => {
      const url = new URL(r.url());
      return url.pathname === SEARCH && url.searchParams.get('q') === word && r.ok();
    });
    const box = page.getByTestId('comment-search');
    await box.focus();
    await box.pressSequentially(word, { delay: 40 });
    const narrowedResponse = await narrowed;
    page.off('request', onRequest);
    expect(asked.at(-1)).toBe(word);
    expect(asked.length).toBeLessThan(word.length);
    for (const q of asked) expect(word.startsWith(q) && q.length > 0, q).toBe(true);
    // The page asked with the same filters as for the whole, plus the word; its rows are the API's.
    expect(new URL(narrowedResponse.url()).searchParams.get('q')).toBe(word);
    const answer = await api(pathOf(narrowedResponse.url()));
    // The same answer as asked before typing (which store answers, the comment index or a scan, may differ).
    expect({ ...answer, engine: null }).toEqual({ ...within, engine: null });
    await expect.poll(shown).toEqual(labels(answer));
    // The trend card: the first theme to fix within the word, its last weeks as the API counts them.
    const trend = await api<Trend>(pathOf((await trendNarrowed).url()));
    const first = [...answer.themes].sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0))[0]!;
    const points = (trend.themes.find((t) => t.theme === first.theme)?.points ?? []).slice(-12);
    expect(points.length).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByTestId('theme-trend').locator('.bar-value').allTextContents())
      .toEqual(points.map((p) => `${formatCount(p.n)} · ${(p.share * 100).toFixed(0)}%`));
    expect(await page.locator('#trend-title').textContent()).toContain(first.name);
    // The comments: the API's search for the word; with that theme chosen, the API's verbatims of the
    // theme for the word (the same filters), as listed.
    const listed = () => page.getByTestId('comment-list').locator('li > p:first-child').allTextContents();
    const searched = await api<Comments>(pathOf((await searchNarrowed).url()));
    expect(searched.items.length).toBeGreaterThan(0);
    await expect.poll(listed).toEqual(searched.items.map((c) => c.text));
    const verbatimsAnswered = page.waitForResponse((r) => {
      const url = new URL(r.url());
      return url.pathname === `/api/v1/text/themes/${first.theme}/verbatims` && r.ok();
    });
    await page.getByTestId('theme-bars').locator('.bar-label').first().click();
    const verbatimsUrl = new URL((await verbatimsAnswered).url());
    expect(verbatimsUrl.searchParams.get('q')).toBe(word);
    const verbatims = await api<Comments>(pathOf(verbatimsUrl.href));
    expect(verbatims.items.length).toBeGreaterThan(0);
    await expect.poll(listed).toEqual(verbatims.items.map((c) => c.text));
    expect(new URL(page.url()).searchParams.get('theme')).toBe(first.theme);
    await page.getByRole('button', { name: 'All themes' }).click();
    await expect.poll(listed).toEqual(searched.items.map((c) => c.text));
    expect(new URL(page.url()).searchParams.get('q')).toBe(word);
    const scope = page.getByTestId('search-scope');
    await expect.poll(() => scope.textContent()).toContain(`within comments matching “${word}”`);
    await expect.poll(() => scope.textContent()).toContain(formatCount(answer.comments));
    expect(await page.locator('#themes-title + .card-subtitle').textContent()).toContain(
      `${formatCount(answer.comments)} comments matching “${word}”`,
    );
    await page.waitForFunction(`!document.querySelector('main [aria-busy="true"]')`);
    expect(await seriousViolations(page)).toEqual([]);
    // The page down to its comments (the taxonomy editor below is another test's).
    const height = (await page.evaluate(
      `Math.ceil(document.querySelector('#new-themes-title').closest('section').getBoundingClientRect().top + window.scrollY)`,
    )) as number;
    await page.setViewportSize({ width: 1440, height });
    await screenshot(page, 'text-1440', false);
    await page.setViewportSize({ width: 1440, height: 900 });

    // A reload keeps the search: the box, the rows and the scope.
    const again = impactAnswered(word);
    await page.reload();
    await again;
    await expect.poll(() => page.getByTestId('comment-search').inputValue()).toBe(word);
    await expect.poll(shown).toEqual(labels(answer));
    await expect.poll(() => page.getByTestId('search-scope').textContent()).toContain(word);

    // At 390 px: no sideways scroll, axe clean.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(`!document.querySelector('main [aria-busy="true"]')`);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'text-390', false);
    await page.setViewportSize({ width: 1440, height: 900 });

    // Clearing, by keyboard: Escape in the box restores the whole.
    const cleared = impactAnswered(null);
    await page.getByTestId('comment-search').press('Escape');
    await cleared;
    await expect.poll(shown).toEqual(labels(all));
    expect(new URL(page.url()).searchParams.has('q')).toBe(false);
    expect(await page.getByTestId('search-scope').count()).toBe(0);
    expect(await page.getByTestId('comment-search').inputValue()).toBe('');

    expect(watched.consoleErrors).toEqual([]);
    expect(watched.failedCalls).toEqual([]);
  }, 120_000);

  it('shows an honest empty state for a word nothing matches, with a way to clear it', async () => {
    watched.reset();
    const word = 'qzxvnomatchword';
    const answered = impactAnswered(word);
    await page.goto(`${server.url}/text?q=${word}`);
    const answer = await api(pathOf((await answered).url()));
    expect(answer.comments).toBe(0);
    await page.getByTestId('themes-empty').waitFor();
    expect(await page.getByTestId('theme-bars').count()).toBe(0);
    expect(await page.getByTestId('search-scope').textContent()).toContain(
      `within comments matching “${word}”`,
    );
    await page.waitForFunction(`!document.querySelector('main [aria-busy="true"]')`);
    expect(await seriousViolations(page)).toEqual([]);

    const cleared = impactAnswered(null);
    await page.getByTestId('themes-empty').getByRole('button', { name: 'clear the search' }).click();
    await cleared;
    await expect.poll(async () => (await shown()).length).toBeGreaterThan(0);
    expect(new URL(page.url()).searchParams.has('q')).toBe(false);
    expect(watched.consoleErrors).toEqual([]);
    expect(watched.failedCalls).toEqual([]);
  }, 120_000);
});

// The Value and Programme pages on the demo organisation, in chromium: their figures match the API, the
// churn section shows the trained demo model, the questionnaire saves, and each page logs no console
// error, makes no failing API call, passes axe and never scrolls sideways at 1440 px or 390 px.
// NORTHSTAR_SCREENSHOTS=<folder> keeps a screenshot of each page at each width.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { churnTrainJob } from '../../src/prove/churn/index.js';
import type { CasePage } from '../../src/shared/api/act.js';
import type {
  ChurnRisk,
  ContactRisk,
  InitiativeRoiList,
  Maturity,
  ValueSummary,
} from '../../src/shared/api/prove.js';
import { enrichFeedbackJob, textRerunJob } from '../../src/understand/comments/index.js';
import {
  buildDashboard,
  screenshot as keepScreenshot,
  launchChromium,
  logIn,
  SCREENSHOTS as screenshots,
  seriousViolations,
  sidewaysOverflow,
  type WatchedPage,
  watchedPage,
} from '../support/browser.js';
import { hasChromium } from '../support/require.js';
import { startTestServer } from '../support/server.js';

const chromiumPresent = hasChromium('value and programme page tests');

/** The page's percentage format. */
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

describe.skipIf(!chromiumPresent)('the Value and Programme pages in chromium', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let watched: WatchedPage;
  let page: Page;
  let consoleErrors: string[] = [];
  let failedCalls: string[] = [];

  async function api<T>(url: string): Promise<T> {
    const res = await fetch(`${server.url}${url}`, { headers: { authorization: `Bearer ${server.apiKey}` } });
    expect(res.status, url).toBe(200);
    return (await res.json()) as T;
  }

  beforeAll(async () => {
    await buildDashboard();
    // The demo queues the churn-model training and the comment analysis; this worker runs them so the
    // churn section has a model and revenue at risk has themes, as on a first start.
    server = await startTestServer({ demo: true, worker: [churnTrainJob, textRerunJob, enrichFeedbackJob] });
    browser = await launchChromium();
    watched = await watchedPage(browser);
    ({ page, consoleErrors, failedCalls } = watched);
    await logIn(page, server.url, server.adminEmail, server.adminPassword);
    // Wait for the demo's churn model (trained by the worker above).
    const deadline = Date.now() + 90_000;
    while ((await api<ChurnRisk>('/api/v1/churn/risk?limit=1')).model === null) {
      if (Date.now() > deadline) throw new Error('the demo churn model was not trained in 90 s');
      await new Promise((r) => setTimeout(r, 500));
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Opens a page at a width and waits until nothing is loading. */
  async function open(pathname: string, width: number) {
    watched.reset();
    await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
    await page.goto(`${server.url}${pathname}`);
    await page.locator('main h1').first().waitFor();
    await page.locator('main [data-figure]').first().waitFor({ timeout: 30_000 });
    await page.waitForFunction(`!document.querySelector('main [aria-busy="true"], main .skeleton')`, null, {
      timeout: 30_000,
    });
  }

  /** The checks every page passes at every width. */
  async function clean(key: string, width: number, screenshot = true) {
    const overflow = await sidewaysOverflow(page);
    expect(overflow, `${key} at ${width} px scrolls sideways by ${overflow} px`).toBeLessThanOrEqual(0);
    if (screenshot) await keepScreenshot(page, `${key}-${width}`);
    expect(await seriousViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(failedCalls).toEqual([]);
  }

  for (const width of [1440, 390]) {
    it(`/value shows value by loyalty group, satisfied defectors, revenue at risk and churn risk at ${width} px`, async () => {
      await open('/value', width);
      // The page asks for orders in the 180 days after each NPS answer (the default).
      const summary = await api<ValueSummary>('/api/v1/value/summary?metric=nps&window=180d&outcome=order');
      const promoter = summary.categories.find((c) => c.category === 'promoter');
      expect(promoter?.n).toBeGreaterThan(0);
      if (!promoter || promoter.retention.rate === null) throw new Error('no promoters in the demo');
      const row = page.getByTestId('value-group-promoter');
      expect(await row.getByTestId('value-n').textContent()).toBe(String(promoter.n));
      expect(await row.getByTestId('value-retention').textContent()).toBe(pct(promoter.retention.rate));

      const defectors = await api<{ n: number; share: number | null }>('/api/v1/value/satisfied-defectors');
      expect(defectors.n).toBeGreaterThan(0);
      expect(await page.getByTestId('defectors-share').textContent()).toBe(pct(defectors.share ?? 0));

      const risk = await api<{ contacts: number; parts: unknown[] }>(
        '/api/v1/value/revenue-at-risk?by=theme',
      );
      expect(await page.getByTestId('risk-contacts').textContent()).toBe(String(risk.contacts));
      expect(await page.getByTestId('risk-part').count()).toBe(Math.min(10, risk.parts.length));

      const churn = await api<ChurnRisk>('/api/v1/churn/risk?limit=10');
      expect(churn.model).not.toBeNull();
      expect(await page.getByTestId('churn-auc').textContent()).toBe(churn.model?.cv.auc.toFixed(3));
      expect(await page.getByTestId('churn-baseline-auc').textContent()).toBe(
        churn.model?.baseline.auc.toFixed(3),
      );
      // the page names the model that scores, and says so when the baseline beat the trees
      expect(await page.getByTestId('churn-model-name').textContent()).toBe(
        churn.model?.model === 'gbdt' ? 'gradient-boosted trees' : 'logistic regression (the baseline)',
      );
      expect(await page.getByTestId('churn-row').count()).toBe(churn.items.length);

      // initiative ROI: one row per started initiative; the measured win valued with its interval
      const roi = await api<InitiativeRoiList>('/api/v1/value/initiatives');
      await page.getByTestId('roi-row').first().waitFor();
      expect(await page.getByTestId('roi-row').count()).toBe(roi.items.length);
      const winAt = roi.items.findIndex((i) => i.verdict === 'win' && i.value !== null);
      expect(winAt).toBeGreaterThanOrEqual(0);
      const win = roi.items[winAt];
      const euros = (x: number) =>
        new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(
          x,
        );
      const winRow = page.getByTestId('roi-row').nth(winAt);
      expect(await winRow.getByTestId('roi-value').textContent()).toBe(euros(win?.value?.estimate ?? 0));
      expect(await winRow.getByTestId('roi-value-ci').textContent()).toBe(
        `${euros(win?.value?.low ?? 0)} to ${euros(win?.value?.high ?? 0)}`,
      );

      await clean('value', width);
    });

    it(`/programme shows the stage and next steps of the assessment at ${width} px`, async () => {
      await open('/programme', width);
      const m = await api<Maturity>('/api/v1/programme/maturity');
      expect(await page.getByTestId('programme-stage-number').textContent()).toBe(String(m.stage.number));
      expect(await page.locator('#programme-stage').textContent()).toContain(m.stage.name);
      const steps = page.getByTestId('next-step');
      expect(await steps.count()).toBe(m.nextSteps.length);
      for (const [i, s] of m.nextSteps.entries()) {
        const link = steps.nth(i).getByRole('link');
        expect(await link.textContent()).toBe(s.step);
        expect(await link.getAttribute('href')).toBe(s.link);
      }
      await clean('programme', width);
    });
  }

  for (const width of [1440, 390]) {
    it(`the contact view shows the contact's churn risk band and reasons at ${width} px`, async () => {
      const churn = await api<ChurnRisk>('/api/v1/churn/risk?limit=1');
      const top = churn.items[0];
      if (!top) throw new Error('no contact is scored');
      watched.reset();
      await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
      await page.goto(`${server.url}/contacts?id=${top.contactId}`);
      const panel = page.getByTestId('contact-risk');
      await panel.getByTestId('contact-risk-band').waitFor({ timeout: 30_000 });
      const mine = await api<ContactRisk>(`/api/v1/contacts/${top.contactId}/risk`);
      expect(mine.risk?.band).toBe(top.band);
      expect(await panel.getByTestId('contact-risk-band').textContent()).toBe(`${top.band} risk`);
      expect(await panel.getByTestId('contact-risk-probability').textContent()).toBe(pct(top.probability));
      expect(await panel.getByTestId('contact-risk-reason').count()).toBe(top.reasons.length);
      expect(top.reasons.length).toBeGreaterThan(0);
      await page.waitForFunction(`!document.querySelector('main [aria-busy="true"], main .skeleton')`);
      if (screenshots) {
        await mkdir(screenshots, { recursive: true });
        await page
          .getByTestId('contact-detail')
          .screenshot({ path: path.join(screenshots, `contact-risk-${width}.png`) });
      }
      await clean('contact-risk', width, false);
    });
  }

  for (const width of [1440, 390]) {
    it(`the case inbox shows each customer's churn-risk band from the latest scores at ${width} px`, async () => {
      consoleErrors.length = 0;
      failedCalls.length = 0;
      await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
      const listed = page.waitForResponse((r) => /\/api\/v1\/cases\?/.test(r.url()) && r.status() === 200);
      await page.goto(`${server.url}/cases`);
      // the same list the page asked for (read through the API: the page polls and may navigate)
      const asked = new URL((await listed).url());
      const cases = await api<CasePage>(`${asked.pathname}${asked.search}`);
      await page.getByTestId('case-table').waitFor({ timeout: 30_000 });
      const cells = page.getByTestId('case-risk');
      expect(await cells.count()).toBe(cases.items.length);
      expect(cases.items.some((c) => c.riskBand !== null)).toBe(true);
      for (const [i, c] of cases.items.entries()) {
        expect(await cells.nth(i).textContent()).toBe(c.riskBand ?? 'not scored');
      }
      // the bands are those of the churn scores
      const scored = cases.items.find((c) => c.riskBand !== null && c.contactId !== null);
      const mine = await api<ContactRisk>(`/api/v1/contacts/${scored?.contactId}/risk`);
      expect(mine.risk?.band).toBe(scored?.riskBand);
      await clean('cases-risk', width, false);
    });
  }

  it('saves the questionnaire and shows the new assessment', async () => {
    await open('/programme', 1440);
    const before = await api<Maturity>('/api/v1/programme/maturity');
    const question = before.questionnaire.questions[0];
    if (!question) throw new Error('no question');
    const was = Boolean(
      before.questionnaire.answers[question.id as keyof typeof before.questionnaire.answers],
    );
    const box = page.getByRole('checkbox', { name: question.text });
    expect(await box.isChecked()).toBe(was);
    await box.setChecked(!was);
    await page.getByRole('button', { name: 'Save answers' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const after = await api<Maturity>('/api/v1/programme/maturity');
    expect(after.questionnaire.answers[question.id as keyof typeof after.questionnaire.answers]).toBe(!was);
    expect(await page.getByRole('status').textContent()).toContain(
      `Stage ${after.stage.number}: ${after.stage.name}`,
    );
    // It holds after a reload.
    await page.reload();
    await page.getByRole('checkbox', { name: question.text }).waitFor();
    expect(await page.getByRole('checkbox', { name: question.text }).isChecked()).toBe(!was);
    expect(consoleErrors).toEqual([]);
    expect(failedCalls).toEqual([]);
  });
});

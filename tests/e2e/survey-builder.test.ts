// The survey builder in chromium on the demo: build a survey with display logic, see the live preview
// follow it, get the API's errors beside the fields, publish, answer on the hosted page down the logic's
// branch, then find the answer in /responses and in the scores. Axe clean, no sideways scroll at 390 px.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  screenshot,
  seriousViolations,
  sidewaysOverflow,
  signedInDemo,
  type WatchedPage,
} from '../support/browser.js';
import { hasChromium } from '../support/require.js';
import type { startTestServer } from '../support/server.js';

const chromiumPresent = hasChromium('survey builder browser test');

/** Clicks the scale point whose input has this id (the input itself is visually hidden). */
const pick = (page: Page, inputId: string) =>
  page
    .locator('label')
    .filter({ has: page.locator(`#${inputId}`) })
    .first()
    .click();

describe.skipIf(!chromiumPresent)('survey builder in chromium', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let watched: WatchedPage;

  beforeAll(async () => {
    ({ server, browser, watched } = await signedInDemo());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('builds a survey with logic, publishes it, and its hosted answer reaches responses and scores', async () => {
    const { page } = watched;
    await page.goto(`${server.url}/surveys`);
    await page.getByTestId('new-survey-name').fill('Checkout pulse');
    await page.getByTestId('new-survey-create').click();
    const builder = page.getByTestId('survey-builder');
    await builder.waitFor();
    // The template: an NPS question and a comment.
    expect(await builder.getByTestId('question-1-type').inputValue()).toBe('nps');
    expect(await builder.getByTestId('question-2-type').inputValue()).toBe('text');

    // A single-choice question, added last, then moved up to second place.
    await builder.getByTestId('add-type').selectOption('single_choice');
    await builder.getByTestId('add-question').click();
    const added = builder.getByTestId('question-3');
    await added.getByTestId('question-3-text').fill('What went wrong?');
    await added.getByTestId('question-3-items').fill('Slow delivery\nWrong item\nPrice');
    await added.getByTestId('question-3-items').blur();
    await builder.getByRole('button', { name: 'Move question 3 up' }).click();
    const choice = builder.getByTestId('question-2');
    expect(await choice.getByTestId('question-2-text').inputValue()).toBe('What went wrong?');
    await choice.getByLabel('Required').check();
    // Display logic: only for detractors (NPS at most 6).
    await choice.getByTestId('logic-source').selectOption('nps');
    expect(await choice.getByTestId('logic-op').inputValue()).toBe('lte');
    await choice.getByTestId('logic-value').fill('6');

    // The ending the respondent sees, in the preview as typed.
    await builder.getByTestId('ending-title').fill('Thanks, we are on it');
    await builder.getByTestId('ending-text').fill('A person reads every answer within a day.');
    await page.getByTestId('survey-preview').getByText('A person reads every answer within a day.').waitFor();

    // The live preview follows the logic: the choice appears once the preview's NPS is low.
    const preview = page.getByTestId('survey-preview');
    expect(await preview.getByText('What went wrong?').count()).toBe(0);
    await pick(page, 'ns-nps-9');
    await preview.getByText('2 questions on this path').waitFor();
    expect(await preview.getByText('What went wrong?').count()).toBe(0);
    await pick(page, 'ns-nps-3');
    await preview.getByText('What went wrong?').waitFor();
    await preview.getByText('3 questions on this path').waitFor();

    // The page stays accessible and fits a phone with the builder open.
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1440, height: 1500 });
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'surveys-builder-1440', false);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate('window.scrollTo(0, 0)');
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'surveys-builder-390', false);
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1440, height: 900 });

    // An id the format refuses: the API's message appears beside the id field, and nothing is stored.
    const idField = choice.getByLabel('Id (in exports and logic)');
    await idField.fill('2-wrong');
    await builder.getByTestId('builder-save').click();
    await builder.getByTestId('builder-error').waitFor();
    expect(await idField.getAttribute('aria-invalid')).toBe('true');
    expect(await choice.locator('.act-field-error').first().textContent()).toMatch(/letters, digits/);
    watched.reset();

    await idField.fill('problem');
    await builder.getByTestId('builder-save').click();
    await builder.waitFor({ state: 'detached' });
    const row = page.locator('tr').filter({ hasText: 'Checkout pulse' });
    await row.getByText('draft').waitFor();
    await row.getByRole('button', { name: 'Publish' }).click();
    await row.getByText('live').waitFor();
    await row.getByRole('button', { name: 'Distribute' }).click();
    const link = (await page.getByTestId('survey-link').textContent()) ?? '';
    const surveyId = /\/s\/([0-9a-f-]{36})$/.exec(link)?.[1];
    expect(surveyId).toBeDefined();

    // The respondent: a detractor sees the choice question (the logic's branch), then the comment.
    const respondent = await browser.newContext();
    const hosted = await respondent.newPage();
    await hosted.goto(link);
    await hosted.getByText('Question 1 of 2').waitFor();
    await pick(hosted, 'ns-nps-3');
    await hosted.getByRole('button', { name: 'Next' }).click();
    await hosted.getByText('What went wrong?').waitFor();
    await hosted.getByText('Question 2 of 3').waitFor();
    await hosted.getByLabel('Wrong item').check();
    await hosted.getByRole('button', { name: 'Next' }).click();
    await hosted
      .getByLabel('What is the main reason for your answer?')
      .fill('The parcel held someone else’s order');
    await hosted.getByRole('button', { name: 'Submit' }).click();
    await hosted.getByText('A person reads every answer within a day.').waitFor();
    expect(await hosted.getByRole('heading', { name: 'Thanks, we are on it' }).count()).toBe(1);
    await respondent.close();

    // In /responses for this survey: the score and the comment, and the full answers in the detail.
    await page.goto(`${server.url}/responses?survey=${surveyId}`);
    const table = page.getByTestId('responses-table');
    const answered = table.locator('tr').filter({ hasText: 'someone else’s order' });
    await answered.waitFor();
    expect(await answered.textContent()).toContain('NPS 3');
    expect(await table.locator('tbody tr').count()).toBe(1);
    await answered.getByRole('button').click();
    const detail = page.getByTestId('response-detail');
    await detail.getByText('Wrong item', { exact: true }).waitFor();
    expect(await detail.locator('dt').allTextContents()).toEqual(['nps', 'problem', 'comment']);

    // In the scores: the survey's overview is one detractor (NPS −100 from n = 1) ...
    await page.goto(`${server.url}/?survey=${surveyId}&range=30d`);
    const nps = page.getByTestId('kpi-nps-score');
    await nps.waitFor();
    expect((await nps.textContent())?.replace('\u2212', '-')).toMatch(/^-100/);
    // ... and the surveys list counts its one scored response.
    await page.goto(`${server.url}/surveys`);
    const listed = page.locator('tr').filter({ hasText: 'Checkout pulse' });
    await listed.getByText('live').waitFor();
    await page.waitForFunction(`!document.querySelector('main [aria-busy="true"]')`);
    expect(await listed.locator('td[data-figure]').textContent()).toBe('1');
    expect(watched.consoleErrors).toEqual([]);
    expect(watched.failedCalls).toEqual([]);
  });
});

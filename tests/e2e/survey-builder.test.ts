// The survey builder in chromium on the demo: build a survey with two-condition logic, piping, a second
// ending chosen by logic and a French translation, see the live preview follow them in both languages,
// get the API's errors beside the fields, publish, answer on the hosted page in French down the logic's
// branch, find the answer in /responses and in the scores; then publish an edit as version 2 and read
// the version history. Axe clean, no sideways scroll at 390 px.
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
  let surveyId = '';

  beforeAll(async () => {
    ({ server, browser, watched } = await signedInDemo());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('builds a survey with two-condition logic, piping, endings and French, publishes it, and its French hosted answer follows the branch and reaches responses and scores', async () => {
    const { page } = watched;
    await page.goto(`${server.url}/surveys`);
    await page.getByTestId('new-survey-name').fill('Checkout pulse');
    await page.getByTestId('new-survey-create').click();
    const builder = page.getByTestId('survey-builder');
    await builder.waitFor();
    // The template: an NPS question and a comment.
    expect(await builder.getByTestId('question-1-type').inputValue()).toBe('nps');
    expect(await builder.getByTestId('question-2-type').inputValue()).toBe('text');

    // A single-choice question, added last, then moved up to second place, renamed "problem".
    await builder.getByTestId('add-type').selectOption('single_choice');
    await builder.getByTestId('add-question').click();
    const added = builder.getByTestId('question-3');
    await added.getByTestId('question-3-text').fill('What went wrong?');
    await added.getByTestId('question-3-items').fill('Slow delivery\nWrong item\nPrice');
    await added.getByTestId('question-3-items').blur();
    await builder.getByRole('button', { name: 'Move question 3 up' }).click();
    const choice = builder.getByTestId('question-2');
    expect(await choice.getByTestId('question-2-text').inputValue()).toBe('What went wrong?');
    await choice.getByLabel('Id (in exports and logic)').fill('problem');
    await choice.getByLabel('Required').check();
    // Shown only to detractors: one condition, NPS at most 6 (the builder's first suggestion).
    await choice.getByTestId('logic-visibility').selectOption('show');
    const choiceIf = choice.getByTestId('show-if');
    expect(await choiceIf.getByTestId('show-if-rule-1-source').inputValue()).toBe('q:nps');
    expect(await choiceIf.getByTestId('show-if-rule-1-op').inputValue()).toBe('lte');
    expect(await choiceIf.getByTestId('show-if-rule-1-value').inputValue()).toBe('6');

    // The comment: shown when NPS ≤ 6 AND the problem is one of two, and its text pipes the problem in.
    const comment = builder.getByTestId('question-3');
    await comment.getByTestId('question-3-text').fill('Sorry about that. Tell us more about:');
    await comment.getByTestId('question-3-pipe').selectOption('problem');
    expect(await comment.getByTestId('question-3-text').inputValue()).toBe(
      'Sorry about that. Tell us more about: {{answer.problem}}',
    );
    await comment.getByTestId('logic-visibility').selectOption('show');
    const commentIf = comment.getByTestId('show-if');
    await commentIf.getByTestId('show-if-add').click();
    await commentIf.getByTestId('show-if-rule-2-source').selectOption('q:problem');
    await commentIf.getByTestId('show-if-rule-2-op').selectOption('in');
    await commentIf.getByTestId('show-if-rule-2').getByLabel('Wrong item').check();
    expect(await commentIf.getByTestId('show-if-rule-2').getByLabel('Slow delivery').isChecked()).toBe(true);
    expect(await commentIf.getByTestId('show-if-mode').inputValue()).toBe('all');

    // Two endings: the plain one, and one chosen by logic for promoters (NPS at least 9).
    await builder.getByTestId('ending-title').fill('Thanks, we are on it');
    await builder.getByTestId('ending-text').fill('A person reads every answer within a day.');
    await builder.getByTestId('add-ending').click();
    const promoters = builder.getByTestId('ending-2');
    await promoters.getByTestId('ending-2-title').fill('Thanks for the praise');
    await promoters.getByTestId('ending-2-text').fill('Glad it went well.');
    await promoters.getByTestId('ending-2-if-rule-1-op').selectOption('gte');
    await promoters.getByTestId('ending-2-if-rule-1-value').fill('9');

    // French, translated side by side.
    await builder.getByTestId('add-language').fill('fr');
    await builder.getByTestId('add-language-button').click();
    const fr = builder.getByTestId('translations');
    const translate = async (key: string, text: string) => fr.getByTestId(`translate-${key}`).fill(text);
    await translate('title', 'Votre commande');
    await translate('q.0.text', 'Nous recommanderiez-vous à un proche ?');
    await translate('q.1.text', 'Qu’est-ce qui n’a pas été ?');
    await translate('q.1.item.0', 'Livraison lente');
    await translate('q.1.item.1', 'Mauvais article');
    await translate('q.1.item.2', 'Prix');
    await translate('q.2.text', 'Désolés. Dites-nous en plus : {{answer.problem}}');
    await translate('e.0.title', 'Merci, nous nous en occupons');
    await translate('e.0.text', 'Une personne lit chaque réponse sous un jour.');
    expect(await fr.getByTestId('translations-missing').textContent()).toBe('2 of 11 texts untranslated.');

    // The live preview follows the logic and the piping, in English and then in French.
    const preview = page.getByTestId('survey-preview');
    await preview.getByText('A person reads every answer within a day.').waitFor();
    expect(await preview.getByText('What went wrong?').count()).toBe(0);
    await pick(page, 'ns-nps-10');
    await preview.getByText('Glad it went well.').waitFor();
    await preview.getByText('1 question on this path').waitFor();
    await pick(page, 'ns-nps-3');
    await preview.getByText('What went wrong?').waitFor();
    await preview.getByText('2 questions on this path').waitFor();
    await preview.getByRole('radio', { name: 'Price' }).check();
    await preview.getByText('2 questions on this path').waitFor();
    await preview.getByRole('radio', { name: 'Wrong item' }).check();
    await preview.getByText('Sorry about that. Tell us more about: Wrong item').waitFor();
    await preview.getByTestId('preview-language').selectOption('fr');
    await preview.getByText('Désolés. Dites-nous en plus : Mauvais article').waitFor();

    // The page stays accessible and fits a phone with the builder open.
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1440, height: 1500 });
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'surveys-builder-1440', false);
    await builder.getByTestId('question-3').evaluate((el) => el.scrollIntoView());
    await screenshot(page, 'surveys-builder-logic-1440', false);
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

    // Back to "problem": the logic and the piped texts followed the renames.
    await idField.fill('problem');
    await builder.getByTestId('builder-publish').click();
    await builder.waitFor({ state: 'detached' });
    const row = page.locator('tr').filter({ hasText: 'Checkout pulse' });
    await row.getByText('live').waitFor();
    await row.getByRole('button', { name: 'Distribute' }).click();
    const link = (await page.getByTestId('survey-link').textContent()) ?? '';
    surveyId = /\/s\/([0-9a-f-]{36})$/.exec(link)?.[1] ?? '';
    expect(surveyId).not.toBe('');

    // The respondent's browser asks for French: a detractor with a wrong item sees the French branch,
    // the piped answer in French, and the plain ending in French.
    const respondent = await browser.newContext({ locale: 'fr-FR' });
    const hosted = await respondent.newPage();
    await hosted.goto(link);
    await hosted.getByText('Nous recommanderiez-vous à un proche ?').waitFor();
    await hosted.getByText('Question 1 sur 1').waitFor();
    await pick(hosted, 'ns-nps-3');
    // The path so far ends here, but the answer may open the branch: the button says "Suivant".
    await hosted.getByRole('button', { name: 'Suivant' }).click();
    await hosted.getByText('Qu’est-ce qui n’a pas été ?').waitFor();
    await hosted.getByLabel('Mauvais article').check();
    await hosted.getByRole('button', { name: 'Suivant' }).click();
    await hosted.getByText('Question 3 sur 3').waitFor();
    await hosted
      .getByLabel('Désolés. Dites-nous en plus : Mauvais article')
      .fill('Le colis contenait la commande de quelqu’un d’autre');
    await hosted.getByRole('button', { name: 'Envoyer' }).click();
    await hosted.getByText('Une personne lit chaque réponse sous un jour.').waitFor();
    expect(await hosted.getByRole('heading', { name: 'Merci, nous nous en occupons' }).count()).toBe(1);
    await respondent.close();

    // In /responses for this survey: the score and the comment, and the full answers in the detail.
    await page.goto(`${server.url}/responses?survey=${surveyId}`);
    const table = page.getByTestId('responses-table');
    const answered = table.locator('tr').filter({ hasText: 'commande de quelqu’un' });
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

  it('publishes an edit of the live survey as version 2, lists both versions and shows version 1 read-only', async () => {
    expect(surveyId).not.toBe('');
    const { page } = watched;
    await page.goto(`${server.url}/surveys`);
    const row = page.locator('tr').filter({ hasText: 'Checkout pulse' });
    await row.getByRole('button', { name: 'Edit Checkout pulse' }).click();
    const builder = page.getByTestId('survey-builder');
    await builder.waitFor();
    await builder.getByText('Live at version 1; publishing makes version 2').waitFor();
    await builder.getByTestId('question-2-text').fill('What went wrong with your order?');
    await builder.getByTestId('builder-publish').click();
    await builder.waitFor({ state: 'detached' });
    await row.getByText('version 2').waitFor();

    await row.getByRole('button', { name: 'Versions of Checkout pulse' }).click();
    const versions = page.getByTestId('survey-versions');
    await versions.getByTestId('version-1').waitFor();
    expect(await versions.locator('tbody tr').count()).toBe(2);
    const cells = async (v: number) =>
      (await versions.getByTestId(`version-${v}`).locator('th, td').allTextContents()).slice(0, 6);
    // Made and published times: version 2 published as it was made (the survey is live).
    const stamp = /^\d{1,2} \w{3} \d{4}, \d{2}:\d{2}$/;
    expect(await cells(2)).toEqual([
      expect.stringMatching(/^2 current · live/),
      expect.stringMatching(stamp),
      expect.stringMatching(stamp),
      '3',
      'English, French',
      '0',
    ]);
    expect((await cells(1)).slice(2)).toEqual([expect.stringMatching(stamp), '3', 'English, French', '1']);
    await versions.getByRole('button', { name: 'View version 1' }).click();
    const old = versions.getByTestId('version-preview');
    await old.waitFor();
    await pick(page, 'ns-nps-3');
    await old.getByText('What went wrong?').waitFor();
    expect(await old.getByText('What went wrong with your order?').count()).toBe(0);
    // Read-only: no question editor, only the preview's own answers.
    expect(await versions.locator('[data-testid^="question-"]').count()).toBe(0);
    await versions.evaluate((el) => el.scrollIntoView());
    await screenshot(page, 'surveys-versions-1440', false);

    // Closing and reopening change the status, not the version.
    await row.getByRole('button', { name: 'Close' }).click();
    await row.getByText('closed').waitFor();
    await row.getByRole('button', { name: 'Reopen' }).click();
    await row.getByText('live').waitFor();
    await row.getByText('version 2').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(watched.consoleErrors).toEqual([]);
    expect(watched.failedCalls).toEqual([]);
  });
});

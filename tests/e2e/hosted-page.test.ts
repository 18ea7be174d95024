// The hosted survey page in chromium: no accessibility violations, the first question without JavaScript,
// partial answers saved as the respondent goes and resumed after a reload, keyboard use, precise messages.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderStep, SURVEY_CSS } from '../../src/listen/channels/hosted/index.js';
import { createSurvey, SurveyDefinition } from '../../src/listen/index.js';
import { exampleDefinition } from '../../src/listen/surveys/example.js';
import { createLogger } from '../../src/platform/log/index.js';
import { buildApp } from '../../src/server/index.js';
// @ts-expect-error: the build script is plain JavaScript without types.
import { buildWidget } from '../../widget/build.mjs';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createTestOrg } from '../support/factories.js';
import { CHROMIUM, hasChromium } from '../support/require.js';

const chromiumPresent = hasChromium('hosted page browser tests');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Every axe-core violation (WCAG 2.1 A and AA rules and best practices), one readable line each. */
async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const found = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }).then((r) => r.violations)`,
  )) as AxeViolation[];
  return found.map(
    (v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
}

const definition = {
  title: { en: 'Your stay', fr: 'Votre séjour' },
  questions: [
    {
      id: 'nps',
      type: 'nps',
      required: true,
      text: { en: 'How likely are you to recommend us?', fr: 'Nous recommanderiez-vous ?' },
    },
    {
      id: 'quality',
      type: 'expectation_perception',
      required: true,
      text: 'For each, what did you expect and what did you get?',
      scale: { min: 1, max: 5, labels: { min: 'Poor', max: 'Excellent' } },
      attributes: [
        { id: 'speed', text: 'Speed of check-in' },
        { id: 'clean', text: 'Cleanliness' },
      ],
    },
    {
      id: 'how',
      type: 'dropdown',
      text: 'How did you book?',
      options: [
        { id: 'web', text: 'Website' },
        { id: 'phone', text: 'Phone' },
      ],
    },
    { id: 'why', type: 'text', text: 'Anything else, {{answer.how|guest}}?', long: true },
  ],
  endings: [{ id: 'bye', text: 'Thank you, see you soon.' }],
};

describe.skipIf(!chromiumPresent)('hosted survey page in chromium', () => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;
  let surveyId: string;
  const responses = () =>
    db.sql<{ answers: Record<string, unknown>; channel: string }[]>`
      select answers, channel from responses where survey_id = ${surveyId} order by submitted_at`;

  beforeAll(async () => {
    await buildWidget();
    db = await createTestDatabase();
    app = await buildApp({ sql: db.sql, logger: createLogger('silent'), rateLimitPerMinute: 100_000 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    const org = await createTestOrg(db.sql, 'Hotel');
    surveyId = (await createSurvey(db.sql, org.org.id, { name: 'Stay', definition })).id;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.drop();
  });

  it('renders every question type without axe-core violations, with and without error messages', async () => {
    const def = SurveyDefinition.parse({
      ...exampleDefinition,
      questions: [
        ...exampleDefinition.questions,
        { id: 'stars', type: 'rating', scale: { min: 1, max: 5 }, display: 'stars', text: 'Rate the app' },
        {
          id: 'faces',
          type: 'rating',
          scale: { min: 1, max: 5 },
          display: 'smileys',
          text: 'How do you feel?',
        },
        {
          id: 'csat',
          type: 'csat',
          text: 'How satisfied are you?',
          description: 'Think of your last visit.',
        },
        { id: 'ces', type: 'ces', text: 'It was easy to get help.' },
        {
          id: 'tags',
          type: 'multiple_choice',
          text: 'What did you use?',
          options: [
            { id: 'a', text: 'App' },
            { id: 'w', text: 'Web' },
          ],
        },
        { id: 'name', type: 'text', long: false, text: 'Your name', placeholder: 'Ana' },
      ],
    });
    const steps = def.questions.map((question, i) =>
      renderStep({
        def,
        lang: 'en',
        question,
        answers: {},
        ctx: {},
        seed: 's',
        value: undefined,
        // Every other question shows its error state.
        problems: i % 2 === 0 ? [] : [{ reason: 'is required' }],
        position: i + 1,
        total: def.questions.length,
        action: '/s/x',
        hidden: { ft: 'token', q: question.id },
      })
        .replace(/id="ns-prog-l"/, `id="ns-prog-l-${i}"`)
        .replace(/aria-labelledby="ns-prog-l"/, `aria-labelledby="ns-prog-l-${i}"`),
    );
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.setContent(
      `<!doctype html><html lang="en"><head><title>All question types</title><style>${SURVEY_CSS}</style></head><body><main class="ns"><h1>All question types</h1>${steps.join('')}</main></body></html>`,
    );
    expect(await violations(page)).toEqual([]);
    await context.close();
  });

  it('answers the first question without JavaScript, with a plain form post', async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 375, height: 700 },
    });
    const page = await context.newPage();
    await page.goto(`${base}/s/${surveyId}`);
    expect(await page.getByText('Question 1 of 4').count()).toBe(1);
    // Submitting nothing: the message sits next to the question.
    await page.getByRole('button', { name: 'Next' }).click();
    expect(await page.title()).toBe('Error: Your stay');
    expect(await page.locator('#ns-nps-err').textContent()).toBe('Error: is required');
    await page.getByText('8', { exact: true }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('For each, what did you expect').waitFor();
    expect(page.url()).toBe(`${base}/s/${surveyId}`);
    expect(await page.getByText('Question 2 of 4').count()).toBe(1);
    await context.close();
  });

  it('has no axe-core violations on a question, a refused answer, a pair question and the ending', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${base}/s/${surveyId}?lang=fr`);
    expect(await violations(page)).toEqual([]);
    await page.goto(`${base}/s/${surveyId}`);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.locator('#ns-nps-err').waitFor();
    expect(await violations(page)).toEqual([]);
    await page.getByText('10', { exact: true }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('For each, what did you expect').waitFor();
    expect(await violations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.locator('#ns-quality-err').waitFor();
    expect(await violations(page)).toEqual([]);
    await context.close();
  });

  it('saves answers as the respondent goes, resumes after a reload, and completes', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/s/${surveyId}`);
    // Keyboard only: focus the scale, pick with the arrow keys, submit with Enter.
    await page.locator('#ns-nps-0').focus();
    for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowRight');
    expect(await page.locator('#ns-nps-9').isChecked()).toBe(true);
    const saved = page.waitForResponse((r) => r.url().endsWith('/partial'));
    await page.keyboard.press('Enter');
    await saved;
    // Steps change in place (no reload) with the script.
    await page.getByText('Question 2 of 4').waitFor();
    const partial = page.waitForResponse(
      (r) => r.url().endsWith('/partial') && (r.request().postData() ?? '').includes('"quality"'),
    );
    await page
      .locator('label')
      .filter({ has: page.locator('#ns-quality-speed-expectation-4') })
      .click();
    await partial;

    // A dropped connection or a closed tab: the in-progress question is on the server.
    await page.reload();
    await page.getByText('Question 2 of 4').waitFor();
    expect(await page.locator('#ns-quality-speed-expectation-4').isChecked()).toBe(true);

    for (const [row, e, p] of [
      ['speed', 4, 3],
      ['clean', 5, 5],
    ] as const) {
      await page
        .locator('label')
        .filter({ has: page.locator(`#ns-quality-${row}-expectation-${e}`) })
        .click();
      await page
        .locator('label')
        .filter({ has: page.locator(`#ns-quality-${row}-perception-${p}`) })
        .click();
    }
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('How did you book?').selectOption('web');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Anything else, Website?').fill('Lovely staff');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByText('Thank you, see you soon.').waitFor();
    expect(await page.evaluate('document.activeElement?.className')).toBe('ns-end');
    expect(await violations(page)).toEqual([]);
    const rows = await responses();
    expect(rows.at(-1)).toEqual({
      channel: 'link',
      answers: {
        nps: 9,
        quality: { speed: { expectation: 4, perception: 3 }, clean: { expectation: 5, perception: 5 } },
        how: 'web',
        why: 'Lovely staff',
      },
    });
    await page.reload();
    expect(await page.getByText('Thank you, see you soon.').count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a refused answer next to its question, in place, with the script', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/s/${surveyId}`);
    await page.getByText('3', { exact: true }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page
      .locator('label')
      .filter({ has: page.locator('#ns-quality-speed-expectation-2') })
      .click();
    await page.getByRole('button', { name: 'Next' }).click();
    const err = page.locator('#ns-quality-speed-perception-err');
    await err.waitFor();
    expect(await err.textContent()).toBe('Error: is required (both parts of a pair are)');
    expect(await page.locator('#ns-quality-clean-err').textContent()).toBe('Error: is required');
    // Focus goes to the first field at fault; the answer given is kept.
    expect(await page.evaluate("document.activeElement?.getAttribute('aria-invalid')")).toBe('true');
    expect(await page.locator('#ns-quality-speed-expectation-2').isChecked()).toBe(true);
    await context.close();
  });
});

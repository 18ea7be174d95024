// Distributing a survey from /surveys in chromium on the demo: an email campaign to a contact list with
// a reminder (the audience counted before sending), sent over real SMTP by the worker; the campaign's
// recipients and their status; the response rates per channel; a single-use personal link and the QR
// code; then a campaign of a bilingual survey written in German, chosen in the form. No console errors, no failing API call, axe clean, no sideways scroll at 390 px.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMAIL_JOBS, useMail } from '../../src/listen/channels/email/index.js';
import type { JobDefinition } from '../../src/platform/jobs/index.js';
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
import { startSmtpReceiver } from '../support/receivers.js';
import { hasChromium } from '../support/require.js';
import { startTestServer } from '../support/server.js';

const chromiumPresent = hasChromium('survey distribution browser test');

describe.skipIf(!chromiumPresent)('distributing a survey in chromium', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let watched: WatchedPage;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let outbox: string;
  const emails: string[] = [];

  const api = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${server.url}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${server.apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(res.status, `${method} ${url}`).toBeLessThan(300);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    await buildDashboard();
    smtp = await startSmtpReceiver();
    outbox = mkdtempSync(path.join(tmpdir(), 'northstar-distribute-'));
    useMail({
      smtpUrl: smtp.url,
      outboxDir: outbox,
      from: 'Demo <cx@demo.test>',
      publicUrl: 'http://cx.demo.test',
    });
    server = await startTestServer({ demo: true, worker: EMAIL_JOBS as unknown as JobDefinition[] });
    // A list of eight demo customers who have an email address.
    const contacts = await api<{ items: { id: string; email: string | null }[] }>(
      'GET',
      '/api/v1/contacts?limit=200',
    );
    const chosen = contacts.items.filter((c) => c.email).slice(0, 8);
    emails.push(...chosen.map((c) => c.email!));
    const list = await api<{ id: string }>('POST', '/api/v1/contact-lists', { name: 'Spring panel' });
    await api('POST', `/api/v1/contact-lists/${list.id}/members`, { contactIds: chosen.map((c) => c.id) });
    browser = await launchChromium();
    watched = await watchedPage(browser);
    await logIn(watched.page, server.url, server.adminEmail, server.adminPassword);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.close();
    if (outbox) rmSync(outbox, { recursive: true, force: true });
  });

  it('sends a campaign to a list with a reminder, shows its recipients, rates and a personal link', async () => {
    const { page } = watched;
    watched.reset();
    await page.goto(`${server.url}/surveys`);
    // The delivery survey: the demo already sent it a campaign last month, so its response rates are
    // those invitations' plus this campaign's.
    const surveys = await api<{ items: { id: string; name: string }[] }>('GET', '/api/v1/surveys');
    const delivery = surveys.items.find((s) => s.name === 'Delivery survey')!;
    const before = await api<{ items: { channel: string; invited: number }[] }>(
      'GET',
      `/api/v1/response-rates?survey=${delivery.id}`,
    );
    const demoInvited = before.items.find((r) => r.channel === 'email')?.invited ?? 0;
    expect(demoInvited).toBeGreaterThan(0);
    const row = page.locator('tr').filter({ hasText: 'Delivery survey' });
    await row.getByRole('button', { name: 'Distribute' }).click();
    const panel = page.getByTestId('distribute');
    await panel.waitFor();
    await panel.locator('svg, canvas, img').first().waitFor();
    await page.getByTestId('campaigns-table').getByText('Delivery follow-up, last month').waitFor();

    // The audience, chosen by keyboard, is counted before anything is sent.
    await page.getByTestId('campaign-audience').selectOption({ label: 'Spring panel (8)' });
    await page.getByTestId('campaign-preview').getByText('8 contacts in this audience').waitFor();
    await page.getByLabel('Reminders').selectOption('1');
    await page.getByLabel('Remind after (hours)').fill('48');
    await page.getByTestId('campaign-send').focus();
    await page.keyboard.press('Enter');
    const message = page.getByTestId('campaign-message');
    await message.getByText(/^Sending to \d/).waitFor();
    const queued = Number(/Sending to (\d+)/.exec((await message.textContent()) ?? '')?.[1]);
    expect(queued).toBeGreaterThan(0);
    expect(queued).toBeLessThanOrEqual(8);

    // The worker sends them over SMTP; the campaign's row counts them as sent.
    await expect.poll(() => smtp.inbox.length, { timeout: 30_000 }).toBe(queued);
    expect(smtp.inbox.every((m) => emails.includes(m.to[0]!))).toBe(true);
    const campaignRow = page.getByTestId('campaigns-table').getByRole('row').nth(1);
    await expect
      .poll(async () => (await campaignRow.locator('td').nth(1).textContent())?.trim(), { timeout: 30_000 })
      .toBe(String(queued));
    expect(await campaignRow.textContent()).toContain('1 reminder(s) after 48 h');

    await campaignRow.getByRole('button', { name: 'Show recipients' }).click();
    const recipients = page.getByTestId('recipients');
    await recipients.getByRole('row').nth(1).waitFor();
    expect(await recipients.getByRole('row').count()).toBe(9);
    expect(await recipients.textContent()).toContain('sent');

    // Response rates per channel: the email channel with its invitations.
    await page.reload();
    await page
      .locator('tr')
      .filter({ hasText: 'Delivery survey' })
      .getByRole('button', { name: 'Distribute' })
      .click();
    const rates = page.getByTestId('rates-table');
    await rates.getByRole('row', { name: /email/ }).waitFor();
    expect(await rates.getByRole('row', { name: /email/ }).locator('td').nth(1).textContent()).toBe(
      (demoInvited + queued).toLocaleString('en'),
    );

    // A personal, single-use link.
    await page.getByTestId('personal-link').click();
    const personal = page.getByTestId('personal-links').locator('code').first();
    await personal.waitFor();
    expect(await personal.textContent()).toMatch(/\/s\/[0-9a-f-]{36}\?t=\S+/);

    expect(await seriousViolations(page)).toEqual([]);
    // At the top, so the sticky header sits where it belongs in the full-page picture.
    await page.evaluate('scrollTo(0, 0)');
    await screenshot(page, 'surveys-distribute-1440', true);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.evaluate('scrollTo(0, 0)');
    await screenshot(page, 'surveys-distribute-390', true);
    expect(watched.consoleErrors).toEqual([]);
    expect(watched.failedCalls).toEqual([]);
  });

  it('writes the email in the language chosen for the campaign', async () => {
    const { page } = watched;
    await page.setViewportSize({ width: 1440, height: 900 });
    watched.reset();
    await api('POST', '/api/v1/surveys', {
      name: 'Kundenumfrage',
      definition: {
        defaultLanguage: 'en',
        languages: ['en', 'de'],
        title: { en: 'How are we doing?', de: 'Wie machen wir uns?' },
        questions: [
          {
            id: 'nps',
            type: 'nps',
            text: { en: 'Would you recommend us?', de: 'Würden Sie uns empfehlen?' },
          },
        ],
      },
    });
    // Three customers not in the spring panel.
    const contacts = await api<{ items: { id: string; email: string | null }[] }>(
      'GET',
      '/api/v1/contacts?limit=200',
    );
    const chosen = contacts.items.filter((c) => c.email && !emails.includes(c.email)).slice(0, 3);
    const list = await api<{ id: string }>('POST', '/api/v1/contact-lists', { name: 'Berlin panel' });
    await api('POST', `/api/v1/contact-lists/${list.id}/members`, { contactIds: chosen.map((c) => c.id) });
    const before = smtp.inbox.length;

    await page.goto(`${server.url}/surveys`);
    await page
      .locator('tr')
      .filter({ hasText: 'Kundenumfrage' })
      .getByRole('button', { name: 'Distribute' })
      .click();
    await page.getByTestId('campaign-audience').selectOption({ label: 'Berlin panel (3)' });
    await page.getByLabel('Language of the email').selectOption({ label: 'German' });
    await page.getByLabel('Subject').fill('Eine Minute für uns?');
    await page.getByLabel('Reminders').selectOption('0');
    await page.getByTestId('campaign-send').click();
    await page
      .getByTestId('campaign-message')
      .getByText(/^Sending to 3/)
      .waitFor();
    await expect.poll(() => smtp.inbox.length, { timeout: 30_000 }).toBe(before + 3);
    const raw = smtp.inbox.slice(before).find((m) => m.to[0] === chosen[0]!.email)!.raw;
    const qp = Buffer.from(
      raw
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
    expect(qp).toContain('Würden Sie uns empfehlen?');
    expect(qp).toContain('Sehr unwahrscheinlich');
    expect(qp).toContain('Keine Umfrage-E-Mails mehr erhalten');
    expect(qp).toContain('lang="de"');
    expect(await seriousViolations(page)).toEqual([]);
    expect(watched.consoleErrors).toEqual([]);
    expect(watched.failedCalls).toEqual([]);
  });
});

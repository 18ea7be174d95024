// The settings page's teams, case rules and webhooks in a real browser: an analyst creates a team, a
// rule and a webhook endpoint through the forms, sees them listed and the signing secret once, sees a
// field error from the API beside its field, reads an endpoint's delivery log and retries a failed
// delivery; a viewer sees no forms; axe finds nothing serious and nothing scrolls sideways at 390 px.
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACT_JOBS, startActWorker } from '../../src/act/index.js';
import { EMAIL_JOBS } from '../../src/listen/channels/email/index.js';
import { type JobDefinition, JobQueue } from '../../src/platform/jobs/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { buildApp } from '../../src/server/index.js';
import { buildDashboard, launchChromium, seriousViolations, sidewaysOverflow } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createTestOrg, createTestSurvey, createTestUser, type TestOrg } from '../support/factories.js';
import { hasChromium } from '../support/require.js';

const chromiumPresent = hasChromium('act settings browser tests');

const sideways = sidewaysOverflow;

async function signIn(page: Page, url: string, user: { email: string; password: string }) {
  await page.goto(`${url}/settings`);
  await page.getByTestId('login-email').fill(user.email);
  await page.getByTestId('login-password').fill(user.password);
  await page.getByTestId('login-submit').click();
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
}

describe.skipIf(!chromiumPresent)('teams, case rules and webhooks settings in chromium', () => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let jobs: JobQueue;
  let stopAct: () => Promise<void>;
  let browser: Browser;
  let url: string;
  let acme: TestOrg;
  let analyst: { email: string; password: string };
  let viewer: { email: string; password: string };
  let surveyId: string;
  let dataDir: string;
  // The receiving system: answers 500, so deliveries fail and can be retried.
  const received: string[] = [];
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push(String(req.headers['webhook-id']));
      res.writeHead(500).end('down for maintenance');
    });
  });
  let receiverUrl: string;

  beforeAll(async () => {
    await buildDashboard();
    process.env.NORTHSTAR_WEBHOOK_ALLOW_PRIVATE = 'true';
    dataDir = mkdtempSync(path.join(tmpdir(), 'northstar-act-settings-'));
    process.env.NORTHSTAR_DATA_DIR = dataDir;
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const raddr = receiver.address();
    receiverUrl = `http://127.0.0.1:${typeof raddr === 'object' && raddr ? raddr.port : 0}/hooks`;
    db = await createTestDatabase();
    const log = createLogger('silent');
    jobs = new JobQueue({ sql: db.sql, log, maintenance: false });
    await jobs.work([...(EMAIL_JOBS as unknown as JobDefinition[]), ...ACT_JOBS]);
    stopAct = startActWorker({ sql: db.sql, jobs, log, pollMs: 250 });
    app = await buildApp({ sql: db.sql, logger: log, jobs, rateLimitPerMinute: 100_000 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    acme = await createTestOrg(db.sql, 'Acme Stores');
    surveyId = (await createTestSurvey(db.sql, acme.org.id)).survey.id;
    const a = await createTestUser(db.sql, acme.org.id, 'analyst');
    analyst = { email: a.email, password: a.password };
    const v = await createTestUser(db.sql, acme.org.id, 'viewer');
    viewer = { email: v.email, password: v.password };
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await stopAct?.();
    await jobs?.stop();
    await db?.drop();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    delete process.env.NORTHSTAR_WEBHOOK_ALLOW_PRIVATE;
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('an analyst creates a team, a rule and a webhook, sees the secret once and retries a delivery', async () => {
    // The dashboard's Content-Security-Policy (script-src 'self') would block the injected axe-core script.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await signIn(page, url, analyst);

    // A team with the analyst as member and the survey's touchpoint, chosen by keyboard.
    const teams = page.getByTestId('teams-card');
    await teams.getByText('No teams yet.').waitFor();
    await page.getByTestId('team-name').fill('Store recovery');
    await teams.getByRole('checkbox', { name: /\(you\)/ }).focus();
    await page.keyboard.press('Space');
    const tpBox = teams.getByRole('group', { name: 'Touchpoints owned' }).getByRole('checkbox').first();
    await tpBox.check();
    await page.getByTestId('team-create').click();
    const teamRow = page.getByTestId('teams-table').getByRole('row', { name: /Store recovery/ });
    await teamRow.waitFor();
    expect(await teamRow.textContent()).toContain('(you)');
    expect(await teamRow.textContent()).not.toContain('None');

    // A rule with an out-of-range score: the API's field error shows beside the score value.
    await page.getByTestId('rule-name').fill('Store detractors');
    await page.getByTestId('rule-metric').selectOption('nps');
    await page.getByTestId('rule-value').fill('12');
    await page.getByTestId('rule-keywords').fill('refund, broken');
    await page.getByTestId('rule-team').selectOption({ label: 'Store recovery' });
    await page.getByTestId('rule-priority').selectOption('high');
    await page.getByTestId('rule-sla').fill('4');
    await page.getByTestId('rule-create').click();
    const value = page.getByTestId('rule-value');
    await page.getByText('nps runs from 0 to 10').waitFor();
    expect(await value.getAttribute('aria-invalid')).toBe('true');
    const describedBy = await value.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toContain('nps runs from 0 to 10');
    await value.fill('6');
    await page.getByTestId('rule-keywords').fill('');
    await page.getByTestId('rule-create').click();
    const ruleRow = page.getByTestId('rules-table').getByRole('row', { name: /Store detractors/ });
    await ruleRow.waitFor();
    expect(await ruleRow.textContent()).toContain('NPS ≤ 6');
    expect(await ruleRow.textContent()).toContain('Store recovery · high · 4 h');
    expect(await value.getAttribute('aria-invalid')).toBeNull();

    // A webhook endpoint: its secret shows once, then never again.
    await page.getByTestId('webhook-url').fill(receiverUrl);
    await page.getByRole('checkbox', { name: 'case.closed' }).check();
    await page.getByTestId('webhook-create').click();
    const secret = page.getByTestId('webhook-secret');
    await secret.waitFor();
    expect(await secret.textContent()).toMatch(/whsec_[A-Za-z0-9+/=]{20,}/);
    const hookRow = page.getByTestId('webhooks-table').getByRole('row', { name: /127\.0\.0\.1/ });
    await hookRow.waitFor();
    expect(await hookRow.textContent()).toContain('case.created, case.closed');
    expect(await hookRow.textContent()).toContain('Enabled');
    expect(await seriousViolations(page)).toEqual([]);
    await page.reload();
    await page.getByTestId('webhooks-table').waitFor();
    expect(await page.getByTestId('webhook-secret').count()).toBe(0);
    expect(await page.content()).not.toContain('whsec_');

    // A detractor's answer opens a case through the rule; its case.created event fails at the receiver.
    const res = await fetch(`${url}/api/v1/surveys/${surveyId}/responses`, {
      method: 'POST',
      headers: { ...acme.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ answers: { nps: 3, reason: 'Nobody at the store could help.' } }),
    });
    expect(res.status).toBe(201);
    await expect.poll(() => received.length, { timeout: 15_000 }).toBeGreaterThan(0);
    const before = received.length;
    // Wait until the failed attempt is recorded, so the log shows it when opened.
    const hooks = (await (await fetch(`${url}/api/v1/webhooks`, { headers: acme.headers })).json()) as {
      items: { id: string }[];
    };
    const attempted = async () => {
      const r = await fetch(`${url}/api/v1/webhooks/${hooks.items[0]?.id}/deliveries`, {
        headers: acme.headers,
      });
      const body = (await r.json()) as { items: { attempts: number }[] };
      return body.items[0]?.attempts ?? 0;
    };
    await expect.poll(attempted, { timeout: 15_000 }).toBeGreaterThan(0);
    await page.getByTestId('webhook-log').first().click();
    const log = page.getByTestId('webhook-deliveries');
    await log.getByRole('cell', { name: /^case\.created/ }).waitFor();
    expect(await log.textContent()).toContain('500');
    await log.getByRole('button', { name: 'Retry the case.created delivery' }).click();
    await log.getByText('Delivery of case.created queued again.').waitFor();
    await expect.poll(() => received.length, { timeout: 15_000 }).toBeGreaterThan(before);
    expect(await seriousViolations(page)).toEqual([]);

    // At 390 px nothing scrolls sideways and axe still finds nothing serious.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('rules-table').waitFor();
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('a viewer reads teams and rules without forms, and no webhooks', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
    const page = await context.newPage();
    await signIn(page, url, viewer);
    await page
      .getByTestId('teams-table')
      .getByRole('row', { name: /Store recovery/ })
      .waitFor();
    await page
      .getByTestId('rules-table')
      .getByRole('row', { name: /Store detractors/ })
      .waitFor();
    expect(await page.getByTestId('team-create').count()).toBe(0);
    expect(await page.getByTestId('rule-create').count()).toBe(0);
    expect(await page.getByRole('button', { name: /Delete the rule/ }).count()).toBe(0);
    await page.getByText('Analysts and administrators set up webhooks.').waitFor();
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });
  it('an analyst deletes a rule after confirming', async () => {
    const made = await fetch(`${url}/api/v1/case-rules`, {
      method: 'POST',
      headers: { ...acme.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Angry words', when: { keywords: ['furious'] }, slaHours: 8 }),
    });
    expect(made.status).toBe(201);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await signIn(page, url, analyst);
    const row = page.getByTestId('rules-table').getByRole('row', { name: /Angry words/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('mentions furious');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete the rule Angry words' }).click();
    await page.getByText('Rule “Angry words” deleted.').waitFor();
    await row.waitFor({ state: 'detached' });
    const left = (await (await fetch(`${url}/api/v1/case-rules`, { headers: acme.headers })).json()) as {
      items: { name: string }[];
    };
    expect(left.items.map((r) => r.name)).toEqual(['Store detractors']);
    await context.close();
  });
});

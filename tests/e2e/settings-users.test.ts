// Users and invitations on the settings page in a real browser: the owner invites a colleague with a
// role by keyboard, the email goes out over real SMTP and its link opens the invitation page, where the
// colleague chooses a name and password and lands signed in with that role; the owner changes a role
// and removes a user; a viewer reads the list without controls. No console errors, no failing API call,
// axe finds nothing serious, nothing scrolls sideways at 390 px.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useMail } from '../../src/listen/channels/email/index.js';
import { MEMBER_JOBS } from '../../src/listen/members/index.js';
import { JobQueue } from '../../src/platform/jobs/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { buildApp } from '../../src/server/index.js';
import {
  buildDashboard,
  launchChromium,
  screenshot,
  seriousViolations,
  sidewaysOverflow,
  type WatchedPage,
  watchedPage,
} from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createTestOrg, createTestUser } from '../support/factories.js';
import { startSmtpReceiver, textOf } from '../support/receivers.js';
import { hasChromium } from '../support/require.js';

const chromiumPresent = hasChromium('users and invitations browser tests');

async function signIn(page: Page, url: string, user: { email: string; password: string }) {
  await page.goto(`${url}/settings`);
  await page.getByTestId('login-email').fill(user.email);
  await page.getByTestId('login-password').fill(user.password);
  await page.getByTestId('login-submit').click();
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
}

/** A screenshot of the users card, clipped from the full page (so the sticky header is not over it). */
async function cardShot(page: Page, name: string) {
  const dir = process.env.NORTHSTAR_SCREENSHOTS;
  if (!dir) return;
  await page.evaluate('scrollTo(0, 0)');
  // At the top of the page the card's box in the viewport is its box in the page.
  const box = await page.getByTestId('users-card').boundingBox();
  if (!box) throw new Error('the users card is not shown');
  await page.screenshot({
    path: path.join(dir, `${name}.png`),
    fullPage: true,
    clip: {
      x: Math.max(0, box.x - 16),
      y: Math.max(0, box.y - 16),
      width: box.width + 32,
      height: box.height + 32,
    },
  });
}

function expectClean(w: WatchedPage) {
  expect(w.consoleErrors).toEqual([]);
  expect(w.failedCalls).toEqual([]);
}

describe.skipIf(!chromiumPresent)('users and invitations in chromium', () => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let jobs: JobQueue;
  let browser: Browser;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let url: string;
  let outbox: string;
  let owner: { email: string; password: string };
  let viewer: { email: string; password: string; id: string };

  beforeAll(async () => {
    await buildDashboard();
    smtp = await startSmtpReceiver();
    outbox = mkdtempSync(path.join(tmpdir(), 'northstar-users-'));
    db = await createTestDatabase();
    const log = createLogger('silent');
    jobs = new JobQueue({ sql: db.sql, log, maintenance: false, pollingIntervalSeconds: 0.5 });
    await jobs.work(MEMBER_JOBS);
    app = await buildApp({ sql: db.sql, logger: log, jobs, rateLimitPerMinute: 100_000 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    useMail({ smtpUrl: smtp.url, outboxDir: outbox, from: 'Acme CX <cx@acme.test>', publicUrl: url });
    const acme = await createTestOrg(db.sql, 'Acme Stores');
    const o = await createTestUser(db.sql, acme.org.id, 'owner', 'olga@acme.test');
    owner = { email: o.email, password: o.password };
    const v = await createTestUser(db.sql, acme.org.id, 'viewer', 'victor@acme.test');
    viewer = { email: v.email, password: v.password, id: v.user.id };
    const a = await createTestUser(db.sql, acme.org.id, 'analyst', 'anton@acme.test');
    expect(a.user.role).toBe('analyst');
    await db.sql`update users set name = 'Olga Owner' where email = 'olga@acme.test'`;
    await db.sql`update users set name = 'Victor Viewer' where email = 'victor@acme.test'`;
    await db.sql`update users set name = 'Anton Analyst' where email = 'anton@acme.test'`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await jobs?.stop();
    await db?.drop();
    await smtp?.close();
    if (outbox) rmSync(outbox, { recursive: true, force: true });
  });

  it('the owner invites by keyboard, changes a role and removes a user', async () => {
    const w = await watchedPage(browser);
    const { page } = w;
    await signIn(page, url, owner);
    w.reset(); // the signed-out check before signing in answers 401 by design
    const table = page.getByTestId('users-table');
    await table.getByRole('row', { name: /Victor Viewer/ }).waitFor();
    expect(await table.getByRole('row').count()).toBe(4);
    expect(await table.getByRole('row', { name: /Olga Owner \(you\)/ }).textContent()).toContain('—');

    // Invite by keyboard: type the address, Tab to the role, ArrowDown from analyst to agent, Tab, Enter.
    await page.getByTestId('invite-email').focus();
    await page.keyboard.type('nadia@acme.test');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByTestId('invite-role').inputValue()).toBe('agent');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.dataset.testid')).toBe('invite-send');
    await page.keyboard.press('Enter');
    await page.getByText('Invitation to nadia@acme.test (agent) is on its way.').waitFor();
    const invitations = page.getByTestId('invitations-table');
    const row = invitations.getByRole('row', { name: /nadia@acme\.test/ });
    await expect
      .poll(() => row.getByTestId('invitation-status').textContent(), { timeout: 15_000 })
      .toBe('Sent');
    expect(await row.textContent()).toContain('by Olga Owner');
    expect(smtp.inbox.filter((m) => m.to.includes('nadia@acme.test'))).toHaveLength(1);

    // A wrong address is refused beside the field; a second invitation is revoked.
    await page.getByTestId('invite-email').fill('not-an-address');
    await page.getByTestId('invite-send').click();
    await page.getByRole('alert').getByText('Enter an email address like name@company.com.').waitFor();
    expect(await page.getByTestId('invite-email').getAttribute('aria-invalid')).toBe('true');
    await page.getByTestId('invite-email').fill('temp@acme.test');
    await page.getByTestId('invite-send').click();
    await invitations.getByRole('row', { name: /temp@acme\.test/ }).waitFor();
    await page.getByRole('button', { name: 'Revoke the invitation to temp@acme.test' }).click();
    await page.getByText('Invitation to temp@acme.test revoked.').waitFor();
    expect(await invitations.getByRole('row', { name: /temp@acme\.test/ }).count()).toBe(0);

    // Victor becomes an analyst; Anton is removed after confirming.
    await page.getByRole('combobox', { name: 'Role of Victor Viewer' }).selectOption('analyst');
    await page.getByText('Victor Viewer is now analyst.').waitFor();
    await page.getByRole('button', { name: 'Remove Anton Analyst…' }).click();
    await page.getByRole('button', { name: 'Remove Anton Analyst', exact: true }).click();
    await page.getByText('Anton Analyst was removed.').waitFor();
    expect(await table.getByRole('row', { name: /Anton Analyst/ }).count()).toBe(0);
    const roles = await db.sql<{ email: string; role: string }[]>`
      select email, role from users where email in ('victor@acme.test', 'anton@acme.test')`;
    expect(roles).toEqual([{ email: 'victor@acme.test', role: 'analyst' }]);

    expect(await seriousViolations(page)).toEqual([]);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await cardShot(page, 'settings-users-1440');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('users-card').scrollIntoViewIfNeeded();
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await cardShot(page, 'settings-users-390');
    expectClean(w);
    await w.context.close();
  });

  it('the emailed link opens the invitation; the colleague sets a password and is signed in as agent', async () => {
    const mail = smtp.inbox.find((m) => m.to.includes('nadia@acme.test'));
    expect(mail).toBeDefined();
    const text = textOf(mail!.raw);
    expect(text).toContain('Olga Owner invited you to join Acme Stores on Northstar as agent');
    const link = new RegExp(`${url.replace(/[.:/]/g, '\\$&')}/invite#[A-Za-z0-9_-]{40,}`).exec(text)?.[0];
    expect(link, text).toBeDefined();

    const w = await watchedPage(browser, { width: 390, height: 844 });
    const { page } = w;
    await page.goto(link!);
    await page.getByRole('heading', { name: 'Accept your invitation', level: 1 }).waitFor();
    const summary = await page.getByTestId('invite-summary').textContent();
    expect(summary).toContain('Join Acme Stores as agent with nadia@acme.test');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'invite-accept-390');

    await page.getByTestId('invite-name').fill('Nadia Novak');
    await page.getByTestId('invite-password').fill('short');
    await page.getByTestId('invite-accept').click();
    await page.getByRole('alert').getByText('at least 10 characters').waitFor();
    await page.getByTestId('invite-password').fill('a long enough passphrase');
    await page.getByTestId('invite-password').press('Enter');
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    const me = (await (await page.request.get(`${url}/api/v1/auth/me`)).json()) as { user: { role: string } };
    expect(me.user.role).toBe('agent');
    expectClean(w);
    await w.context.close();

    // The link is used: opening it again says so.
    const again = await watchedPage(browser, { width: 1440, height: 900 });
    await again.page.goto(link!);
    await again.page.getByTestId('invite-invalid').waitFor();
    expect(await again.page.getByTestId('invite-invalid').textContent()).toContain('no longer works');
    await screenshot(again.page, 'invite-accept-1440-used', false);
    await again.context.close();
  });

  it('a viewer reads the users without controls at 390 px', async () => {
    // Victor is an analyst now; a fresh viewer reads the list.
    await db.sql`update users set role = 'viewer' where id = ${viewer.id}`;
    const w = await watchedPage(browser, { width: 390, height: 844 });
    const { page } = w;
    await signIn(page, url, viewer);
    w.reset(); // the signed-out check before signing in answers 401 by design
    const table = page.getByTestId('users-table');
    await table.getByRole('row', { name: /Nadia Novak/ }).waitFor();
    expect(await page.getByTestId('invite-email').count()).toBe(0);
    expect(await table.getByRole('combobox').count()).toBe(0);
    expect(await table.getByRole('button').count()).toBe(0);
    expect(await page.getByTestId('invitations').count()).toBe(0);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'settings-users-viewer-390');
    expectClean(w);
    await w.context.close();
  });
});

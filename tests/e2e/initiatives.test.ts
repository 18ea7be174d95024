// The initiatives page in a real browser: the demo's list with verdict badges, one initiative's chart and
// numbers table matching the API, a note added, and no serious accessibility violations.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatEffect } from '../../web/src/pages/initiatives-view.js';
import { buildDashboard, launchChromium, seriousViolations } from '../support/browser.js';
import { hasChromium } from '../support/require.js';
import { startTestServer } from '../support/server.js';

const chromiumPresent = hasChromium('initiatives browser tests');

describe.skipIf(!chromiumPresent)('initiatives page in chromium', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await buildDashboard();
    server = await startTestServer({ demo: true });
    browser = await launchChromium();
    // axe-core is injected as an inline script, which the dashboard's Content-Security-Policy refuses.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    page = await context.newPage();
    await page.goto(server.url);
    await page.getByTestId('login-email').fill(server.adminEmail);
    await page.getByTestId('login-password').fill(server.adminPassword);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-initiatives').waitFor();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const api = async <T>(url: string): Promise<T> => {
    const res = await fetch(`${server.url}${url}`, { headers: { authorization: `Bearer ${server.apiKey}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };

  it('lists the demo initiatives with their status and verdict', async () => {
    await page.getByTestId('nav-initiatives').click();
    await page.getByTestId('initiatives-table').waitFor();
    expect(new URL(page.url()).pathname).toBe('/initiatives');
    const rows = page.locator('[data-testid="initiatives-table"] tbody tr');
    expect(await rows.count()).toBe(3);
    const win = rows.filter({ hasText: 'One-page checkout' });
    expect(await win.getByTestId('verdict-badge').textContent()).toBe('Win');
    expect(
      await rows.filter({ hasText: 'Delivery text alerts' }).getByTestId('verdict-badge').textContent(),
    ).toBe('Too early');
    expect(await rows.filter({ hasText: 'Delivery text alerts' }).textContent()).toContain('Planned');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('shows the employee pulse by team with the anonymity threshold and the link to customers', async () => {
    const section = page.getByTestId('pulse-section');
    await section.getByTestId('pulse-table').waitFor();
    expect(await section.getByTestId('pulse-threshold').textContent()).toMatch(
      /^Anonymity threshold: 5\. Groups under 5 people are never shown/,
    );
    const rows = section.locator('[data-testid="pulse-table"] tbody tr');
    expect(await rows.count()).toBe(6);
    // Finance (4 people) is hidden, and so is Warehouse, the next smallest, which would give it away.
    for (const team of ['Finance', 'Warehouse']) {
      expect(await rows.filter({ hasText: team }).locator('td').first().textContent()).toBe('Hidden');
    }
    const { items } = await api<{ items: Array<{ id: string }> }>('/api/v1/employee-pulse');
    const pulse = await api<{ teams: Array<{ team: string; result: { enps: number; n: number } | null }> }>(
      `/api/v1/employee-pulse/${items[0]!.id}`,
    );
    const store = pulse.teams.find((t) => t.team === 'Store care')!.result!;
    expect(await rows.filter({ hasText: 'Store care' }).locator('td').first().textContent()).toMatch(
      new RegExp(`^${store.enps.toFixed(1).replace('-', '−')} \\(95% CI `),
    );
    expect(await section.getByTestId('pulse-correlation').textContent()).toMatch(
      /^Across 3 teams, employee eNPS/,
    );
    expect(await section.textContent()).toContain('Only 3 teams');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('defines a digest from the page and links its PDF', async () => {
    const section = page.getByTestId('reports-section');
    await section.getByLabel('Digest name').fill('Care weekly');
    await section.getByLabel('Team').selectOption({ label: 'Delivery desk' });
    await section.getByLabel('Recipients (email addresses)').fill('lead@demo.northstar.test');
    await section.getByRole('button', { name: 'Create digest' }).click();
    const row = section.locator('[data-testid="reports-table"] tbody tr', { hasText: 'Care weekly' });
    await row.waitFor();
    const href = await row.getByRole('link', { name: /Download PDF/ }).getAttribute('href');
    expect(href).toMatch(/^\/api\/v1\/reports\/[0-9a-f-]{36}\.pdf$/);
    const pdf = await fetch(`${server.url}${href}`, {
      headers: { authorization: `Bearer ${server.apiKey}` },
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('opens an initiative: verdict in words, the effect the API reports, chart and numbers table', async () => {
    await page.getByRole('link', { name: 'One-page checkout' }).click();
    await page.getByTestId('effect-chart').waitFor();
    const id = new URL(page.url()).searchParams.get('id') ?? '';
    const effect = await api<Parameters<typeof formatEffect>[1] & { metric: 'ces'; series: unknown[] }>(
      `/api/v1/initiatives/${id}/effect`,
    );
    expect(await page.getByTestId('effect-estimate').textContent()).toBe(formatEffect('ces', effect));
    expect(await page.getByTestId('verdict-sentence').textContent()).toMatch(
      /^It worked: CES at the targeted/,
    );
    expect(await page.getByTestId('effect-chart').getAttribute('aria-label')).toMatch(
      /numbers are in the table/,
    );
    expect(await page.locator('[data-testid="effect-chart"] svg path').count()).toBeGreaterThan(3);
    await page.getByText('Show the numbers').click();
    expect(await page.locator('[data-testid="effect-table"] tbody tr').count()).toBe(effect.series.length);
    expect(await seriousViolations(page)).toEqual([]);
    // Kept for a person to look at.
    const shot = path.join(await mkdtemp(path.join(tmpdir(), 'northstar-e2e-')), 'initiative.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.info(`Initiative screenshot: ${shot}`);
  });

  it('changes the status', async () => {
    const id = new URL(page.url()).searchParams.get('id') ?? '';
    await page.getByLabel('Status').selectOption('done');
    await page.locator('.page-subtitle .status-done').waitFor();
    expect((await api<{ status: string }>(`/api/v1/initiatives/${id}`)).status).toBe('done');
  });

  it('adds a note', async () => {
    await page.getByLabel('Add a note').fill('Checked with the web team.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.locator('.notes li', { hasText: 'Checked with the web team.' }).waitFor();
  });

  it("sends a 'you said, we did' follow-up from the initiative", async () => {
    const card = page.getByTestId('follow-up-card');
    await card
      .getByLabel('What changed (opens the email)')
      .fill('Checkout is now one page: address, delivery and payment together.');
    await card.getByRole('button', { name: 'Send follow-up' }).click();
    const result = await card.getByTestId('follow-up-result').textContent();
    expect(result).toMatch(/^Invited \d+: \d+ emails on their way, \d+ left out/);
    const id = new URL(page.url()).searchParams.get('id') ?? '';
    const { items } = await api<{ items: Array<{ message: string; counts: Record<string, number> }> }>(
      `/api/v1/initiatives/${id}/follow-ups`,
    );
    expect(items[0]!.message).toMatch(/^Checkout is now one page/);
    const invited = Object.values(items[0]!.counts).reduce((a, b) => a + b, 0);
    expect(result).toContain(`Invited ${invited}:`);
    expect(invited).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('goes back to the list with the browser', async () => {
    await page.goBack();
    await page.getByTestId('initiatives-table').waitFor();
  });

  it('creates an initiative from the form and opens it', async () => {
    await page.getByText('New initiative').click();
    await page.getByLabel('Title').fill('Faster returns labels');
    await page.getByLabel('Metric it should move').selectOption('csat');
    await page.getByRole('group', { name: 'Touchpoints it changes' }).getByLabel('Returns').check();
    await page.getByLabel('Start date').fill('2026-10-01');
    await page
      .getByLabel('Hypothesis')
      .fill('A printable label in the email saves a trip to the help centre.');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Create initiative' }).click();
    await page.getByRole('heading', { name: 'Faster returns labels' }).waitFor();
    await page.getByTestId('verdict-sentence').waitFor();
    const id = new URL(page.url()).searchParams.get('id') ?? '';
    const created = await api<{ metric: string; startedAt: string; touchpointIds: string[] }>(
      `/api/v1/initiatives/${id}`,
    );
    expect(created).toMatchObject({ metric: 'csat', startedAt: '2026-10-01' });
    expect(created.touchpointIds).toHaveLength(1);
  });
});

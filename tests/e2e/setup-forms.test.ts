// Forms that replaced API instructions in the dashboard, in chromium on the demo: creating a journey with
// its stages on /journeys, and marking a mirror survey on /gaps (what is missing named beside the field).
// No console errors, no failing API call, axe clean, no sideways scroll at 390 px.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, seriousViolations, sidewaysOverflow, signedInDemo } from '../support/browser.js';
import { hasChromium } from '../support/require.js';

const chromiumPresent = hasChromium('set-up forms browser test');

describe.skipIf(!chromiumPresent)('set-up forms in the dashboard', () => {
  let ctx: Awaited<ReturnType<typeof signedInDemo>>;
  const api = async <T>(url: string): Promise<T> => {
    const res = await fetch(`${ctx.server.url}${url}`, {
      headers: { authorization: `Bearer ${ctx.server.apiKey}` },
    });
    expect(res.status, url).toBe(200);
    return (await res.json()) as T;
  };
  const checkPage = async (name: string) => {
    const { page } = ctx.watched;
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, `${name}-1440`, false);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(ctx.watched.consoleErrors).toEqual([]);
    expect(ctx.watched.failedCalls).toEqual([]);
  };

  beforeAll(async () => {
    ctx = await signedInDemo();
  }, 300_000);
  afterAll(async () => {
    await ctx?.browser.close();
    await ctx?.server.close();
  });

  it('creates a journey with its stages from /journeys', async () => {
    const { page } = ctx.watched;
    ctx.watched.reset();
    await page.goto(`${ctx.server.url}/journeys`);
    const form = page.getByTestId('journey-form');
    await form.waitFor();
    expect(await page.locator('main').textContent()).not.toMatch(/POST \/api|northstar journeys/);
    await form.getByRole('button', { name: 'Create the journey' }).click();
    await form.getByText('Give the journey a name.').waitFor();
    expect(await form.getByLabel('Journey name').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Journey name').fill('Returns');
    await form.getByLabel('Stages, in order (comma-separated)').fill('Request, Ship back, Refund');
    await form.getByRole('button', { name: 'Create the journey' }).click();
    await expect
      .poll(async () => {
        const list = await api<{ items: { name: string; stages: { name: string; position: number }[] }[] }>(
          '/api/v1/journeys',
        );
        const made = list.items.find((j) => j.name === 'Returns');
        return made ? [...made.stages].sort((a, b) => a.position - b.position).map((s) => s.name) : null;
      })
      .toEqual(['Request', 'Ship back', 'Refund']);
    await page.getByRole('heading', { name: 'Returns' }).waitFor();
    await form.getByLabel('Journey name').evaluate((e) => {
      e.scrollIntoView();
      e.ownerDocument.defaultView?.scrollBy(0, -200);
    });
    await checkPage('journeys-new');
  });

  it('marks a mirror survey from /gaps', async () => {
    const { page } = ctx.watched;
    ctx.watched.reset();
    const surveys = await api<{ items: { id: string; name: string; mirrorOf: string | null }[] }>(
      '/api/v1/surveys',
    );
    const customer = surveys.items.find((s) => s.name === 'Delivery survey')!;
    const staff = surveys.items.find((s) => s.name === 'App feedback')!;
    expect(staff.mirrorOf).toBeNull();
    await page.goto(`${ctx.server.url}/gaps`);
    const form = page.getByTestId('mirror-form');
    await form.waitFor();
    expect(await page.locator('main').textContent()).not.toMatch(/PUT \/api/);
    await form.getByRole('button', { name: 'Mark as its mirror' }).click();
    await form.getByText('Choose the survey staff answer.').waitFor();
    await form.getByLabel('Survey staff answer').selectOption({ label: staff.name });
    await form.getByLabel('Customer survey it mirrors').selectOption({ label: staff.name });
    await form.getByRole('button', { name: 'Mark as its mirror' }).click();
    await form.getByText('Choose a survey other than the mirror itself.').waitFor();
    await form.getByLabel('Customer survey it mirrors').selectOption({ label: customer.name });
    await form.getByRole('button', { name: 'Mark as its mirror' }).click();
    await expect
      .poll(async () => {
        const after = await api<{ items: { id: string; mirrorOf: string | null }[] }>('/api/v1/surveys');
        return after.items.find((s) => s.id === staff.id)?.mirrorOf;
      })
      .toBe(customer.id);
    await form.evaluate((e) => {
      e.scrollIntoView();
      e.ownerDocument.defaultView?.scrollBy(0, -300);
    });
    await checkPage('gaps-mirror');
  });
});

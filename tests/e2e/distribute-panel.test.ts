// The website widget from /surveys → Distribute in chromium on the demo, which has no widget site: the
// site is created from the form (a missing origin and a bad one named beside the field), the tag shows
// with the new site's key, and the survey's trigger rules are edited and saved — a bad delay named
// beside its trigger — with the rules as they stand listed and the public configuration following.
// Then a personal link tied to a contact found by name, and one refused for a contact who opted out.
// No console errors, no API call failing beyond the refusals asked for, axe clean, no sideways scroll
// at 390 px.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, seriousViolations, sidewaysOverflow, signedInDemo } from '../support/browser.js';
import { hasChromium } from '../support/require.js';

const chromiumPresent = hasChromium('widget distribution browser test');

describe.skipIf(!chromiumPresent)('the website widget from the distribution panel', () => {
  let ctx: Awaited<ReturnType<typeof signedInDemo>>;
  const api = async <T>(url: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${ctx.server.url}${url}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${ctx.server.apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(res.status, url).toBeLessThan(300);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    ctx = await signedInDemo();
  }, 300_000);
  afterAll(async () => {
    await ctx?.browser.close();
    await ctx?.server.close();
  });

  it('creates a site, shows its tag, and edits and saves the survey trigger rules', async () => {
    const { page } = ctx.watched;
    ctx.watched.reset();
    await page.goto(`${ctx.server.url}/surveys`);
    await page
      .locator('tr')
      .filter({ hasText: 'Delivery survey' })
      .getByRole('button', { name: 'Distribute' })
      .click();
    const panel = page.getByTestId('distribute');
    await panel.waitFor();
    expect(await panel.textContent()).not.toContain('/api/v1');

    // The site: nothing given is named in the browser; a bad origin by the server, beside the field.
    const form = page.getByTestId('widget-site-form');
    await form.getByRole('button', { name: 'Create the widget site' }).click();
    await form.getByText('Give the site a name.').waitFor();
    await form.getByText(/Give at least one origin/).waitFor();
    await form.getByLabel('Site name').fill('Web shop');
    await form
      .getByLabel('Allowed origins (one a line)')
      .fill('https://shop.example.com\nftp://files.example.com');
    await form.getByRole('button', { name: 'Create the widget site' }).click();
    await form.getByText('must be an http(s) origin, such as https://shop.example.com').waitFor();
    expect(await form.getByLabel('Allowed origins (one a line)').getAttribute('aria-invalid')).toBe('true');
    await form
      .getByLabel('Allowed origins (one a line)')
      .fill('https://shop.example.com/\nhttps://www.example.com');
    await form.getByRole('button', { name: 'Create the widget site' }).click();

    const snippet = page.getByTestId('widget-snippet');
    await snippet.waitFor();
    const sites = await api<{ items: { id: string; siteKey: string; origins: string[] }[] }>(
      '/api/v1/widget/sites',
    );
    expect(sites.items).toHaveLength(1);
    const site = sites.items[0]!;
    expect(site.origins).toEqual(['https://shop.example.com', 'https://www.example.com']);
    expect(await snippet.textContent()).toContain(`data-site="${site.siteKey}"`);
    const current = page.getByTestId('widget-current');
    expect(await current.textContent()).toContain('On a page view, on any page');
    expect(await current.textContent()).toContain('100% of visitors, shown at the bottom right');

    // The rules: after 0 s is refused by the server, beside the trigger; then 20 s on help pages, and
    // on exit intent from the checkout, a quarter of visitors, bottom left.
    const rules = page.getByTestId('widget-rules');
    const first = rules.getByTestId('widget-trigger').first();
    await first.getByLabel('Trigger 1').selectOption('time');
    await first.getByLabel('Seconds on page').fill('0');
    await first.getByLabel('Page address').selectOption('starts_with');
    await first.getByLabel('Address text').fill('/help');
    await rules.getByRole('button', { name: 'Add a trigger' }).click();
    const second = rules.getByTestId('widget-trigger').nth(1);
    await second.getByLabel('Trigger 2').selectOption('exit');
    await second.getByLabel('Page address').selectOption('contains');
    await second.getByLabel('Address text').fill('/checkout');
    await rules.getByLabel('Visitors offered it (%)').fill('25');
    await rules.getByLabel('Position').selectOption('bottom-left');
    await rules.getByTestId('widget-save').click();
    await first.getByText(/greater than or equal to 1|at least 1|>=1/i).waitFor();
    expect(await first.getByLabel('Seconds on page').getAttribute('aria-invalid')).toBe('true');
    await first.getByLabel('Seconds on page').fill('20');
    await rules.getByTestId('widget-save').click();
    await page.getByTestId('widget-message').getByText('Rules saved.').waitFor();
    await expect
      .poll(async () => await page.getByTestId('widget-current').textContent())
      .toContain('After 20 s on the page, where the address starts with “/help”');
    const shown = (await page.getByTestId('widget-current').textContent()) ?? '';
    expect(shown).toContain('On exit intent, where the address contains “/checkout”');
    expect(shown).toContain('25% of visitors, shown at the bottom left');

    // The widget's public configuration carries them.
    const config = await api<{ surveys: { triggers: unknown[]; sampling: number; position: string }[] }>(
      `/api/v1/public/widget/${site.siteKey}/config`,
    );
    expect(config.surveys).toEqual([
      expect.objectContaining({
        sampling: 25,
        position: 'bottom-left',
        triggers: [
          { type: 'time', seconds: 20, url: { op: 'starts_with', value: '/help' } },
          { type: 'exit', url: { op: 'contains', value: '/checkout' } },
        ],
      }),
    ]);

    expect(await seriousViolations(page)).toEqual([]);
    const top = (testId: string) =>
      page.getByTestId(testId).evaluate((e) => {
        e.scrollIntoView();
        e.ownerDocument.defaultView?.scrollBy(0, -80); // below the sticky header
      });
    await top('widget-site');
    await screenshot(page, 'surveys-distribute-widget-1440', false);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await top('widget-rules');
    await screenshot(page, 'surveys-distribute-widget-390', false);
    await page.setViewportSize({ width: 1440, height: 900 });
    // The browser logs each refused call; nothing else.
    expect(ctx.watched.consoleErrors.map((e) => e.replace(/^\S+: /, ''))).toEqual([
      'Failed to load resource: the server responded with a status of 400 (Bad Request)',
      'Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ]);
    expect(ctx.watched.failedCalls.map((c) => c.replace(/ http\S+/, ''))).toEqual([
      '400 POST', // the FTP origin
      '400 PUT', // the 0 s delay
    ]);
  });

  it('makes a personal link for a contact found by name, and names a contact who opted out', async () => {
    const { page } = ctx.watched;
    await page.setViewportSize({ width: 1440, height: 900 });
    ctx.watched.reset();
    type C = { id: string; email: string | null; name: string | null };
    const all = await api<{ items: C[] }>('/api/v1/contacts?limit=200');
    const named = all.items.filter((c) => c.email && c.name);
    const chosen = named[0]!;
    const opted = named[1]!;
    await api('/api/v1/contacts', { email: opted.email, consent: { surveys: false } });
    await page.goto(`${ctx.server.url}/surveys`);
    await page
      .locator('tr')
      .filter({ hasText: 'Delivery survey' })
      .getByRole('button', { name: 'Distribute' })
      .click();
    const personal = page.getByTestId('personal');
    const search = personal.getByLabel('For a contact (search by email or name; optional)');
    await search.fill(chosen.name!.split(' ').at(-1)!.toLowerCase());
    await personal.getByRole('button', { name: `${chosen.name} <${chosen.email}>` }).click();
    await personal.getByTestId('personal-contact').getByText(chosen.email!).waitFor();
    await personal.getByTestId('personal-link').click();
    const made = personal.getByTestId('personal-links').locator('li').first();
    await made.waitFor();
    expect(await made.textContent()).toContain(`For ${chosen.name} <${chosen.email}>`);
    const url = (await made.locator('code').textContent())!;
    const token = new URL(url).searchParams.get('t')!;
    const claims = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());
    expect(claims.c).toBe(chosen.id);

    // A contact who opted out of surveys: refused, the reason beside the contact.
    await personal.getByRole('button', { name: 'Anyone instead' }).click();
    await search.fill(opted.email!.slice(0, 6));
    await personal.getByRole('button', { name: `${opted.name} <${opted.email}>` }).click();
    await personal.getByTestId('personal-link').click();
    await personal.getByText('this contact may not be asked now: opted out of surveys').waitFor();
    expect(await personal.getByTestId('personal-links').locator('li').count()).toBe(1);

    expect(await seriousViolations(page)).toEqual([]);
    await personal.evaluate((e) => {
      e.scrollIntoView();
      e.ownerDocument.defaultView?.scrollBy(0, -80);
    });
    await screenshot(page, 'surveys-distribute-contact-link-1440', false);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(ctx.watched.consoleErrors.map((e) => e.replace(/^\S+: /, ''))).toEqual([
      'Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ]);
    expect(ctx.watched.failedCalls.map((c) => c.replace(/ http\S+/, ''))).toEqual(['400 POST']);
  });
});

// Single sign-on in chromium: the login page's button goes to a real OpenID Connect provider on
// loopback, the person signs in there and lands in the dashboard; with password login turned off the
// page offers only the button.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/platform/log/index.js';
import type { SignInSettings } from '../../src/platform/sso/index.js';
import { buildApp } from '../../src/server/index.js';
import type { Session } from '../../src/shared/api/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createTestOrg } from '../support/factories.js';
import { startOidcProvider } from '../support/oidc.js';
import { CHROMIUM, hasChromium } from '../support/require.js';

describe.skipIf(!hasChromium('single sign-on in chromium'))('single sign-on in chromium', () => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let provider: Awaited<ReturnType<typeof startOidcProvider>>;
  let browser: Browser;
  let base: string;
  const signIn: SignInSettings = { passwordLogin: true, sso: undefined };

  beforeAll(async () => {
    db = await createTestDatabase();
    const acme = await createTestOrg(db.sql, 'Acme');
    app = await buildApp({
      sql: db.sql,
      logger: createLogger('silent'),
      rateLimitPerMinute: 100_000,
      signIn,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const callback = `${base}/api/v1/auth/oidc/callback`;
    provider = await startOidcProvider({
      clientId: 'northstar',
      clientSecret: 'northstar-test-secret',
      redirectUri: callback,
      accounts: { ada: { email: 'ada@acme.test', email_verified: true, name: 'Ada Lovelace' } },
    });
    signIn.sso = {
      issuer: provider.issuer,
      clientId: 'northstar',
      clientSecret: 'northstar-test-secret',
      redirectUrl: callback,
      orgSlug: acme.org.slug,
      defaultRole: 'viewer',
      allowedDomains: [],
      label: 'Acme SSO',
    };
    browser = await chromium.launch({ executablePath: CHROMIUM });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await provider?.close();
    await db?.drop();
  });

  it('signs in through the provider from the login page button', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(base);
    const button = page.getByTestId('login-sso');
    await expect.poll(() => button.textContent(), { timeout: 15_000 }).toBe('Sign in with Acme SSO');
    expect(await page.getByTestId('login-password').count()).toBe(1);
    await button.click();
    // The provider's own pages: sign in, then consent.
    await page.waitForURL((url) => url.href.startsWith(provider.issuer), { timeout: 15_000 });
    await page.fill('input[name="login"]', 'ada');
    await page.fill('input[name="password"]', 'anything');
    await page.click('button[type="submit"]');
    await page.waitForSelector('button[type="submit"]:has-text("Continue")', { timeout: 15_000 });
    await page.click('button[type="submit"]');
    await page.waitForURL((url) => url.href.startsWith(base), { timeout: 15_000 });
    const me = (await page.evaluate(async () => (await fetch('/api/v1/auth/me')).json())) as Session;
    expect(me.user).toMatchObject({ email: 'ada@acme.test', role: 'viewer' });
    await expect.poll(() => page.getByTestId('login-sso').count(), { timeout: 15_000 }).toBe(0);
    await context.close();
  }, 60_000);

  it('offers only the button when password login is turned off', async () => {
    signIn.passwordLogin = false;
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(base);
      await page.getByTestId('login-sso').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('login-password').count()).toBe(0);
      expect(await page.getByTestId('login-submit').count()).toBe(0);
      await context.close();
    } finally {
      signIn.passwordLogin = true;
    }
  }, 60_000);
});

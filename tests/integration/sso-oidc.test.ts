// Single sign-on against a real OpenID Connect provider (oidc-provider) on loopback: the whole
// authorization-code flow with PKCE over HTTP, just-in-time users with the default role, the audit
// log, wrong and replayed states, a replayed code, allowed domains, an invited address (its role, any
// domain), and password login turned off.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvitation } from '../../src/platform/auth/index.js';
import type { SsoConfig } from '../../src/platform/config/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import type { SignInSettings } from '../../src/platform/sso/index.js';
import { buildApp } from '../../src/server/index.js';
import type { Problem, Session, SignInMethods } from '../../src/shared/api/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createTestOrg, createTestUser, type TestOrg } from '../support/factories.js';
import { Browser, startOidcProvider } from '../support/oidc.js';

let db: TestDatabase;
let app: FastifyInstance;
let acme: TestOrg;
let base: string;
let provider: Awaited<ReturnType<typeof startOidcProvider>>;
let sso: SsoConfig;
const signIn: SignInSettings = { passwordLogin: true, sso: undefined };
let callback: string;

const ACCOUNTS = {
  ada: { email: 'ada@acme.test', email_verified: true, name: 'Ada Lovelace' },
  grace: { email: 'Grace@acme.test', email_verified: true, name: 'Grace Hopper' },
  mallory: { email: 'mallory@evil.test', email_verified: true, name: 'Mallory' },
  unverified: { email: 'linus@acme.test', email_verified: false },
  ivy: { email: 'ivy@partner.test', email_verified: true, name: 'Ivy Invited' },
};

beforeAll(async () => {
  db = await createTestDatabase();
  acme = await createTestOrg(db.sql, 'Acme');
  // Read at request time: the provider is started once the app's address (its redirect URL) is known.
  app = await buildApp({ sql: db.sql, logger: createLogger('silent'), checkResponses: true, signIn });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  callback = `${base}/api/v1/auth/oidc/callback`;
  provider = await startOidcProvider({
    clientId: 'northstar',
    clientSecret: 'northstar-test-secret',
    redirectUri: callback,
    accounts: ACCOUNTS,
  });
  sso = {
    issuer: provider.issuer,
    clientId: 'northstar',
    clientSecret: 'northstar-test-secret',
    redirectUrl: callback,
    orgSlug: acme.org.slug,
    defaultRole: 'agent',
    allowedDomains: [],
    label: 'Acme SSO',
  };
  signIn.sso = sso;
});

afterAll(async () => {
  await app?.close();
  await provider?.close();
  await db?.drop();
});

/** Start a login in `browser` and sign in at the provider as `login`; the callback URL it came back with. */
async function toCallback(browser: Browser, login: string, returnTo?: string): Promise<string> {
  const start = await browser.fetch(
    `${base}/api/v1/auth/oidc/login${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`,
  );
  expect(start.status).toBe(302);
  return browser.signInAtProvider(start.headers.get('location')!, login, callback);
}

const sessionOf = async (res: Response) => (await res.json()) as Session;
const methodsOf = async () => (await (await fetch(`${base}/api/v1/auth/methods`)).json()) as SignInMethods;
const problemOf = async (res: Response) => (await res.json()) as Problem;

async function audit(action: string) {
  return db.sql<{ actor: string; target: string; detail: Record<string, unknown> }[]>`
    select actor, target, detail from audit_log where org_id = ${acme.org.id} and action = ${action} order by id`;
}

describe('OpenID Connect single sign-on', () => {
  it('offers the provider on the login page', async () => {
    const res = await fetch(`${base}/api/v1/auth/methods`);
    expect(await res.json()).toEqual({
      password: true,
      sso: { label: 'Acme SSO', loginUrl: '/api/v1/auth/oidc/login' },
    });
  });

  it('redirects with state, nonce and an S256 PKCE challenge, the state bound to the browser', async () => {
    const browser = new Browser();
    const res = await browser.fetch(`${base}/api/v1/auth/oidc/login`);
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location')!);
    expect(to.origin).toBe(provider.issuer);
    expect(to.searchParams.get('response_type')).toBe('code');
    expect(to.searchParams.get('client_id')).toBe('northstar');
    expect(to.searchParams.get('redirect_uri')).toBe(callback);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    expect(to.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(to.searchParams.get('nonce')).toBeTruthy();
    expect(browser.cookie(base, 'ns_oidc_state')).toBe(to.searchParams.get('state'));
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('ns_oidc_state='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\/api\/v1\/auth\/oidc/);
  });

  it('signs a new person in through the provider, creating them with the default role, audited', async () => {
    const browser = new Browser();
    const back = await toCallback(browser, 'ada', '/journeys');
    expect(new URL(back).searchParams.get('code')).toBeTruthy();
    const done = await browser.fetch(back);
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/journeys');
    expect(browser.cookie(base, 'ns_oidc_state')).toBeUndefined();
    const me = await browser.fetch(`${base}/api/v1/auth/me`);
    expect(me.status).toBe(200);
    const session = await sessionOf(me);
    expect(session.user).toMatchObject({ email: 'ada@acme.test', name: 'Ada Lovelace', role: 'agent' });
    expect(session.organisation.id).toBe(acme.org.id);
    // The session is the ordinary one: it reads the API, and its role holds (an agent may not configure).
    expect((await browser.fetch(`${base}/api/v1/journeys`)).status).toBe(200);
    const denied = await browser.fetch(`${base}/api/v1/journeys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', stages: ['a'] }),
    });
    expect(denied.status).toBe(403);
    const [created] = await audit('user.create');
    expect(created).toMatchObject({ actor: `user:${session.user.id}`, target: session.user.id });
    expect(created!.detail).toMatchObject({ via: 'sso', role: 'agent', issuer: provider.issuer });
    const logins = await audit('auth.sso_login');
    expect(logins.at(-1)).toMatchObject({ actor: `user:${session.user.id}` });
    expect(logins.at(-1)!.detail).toMatchObject({ subject: 'ada', created: true });
    // A user made by single sign-on has no password to log in with.
    const [row] = await db.sql`select password_hash from users where id = ${session.user.id}`;
    expect(row!.password_hash).toBeNull();

    // The same person again (a new browser): the same user, not a second one.
    const again = new Browser();
    expect((await again.fetch(await toCallback(again, 'ada'))).status).toBe(302);
    const me2 = await sessionOf(await again.fetch(`${base}/api/v1/auth/me`));
    expect(me2.user.id).toBe(session.user.id);
    expect((await audit('user.create')).length).toBe(1);
    expect((await audit('auth.sso_login')).at(-1)!.detail).toMatchObject({ created: false });
  });

  it('signs an existing password user in as themselves when the provider verified their email', async () => {
    const { user } = await createTestUser(db.sql, acme.org.id, 'analyst', 'grace@acme.test');
    const browser = new Browser();
    expect((await browser.fetch(await toCallback(browser, 'grace'))).status).toBe(302);
    const me = await sessionOf(await browser.fetch(`${base}/api/v1/auth/me`));
    expect(me.user).toMatchObject({ id: user.id, role: 'analyst' });
  });

  it('refuses a callback whose state is not the one this browser started (400)', async () => {
    const browser = new Browser();
    const back = await toCallback(browser, 'ada');
    browser.setCookie(base, 'ns_oidc_state', 'another-browser-state-value');
    const res = await browser.fetch(back);
    expect(res.status).toBe(400);
    const problem = await problemOf(res);
    expect(problem.code).toBe('sso_failed');
    expect(problem.invalid_params).toEqual([
      { name: 'query.state', reason: 'does not match the sign-in this browser started' },
    ]);
    expect(browser.cookie(base, 'ns_session')).toBeUndefined();
    // No state at all, and no cookie at all: refused alike.
    const bare = await fetch(`${callback}?code=abc`);
    expect(bare.status).toBe(400);
    expect((await problemOf(bare)).invalid_params?.[0]?.name).toBe('query.state');
  });

  it('refuses a replayed callback, and a used code even with a fresh state', async () => {
    const browser = new Browser();
    const back = await toCallback(browser, 'ada');
    const state = browser.cookie(base, 'ns_oidc_state')!;
    expect((await browser.fetch(back)).status).toBe(302);
    // The same answer again, with the state cookie put back: the state was used up.
    browser.setCookie(base, 'ns_oidc_state', state);
    const replay = await browser.fetch(back);
    expect(replay.status).toBe(400);
    expect((await problemOf(replay)).detail).toMatch(/already used or expired/);

    // The code again under a new login's state: the provider refuses the code (used; other verifier).
    const attacker = new Browser();
    const fresh = await attacker.fetch(`${base}/api/v1/auth/oidc/login`);
    const freshState = new URL(fresh.headers.get('location')!).searchParams.get('state')!;
    const forged = new URL(back);
    forged.searchParams.set('state', freshState);
    const res = await attacker.fetch(forged.href);
    expect(res.status).toBe(400);
    const problem = await problemOf(res);
    expect(problem.code).toBe('sso_failed');
    expect(problem.detail).toMatch(/invalid_grant/);
    expect(attacker.cookie(base, 'ns_session')).toBeUndefined();
  });

  it('keeps out emails of other domains when domains are listed, and unverified emails, audited', async () => {
    sso.allowedDomains = ['acme.test'];
    try {
      const browser = new Browser();
      const res = await browser.fetch(await toCallback(browser, 'mallory'));
      expect(res.status).toBe(403);
      expect((await problemOf(res)).detail).toMatch(/evil\.test may not sign in/);
      const unverified = new Browser();
      const res2 = await unverified.fetch(await toCallback(unverified, 'unverified'));
      expect(res2.status).toBe(403);
      const refused = await audit('auth.sso_refused');
      expect(refused.map((r) => r.detail.reason)).toEqual(['domain', 'email_unverified']);
      const [n] =
        await db.sql`select count(*)::int as n from users where email in ('mallory@evil.test', 'linus@acme.test')`;
      expect(n!.n).toBe(0);
    } finally {
      sso.allowedDomains = [];
    }
  });

  it('lets an invited address in with the invited role, whatever its domain, and accepts the invitation', async () => {
    const admin = {
      kind: 'api_key' as const,
      id: '00000000-0000-4000-8000-000000000001',
      role: 'admin' as const,
    };
    const invitation = await createInvitation(
      db.sql,
      acme.org.id,
      { email: 'ivy@partner.test', role: 'analyst' },
      admin,
    );
    sso.allowedDomains = ['acme.test'];
    try {
      const browser = new Browser();
      expect((await browser.fetch(await toCallback(browser, 'ivy'))).status).toBe(302);
      const me = await sessionOf(await browser.fetch(`${base}/api/v1/auth/me`));
      expect(me.user).toMatchObject({ email: 'ivy@partner.test', name: 'Ivy Invited', role: 'analyst' });
      const [row] = await db.sql<{ accepted_at: Date | null; user_id: string | null }[]>`
        select accepted_at, user_id from user_invitations where org_id = ${acme.org.id} and id = ${invitation.id}`;
      expect(row!.accepted_at).not.toBeNull();
      expect(row!.user_id).toBe(me.user.id);
      const accepted = await audit('user_invitation.accept');
      expect(accepted.at(-1)).toMatchObject({ actor: `user:${me.user.id}`, target: invitation.id });
    } finally {
      sso.allowedDomains = [];
    }
  });

  it('answers a clear problem to password login when it is turned off, and says so to the login page', async () => {
    const { email, password } = await createTestUser(db.sql, acme.org.id, 'viewer');
    const post = () =>
      fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
    expect((await post()).status).toBe(200);
    signIn.passwordLogin = false;
    try {
      const res = await post();
      expect(res.status).toBe(403);
      const problem = await problemOf(res);
      expect(problem.code).toBe('password_login_disabled');
      expect(problem.detail).toMatch(/sign in with Acme SSO/);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect((await methodsOf()).password).toBe(false);
      // Single sign-on still works.
      const browser = new Browser();
      expect((await browser.fetch(await toCallback(browser, 'ada'))).status).toBe(302);
    } finally {
      signIn.passwordLogin = true;
    }
  });

  it('answers 404 sso_not_configured where single sign-on is not set up', async () => {
    signIn.sso = undefined;
    try {
      const res = await fetch(`${base}/api/v1/auth/oidc/login`);
      expect(res.status).toBe(404);
      expect((await problemOf(res)).code).toBe('sso_not_configured');
      expect((await methodsOf()).sso).toBeNull();
    } finally {
      signIn.sso = sso;
    }
  });
});

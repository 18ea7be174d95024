// Single sign-on with OpenID Connect (authorization code with PKCE): the redirect to the identity
// provider, and the callback that proves who came back, creates the user on first sign-in and opens a session.
import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import { recordAudit } from '../audit/index.js';
import {
  createSsoUser,
  findUser,
  findUserByEmail,
  noteInvitationAccepted,
  openInvitationFor,
  startSession,
  type User,
} from '../auth/index.js';
import type { SsoConfig } from '../config/index.js';
import type { Sql } from '../db/index.js';
import { ConflictError, ForbiddenError } from '../errors/index.js';
import { findOrganisationBySlug } from '../tenancy/index.js';
import { SsoError, SsoNotConfiguredError, SsoUnavailableError } from './errors.js';
import { findIdentityUser, linkIdentity } from './queries/identities.js';
import { consumeLogin, insertLogin } from './queries/logins.js';

export type { SsoConfig } from '../config/index.js';
export {
  PasswordLoginDisabledError,
  SsoError,
  SsoNotConfiguredError,
  SsoUnavailableError,
} from './errors.js';

/** How the dashboard's users sign in on this server. */
export interface SignInSettings {
  /** Email and password (NORTHSTAR_PASSWORD_LOGIN). */
  passwordLogin: boolean;
  /** OpenID Connect, when configured. */
  sso: SsoConfig | undefined;
}

/** How long a login may take at the provider before its state expires. */
export const SSO_LOGIN_TTL_MS = 10 * 60_000;

const stateDigest = (state: string) => createHash('sha256').update(state).digest();

// Discovery runs once per provider and client and is kept; a failed one is forgotten, so the next login retries.
const discovered = new Map<string, Promise<oidc.Configuration>>();

const isLoopback = (url: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

async function providerConfig(sso: SsoConfig): Promise<oidc.Configuration> {
  const key = `${sso.issuer}\n${sso.clientId}`;
  let pending = discovered.get(key);
  if (!pending) {
    const issuer = new URL(sso.issuer);
    pending = oidc.discovery(
      issuer,
      sso.clientId,
      sso.clientSecret,
      sso.clientSecret ? oidc.ClientSecretBasic(sso.clientSecret) : oidc.None(),
      // Plain HTTP only for a provider on this machine (tests, development); anywhere else TLS is required.
      { timeout: 10, ...(isLoopback(issuer) ? { execute: [oidc.allowInsecureRequests] } : {}) },
    );
    discovered.set(key, pending);
    pending.catch(() => discovered.delete(key));
  }
  try {
    return await pending;
  } catch (err) {
    throw new SsoUnavailableError(
      `The identity provider at ${sso.issuer} could not be reached or described itself wrongly (${reasonOf(err)})`,
    );
  }
}

function reasonOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const e = err as Error & { error?: string; error_description?: string; code?: string; cause?: unknown };
  if (e.error) return e.error_description ? `${e.error}: ${e.error_description}` : e.error;
  const cause = e.cause as { code?: string } | undefined;
  return cause?.code ?? e.code ?? e.message;
}

/** fetch() failing to connect (the provider is down or unreachable), as opposed to the provider saying no. */
const isNetworkError = (err: unknown) => err instanceof TypeError && /fetch failed/i.test(err.message);

/**
 * Start a login: keep a fresh state, nonce and PKCE verifier for ten minutes and answer the provider's
 * authorization URL. The caller binds `state` to the browser (a cookie) so the callback can check it
 * came back to the browser that left.
 */
export async function beginSsoLogin(
  sql: Sql,
  sso: SsoConfig,
  returnTo: string,
): Promise<{ url: string; state: string }> {
  const config = await providerConfig(sso);
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  await insertLogin(sql, {
    stateHash: stateDigest(state),
    nonce,
    codeVerifier,
    returnTo,
    expiresAt: new Date(Date.now() + SSO_LOGIN_TTL_MS),
  });
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: sso.redirectUrl,
    scope: 'openid email profile',
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
  return { url: url.href, state };
}

/** A finished login: the user (created now when `created`), their new session and where to go. */
export interface SsoLogin {
  user: User;
  created: boolean;
  token: string;
  expiresAt: Date;
  returnTo: string;
}

/**
 * Finish a login at the callback: the state must be the one this browser left with and still pending
 * (it is used up here), the code is exchanged with the PKCE verifier, the ID token's signature, issuer,
 * audience and nonce are checked by openid-client, and the person is found (by subject, then by email)
 * or created with the default role. Audited as `auth.sso_login` (and `user.create` the first time).
 */
export async function completeSsoLogin(
  sql: Sql,
  sso: SsoConfig,
  input: { query: Record<string, string>; browserState: string | undefined; ip: string },
): Promise<SsoLogin> {
  const state = input.query.state;
  if (!state)
    throw new SsoError('The answer from the identity provider has no state; start again', [
      { name: 'query.state', reason: 'is required' },
    ]);
  if (input.browserState !== state) {
    throw new SsoError(
      'This sign-in was not started in this browser (the state does not match); start again',
      [{ name: 'query.state', reason: 'does not match the sign-in this browser started' }],
    );
  }
  const pending = await consumeLogin(sql, stateDigest(state));
  if (!pending) {
    throw new SsoError('This sign-in is unknown, already used or expired; start again', [
      { name: 'query.state', reason: 'is unknown, already used or expired' },
    ]);
  }
  const org = await findOrganisationBySlug(sql, sso.orgSlug);
  if (!org)
    throw new SsoNotConfiguredError(
      `Single sign-on names organisation "${sso.orgSlug}", which does not exist`,
    );
  const config = await providerConfig(sso);
  // The callback URL as registered (not as this request saw it, which a proxy may have rewritten).
  const current = new URL(sso.redirectUrl);
  current.search = new URLSearchParams(input.query).toString();
  let claims: oidc.IDToken | undefined;
  try {
    const tokens = await oidc.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedNonce: pending.nonce,
      expectedState: state,
      idTokenExpected: true,
    });
    claims = tokens.claims();
    // Providers may keep profile claims out of the ID token (OpenID Connect Core 5.4): ask UserInfo.
    if (claims && claims.email === undefined && tokens.access_token) {
      const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      claims = {
        ...claims,
        email: info.email,
        email_verified: info.email_verified,
        name: info.name ?? claims.name,
      };
    }
  } catch (err) {
    if (isNetworkError(err))
      throw new SsoUnavailableError(`The identity provider could not be reached (${reasonOf(err)})`);
    throw new SsoError(`The identity provider did not sign you in (${reasonOf(err)}); start again`);
  }
  if (!claims) throw new SsoError('The identity provider sent no ID token; start again');
  const subject = { issuer: claims.iss, subject: claims.sub };
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : undefined;
  const refuse = async (reason: string, message: string) => {
    await recordAudit(sql, {
      orgId: org.id,
      actor: 'system',
      action: 'auth.sso_refused',
      target: email ?? null,
      ip: input.ip,
      detail: { issuer: subject.issuer, subject: subject.subject, reason },
    });
    return new ForbiddenError(message);
  };
  // An address invited from the settings page joins with the invited role, whatever its domain, on the
  // provider's word that the address is theirs.
  const invitation =
    email && claims.email_verified === true ? await openInvitationFor(sql, org.id, email) : undefined;
  const domain = email?.split('@')[1];
  if (!invitation && sso.allowedDomains.length > 0 && (!domain || !sso.allowedDomains.includes(domain))) {
    throw await refuse('domain', `Accounts of ${domain ?? 'no email domain'} may not sign in here`);
  }
  let user: User | undefined;
  let created = false;
  const known = await findIdentityUser(sql, org.id, subject);
  if (known) user = await findUser(sql, org.id, known);
  if (!user) {
    if (!email)
      throw new SsoError('The identity provider sent no email address (the "email" scope is needed)');
    if (claims.email_verified === false) {
      throw await refuse('email_unverified', `The identity provider has not verified ${email}`);
    }
    user = await findUserByEmail(sql, org.id, email);
    // An account that exists already is taken over only on the provider's word that the address is theirs.
    if (user && claims.email_verified !== true) {
      throw await refuse(
        'email_unverified',
        `${email} has an account here; the identity provider must say the address is verified to sign in to it`,
      );
    }
    if (!user) {
      const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : email;
      try {
        user = await createSsoUser(sql, org.id, {
          email,
          name: name.slice(0, 200),
          role: invitation?.role ?? sso.defaultRole,
        });
        created = true;
        if (invitation) await noteInvitationAccepted(sql, org.id, invitation.id, user.id);
      } catch (err) {
        // Two first sign-ins at once: the other made the user.
        if (!(err instanceof ConflictError)) throw err;
        user = await findUserByEmail(sql, org.id, email);
        if (!user) throw err;
      }
    }
    await linkIdentity(sql, org.id, { ...subject, userId: user.id });
  }
  const actor = `user:${user.id}`;
  if (created) {
    await recordAudit(sql, {
      orgId: org.id,
      actor,
      action: 'user.create',
      target: user.id,
      ip: input.ip,
      detail: { via: 'sso', role: user.role, issuer: subject.issuer },
    });
  }
  await recordAudit(sql, {
    orgId: org.id,
    actor,
    action: 'auth.sso_login',
    target: user.id,
    ip: input.ip,
    detail: { issuer: subject.issuer, subject: subject.subject, created },
  });
  const session = await startSession(sql, user);
  return { user, created, ...session, returnTo: pending.returnTo };
}

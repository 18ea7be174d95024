// Single sign-on with OpenID Connect: the sign-in methods the login page offers, the redirect to the
// identity provider and its callback, which opens the same session cookie as password login.
import { z } from 'zod';
import {
  beginSsoLogin,
  completeSsoLogin,
  SSO_LOGIN_TTL_MS,
  SsoNotConfiguredError,
} from '../../../platform/sso/index.js';
import * as api from '../../../shared/api/index.js';
import { LIMITS } from '../../../shared/limits.js';
import { defineRoute, media } from '../../route.js';
import { setSessionCookie } from './routes.js';

/** The cookie that binds a login's state to the browser that started it (only sent to the callback). */
export const SSO_STATE_COOKIE = 'ns_oidc_state';
const SSO_PATH = '/api/v1/auth/oidc';
const LOGIN_URL = `${SSO_PATH}/login`;

/** GET /api/v1/auth/methods */
export const signInMethodsRoute = defineRoute({
  summary: 'How users sign in here: password login on or off, and single sign-on when set up',
  tags: ['auth'],
  schema: { response: { 200: api.SignInMethods } },
  handler: async ({ deps }) => ({
    password: deps.signIn.passwordLogin,
    sso: deps.signIn.sso ? { label: deps.signIn.sso.label, loginUrl: LOGIN_URL } : null,
  }),
});

const LoginQuery = z
  .object({
    returnTo: z
      .string()
      .max(500)
      .regex(/^\/(?![/\\])/, 'must be a path on this site, starting with one "/"')
      .optional()
      .describe('Where to land after signing in (a path of the dashboard)'),
  })
  .strict();

/** GET /api/v1/auth/oidc/login */
export const ssoLoginRoute = defineRoute({
  summary: 'Start single sign-on: redirects to the identity provider (authorization code with PKCE)',
  tags: ['auth'],
  schema: {
    querystring: LoginQuery,
    response: { 302: media('text/plain', 'On to the identity provider') },
  },
  rateLimit: LIMITS.publicRatePerMinute,
  handler: async ({ query, deps, req, reply }) => {
    const sso = deps.signIn.sso;
    if (!sso) throw new SsoNotConfiguredError('Single sign-on is not set up on this server');
    const { url, state } = await beginSsoLogin(deps.sql, sso, query.returnTo ?? '/');
    reply.setCookie(SSO_STATE_COOKIE, state, {
      path: SSO_PATH,
      httpOnly: true,
      // Lax: the provider's redirect back is a top-level GET navigation, which carries it.
      sameSite: 'lax',
      secure: req.protocol === 'https',
      maxAge: SSO_LOGIN_TTL_MS / 1000,
    });
    reply.status(302).header('location', url).header('cache-control', 'no-store').type('text/plain');
    return 'Redirecting to the identity provider';
  },
});

// The provider answers with code, state and iss, or error and error_description, and may add its own.
const CallbackQuery = z
  .object({ code: z.string().max(4_000).optional(), state: z.string().max(200).optional() })
  .catchall(z.string().max(4_000));

/** GET /api/v1/auth/oidc/callback */
export const ssoCallbackRoute = defineRoute({
  summary:
    "The identity provider's redirect back: checks state, exchanges the code (PKCE), verifies the ID token, " +
    'creates the user on first sign-in with the default role, opens a session and redirects into the dashboard',
  tags: ['auth'],
  schema: {
    querystring: CallbackQuery,
    response: { 302: media('text/plain', 'Signed in: on to the dashboard') },
  },
  rateLimit: LIMITS.publicRatePerMinute,
  handler: async ({ query, deps, req, reply }) => {
    const sso = deps.signIn.sso;
    if (!sso) throw new SsoNotConfiguredError('Single sign-on is not set up on this server');
    // Used or not, the state is spent: the browser forgets it either way.
    reply.clearCookie(SSO_STATE_COOKIE, { path: SSO_PATH });
    const login = await completeSsoLogin(deps.sql, sso, {
      query: query as Record<string, string>,
      browserState: req.cookies[SSO_STATE_COOKIE],
      ip: req.ip,
    });
    setSessionCookie(req, reply, login.token);
    reply
      .status(302)
      .header('location', login.returnTo)
      .header('cache-control', 'no-store')
      .type('text/plain');
    return 'Signed in';
  },
});

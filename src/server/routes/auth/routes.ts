// Dashboard session login, logout and "who am I".
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  authenticateSession,
  authenticateShareLink,
  login,
  logout,
  SESSION_TTL_MS,
  SHARE_COOKIE,
} from '../../../platform/auth/index.js';
import { UnauthorizedError } from '../../../platform/errors/index.js';
import { PasswordLoginDisabledError } from '../../../platform/sso/index.js';
import { getOrganisation } from '../../../platform/tenancy/index.js';
import * as api from '../../../shared/api/index.js';
import { presentOrganisation, presentUser } from '../../presenters.js';
import { defineRoute } from '../../route.js';
import { LoginBody } from './schema.js';

/** The session cookie's name. */
export const SESSION_COOKIE = 'ns_session';

/** Set the session cookie (password login and single sign-on alike). */
export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: req.protocol === 'https',
    maxAge: SESSION_TTL_MS / 1000,
  });
}

/** POST /api/v1/auth/login */
export const loginRoute = defineRoute({
  summary: 'Log in with email and password; sets the session cookie',
  tags: ['auth'],
  schema: { body: LoginBody, response: { 200: api.Session } },
  rateLimit: 20,
  handler: async ({ body, deps, reply, req }) => {
    if (!deps.signIn.passwordLogin) {
      throw new PasswordLoginDisabledError(
        deps.signIn.sso
          ? `Password login is turned off on this server; sign in with ${deps.signIn.sso.label} (GET /api/v1/auth/oidc/login)`
          : 'Password login is turned off on this server',
      );
    }
    const { user, token } = await login(deps.sql, body);
    const org = await getOrganisation(deps.sql, user.orgId);
    setSessionCookie(req, reply, token);
    return { user: presentUser(user), organisation: presentOrganisation(org) };
  },
});

/** GET /api/v1/auth/me */
export const meRoute = defineRoute({
  summary:
    'The logged-in user and organisation; for the reader of a share link, a viewer named "Shared view" and the link (`share`)',
  tags: ['auth'],
  schema: { response: { 200: api.Session } },
  handler: async ({ deps, req }) => {
    const token = req.cookies[SESSION_COOKIE];
    const user = token ? await authenticateSession(deps.sql, token) : undefined;
    if (!user) {
      const shareToken = req.cookies[SHARE_COOKIE];
      const link = shareToken ? await authenticateShareLink(deps.sql, shareToken) : undefined;
      if (!link) throw new UnauthorizedError('Not logged in');
      const org = await getOrganisation(deps.sql, link.orgId);
      return {
        user: { id: link.id, email: '', name: 'Shared view', role: 'viewer' },
        organisation: presentOrganisation(org),
        share: { path: link.path, expiresAt: link.expiresAt.toISOString() },
      };
    }
    const org = await getOrganisation(deps.sql, user.orgId);
    return { user: presentUser(user), organisation: presentOrganisation(org) };
  },
});

/** POST /api/v1/auth/logout */
export const logoutRoute = defineRoute({
  summary: 'End the session',
  tags: ['auth'],
  schema: { response: { 204: api.NoContent } },
  handler: async ({ deps, req, reply, principal }) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await logout(deps.sql, principal.orgId, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.status(204);
    return null;
  },
});

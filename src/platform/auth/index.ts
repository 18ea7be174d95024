// Authentication and authorisation: users with roles, password login sessions, and hashed API keys.
import { timingSafeEqual } from 'node:crypto';
import { createCache } from '../cache/index.js';
import type { Sql } from '../db/index.js';
import { AppError, UnauthorizedError, ValidationError } from '../errors/index.js';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import * as repo from './repository.js';
import type { Role } from './roles.js';
import { apiKeyPrefix, digest, newApiKey, newSessionToken } from './tokens.js';

export {
  acceptInvitation,
  createInvitation,
  findInvitationByToken,
  INVITATION_DAYS,
  type InvitationPreview,
  type IssuedInvitation,
  issueInvitationToken,
  listInvitations,
  noteInvitationAccepted,
  noteInvitationSent,
  openInvitationFor,
  revokeInvitation,
  type UserInvitation,
} from './invitations.js';
export { type Actor, changeMemberRole, listMembers, type Member, removeMember } from './members.js';
export { hashPassword, verifyPassword } from './passwords.js';
export type { ApiKey, KeyRole, User } from './repository.js';
export { countUsers, findUser, findUserByEmail, listApiKeys, revokeApiKey } from './repository.js';
export { can, type Permission, ROLES, type Role } from './roles.js';
export {
  authenticateShareLink,
  createShareLink,
  listShareLinks,
  revokeShareLink,
  SHARE_COOKIE,
  SHARE_MAX_DAYS,
  SHAREABLE_PAGES,
  type ShareLink,
} from './share-links.js';

/**
 * Who is calling: a logged-in user, an API key, or the reader of a share link (a viewer limited to the
 * analytics reads of src/server/share-access.ts), always inside one organisation.
 */
export interface Principal {
  orgId: string;
  role: Role;
  kind: 'user' | 'api_key' | 'share_link';
  /** user id, API key id or share link id */
  id: string;
}

/** How long a dashboard session lasts. */
export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;

/** Create a user with a hashed password; the password policy is checked first. */
export async function createUser(
  sql: Sql,
  orgId: string,
  input: { email: string; name: string; role: Role; password: string },
): Promise<repo.User> {
  const problem = passwordProblem(input.password);
  if (problem) throw new ValidationError(`Password ${problem}`, [{ name: 'password', reason: problem }]);
  const passwordHash = await hashPassword(input.password);
  return repo.insertUser(sql, orgId, {
    email: input.email,
    name: input.name,
    role: input.role,
    passwordHash,
  });
}

/** Too many failed logins for an account: locked for a while (429 with Retry-After). */
export class LoginLockedError extends AppError {
  readonly code = 'login_locked';
  readonly status = 429;
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed logins for this account; try again in ${retryAfterSeconds} s`);
  }
}

/** Failures allowed before an account locks; each further failure doubles the lock, up to 15 minutes. */
const LOGIN_FREE_FAILURES = 5;
const LOGIN_LOCK_BASE_S = 30;
const LOGIN_LOCK_MAX_S = 900;

async function loginLockedFor(sql: Sql, email: string): Promise<number> {
  const [row] = await sql<{ seconds: number }[]>`
    select ceil(extract(epoch from locked_until - now()))::int as seconds from login_failures
    where email = ${email} and locked_until > now()`;
  return row?.seconds ?? 0;
}

async function noteLoginFailure(sql: Sql, email: string): Promise<void> {
  await sql`
    insert into login_failures as f (email, failures, last_failure_at) values (${email}, 1, now())
    on conflict (email) do update set
      failures = f.failures + 1,
      last_failure_at = now(),
      locked_until = case when f.failures + 1 >= ${LOGIN_FREE_FAILURES}
        then now() + make_interval(secs => least(${LOGIN_LOCK_MAX_S},
          ${LOGIN_LOCK_BASE_S} * power(2, f.failures + 1 - ${LOGIN_FREE_FAILURES})))
        else f.locked_until end`;
}

// Verified against when the email is unknown, so both paths cost the same time.
const DUMMY_HASH = hashPassword('northstar-timing-equaliser');

/** Check credentials and open a session; the token is returned once and stored only as a digest. */
export async function login(
  sql: Sql,
  input: { email: string; password: string },
): Promise<{ user: repo.User; token: string; expiresAt: Date }> {
  // Per account, whatever the caller's IP: guessing one account's password from many addresses locks it.
  const account = input.email.trim().toLowerCase();
  const locked = await loginLockedFor(sql, account);
  if (locked > 0) throw new LoginLockedError(locked);
  const candidates = await repo.findUsersForLogin(sql, input.email);
  let match: repo.User | undefined;
  for (const c of candidates) {
    if (await verifyPassword(input.password, c.passwordHash)) {
      const { passwordHash: _secret, ...user } = c;
      match = user;
      break;
    }
  }
  if (candidates.length === 0) await verifyPassword(input.password, await DUMMY_HASH);
  if (!match) {
    await noteLoginFailure(sql, account);
    throw new UnauthorizedError('Email or password is incorrect');
  }
  await sql`delete from login_failures where email = ${account}`;
  return { user: match, ...(await startSession(sql, match)) };
}

/** Open a session for a user whose identity was proven (by password or by the identity provider). */
export async function startSession(
  sql: Sql,
  user: { orgId: string; id: string },
): Promise<{ token: string; expiresAt: Date }> {
  const { token, hash } = newSessionToken();
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await repo.insertSession(sql, user.orgId, { userId: user.id, tokenHash: hash, expiresAt });
  return { token, expiresAt };
}

/** Create a user who signs in only through single sign-on (no password). */
export async function createSsoUser(
  sql: Sql,
  orgId: string,
  input: { email: string; name: string; role: Role },
): Promise<repo.User> {
  return repo.insertUser(sql, orgId, { ...input, passwordHash: null });
}

// Sessions seen live in the last half minute, by token digest: rate limits count a request against its
// session only when the session is known to be real (a made-up cookie counts against its IP).
const SESSION_SEEN_MS = 30_000;
const sessionsSeen = createCache<{ userId: string }>({ max: 10_000, ttlMs: SESSION_SEEN_MS });

/** The user behind a session token, if the session is live. */
export async function authenticateSession(sql: Sql, token: string): Promise<repo.User | undefined> {
  if (token.length < 20 || token.length > 100) return undefined;
  const hash = digest(token);
  const user = await repo.findSessionUser(sql, hash);
  if (user) {
    sessionsSeen.set(hash.toString('base64'), { userId: user.id });
  } else sessionsSeen.delete(hash.toString('base64'));
  return user;
}

/**
 * Who a request's credentials were recently proven to belong to, without asking the database: the API
 * key's id or the session's user id, or undefined when they were not (yet) proven. For rate limits.
 */
export function recentlyVerified(credentials: { bearer?: string; session?: string }): string | undefined {
  if (credentials.bearer) {
    const hit = keyCache.get(digest(credentials.bearer).toString('base64'));
    return hit ? `key:${hit.id}` : undefined;
  }
  if (credentials.session) {
    const hit = sessionsSeen.get(digest(credentials.session).toString('base64'));
    return hit ? `user:${hit.userId}` : undefined;
  }
  return undefined;
}

/** End a session. */
export async function logout(sql: Sql, orgId: string, token: string): Promise<void> {
  await repo.deleteSession(sql, orgId, digest(token));
}

/** Create an API key for an organisation; the plain key is returned once and never stored. */
export async function createApiKey(
  sql: Sql,
  orgId: string,
  name: string,
  opts: { role?: repo.KeyRole; expiresInDays?: number | undefined } = {},
): Promise<{ apiKey: repo.ApiKey; key: string }> {
  const { key, prefix, hash } = newApiKey();
  const expiresAt = opts.expiresInDays ? new Date(Date.now() + opts.expiresInDays * 86_400_000) : null;
  const apiKey = await repo.insertApiKey(sql, orgId, {
    name,
    prefix,
    keyHash: hash,
    // Keys made without a role act as administrators, as every key did before roles.
    role: opts.role ?? 'admin',
    expiresAt,
  });
  return { apiKey, key };
}

// Keys proven in the last half minute, for rate limits only (recentlyVerified): authentication itself
// asks the database every time, so a revoked or expired key stops working at once, in every process.
const KEY_SEEN_MS = 30_000;
const keyCache = createCache<repo.ApiKey>({ max: 10_000, ttlMs: KEY_SEEN_MS });
// When each key's last use was last written, so a busy key writes it about once a minute.
const touched = createCache<{ at: number }>({ max: 10_000, ttlMs: 60_000 });

/** The API key a bearer token proves, if any (live: not revoked, not expired). */
export async function authenticateApiKey(sql: Sql, key: string): Promise<repo.ApiKey | undefined> {
  const prefix = apiKeyPrefix(key);
  if (!prefix) return undefined;
  const hash = digest(key);
  const cacheKey = hash.toString('base64');
  for (const candidate of await repo.findApiKeysByPrefix(sql, prefix)) {
    if (candidate.keyHash.length === hash.length && timingSafeEqual(candidate.keyHash, hash)) {
      const { keyHash: _hash, ...apiKey } = candidate;
      keyCache.set(cacheKey, apiKey);
      if (!touched.has(apiKey.id)) {
        touched.set(apiKey.id, { at: Date.now() });
        repo.touchApiKey(sql, apiKey.orgId, apiKey.id).catch(() => {});
      }
      return apiKey;
    }
  }
  keyCache.delete(cacheKey);
  return undefined;
}

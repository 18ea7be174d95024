// Authentication and authorisation: users with roles, password login sessions, and hashed API keys.
import { timingSafeEqual } from 'node:crypto';
import { createCache } from '../cache/index.js';
import type { Sql } from '../db/index.js';
import { UnauthorizedError, ValidationError } from '../errors/index.js';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import * as repo from './repository.js';
import type { Role } from './roles.js';
import { apiKeyPrefix, digest, newApiKey, newSessionToken } from './tokens.js';

export { hashPassword, verifyPassword } from './passwords.js';
export type { ApiKey, User } from './repository.js';
export { countUsers, findUser } from './repository.js';
export { can, type Permission, ROLES, type Role } from './roles.js';

/** Who is calling: a logged-in user or an API key, always inside one organisation. */
export interface Principal {
  orgId: string;
  role: Role;
  kind: 'user' | 'api_key';
  /** user id or API key id */
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

// Verified against when the email is unknown, so both paths cost the same time.
const DUMMY_HASH = hashPassword('northstar-timing-equaliser');

/** Check credentials and open a session; the token is returned once and stored only as a digest. */
export async function login(
  sql: Sql,
  input: { email: string; password: string },
): Promise<{ user: repo.User; token: string; expiresAt: Date }> {
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
  if (!match) throw new UnauthorizedError('Email or password is incorrect');
  const { token, hash } = newSessionToken();
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await repo.insertSession(sql, match.orgId, { userId: match.id, tokenHash: hash, expiresAt });
  return { user: match, token, expiresAt };
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
): Promise<{ apiKey: repo.ApiKey; key: string }> {
  const { key, prefix, hash } = newApiKey();
  const apiKey = await repo.insertApiKey(sql, orgId, { name, prefix, keyHash: hash });
  return { apiKey, key };
}

// Verified keys are remembered briefly so hot paths (response submission) skip a query;
// a revoked key therefore stops working within this window.
const KEY_CACHE_MS = 30_000;
const keyCache = createCache<repo.ApiKey>({ max: 10_000, ttlMs: KEY_CACHE_MS });

/** The API key a bearer token proves, if any. */
export async function authenticateApiKey(sql: Sql, key: string): Promise<repo.ApiKey | undefined> {
  const prefix = apiKeyPrefix(key);
  if (!prefix) return undefined;
  const hash = digest(key);
  const cacheKey = hash.toString('base64');
  const cached = keyCache.get(cacheKey);
  if (cached) return cached;
  for (const candidate of await repo.findApiKeysByPrefix(sql, prefix)) {
    if (candidate.keyHash.length === hash.length && timingSafeEqual(candidate.keyHash, hash)) {
      const { keyHash: _hash, ...apiKey } = candidate;
      keyCache.set(cacheKey, apiKey);
      return apiKey;
    }
  }
  return undefined;
}

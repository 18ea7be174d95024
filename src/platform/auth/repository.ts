// Users, sessions and API keys in PostgreSQL; every function takes the organisation id.
import type { Sql } from '../db/index.js';
import { ConflictError } from '../errors/index.js';
import type { Role } from './roles.js';

/** A user without secrets. */
export interface User {
  orgId: string;
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: Date;
}

/** An API key's public fields. */
export interface ApiKey {
  orgId: string;
  id: string;
  name: string;
  prefix: string;
  /** What the key may do: a role as users have (never owner). */
  role: KeyRole;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Roles a key can hold. */
export type KeyRole = Exclude<Role, 'owner'>;

const KEY_COLUMNS = (sql: Sql) => sql`org_id as "orgId", id, name, prefix, role, created_at as "createdAt",
  expires_at as "expiresAt", last_used_at as "lastUsedAt", revoked_at as "revokedAt"`;

/** Insert a user; a taken email in the organisation is a conflict. */
export async function insertUser(
  sql: Sql,
  orgId: string,
  input: { email: string; name: string; role: Role; passwordHash: string | null },
): Promise<User> {
  const rows = await sql<User[]>`
    insert into users (org_id, email, name, role, password_hash)
    values (${orgId}, ${input.email.toLowerCase()}, ${input.name}, ${input.role}, ${input.passwordHash})
    on conflict (org_id, email) do nothing
    returning org_id as "orgId", id, email, name, role, created_at as "createdAt"`;
  if (!rows[0])
    throw new ConflictError(`A user with email ${input.email} already exists in this organisation`);
  return rows[0];
}

/** Users with this email across organisations, with their password hashes (login only; single sign-on users have none). */
export async function findUsersForLogin(
  sql: Sql,
  email: string,
): Promise<Array<User & { passwordHash: string }>> {
  return sql<Array<User & { passwordHash: string }>>`
    select org_id as "orgId", id, email, name, role, created_at as "createdAt", password_hash as "passwordHash"
    from users where email = ${email.toLowerCase()} and password_hash is not null order by created_at`;
}

/** The user of an organisation with this email, if any. */
export async function findUserByEmail(sql: Sql, orgId: string, email: string): Promise<User | undefined> {
  const rows = await sql<User[]>`
    select org_id as "orgId", id, email, name, role, created_at as "createdAt"
    from users where org_id = ${orgId} and email = ${email.toLowerCase()}`;
  return rows[0];
}

/** Get a user of an organisation. */
export async function findUser(sql: Sql, orgId: string, userId: string): Promise<User | undefined> {
  const rows = await sql<User[]>`
    select org_id as "orgId", id, email, name, role, created_at as "createdAt"
    from users where org_id = ${orgId} and id = ${userId}`;
  return rows[0];
}

/** Count the users of an organisation. */
export async function countUsers(sql: Sql, orgId: string): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from users where org_id = ${orgId}`;
  return row?.n ?? 0;
}

/** Store a session digest and note the user's sign-in. */
export async function insertSession(
  sql: Sql,
  orgId: string,
  input: { userId: string; tokenHash: Buffer; expiresAt: Date },
): Promise<void> {
  await sql`insert into sessions (org_id, user_id, token_hash, expires_at)
    values (${orgId}, ${input.userId}, ${input.tokenHash}, ${input.expiresAt})`;
  await sql`update users set last_sign_in_at = now() where org_id = ${orgId} and id = ${input.userId}`;
}

/** Find the live session for a token digest, with its user. */
export async function findSessionUser(sql: Sql, tokenHash: Buffer): Promise<User | undefined> {
  const rows = await sql<User[]>`
    select u.org_id as "orgId", u.id, u.email, u.name, u.role, u.created_at as "createdAt"
    from sessions s join users u on u.org_id = s.org_id and u.id = s.user_id
    where s.token_hash = ${tokenHash} and s.expires_at > now()`;
  return rows[0];
}

/** Delete a session by its token digest. */
export async function deleteSession(sql: Sql, orgId: string, tokenHash: Buffer): Promise<void> {
  await sql`delete from sessions where org_id = ${orgId} and token_hash = ${tokenHash}`;
}

/** Store an API key digest. */
export async function insertApiKey(
  sql: Sql,
  orgId: string,
  input: { name: string; prefix: string; keyHash: Buffer; role: KeyRole; expiresAt: Date | null },
): Promise<ApiKey> {
  const rows = await sql<ApiKey[]>`
    insert into api_keys (org_id, name, prefix, key_hash, role, expires_at)
    values (${orgId}, ${input.name}, ${input.prefix}, ${input.keyHash}, ${input.role}, ${input.expiresAt})
    returning ${KEY_COLUMNS(sql)}`;
  return rows[0]!;
}

/** Live candidate keys for a prefix (not revoked, not expired), with digests (compared in constant time). */
export async function findApiKeysByPrefix(
  sql: Sql,
  prefix: string,
): Promise<Array<ApiKey & { keyHash: Buffer }>> {
  return sql<Array<ApiKey & { keyHash: Buffer }>>`
    select ${KEY_COLUMNS(sql)}, key_hash as "keyHash"
    from api_keys where prefix = ${prefix} and revoked_at is null and (expires_at is null or expires_at > now())`;
}

/** The organisation's keys, newest first (revoked ones included, marked). */
export async function listApiKeys(sql: Sql, orgId: string): Promise<ApiKey[]> {
  return sql<
    ApiKey[]
  >`select ${KEY_COLUMNS(sql)} from api_keys where org_id = ${orgId} order by created_at desc, id`;
}

/** Revoke a key of the organisation; undefined when it has no such key. */
export async function revokeApiKey(sql: Sql, orgId: string, id: string): Promise<ApiKey | undefined> {
  const [row] = await sql<ApiKey[]>`
    update api_keys set revoked_at = coalesce(revoked_at, now())
    where org_id = ${orgId} and id = ${id} returning ${KEY_COLUMNS(sql)}`;
  return row;
}

/** Note that a key was used (at most about once a minute per key, so hot keys do not write per request). */
export async function touchApiKey(sql: Sql, orgId: string, id: string): Promise<void> {
  await sql`update api_keys set last_used_at = now()
    where org_id = ${orgId} and id = ${id} and (last_used_at is null or last_used_at < now() - interval '1 minute')`;
}

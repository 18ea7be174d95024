// Logins on their way through the identity provider: stored at the redirect, read once at the callback.
import type { Sql } from '../../db/index.js';

/** What the callback needs to finish a login it started. */
export interface PendingLogin {
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

/** Keep a pending login (and drop the expired ones, which the index finds cheaply). */
export async function insertLogin(
  sql: Sql,
  input: PendingLogin & { stateHash: Buffer; expiresAt: Date },
): Promise<void> {
  await sql`delete from oidc_logins where expires_at < now()`;
  await sql`insert into oidc_logins (state_hash, nonce, code_verifier, return_to, expires_at)
    values (${input.stateHash}, ${input.nonce}, ${input.codeVerifier}, ${input.returnTo}, ${input.expiresAt})`;
}

/** Take a pending login by its state digest: deleted as it is read, so a second callback finds nothing. */
export async function consumeLogin(sql: Sql, stateHash: Buffer): Promise<PendingLogin | undefined> {
  const [row] = await sql<PendingLogin[]>`
    delete from oidc_logins where state_hash = ${stateHash}
    returning nonce, code_verifier as "codeVerifier", return_to as "returnTo", expires_at > now() as live`;
  return row && (row as PendingLogin & { live: boolean }).live
    ? { nonce: row.nonce, codeVerifier: row.codeVerifier, returnTo: row.returnTo }
    : undefined;
}

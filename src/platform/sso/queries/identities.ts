// Which user of which organisation a provider's subject (issuer + `sub`) is.
import type { Sql } from '../../db/index.js';

/** The user a subject signed in as before, in the organisation given; notes this sign-in. */
export async function findIdentityUser(
  sql: Sql,
  orgId: string,
  identity: { issuer: string; subject: string },
): Promise<string | undefined> {
  const [row] = await sql<{ userId: string }[]>`
    update user_identities set last_login_at = now()
    where issuer = ${identity.issuer} and subject = ${identity.subject} and org_id = ${orgId}
    returning user_id as "userId"`;
  return row?.userId;
}

/** Link a subject to a user (a subject already linked keeps its user). */
export async function linkIdentity(
  sql: Sql,
  orgId: string,
  input: { issuer: string; subject: string; userId: string },
): Promise<void> {
  await sql`insert into user_identities (issuer, subject, org_id, user_id)
    values (${input.issuer}, ${input.subject}, ${orgId}, ${input.userId})
    on conflict (issuer, subject) do nothing`;
}

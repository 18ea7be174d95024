// Invitations of colleagues by email with a role: a random token, stored only as its SHA-256 digest and
// issued afresh each time the email goes out (so only the latest email's link works), accepted once by
// setting a password or by a first single sign-on with the invited address; revocable, expiring.
import { randomBytes } from 'node:crypto';
import { recordAudit } from '../audit/index.js';
import type { Sql, TransactionSql } from '../db/index.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors/index.js';
import type { Actor } from './members.js';
import { hashPassword, passwordProblem } from './passwords.js';
import type { User } from './repository.js';
import type { Role } from './roles.js';
import { digest } from './tokens.js';

/** How long an invitation stays open. */
export const INVITATION_DAYS = 7;

/** An invitation's public fields (never its token). */
export interface UserInvitation {
  id: string;
  email: string;
  role: Role;
  invitedBy: string | null;
  invitedByName: string | null;
  createdAt: Date;
  expiresAt: Date;
  sentAt: Date | null;
  sendError: string | null;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

const COLUMNS = (sql: Sql | TransactionSql) => sql`i.id, i.email, i.role, i.invited_by as "invitedBy",
  (select u.name from users u where u.org_id = i.org_id and u.id = i.invited_by) as "invitedByName",
  i.created_at as "createdAt", i.expires_at as "expiresAt", i.sent_at as "sentAt", i.send_error as "sendError",
  i.accepted_at as "acceptedAt", i.revoked_at as "revokedAt"`;

const actorName = (a: Actor) =>
  `${a.kind === 'user' ? 'user' : a.kind === 'api_key' ? 'key' : 'share'}:${a.id}`;

/**
 * Invite an address with a role (audited). An open invitation of the same address is replaced; an
 * address that already has an account here is a conflict; only owners invite owners. `then` runs in the
 * same transaction (the caller queues the email there).
 */
export async function createInvitation(
  sql: Sql,
  orgId: string,
  input: { email: string; role: Role },
  actor: Actor,
  then?: (tx: TransactionSql, invitation: UserInvitation) => Promise<void>,
): Promise<UserInvitation> {
  const email = input.email.trim().toLowerCase();
  if (input.role === 'owner' && actor.role !== 'owner')
    throw new ForbiddenError('Only an owner can invite an owner', [{ name: 'role', reason: 'owners only' }]);
  return sql.begin(async (tx) => {
    const [existing] = await tx`select 1 from users where org_id = ${orgId} and email = ${email}`;
    if (existing)
      throw new ConflictError(`${email} already has an account in this organisation`, [
        { name: 'email', reason: 'already a user here' },
      ]);
    await tx`update user_invitations set revoked_at = now()
      where org_id = ${orgId} and email = ${email} and accepted_at is null and revoked_at is null`;
    // The digest of a token nobody holds: the email's job issues the one that is sent.
    const [row] = await tx<{ id: string }[]>`
      insert into user_invitations (org_id, email, role, token_hash, invited_by, expires_at)
      values (${orgId}, ${email}, ${input.role}, ${digest(randomBytes(32).toString('base64url'))},
        ${actor.kind === 'user' ? actor.id : null}, now() + make_interval(days => ${INVITATION_DAYS}))
      returning id`;
    await recordAudit(tx, {
      orgId,
      actor: actorName(actor),
      action: 'user_invitation.create',
      target: row!.id,
      ip: actor.ip,
      detail: { email, role: input.role },
    });
    const [invitation] = await tx<UserInvitation[]>`
      select ${COLUMNS(tx)} from user_invitations i where i.org_id = ${orgId} and i.id = ${row!.id}`;
    await then?.(tx, invitation!);
    return invitation!;
  });
}

/** The organisation's invitations not yet accepted nor revoked (expired ones included, marked by date). */
export async function listInvitations(sql: Sql, orgId: string): Promise<UserInvitation[]> {
  return sql<UserInvitation[]>`
    select ${COLUMNS(sql)} from user_invitations i
    where i.org_id = ${orgId} and i.accepted_at is null and i.revoked_at is null
    order by i.created_at desc, i.id`;
}

/** Revoke an open invitation (audited); its link stops working at once. */
export async function revokeInvitation(sql: Sql, orgId: string, id: string, actor: Actor): Promise<void> {
  await sql.begin(async (tx) => {
    const [row] = await tx<{ email: string }[]>`
      update user_invitations set revoked_at = now()
      where org_id = ${orgId} and id = ${id} and accepted_at is null and revoked_at is null
      returning email`;
    if (!row) throw new NotFoundError(`Open invitation ${id} not found`);
    await recordAudit(tx, {
      orgId,
      actor: actorName(actor),
      action: 'user_invitation.revoke',
      target: id,
      ip: actor.ip,
      detail: { email: row.email },
    });
  });
}

/** What the invitation email needs: a fresh token (the previous one stops working) and who invited. */
export interface IssuedInvitation {
  token: string;
  email: string;
  role: Role;
  expiresAt: Date;
  organisation: string;
  invitedByName: string | null;
}

/** Issue a new token for an open, unexpired invitation; undefined when it is no longer open. */
export async function issueInvitationToken(
  sql: Sql,
  orgId: string,
  id: string,
): Promise<IssuedInvitation | undefined> {
  const token = randomBytes(32).toString('base64url');
  const [row] = await sql<Omit<IssuedInvitation, 'token'>[]>`
    update user_invitations i set token_hash = ${digest(token)}
    where i.org_id = ${orgId} and i.id = ${id} and i.accepted_at is null and i.revoked_at is null
      and i.expires_at > now()
    returning i.email, i.role, i.expires_at as "expiresAt",
      (select o.name from organisations o where o.id = i.org_id) as organisation,
      (select u.name from users u where u.org_id = i.org_id and u.id = i.invited_by) as "invitedByName"`;
  return row ? { ...row, token } : undefined;
}

/** Note the email's fate: sent, or the error that stopped it. */
export async function noteInvitationSent(sql: Sql, orgId: string, id: string, error?: string): Promise<void> {
  await sql`update user_invitations set
      sent_at = case when ${error ?? null}::text is null then now() else sent_at end,
      send_error = ${error?.slice(0, 500) ?? null}
    where org_id = ${orgId} and id = ${id}`;
}

/** What the invitee sees before accepting. */
export interface InvitationPreview {
  orgId: string;
  id: string;
  email: string;
  role: Role;
  organisation: string;
  expiresAt: Date;
}

/** The open invitation a token proves, if any (not accepted, not revoked, not expired). */
export async function findInvitationByToken(sql: Sql, token: string): Promise<InvitationPreview | undefined> {
  if (token.length < 20 || token.length > 100) return undefined;
  const [row] = await sql<InvitationPreview[]>`
    select i.org_id as "orgId", i.id, i.email, i.role, o.name as organisation, i.expires_at as "expiresAt"
    from user_invitations i join organisations o on o.id = i.org_id
    where i.token_hash = ${digest(token)} and i.accepted_at is null and i.revoked_at is null
      and i.expires_at > now()`;
  return row;
}

const INVALID_LINK =
  'This invitation link is not valid: it was revoked, replaced by a newer email, used or expired';

/** Accept an invitation by setting a name and password: the user is created with the invited role. */
export async function acceptInvitation(
  sql: Sql,
  input: { token: string; name: string; password: string },
  ip?: string,
): Promise<User> {
  const problem = passwordProblem(input.password);
  if (problem) throw new ValidationError(`Password ${problem}`, [{ name: 'password', reason: problem }]);
  const passwordHash = await hashPassword(input.password);
  return sql.begin(async (tx) => {
    const [inv] = await tx<{ orgId: string; id: string; email: string; role: Role }[]>`
      select org_id as "orgId", id, email, role from user_invitations
      where token_hash = ${digest(input.token)} and accepted_at is null and revoked_at is null
        and expires_at > now()
      for update`;
    if (!inv) throw new NotFoundError(INVALID_LINK);
    return claim(tx, inv, { name: input.name, passwordHash }, ip);
  });
}

/**
 * The role an address was invited with, for a first single sign-on: the open invitation is accepted by
 * the user the sign-on just created (undefined when the address has none).
 */
export async function openInvitationFor(
  sql: Sql,
  orgId: string,
  email: string,
): Promise<{ id: string; role: Role } | undefined> {
  const [inv] = await sql<{ id: string; role: Role }[]>`
    select id, role from user_invitations
    where org_id = ${orgId} and email = ${email.toLowerCase()} and accepted_at is null and revoked_at is null
      and expires_at > now()`;
  return inv;
}

/** Mark an invitation accepted by a user made through single sign-on (audited). */
export async function noteInvitationAccepted(
  sql: Sql,
  orgId: string,
  id: string,
  userId: string,
): Promise<void> {
  await sql`update user_invitations set accepted_at = now(), user_id = ${userId}
    where org_id = ${orgId} and id = ${id} and accepted_at is null`;
  await recordAudit(sql, {
    orgId,
    actor: `user:${userId}`,
    action: 'user_invitation.accept',
    target: id,
    detail: { via: 'sso' },
  });
}

async function claim(
  tx: TransactionSql,
  inv: { orgId: string; id: string; email: string; role: Role },
  who: { name: string; passwordHash: string },
  ip?: string,
): Promise<User> {
  const [user] = await tx<User[]>`
    insert into users (org_id, email, name, role, password_hash, last_sign_in_at)
    values (${inv.orgId}, ${inv.email}, ${who.name}, ${inv.role}, ${who.passwordHash}, now())
    on conflict (org_id, email) do nothing
    returning org_id as "orgId", id, email, name, role, created_at as "createdAt"`;
  if (!user) throw new ConflictError(`${inv.email} already has an account here; sign in instead`);
  await tx`update user_invitations set accepted_at = now(), user_id = ${user.id}
    where org_id = ${inv.orgId} and id = ${inv.id}`;
  await recordAudit(tx, {
    orgId: inv.orgId,
    actor: `user:${user.id}`,
    action: 'user_invitation.accept',
    target: inv.id,
    ip: ip ?? null,
    detail: { via: 'password', role: inv.role },
  });
  return user;
}

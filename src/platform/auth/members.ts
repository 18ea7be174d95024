// The organisation's users as administrators manage them: list with last sign-in, change a role,
// remove; the organisation always keeps an owner, only owners grant or take the owner role, and
// nobody changes or removes their own account here (so an administrator cannot lock themselves out).
import { recordAudit } from '../audit/index.js';
import type { Sql, TransactionSql } from '../db/index.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors/index.js';
import type { Role } from './roles.js';

/** A user as the settings page lists them. */
export interface Member {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: Date;
  lastSignInAt: Date | null;
  /** Signs in only through single sign-on (no password set). */
  ssoOnly: boolean;
}

/** Who acts: the principal's kind, id and role, and the request's IP for the audit log. */
export interface Actor {
  kind: 'user' | 'api_key' | 'share_link';
  id: string;
  role: Role;
  ip?: string | undefined;
}

const actorName = (a: Actor) =>
  `${a.kind === 'user' ? 'user' : a.kind === 'api_key' ? 'key' : 'share'}:${a.id}`;

const MEMBER_COLUMNS = (sql: Sql | TransactionSql) => sql`id, email, name, role, created_at as "createdAt",
  last_sign_in_at as "lastSignInAt", password_hash is null as "ssoOnly"`;

/** The organisation's users, owners first, then by name. */
export async function listMembers(sql: Sql, orgId: string): Promise<Member[]> {
  return sql<Member[]>`
    select ${MEMBER_COLUMNS(sql)} from users where org_id = ${orgId}
    order by array_position(array['owner','admin','analyst','agent','viewer'], role), lower(name), email`;
}

/** Only owners may grant the owner role or act on an owner's account. */
function checkOwnerRule(actor: Actor, target: Role, next?: Role): void {
  if ((target === 'owner' || next === 'owner') && actor.role !== 'owner')
    throw new ForbiddenError('Only an owner can grant the owner role or change an owner’s account');
}

async function lockTarget(tx: TransactionSql, orgId: string, userId: string, actor: Actor) {
  if (actor.kind === 'user' && actor.id === userId)
    throw new ConflictError('You cannot change or remove your own account; ask another administrator');
  const [target] = await tx<{ role: Role; email: string }[]>`
    select role, email from users where org_id = ${orgId} and id = ${userId} for update`;
  if (!target) throw new NotFoundError(`User ${userId} not found`);
  return target;
}

async function otherOwners(tx: TransactionSql, orgId: string, userId: string): Promise<number> {
  // Every owner row is locked, so two demotions at once cannot each see the other as the last owner.
  const rows = await tx<{ id: string }[]>`
    select id from users where org_id = ${orgId} and role = 'owner' and id <> ${userId} for update`;
  return rows.length;
}

/** Give a user another role (audited); the organisation keeps at least one owner. */
export async function changeMemberRole(
  sql: Sql,
  orgId: string,
  userId: string,
  role: Role,
  actor: Actor,
): Promise<Member> {
  return sql.begin(async (tx) => {
    const target = await lockTarget(tx, orgId, userId, actor);
    checkOwnerRule(actor, target.role, role);
    if (target.role === 'owner' && role !== 'owner' && (await otherOwners(tx, orgId, userId)) === 0)
      throw new ConflictError('The organisation needs an owner: make someone else owner first');
    const [member] = await tx<Member[]>`
      update users set role = ${role} where org_id = ${orgId} and id = ${userId}
      returning ${MEMBER_COLUMNS(tx)}`;
    await recordAudit(tx, {
      orgId,
      actor: actorName(actor),
      action: 'user.role_change',
      target: userId,
      ip: actor.ip,
      detail: { from: target.role, to: role },
    });
    return member!;
  });
}

/** Remove a user (audited): their sessions end at once; cases and initiatives they owned keep no owner. */
export async function removeMember(sql: Sql, orgId: string, userId: string, actor: Actor): Promise<void> {
  await sql.begin(async (tx) => {
    const target = await lockTarget(tx, orgId, userId, actor);
    checkOwnerRule(actor, target.role);
    if (target.role === 'owner' && (await otherOwners(tx, orgId, userId)) === 0)
      throw new ConflictError('The organisation needs an owner: the last owner cannot be removed');
    await tx`delete from users where org_id = ${orgId} and id = ${userId}`;
    await recordAudit(tx, {
      orgId,
      actor: actorName(actor),
      action: 'user.remove',
      target: userId,
      ip: actor.ip,
      detail: { role: target.role },
    });
  });
}

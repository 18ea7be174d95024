// Queries that give a new case its team and owner: the touchpoint's owning team, the team member with
// the fewest cases not closed, and round robin (the team's last pick, locked, and the next member).
import type { TransactionSql } from '../../platform/db/index.js';

/** The team that owns the touchpoint, if any. */
export async function selectTouchpointTeam(
  tx: TransactionSql,
  orgId: string,
  touchpointId: string,
): Promise<string | null> {
  const [t] = await tx<{ teamId: string }[]>`
      select team_id as "teamId" from team_touchpoints where org_id = ${orgId} and touchpoint_id = ${touchpointId}`;
  return t?.teamId ?? null;
}

/** The team member owning the fewest cases not closed (ties: the lowest user id); null: no members. */
export async function selectLeastLoadedMember(
  tx: TransactionSql,
  orgId: string,
  teamId: string,
): Promise<string | null> {
  const [m] = await tx<{ userId: string }[]>`
      select m.user_id as "userId" from team_members m
      where m.org_id = ${orgId} and m.team_id = ${teamId}
      order by (select count(*) from cases c where c.org_id = m.org_id and c.owner_id = m.user_id and c.status <> 'closed'),
        m.user_id
      limit 1`;
  return m?.userId ?? null;
}

/** The member last given a case, with the team row locked (it orders concurrent picks). */
export async function lockTeamLastAssigned(
  tx: TransactionSql,
  orgId: string,
  teamId: string,
): Promise<string | null> {
  const [t] = await tx<{ last: string | null }[]>`
    select last_assigned as last from teams where org_id = ${orgId} and id = ${teamId} for update`;
  return t?.last ?? null;
}

/** The member after `last` by user id, wrapping round to the first; null: no members. */
export async function selectNextMember(
  tx: TransactionSql,
  orgId: string,
  teamId: string,
  last: string | null,
): Promise<string | null> {
  const [m] = await tx<{ userId: string }[]>`
    select user_id as "userId" from team_members where org_id = ${orgId} and team_id = ${teamId}
    order by user_id > ${last ?? '00000000-0000-0000-0000-000000000000'} desc, user_id limit 1`;
  return m?.userId ?? null;
}

/** Record the member just given a case. */
export async function updateTeamLastAssigned(
  tx: TransactionSql,
  orgId: string,
  teamId: string,
  userId: string,
): Promise<void> {
  await tx`update teams set last_assigned = ${userId} where org_id = ${orgId} and id = ${teamId}`;
}

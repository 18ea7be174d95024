// Statements on `teams`, their members (`team_members`) and the touchpoints they own
// (`team_touchpoints`), and the checks a team needs (its users and touchpoints are the organisation's).
import type { Sql, TransactionSql } from '../../platform/db/index.js';
import type { Team } from '../teams.js';

type Tx = Sql | TransactionSql;

/** Which of these user ids are the organisation's users. */
export async function selectUserIds(sql: Tx, orgId: string, ids: string[]): Promise<Array<{ id: string }>> {
  return sql<{ id: string }[]>`
      select id from users where org_id = ${orgId} and id = any(${ids}::uuid[])`;
}

/** Which of these touchpoint ids are the organisation's touchpoints. */
export async function selectTouchpointIds(
  sql: Tx,
  orgId: string,
  ids: string[],
): Promise<Array<{ id: string }>> {
  return sql<{ id: string }[]>`
      select id from touchpoints where org_id = ${orgId} and id = any(${ids}::uuid[])`;
}

/** Remove every member of the team. */
export async function deleteTeamMembers(tx: Tx, orgId: string, teamId: string): Promise<void> {
  await tx`delete from team_members where org_id = ${orgId} and team_id = ${teamId}`;
}

/** Add these users to the team. */
export async function insertTeamMembers(
  tx: Tx,
  orgId: string,
  teamId: string,
  userIds: string[],
): Promise<void> {
  await tx`insert into team_members (org_id, team_id, user_id)
        select ${orgId}, ${teamId}, u from unnest(${userIds}::uuid[]) u on conflict do nothing`;
}

/** Remove every touchpoint the team owns. */
export async function deleteTeamTouchpoints(tx: Tx, orgId: string, teamId: string): Promise<void> {
  await tx`delete from team_touchpoints where org_id = ${orgId} and team_id = ${teamId}`;
}

/** Give these touchpoints to the team; a touchpoint has one owning team, so another team loses it. */
export async function upsertTeamTouchpoints(
  tx: Tx,
  orgId: string,
  teamId: string,
  touchpointIds: string[],
): Promise<void> {
  await tx`insert into team_touchpoints (org_id, touchpoint_id, team_id)
        select ${orgId}, t, ${teamId} from unnest(${touchpointIds}::uuid[]) t
        on conflict (org_id, touchpoint_id) do update set team_id = excluded.team_id`;
}

/** Insert a team; undefined when the name is taken. */
export async function insertTeam(
  tx: TransactionSql,
  orgId: string,
  input: { name: string; escalation: Team['escalation'] },
): Promise<{ id: string } | undefined> {
  const rows = await tx<{ id: string }[]>`
      insert into teams (org_id, name, escalation) values (${orgId}, ${input.name}, ${tx.json(input.escalation as never)})
      on conflict (org_id, name) do nothing returning id`;
  return rows[0];
}

/** Change the name and the escalation of a team (null: unchanged); a taken name fails with 23505. */
export async function updateTeamRow(
  tx: TransactionSql,
  orgId: string,
  teamId: string,
  input: { name: string | null; escalation: Team['escalation'] | null },
): Promise<void> {
  await tx`update teams set name = coalesce(${input.name}, name),
            escalation = coalesce(${input.escalation ? tx.json(input.escalation as never) : null}::jsonb, escalation)
          where org_id = ${orgId} and id = ${teamId}`;
}

const SELECT = (sql: Sql, orgId: string) => sql`
  select t.id, t.name, t.escalation, t.created_at as "createdAt",
    coalesce((select array_agg(m.user_id order by m.user_id) from team_members m where m.org_id = t.org_id and m.team_id = t.id), '{}') as "memberIds",
    coalesce((select array_agg(p.touchpoint_id order by p.touchpoint_id) from team_touchpoints p where p.org_id = t.org_id and p.team_id = t.id), '{}') as "touchpointIds"
  from teams t where t.org_id = ${orgId}`;

/** One team with its members and touchpoints, if it is the organisation's. */
export async function selectTeam(sql: Sql, orgId: string, teamId: string): Promise<Team | undefined> {
  const [team] = await sql<Team[]>`${SELECT(sql, orgId)} and t.id = ${teamId}`;
  return team;
}

/** Every team of the organisation with its members and touchpoints, by name. */
export async function selectTeams(sql: Sql, orgId: string): Promise<Team[]> {
  return sql<Team[]>`${SELECT(sql, orgId)} order by t.name`;
}

/** Delete a team; whether it existed. */
export async function deleteTeamRow(sql: Sql, orgId: string, teamId: string): Promise<boolean> {
  const rows = await sql`delete from teams where org_id = ${orgId} and id = ${teamId} returning id`;
  return rows.length > 0;
}

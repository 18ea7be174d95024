// Teams: members (users of the organisation) and the touchpoints they own.
import type { Sql, TransactionSql } from '../platform/db/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors/index.js';

/** A team as the API shows it. */
export interface Team {
  id: string;
  name: string;
  memberIds: string[];
  touchpointIds: string[];
  escalation: { emails?: string[]; slackUrl?: string };
  createdAt: Date;
}

/** What creating or changing a team takes. */
export interface TeamInput {
  name?: string | undefined;
  memberIds?: string[] | undefined;
  touchpointIds?: string[] | undefined;
  escalation?: { emails?: string[] | undefined; slackUrl?: string | undefined } | undefined;
}

type Tx = Sql | TransactionSql;

/** Refuse ids that are not users / touchpoints of this organisation, naming the field. */
async function checkRefs(sql: Tx, orgId: string, input: TeamInput): Promise<void> {
  const problems: { name: string; reason: string }[] = [];
  if (input.memberIds?.length) {
    const found = await sql<{ id: string }[]>`
      select id from users where org_id = ${orgId} and id = any(${input.memberIds}::uuid[])`;
    const known = new Set(found.map((r) => r.id));
    input.memberIds.forEach((id, i) => {
      if (!known.has(id))
        problems.push({ name: `memberIds.${i}`, reason: 'no such user in this organisation' });
    });
  }
  if (input.touchpointIds?.length) {
    const found = await sql<{ id: string }[]>`
      select id from touchpoints where org_id = ${orgId} and id = any(${input.touchpointIds}::uuid[])`;
    const known = new Set(found.map((r) => r.id));
    input.touchpointIds.forEach((id, i) => {
      if (!known.has(id))
        problems.push({ name: `touchpointIds.${i}`, reason: 'no such touchpoint in this organisation' });
    });
  }
  if (problems.length > 0) throw new ValidationError('Unknown ids', problems);
}

async function writeMembers(tx: Tx, orgId: string, teamId: string, input: TeamInput): Promise<void> {
  if (input.memberIds) {
    await tx`delete from team_members where org_id = ${orgId} and team_id = ${teamId}`;
    if (input.memberIds.length > 0) {
      await tx`insert into team_members (org_id, team_id, user_id)
        select ${orgId}, ${teamId}, u from unnest(${input.memberIds}::uuid[]) u on conflict do nothing`;
    }
  }
  if (input.touchpointIds) {
    await tx`delete from team_touchpoints where org_id = ${orgId} and team_id = ${teamId}`;
    // A touchpoint has one owning team: giving it to this team takes it from another.
    if (input.touchpointIds.length > 0) {
      await tx`insert into team_touchpoints (org_id, touchpoint_id, team_id)
        select ${orgId}, t, ${teamId} from unnest(${input.touchpointIds}::uuid[]) t
        on conflict (org_id, touchpoint_id) do update set team_id = excluded.team_id`;
    }
  }
}

/** Create a team with its members and touchpoints (all or nothing). */
export async function createTeam(
  sql: Sql,
  orgId: string,
  input: TeamInput & { name: string },
): Promise<Team> {
  await checkRefs(sql, orgId, input);
  const id = (await sql.begin(async (tx) => {
    const rows = await tx<{ id: string }[]>`
      insert into teams (org_id, name, escalation) values (${orgId}, ${input.name}, ${tx.json((input.escalation ?? {}) as never)})
      on conflict (org_id, name) do nothing returning id`;
    const row = rows[0];
    if (!row)
      throw new ConflictError('A team with this name already exists', [{ name: 'name', reason: 'taken' }]);
    await writeMembers(tx, orgId, row.id, input);
    return row.id;
  })) as string;
  return getTeam(sql, orgId, id);
}

/** Change a team; lists given replace the old ones. */
export async function updateTeam(sql: Sql, orgId: string, teamId: string, input: TeamInput): Promise<Team> {
  await getTeam(sql, orgId, teamId);
  await checkRefs(sql, orgId, input);
  await sql.begin(async (tx) => {
    if (input.name !== undefined || input.escalation !== undefined) {
      try {
        await tx`update teams set name = coalesce(${input.name ?? null}, name),
            escalation = coalesce(${input.escalation ? tx.json(input.escalation as never) : null}::jsonb, escalation)
          where org_id = ${orgId} and id = ${teamId}`;
      } catch (err) {
        if ((err as { code?: string }).code === '23505')
          throw new ConflictError('A team with this name already exists', [
            { name: 'name', reason: 'taken' },
          ]);
        throw err;
      }
    }
    await writeMembers(tx, orgId, teamId, input);
  });
  return getTeam(sql, orgId, teamId);
}

const SELECT = (sql: Sql, orgId: string) => sql`
  select t.id, t.name, t.escalation, t.created_at as "createdAt",
    coalesce((select array_agg(m.user_id order by m.user_id) from team_members m where m.org_id = t.org_id and m.team_id = t.id), '{}') as "memberIds",
    coalesce((select array_agg(p.touchpoint_id order by p.touchpoint_id) from team_touchpoints p where p.org_id = t.org_id and p.team_id = t.id), '{}') as "touchpointIds"
  from teams t where t.org_id = ${orgId}`;

/** One team, or not found. */
export async function getTeam(sql: Sql, orgId: string, teamId: string): Promise<Team> {
  const [team] = await sql<Team[]>`${SELECT(sql, orgId)} and t.id = ${teamId}`;
  if (!team) throw new NotFoundError(`Team ${teamId} not found`);
  return team;
}

/** Every team of the organisation, by name. */
export async function listTeams(sql: Sql, orgId: string): Promise<Team[]> {
  return sql<Team[]>`${SELECT(sql, orgId)} order by t.name`;
}

/** Delete a team (its cases keep their history and lose the team). */
export async function deleteTeam(sql: Sql, orgId: string, teamId: string): Promise<void> {
  const rows = await sql`delete from teams where org_id = ${orgId} and id = ${teamId} returning id`;
  if (rows.length === 0) throw new NotFoundError(`Team ${teamId} not found`);
}

// Teams: members (users of the organisation) and the touchpoints they own.
import type { Sql, TransactionSql } from '../platform/db/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors/index.js';
import {
  deleteTeamMembers,
  deleteTeamRow,
  deleteTeamTouchpoints,
  insertTeam,
  insertTeamMembers,
  selectTeam,
  selectTeams,
  selectTouchpointIds,
  selectUserIds,
  updateTeamRow,
  upsertTeamTouchpoints,
} from './queries/teams.js';

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
    const found = await selectUserIds(sql, orgId, input.memberIds);
    const known = new Set(found.map((r) => r.id));
    input.memberIds.forEach((id, i) => {
      if (!known.has(id))
        problems.push({ name: `memberIds.${i}`, reason: 'no such user in this organisation' });
    });
  }
  if (input.touchpointIds?.length) {
    const found = await selectTouchpointIds(sql, orgId, input.touchpointIds);
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
    await deleteTeamMembers(tx, orgId, teamId);
    if (input.memberIds.length > 0) {
      await insertTeamMembers(tx, orgId, teamId, input.memberIds);
    }
  }
  if (input.touchpointIds) {
    await deleteTeamTouchpoints(tx, orgId, teamId);
    // A touchpoint has one owning team: giving it to this team takes it from another.
    if (input.touchpointIds.length > 0) {
      await upsertTeamTouchpoints(tx, orgId, teamId, input.touchpointIds);
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
    const row = await insertTeam(tx, orgId, {
      name: input.name,
      escalation: (input.escalation ?? {}) as Team['escalation'],
    });
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
        await updateTeamRow(tx, orgId, teamId, {
          name: input.name ?? null,
          escalation: (input.escalation ?? null) as Team['escalation'] | null,
        });
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

/** One team, or not found. */
export async function getTeam(sql: Sql, orgId: string, teamId: string): Promise<Team> {
  const team = await selectTeam(sql, orgId, teamId);
  if (!team) throw new NotFoundError(`Team ${teamId} not found`);
  return team;
}

/** Every team of the organisation, by name. */
export async function listTeams(sql: Sql, orgId: string): Promise<Team[]> {
  return selectTeams(sql, orgId);
}

/** Delete a team (its cases keep their history and lose the team). */
export async function deleteTeam(sql: Sql, orgId: string, teamId: string): Promise<void> {
  if (!(await deleteTeamRow(sql, orgId, teamId))) throw new NotFoundError(`Team ${teamId} not found`);
}

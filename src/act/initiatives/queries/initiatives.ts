// SQL of initiatives, milestones and notes, and the checks an initiative needs (its touchpoints,
// owner and team are the organisation's); every statement is scoped by org_id.
import type { Sql } from '../../../platform/db/index.js';
import type { Initiative, InitiativeFields, InitiativeStatus, Milestone, Note } from '../types.js';

const COLUMNS = (sql: Sql) => sql`
  id, title, owner_id as "ownerId", team_id as "teamId", hypothesis, metric,
  touchpoint_ids as "touchpointIds", control_touchpoint_ids as "controlTouchpointIds", themes, status,
  to_char(started_at, 'YYYY-MM-DD') as "startedAt", to_char(ended_at, 'YYYY-MM-DD') as "endedAt",
  period as "interval", minimum_effect as "minimumEffect", cost_minor::text as "costMinor",
  cost_currency as "costCurrency", created_at as "createdAt", updated_at as "updatedAt"`;

/** Insert an initiative with its first milestones, in one transaction. */
export async function insertInitiative(
  sql: Sql,
  orgId: string,
  f: InitiativeFields,
  milestones: Array<{ title: string; dueOn: string | null }>,
): Promise<Initiative> {
  return sql.begin(async (tx) => {
    const [row] = await tx<Initiative[]>`
      insert into initiatives (org_id, title, owner_id, team_id, hypothesis, metric, touchpoint_ids,
        control_touchpoint_ids, themes, status, started_at, ended_at, period, minimum_effect, cost_minor,
        cost_currency)
      values (${orgId}, ${f.title}, ${f.ownerId}, ${f.teamId}, ${f.hypothesis}, ${f.metric},
        ${f.touchpointIds}::uuid[], ${f.controlTouchpointIds}::uuid[], ${f.themes}::text[], ${f.status},
        ${f.startedAt}::date, ${f.endedAt}::date, ${f.interval}, ${f.minimumEffect}, ${f.costMinor}::bigint,
        ${f.costCurrency})
      returning ${COLUMNS(tx as unknown as Sql)}`;
    const initiative = row as Initiative;
    for (const m of milestones) {
      await tx`insert into initiative_milestones (org_id, initiative_id, title, due_on)
        values (${orgId}, ${initiative.id}, ${m.title}, ${m.dueOn}::date)`;
    }
    return initiative;
  });
}

/** Replace the editable columns of an initiative; null when it does not exist in the organisation. */
export async function updateInitiative(
  sql: Sql,
  orgId: string,
  id: string,
  f: InitiativeFields,
): Promise<Initiative | null> {
  const [row] = await sql<Initiative[]>`
    update initiatives set title = ${f.title}, owner_id = ${f.ownerId}, team_id = ${f.teamId},
      hypothesis = ${f.hypothesis}, metric = ${f.metric}, touchpoint_ids = ${f.touchpointIds}::uuid[],
      control_touchpoint_ids = ${f.controlTouchpointIds}::uuid[], themes = ${f.themes}::text[],
      status = ${f.status}, started_at = ${f.startedAt}::date, ended_at = ${f.endedAt}::date,
      period = ${f.interval}, minimum_effect = ${f.minimumEffect}, cost_minor = ${f.costMinor}::bigint,
      cost_currency = ${f.costCurrency}, updated_at = now()
    where org_id = ${orgId} and id = ${id}
    returning ${COLUMNS(sql)}`;
  return row ?? null;
}

/** One initiative, or null. */
export async function selectInitiative(sql: Sql, orgId: string, id: string): Promise<Initiative | null> {
  const [row] = await sql<Initiative[]>`
    select ${COLUMNS(sql)} from initiatives where org_id = ${orgId} and id = ${id}`;
  return row ?? null;
}

/** The organisation's initiatives, newest start first. */
export async function selectInitiatives(
  sql: Sql,
  orgId: string,
  filter: { status?: InitiativeStatus | undefined; limit: number },
): Promise<Initiative[]> {
  return sql<Initiative[]>`
    select ${COLUMNS(sql)} from initiatives
    where org_id = ${orgId} ${filter.status ? sql`and status = ${filter.status}` : sql``}
    order by started_at desc, created_at desc limit ${filter.limit}`;
}

/** Milestones of an initiative in due order. */
export async function selectMilestones(sql: Sql, orgId: string, initiativeId: string): Promise<Milestone[]> {
  return sql<Milestone[]>`
    select id, title, to_char(due_on, 'YYYY-MM-DD') as "dueOn", done_at as "doneAt", created_at as "createdAt"
    from initiative_milestones where org_id = ${orgId} and initiative_id = ${initiativeId}
    order by due_on nulls last, created_at, id`;
}

/** Add a milestone. */
export async function insertMilestone(
  sql: Sql,
  orgId: string,
  initiativeId: string,
  m: { title: string; dueOn: string | null },
): Promise<Milestone> {
  const [row] = await sql<Milestone[]>`
    insert into initiative_milestones (org_id, initiative_id, title, due_on)
    values (${orgId}, ${initiativeId}, ${m.title}, ${m.dueOn}::date)
    returning id, title, to_char(due_on, 'YYYY-MM-DD') as "dueOn", done_at as "doneAt", created_at as "createdAt"`;
  return row as Milestone;
}

/** Change a milestone; null when it is not this initiative's. */
export async function updateMilestone(
  sql: Sql,
  orgId: string,
  initiativeId: string,
  id: string,
  m: { title?: string | undefined; dueOn?: string | null | undefined; done?: boolean | undefined },
): Promise<Milestone | null> {
  const [row] = await sql<Milestone[]>`
    update initiative_milestones set
      title = coalesce(${m.title ?? null}, title),
      due_on = ${m.dueOn === undefined ? sql`due_on` : sql`${m.dueOn}::date`},
      done_at = ${m.done === undefined ? sql`done_at` : m.done ? sql`coalesce(done_at, now())` : sql`null`}
    where org_id = ${orgId} and initiative_id = ${initiativeId} and id = ${id}
    returning id, title, to_char(due_on, 'YYYY-MM-DD') as "dueOn", done_at as "doneAt", created_at as "createdAt"`;
  return row ?? null;
}

/** Notes of an initiative, oldest first. */
export async function selectNotes(sql: Sql, orgId: string, initiativeId: string): Promise<Note[]> {
  return sql<Note[]>`
    select id, author_id as "authorId", body, created_at as "createdAt"
    from initiative_notes where org_id = ${orgId} and initiative_id = ${initiativeId}
    order by created_at, id`;
}

/** Add a note. */
export async function insertNote(
  sql: Sql,
  orgId: string,
  initiativeId: string,
  authorId: string | null,
  body: string,
): Promise<Note> {
  const [row] = await sql<Note[]>`
    insert into initiative_notes (org_id, initiative_id, author_id, body)
    values (${orgId}, ${initiativeId}, ${authorId}, ${body})
    returning id, author_id as "authorId", body, created_at as "createdAt"`;
  return row as Note;
}

/** Which of these user ids belong to the organisation. */
export async function knownUsers(sql: Sql, orgId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await sql<{ id: string }[]>`
    select id from users where org_id = ${orgId} and id = any(${ids}::uuid[])`;
  return new Set(rows.map((r) => r.id));
}

/** Whether the team belongs to the organisation. */
export async function teamInOrg(sql: Sql, orgId: string, teamId: string): Promise<boolean> {
  const [row] = await sql`select 1 from teams where org_id = ${orgId} and id = ${teamId}`;
  return Boolean(row);
}

/** Which of these touchpoint ids are the organisation's touchpoints. */
export async function knownTouchpoints(sql: Sql, orgId: string, ids: string[]): Promise<Set<string>> {
  const rows = await sql<{ id: string }[]>`
      select id from touchpoints where org_id = ${orgId} and id = any(${ids}::uuid[])`;
  return new Set(rows.map((r) => r.id));
}

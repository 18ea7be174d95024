// Statements on `touchpoints`.
import type { Sql } from '../../../platform/db/index.js';
import type { Touchpoint } from '../index.js';

const COLUMNS = (sql: Sql) =>
  sql`id, journey_id as "journeyId", stage_id as "stageId", name, channel, description, created_at as "createdAt"`;

/** Insert a touchpoint. */
export async function insertTouchpoint(
  sql: Sql,
  orgId: string,
  input: {
    journeyId: string;
    stageId: string | null;
    name: string;
    channel: string | null;
    description: string;
  },
): Promise<Touchpoint> {
  const [t] = await sql<Touchpoint[]>`
    insert into touchpoints (org_id, journey_id, stage_id, name, channel, description)
    values (${orgId}, ${input.journeyId}, ${input.stageId}, ${input.name}, ${input.channel}, ${input.description})
    returning ${COLUMNS(sql)}`;
  return t!;
}

/** Touchpoints, optionally of one journey, in stage order (unstaged last), then by name. */
export async function selectTouchpoints(
  sql: Sql,
  orgId: string,
  journeyId: string | undefined,
): Promise<Touchpoint[]> {
  return sql<Touchpoint[]>`
    select t.id, t.journey_id as "journeyId", t.stage_id as "stageId", t.name, t.channel, t.description, t.created_at as "createdAt"
    from touchpoints t left join stages s on s.org_id = t.org_id and s.id = t.stage_id
    where t.org_id = ${orgId} ${journeyId ? sql`and t.journey_id = ${journeyId}` : sql``}
    order by s.position nulls last, t.name`;
}

/** One touchpoint; undefined when it is not the organisation's. */
export async function selectTouchpoint(
  sql: Sql,
  orgId: string,
  touchpointId: string,
): Promise<Touchpoint | undefined> {
  const [t] = await sql<Touchpoint[]>`
    select ${COLUMNS(sql)} from touchpoints where org_id = ${orgId} and id = ${touchpointId}`;
  return t;
}

/** The ids among `ids` that are touchpoints of the organisation. */
export async function selectKnownTouchpointIds(sql: Sql, orgId: string, ids: string[]): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    select id from touchpoints where org_id = ${orgId} and id = any(${ids}::uuid[])`;
  return rows.map((r) => r.id);
}

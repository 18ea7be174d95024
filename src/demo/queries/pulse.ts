// Statements of the demo's employee pulse: the app team, the touchpoints teams own, the employees'
// answers as feedback, and the survey closed.
import type { Sql } from 'postgres';

/** Add the app team unless the organisation has one of that name. */
export async function insertAppTeam(sql: Sql, orgId: string): Promise<void> {
  await sql`insert into teams (org_id, name) values (${orgId}, 'App team') on conflict do nothing`;
}

/** Give the named touchpoints to the named team (a touchpoint has one owning team). */
export async function ownTouchpoints(
  sql: Sql,
  orgId: string,
  team: string,
  touchpoints: string[],
): Promise<void> {
  await sql`
      insert into team_touchpoints (org_id, touchpoint_id, team_id)
      select ${orgId}, tp.id, t.id from touchpoints tp join teams t on t.org_id = tp.org_id and t.name = ${team}
      where tp.org_id = ${orgId} and tp.name = any(${touchpoints})
      on conflict (org_id, touchpoint_id) do update set team_id = excluded.team_id`;
}

/** An employee's answer as a feedback row (`attributes` as JSON). */
export interface PulseFeedbackRow {
  org_id: string;
  source: string;
  source_id: string;
  channel: string;
  occurred_at: Date;
  survey_id: string;
  nps: number;
  attributes: Record<string, unknown>;
}

/** Insert the employees' answers. */
export async function insertPulseFeedback(sql: Sql, rows: PulseFeedbackRow[]): Promise<void> {
  const values = rows.map((r) => ({ ...r, attributes: sql.json(r.attributes as never) }));
  await sql`insert into feedback ${sql(values)}`;
}

/** Close the survey. */
export async function closeSurvey(sql: Sql, orgId: string, surveyId: string): Promise<void> {
  await sql`update surveys set status = 'closed' where org_id = ${orgId} and id = ${surveyId}`;
}

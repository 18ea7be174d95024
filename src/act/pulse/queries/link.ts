// SQL of the employee-customer link: teams with their touchpoints, customer NPS counts per team, and
// the pulse surveys (those answered by employees).
import type { Sql } from '../../../platform/db/index.js';

/** Teams with the touchpoints they own. */
export async function selectTeamsWithTouchpoints(
  sql: Sql,
  orgId: string,
): Promise<Array<{ id: string; name: string; touchpoints: Array<{ id: string; name: string }> }>> {
  return sql`
    select t.id, t.name,
      coalesce(jsonb_agg(jsonb_build_object('id', tp.id, 'name', tp.name) order by tp.name)
        filter (where tp.id is not null), '[]'::jsonb) as touchpoints
    from teams t
      left join team_touchpoints tt on tt.org_id = t.org_id and tt.team_id = t.id
      left join touchpoints tp on tp.org_id = tt.org_id and tp.id = tt.touchpoint_id
    where t.org_id = ${orgId}
    group by t.id, t.name order by t.name`;
}

/** Customer NPS counts per team (over the team's touchpoints) in [from, to); employees' answers left out. */
export async function selectCustomerNpsByTeam(
  sql: Sql,
  orgId: string,
  q: { from: Date; to: Date },
): Promise<Array<{ teamId: string; promoters: number; passives: number; detractors: number }>> {
  return sql`
    select tt.team_id as "teamId",
      count(*) filter (where f.nps >= 9)::int as promoters,
      count(*) filter (where f.nps between 7 and 8)::int as passives,
      count(*) filter (where f.nps <= 6)::int as detractors
    from team_touchpoints tt
      join feedback f on f.org_id = tt.org_id and f.touchpoint_id = tt.touchpoint_id
    where tt.org_id = ${orgId} and f.nps is not null
      and f.occurred_at >= ${q.from} and f.occurred_at < ${q.to}
      and f.attributes->>'kind' is distinct from 'employee'
    group by tt.team_id`;
}

/** When employees last answered a survey (null: never). */
export async function selectLastEmployeeAnswer(
  sql: Sql,
  orgId: string,
  surveyId: string,
): Promise<Date | null> {
  const [row] = await sql<{ at: Date | null }[]>`
    select max(occurred_at) as at from feedback
    where org_id = ${orgId} and survey_id = ${surveyId} and attributes->>'kind' = 'employee'`;
  return row?.at ?? null;
}

/** Surveys employees answered, newest first (no counts: nothing to compare between readings). */
export async function selectPulseSurveys(
  sql: Sql,
  orgId: string,
): Promise<Array<{ id: string; name: string; status: string }>> {
  return sql`
    select s.id, s.name, s.status from surveys s
    where s.org_id = ${orgId} and exists (
      select 1 from feedback f where f.org_id = s.org_id and f.survey_id = s.id and f.attributes->>'kind' = 'employee')
    order by s.created_at desc, s.id`;
}

// SQL of the employee pulse: the survey's status, and the employees' NPS counts per team.
import type { Sql } from '../../../platform/db/index.js';

/** The survey's status, if it is the organisation's. */
export async function selectSurveyStatus(sql: Sql, orgId: string, surveyId: string): Promise<string | null> {
  const [survey] = await sql<{ status: string }[]>`
    select status from surveys where org_id = ${orgId} and id = ${surveyId}`;
  return survey?.status ?? null;
}

/** NPS counts of the survey's answers from employees, by their `team` attribute when they answered. */
export async function selectEmployeeNpsByTeam(
  sql: Sql,
  orgId: string,
  surveyId: string,
): Promise<Array<{ team: string | null; promoters: number; passives: number; detractors: number }>> {
  return sql<{ team: string | null; promoters: number; passives: number; detractors: number }[]>`
    select f.attributes->>'team' as team,
      count(*) filter (where f.nps >= 9)::int as promoters,
      count(*) filter (where f.nps between 7 and 8)::int as passives,
      count(*) filter (where f.nps <= 6)::int as detractors
    from feedback f
    where f.org_id = ${orgId} and f.survey_id = ${surveyId} and f.nps is not null
      and f.attributes->>'kind' = 'employee'
    group by 1`;
}

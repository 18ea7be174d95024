// Query: a survey's status and current version with its definition, as intake reads it.
import type { Sql } from '../../../platform/db/index.js';
import type { SurveyRow } from '../types.js';

/** The survey's current version; undefined when it is not the organisation's. */
export async function selectCurrentVersion(
  sql: Sql,
  orgId: string,
  surveyId: string,
): Promise<SurveyRow | undefined> {
  const [survey] = await sql<SurveyRow[]>`
    select s.status, s.current_version as version, s.touchpoint_id as "touchpointId", v.definition
    from surveys s join survey_versions v on v.org_id = s.org_id and v.survey_id = s.id and v.version = s.current_version
    where s.org_id = ${orgId} and s.id = ${surveyId}`;
  return survey;
}

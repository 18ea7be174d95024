// One query: a survey's name, current definition and mirror link.
import type { Sql } from '../../platform/db/index.js';
import { NotFoundError } from '../../platform/errors/index.js';

/** A survey as analytics needs it. */
export interface SurveyForAnalysis {
  id: string;
  name: string;
  mirrorOf: string | null;
  touchpointId: string | null;
  definition: unknown;
}

/** The survey with its current definition; 404 when it is not the organisation's. */
export async function getSurveyForAnalysis(
  sql: Sql,
  orgId: string,
  surveyId: string,
): Promise<SurveyForAnalysis> {
  const [row] = await sql<SurveyForAnalysis[]>`
    select s.id::text, s.name, s.mirror_of::text as "mirrorOf", s.touchpoint_id::text as "touchpointId", v.definition
    from surveys s join survey_versions v on v.org_id = s.org_id and v.survey_id = s.id and v.version = s.current_version
    where s.org_id = ${orgId} and s.id = ${surveyId}`;
  if (!row) throw new NotFoundError(`Survey ${surveyId} not found`);
  return row;
}

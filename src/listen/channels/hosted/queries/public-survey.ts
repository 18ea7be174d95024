// Queries of the public page: a survey by id alone (any organisation), with the respondent's saved
// session in the same statement, and the contact attributes a visit reads.
import type { Sql } from '../../../../platform/db/index.js';
import type { Answers, SurveyDefinition } from '../../../surveys/index.js';

/** A survey as the public sees it: found by id alone, with its organisation. */
export interface PublicSurvey {
  orgId: string;
  id: string;
  status: string;
  version: number;
  definition: SurveyDefinition;
}

/** A respondent's saved session. */
export interface SessionRow {
  answers: Answers;
  done: string[];
  completedAt: Date | null;
  language: string | null;
}

/** The survey with its current definition, or undefined. */
export async function selectPublicSurvey(sql: Sql, surveyId: string): Promise<PublicSurvey | undefined> {
  const [s] = await sql<PublicSurvey[]>`
    select s.org_id as "orgId", s.id, s.status, s.current_version as version, v.definition
    from surveys s join survey_versions v on v.org_id = s.org_id and v.survey_id = s.id and v.version = s.current_version
    where s.id = ${surveyId}`;
  return s;
}

/** The survey and the session under `key` in one query (the page's hot path); undefined without the survey. */
export async function selectSurveyAndSession(
  sql: Sql,
  surveyId: string,
  key: string,
): Promise<{ survey: PublicSurvey; row: SessionRow | undefined } | undefined> {
  const [r] = await sql<(PublicSurvey & { hasSession: boolean } & SessionRow)[]>`
    select s.org_id as "orgId", s.id, s.status, s.current_version as version, v.definition,
      rs.id is not null as "hasSession", rs.answers, rs.done, rs.completed_at as "completedAt", rs.language
    from surveys s
    join survey_versions v on v.org_id = s.org_id and v.survey_id = s.id and v.version = s.current_version
    left join respondent_sessions rs on rs.org_id = s.org_id and rs.survey_id = s.id and rs.session_key = ${key}
    where s.id = ${surveyId}`;
  if (!r) return undefined;
  const { orgId, id, status, version, definition } = r;
  return {
    survey: { orgId, id, status, version, definition },
    row: r.hasSession
      ? { answers: r.answers, done: r.done, completedAt: r.completedAt, language: r.language }
      : undefined,
  };
}

/** A contact's attributes (empty when there is no such contact). */
export async function selectContactAttributes(
  sql: Sql,
  orgId: string,
  contactId: string,
): Promise<Record<string, unknown>> {
  const [c] = await sql<{ attributes: Record<string, unknown> }[]>`
    select attributes from contacts where org_id = ${orgId} and id = ${contactId}`;
  return c?.attributes ?? {};
}

/** Whether the survey, and the contact when given, exist in the organisation. */
export async function surveyAndContactExist(
  sql: Sql,
  orgId: string,
  surveyId: string,
  contactId?: string,
): Promise<{ survey: boolean; contact: boolean }> {
  const [s] = await sql`select 1 from surveys where org_id = ${orgId} and id = ${surveyId}`;
  if (!s || !contactId) return { survey: Boolean(s), contact: false };
  const [c] = await sql`select 1 from contacts where org_id = ${orgId} and id = ${contactId}`;
  return { survey: true, contact: Boolean(c) };
}

// Statements on surveys and their versions: a survey and its version 1, a new version, changes in
// place, reading surveys with their current definition; and whether a touchpoint exists.
import type { Sql } from '../../../platform/db/index.js';
import type { SurveyDefinition } from '../definition.js';
import type { Survey, SurveyStatus } from '../index.js';

/** Whether the touchpoint exists in the organisation. */
export async function touchpointExists(sql: Sql, orgId: string, touchpointId: string): Promise<boolean> {
  const rows = await sql`select 1 from touchpoints where org_id = ${orgId} and id = ${touchpointId}`;
  return rows.length > 0;
}

/** Insert a survey (run with its first version, in one transaction). */
export async function insertSurvey(
  sql: Sql,
  orgId: string,
  s: { name: string; status: SurveyStatus; touchpointId: string | null },
): Promise<{ id: string; createdAt: Date; updatedAt: Date }> {
  const [row] = await sql<{ id: string; createdAt: Date; updatedAt: Date }[]>`
    insert into surveys (org_id, name, status, touchpoint_id) values (${orgId}, ${s.name}, ${s.status}, ${s.touchpointId})
    returning id, created_at as "createdAt", updated_at as "updatedAt"`;
  return row!;
}

/** Insert a version of a survey's definition. */
export async function insertSurveyVersion(
  sql: Sql,
  orgId: string,
  surveyId: string,
  version: number,
  definition: SurveyDefinition,
): Promise<void> {
  await sql`insert into survey_versions (org_id, survey_id, version, definition) values (${orgId}, ${surveyId}, ${version}, ${sql.json(definition as never)})`;
}

/**
 * Stamp the survey's current version as published now when the survey is live and the version was never
 * published (a version published earlier keeps its first time, through a close and a reopening).
 */
export async function markCurrentVersionPublished(sql: Sql, orgId: string, surveyId: string): Promise<void> {
  await sql`
    update survey_versions v set published_at = now()
    from surveys s
    where s.org_id = ${orgId} and s.id = ${surveyId} and s.status = 'live'
      and v.org_id = s.org_id and v.survey_id = s.id and v.version = s.current_version
      and v.published_at is null`;
}

/** The survey's current version, locked until the transaction ends; undefined when there is none. */
export async function lockSurveyVersion(
  sql: Sql,
  orgId: string,
  surveyId: string,
): Promise<number | undefined> {
  const [cur] = await sql<{ version: number }[]>`
    select current_version as version from surveys where org_id = ${orgId} and id = ${surveyId} for update`;
  return cur?.version;
}

/** Change a survey in place: name and status when given, the touchpoint when given (null clears it), its version. */
export async function updateSurveyRow(
  sql: Sql,
  orgId: string,
  surveyId: string,
  change: {
    name?: string | undefined;
    status?: SurveyStatus | undefined;
    touchpointId?: string | null | undefined;
    version: number;
  },
): Promise<void> {
  await sql`update surveys set
    name = coalesce(${change.name ?? null}, name),
    status = coalesce(${change.status ?? null}, status),
    touchpoint_id = ${change.touchpointId === undefined ? sql`touchpoint_id` : change.touchpointId},
    current_version = ${change.version}, updated_at = now()
    where org_id = ${orgId} and id = ${surveyId}`;
}

/** The organisation's surveys with their current definition (one when `surveyId` is given). */
export async function selectSurveys(sql: Sql, orgId: string, surveyId?: string): Promise<Survey[]> {
  return sql<Survey[]>`
    select s.id, s.name, s.status, s.current_version as version, s.touchpoint_id as "touchpointId",
      s.mirror_of as "mirrorOf", v.definition, s.created_at as "createdAt", s.updated_at as "updatedAt"
    from surveys s join survey_versions v on v.org_id = s.org_id and v.survey_id = s.id and v.version = s.current_version
    where s.org_id = ${orgId} ${surveyId ? sql`and s.id = ${surveyId}` : sql`order by s.created_at, s.name`}`;
}

/** A stored version of a survey's definition, with the responses given to it. */
export interface SurveyVersionRow {
  version: number;
  definition: SurveyDefinition;
  createdAt: Date;
  /** When it was first offered to respondents; null when it never was. */
  publishedAt: Date | null;
  responses: number;
}

/**
 * The survey's versions, newest first, each with how many responses answered it; with `version`, that
 * one only. Empty when the survey is not the organisation's.
 */
export async function selectSurveyVersions(
  sql: Sql,
  orgId: string,
  surveyId: string,
  version?: number,
): Promise<SurveyVersionRow[]> {
  return sql<SurveyVersionRow[]>`
    select v.version, v.definition, v.created_at as "createdAt", v.published_at as "publishedAt",
      (select count(*)::int from responses r
        where r.org_id = v.org_id and r.survey_id = v.survey_id and r.survey_version = v.version) as responses
    from survey_versions v
    where v.org_id = ${orgId} and v.survey_id = ${surveyId} ${version === undefined ? sql`` : sql`and v.version = ${version}`}
    order by v.version desc`;
}

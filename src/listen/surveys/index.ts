// Surveys and their versioned definitions: editing a survey adds a version; answers keep theirs.
import type { Sql } from '../../platform/db/index.js';
import { type InvalidParam, NotFoundError, ValidationError } from '../../platform/errors/index.js';
import { SurveyDefinition } from './definition.js';
import { type ImportReport, importSurveyJs } from './surveyjs.js';

export {
  type AnswerValue,
  Condition,
  checkAnswers,
  Ending,
  extractMeasures,
  LocalisedText,
  Question,
  SurveyDefinition,
} from './definition.js';
export {
  type Answers,
  type Condition as ConditionRule,
  checkAnswer,
  chooseLanguage,
  evaluate,
  isEmpty,
  isShown,
  type Localised,
  localise,
  orderItems,
  pairParts,
  parseAcceptLanguage,
  pipe,
  type RespondentContext,
  readsAttributes,
  type SurveyPath,
  surveyLanguages,
  surveyPath,
} from './logic.js';

/** Survey lifecycle: only live surveys accept responses. */
export type SurveyStatus = 'draft' | 'live' | 'closed';

/** A survey with its current definition. */
export interface Survey {
  id: string;
  name: string;
  status: SurveyStatus;
  version: number;
  touchpointId: string | null;
  /** The customer survey this internal survey mirrors (delivery gap), or null. */
  mirrorOf: string | null;
  definition: SurveyDefinition;
  createdAt: Date;
  updatedAt: Date;
}

/** Parse a definition, turning zod issues into invalid params named `definition.<path>`. */
export function parseDefinition(raw: unknown): SurveyDefinition {
  const parsed = SurveyDefinition.safeParse(raw);
  if (!parsed.success) {
    const problems: InvalidParam[] = parsed.error.issues.map((i) => ({
      name: ['definition', ...i.path].join('.'),
      reason: i.message,
    }));
    throw new ValidationError('The survey definition is invalid', problems);
  }
  return parsed.data;
}

async function checkTouchpoint(
  sql: Sql,
  orgId: string,
  touchpointId: string | null | undefined,
): Promise<void> {
  if (!touchpointId) return;
  const rows = await sql`select 1 from touchpoints where org_id = ${orgId} and id = ${touchpointId}`;
  if (rows.length === 0) {
    throw new ValidationError('Unknown touchpoint', [
      { name: 'touchpointId', reason: 'no such touchpoint in this organisation' },
    ]);
  }
}

/** Create a survey at version 1. */
export async function createSurvey(
  sql: Sql,
  orgId: string,
  input: { name: string; status?: SurveyStatus; touchpointId?: string | null; definition: unknown },
): Promise<Survey> {
  const definition = parseDefinition(input.definition);
  await checkTouchpoint(sql, orgId, input.touchpointId);
  return sql.begin(async (tx) => {
    const [s] = await tx<{ id: string; createdAt: Date; updatedAt: Date }[]>`
      insert into surveys (org_id, name, status, touchpoint_id) values (${orgId}, ${input.name}, ${input.status ?? 'live'}, ${input.touchpointId ?? null})
      returning id, created_at as "createdAt", updated_at as "updatedAt"`;
    await tx`insert into survey_versions (org_id, survey_id, version, definition) values (${orgId}, ${s!.id}, 1, ${tx.json(definition as never)})`;
    return {
      id: s!.id,
      name: input.name,
      status: input.status ?? 'live',
      version: 1,
      touchpointId: input.touchpointId ?? null,
      mirrorOf: null,
      definition,
      createdAt: s!.createdAt,
      updatedAt: s!.updatedAt,
    };
  });
}

/** Change a survey: a new definition becomes a new version; name, status and touchpoint change in place. */
export async function updateSurvey(
  sql: Sql,
  orgId: string,
  surveyId: string,
  input: { name?: string; status?: SurveyStatus; touchpointId?: string | null; definition?: unknown },
): Promise<Survey> {
  const definition = input.definition === undefined ? undefined : parseDefinition(input.definition);
  await checkTouchpoint(sql, orgId, input.touchpointId);
  await sql.begin(async (tx) => {
    const [cur] = await tx<{ version: number }[]>`
      select current_version as version from surveys where org_id = ${orgId} and id = ${surveyId} for update`;
    if (!cur) throw new NotFoundError(`Survey ${surveyId} not found`);
    const version = definition ? cur.version + 1 : cur.version;
    if (definition) {
      await tx`insert into survey_versions (org_id, survey_id, version, definition) values (${orgId}, ${surveyId}, ${version}, ${tx.json(definition as never)})`;
    }
    await tx`update surveys set
      name = coalesce(${input.name ?? null}, name),
      status = coalesce(${input.status ?? null}, status),
      touchpoint_id = ${input.touchpointId === undefined ? tx`touchpoint_id` : input.touchpointId},
      current_version = ${version}, updated_at = now()
      where org_id = ${orgId} and id = ${surveyId}`;
  });
  return getSurvey(sql, orgId, surveyId);
}

const SELECT = (sql: Sql, orgId: string) => sql`
  select s.id, s.name, s.status, s.current_version as version, s.touchpoint_id as "touchpointId",
    s.mirror_of as "mirrorOf", v.definition, s.created_at as "createdAt", s.updated_at as "updatedAt"
  from surveys s join survey_versions v on v.org_id = s.org_id and v.survey_id = s.id and v.version = s.current_version
  where s.org_id = ${orgId}`;

/** Get a survey with its current definition, or not found. */
export async function getSurvey(sql: Sql, orgId: string, surveyId: string): Promise<Survey> {
  const [s] = await sql<Survey[]>`${SELECT(sql, orgId)} and s.id = ${surveyId}`;
  if (!s) throw new NotFoundError(`Survey ${surveyId} not found`);
  return s;
}

/** List the organisation's surveys. */
export async function listSurveys(sql: Sql, orgId: string): Promise<Survey[]> {
  return sql<Survey[]>`${SELECT(sql, orgId)} order by s.created_at, s.name`;
}

export { type ImportReport, importSurveyJs, parseExpression } from './surveyjs.js';

/**
 * Import SurveyJS JSON: convert, validate, and (when `create`) store it as a new draft survey.
 * Returns the definition, the report of what was not mapped, and the survey when one was created.
 */
export async function importSurveyJsSurvey(
  sql: Sql,
  orgId: string,
  input: { json: unknown; name?: string | undefined; create?: boolean | undefined },
): Promise<{ definition: SurveyDefinition; report: ImportReport; survey: Survey | undefined }> {
  const { definition: raw, report } = importSurveyJs(input.json);
  const definition = parseDefinition(raw);
  const title = typeof definition.title === 'string' ? definition.title : Object.values(definition.title)[0];
  const survey = input.create
    ? await createSurvey(sql, orgId, {
        name: input.name ?? title ?? 'Imported survey',
        status: 'draft',
        definition,
      })
    : undefined;
  return { definition, report, survey };
}

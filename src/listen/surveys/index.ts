// Surveys and their versioned definitions: editing a survey adds a version; answers keep theirs.
import type { Sql } from '../../platform/db/index.js';
import { type InvalidParam, NotFoundError, ValidationError } from '../../platform/errors/index.js';
import { getOrganisationLanguage } from '../organisation/index.js';
import { SurveyDefinition } from './definition.js';
import {
  insertSurvey,
  insertSurveyVersion,
  lockSurveyVersion,
  markCurrentVersionPublished,
  type SurveyVersionRow,
  selectSurveys,
  selectSurveyVersions,
  touchpointExists,
  updateSurveyRow,
} from './queries/surveys.js';
import { type ImportReport, importSurveyJs } from './surveyjs.js';

export {
  type AnswerValue,
  Condition,
  checkAnswers,
  Ending,
  extractMeasures,
  LocalisedText,
  NewSurveyDefinition,
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

/** Whether a raw definition is an object naming no default language (anything else is left to validation). */
const lacksLanguage = (raw: unknown): raw is Record<string, unknown> =>
  typeof raw === 'object' && raw !== null && !Array.isArray(raw) && !('defaultLanguage' in raw);

/** A new definition that names no default language gets the organisation's. */
async function withOrganisationLanguage(sql: Sql, orgId: string, raw: unknown): Promise<unknown> {
  if (!lacksLanguage(raw)) return raw;
  return { ...raw, defaultLanguage: await getOrganisationLanguage(sql, orgId) };
}

async function checkTouchpoint(
  sql: Sql,
  orgId: string,
  touchpointId: string | null | undefined,
): Promise<void> {
  if (!touchpointId) return;
  if (!(await touchpointExists(sql, orgId, touchpointId))) {
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
  const definition = parseDefinition(await withOrganisationLanguage(sql, orgId, input.definition));
  await checkTouchpoint(sql, orgId, input.touchpointId);
  return sql.begin(async (tx) => {
    const t = tx as unknown as Sql;
    const s = await insertSurvey(t, orgId, {
      name: input.name,
      status: input.status ?? 'live',
      touchpointId: input.touchpointId ?? null,
    });
    await insertSurveyVersion(t, orgId, s.id, 1, definition);
    await markCurrentVersionPublished(t, orgId, s.id);
    return {
      id: s.id,
      name: input.name,
      status: input.status ?? 'live',
      version: 1,
      touchpointId: input.touchpointId ?? null,
      mirrorOf: null,
      definition,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
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
  // A new version that names no default language keeps the current version's: its texts are written in
  // it (the format's English default would relabel them silently).
  const raw = lacksLanguage(input.definition)
    ? {
        ...input.definition,
        defaultLanguage: (await getSurvey(sql, orgId, surveyId)).definition.defaultLanguage,
      }
    : input.definition;
  const definition = raw === undefined ? undefined : parseDefinition(raw);
  await checkTouchpoint(sql, orgId, input.touchpointId);
  await sql.begin(async (tx) => {
    const t = tx as unknown as Sql;
    const current = await lockSurveyVersion(t, orgId, surveyId);
    if (current === undefined) throw new NotFoundError(`Survey ${surveyId} not found`);
    const version = definition ? current + 1 : current;
    if (definition) await insertSurveyVersion(t, orgId, surveyId, version, definition);
    await updateSurveyRow(t, orgId, surveyId, {
      name: input.name,
      status: input.status,
      touchpointId: input.touchpointId,
      version,
    });
    await markCurrentVersionPublished(t, orgId, surveyId);
  });
  return getSurvey(sql, orgId, surveyId);
}

/** Get a survey with its current definition, or not found. */
export async function getSurvey(sql: Sql, orgId: string, surveyId: string): Promise<Survey> {
  const [s] = await selectSurveys(sql, orgId, surveyId);
  if (!s) throw new NotFoundError(`Survey ${surveyId} not found`);
  return s;
}

/** A stored version of a survey: its definition, when it was made, and the responses given to it. */
export type SurveyVersion = SurveyVersionRow;

/** Every version of a survey, newest first; not found when the survey is not the organisation's. */
export async function listSurveyVersions(
  sql: Sql,
  orgId: string,
  surveyId: string,
): Promise<SurveyVersion[]> {
  const rows = await selectSurveyVersions(sql, orgId, surveyId);
  if (rows.length === 0) throw new NotFoundError(`Survey ${surveyId} not found`);
  return rows;
}

/** One version of a survey, or not found. */
export async function getSurveyVersion(
  sql: Sql,
  orgId: string,
  surveyId: string,
  version: number,
): Promise<SurveyVersion> {
  const [row] = await selectSurveyVersions(sql, orgId, surveyId, version);
  if (!row) throw new NotFoundError(`Survey ${surveyId} has no version ${version}`);
  return row;
}

/** List the organisation's surveys. */
export async function listSurveys(sql: Sql, orgId: string): Promise<Survey[]> {
  return selectSurveys(sql, orgId);
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

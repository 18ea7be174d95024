// A survey's current version as intake reads it, briefly cached.

import { createCache } from '../../platform/cache/index.js';
import type { Sql } from '../../platform/db/index.js';
import { NotFoundError } from '../../platform/errors/index.js';
import { selectCurrentVersion } from './queries/survey-version.js';
import type { SurveyRow } from './types.js';

// Live survey definitions are remembered briefly: the insert itself re-checks that the survey is
// still live at that version, so a stale entry can never let a response through.
const SURVEY_CACHE_MS = 10_000;
const surveyCache = createCache<SurveyRow>({ max: 5_000, ttlMs: SURVEY_CACHE_MS });

/** A survey's current version (briefly cached unless `fresh`), or not found. */
export async function loadSurvey(
  sql: Sql,
  orgId: string,
  surveyId: string,
  fresh: boolean,
): Promise<SurveyRow> {
  const key = `${orgId}:${surveyId}`;
  const hit = surveyCache.get(key);
  if (!fresh && hit) return hit;
  const survey = await selectCurrentVersion(sql, orgId, surveyId);
  if (!survey) {
    surveyCache.delete(key);
    throw new NotFoundError(`Survey ${surveyId} not found`);
  }
  surveyCache.set(key, survey);
  return survey;
}

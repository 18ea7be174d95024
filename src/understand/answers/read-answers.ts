// The answers an analysis reads: from the surveys' in-memory stores when loaded and current, else SQL.
import type { Sql } from '../../platform/db/index.js';
import type { SliceFilter } from '../sums/index.js';
import { getStoredAnswers } from './answer-engine.js';
import { type AnswerTable, tableFromRows } from './answer-table.js';
import { getSurveyAnswers, MAX_RESPONSES } from './survey-answers.js';

/** Where the answers come from: 'auto' (the store when it can answer, else SQL) or 'raw' (SQL). */
export type AnswersEngine = 'auto' | 'raw';

/**
 * The answers of the responses to `surveyIds` that the filter keeps, newest first, at most
 * MAX_RESPONSES: the same values from the answer store (see `answer-engine.ts`) as from
 * `getSurveyAnswers`, which answers while a store loads, and always with `engine: 'raw'`.
 */
export async function readSurveyAnswers(
  sql: Sql,
  orgId: string,
  surveyIds: readonly string[],
  filter: SliceFilter,
  opts: { attributes?: boolean; engine?: AnswersEngine | undefined } = {},
): Promise<AnswerTable> {
  if (opts.engine !== 'raw') {
    const stored = await getStoredAnswers(sql, orgId, surveyIds, filter, MAX_RESPONSES);
    if (stored) return stored;
  }
  return tableFromRows(await getSurveyAnswers(sql, orgId, surveyIds, filter, opts));
}

// Intake of survey responses: validate against the survey's version, store the response and its feedback record.
//
// types.ts: shapes · survey.ts: the survey version intake checks against · submit.ts: one response ·
// writer.ts: group commit of concurrent submissions · batch.ts: many responses in one statement
export { type BatchItemResult, submitResponses } from './batch.js';
export { getResponse, submitResponse } from './submit.js';
export { loadSurvey } from './survey.js';
export type { ResponseInput, StoredResponse, SurveyRow } from './types.js';
export { groupWriterStats } from './writer.js';

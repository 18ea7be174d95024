// Where a respondent is on their path through a survey, and what of their contact a page may see
// (pure: no I/O).
import { type Question, type SurveyDefinition, surveyPath } from '../../surveys/index.js';
import type { Visit } from './visits.js';

/** The question the respondent is on (the first on their path not yet passed), or undefined when done. */
export function currentQuestion(
  visit: Visit,
): { question: Question; position: number; total: number } | undefined {
  const path = surveyPath(visit.survey.definition, visit.answers, visit.ctx).questions;
  const i = path.findIndex((q) => !visit.done.includes(q.id));
  if (i < 0) return undefined;
  return { question: path[i]!, position: i + 1, total: path.length };
}

/** Position of a question on the respondent's current path. */
export function pathPosition(
  visit: Visit,
  questionId: string,
): { position: number; total: number } | undefined {
  const path = surveyPath(visit.survey.definition, visit.answers, visit.ctx).questions;
  const i = path.findIndex((q) => q.id === questionId);
  return i < 0 ? undefined : { position: i + 1, total: path.length };
}

/** Contact attributes the definition reads (in conditions or piping): the only ones a page may see. */
export function referencedAttributes(
  def: SurveyDefinition,
  attributes: Record<string, unknown>,
): Record<string, unknown> {
  const json = JSON.stringify(def);
  const names = new Set<string>();
  for (const m of json.matchAll(/"attribute":"([^"]+)"|\{\{\s*attribute\.([a-zA-Z][a-zA-Z0-9_-]*)/g))
    names.add((m[1] ?? m[2])!);
  return Object.fromEntries(Object.entries(attributes).filter(([k]) => names.has(k)));
}

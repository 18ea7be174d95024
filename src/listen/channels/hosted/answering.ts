// Answering on the hosted page: one step at a time, partial answers from the page's script, a first
// answer from an email, and completion through the one intake path.
import type { Sql } from '../../../platform/db/index.js';
import { ConflictError, type InvalidParam, ValidationError } from '../../../platform/errors/index.js';
import { LIMITS } from '../../../shared/limits.js';
import { redactIntakeAnswers } from '../../../understand/comments/index.js';
import { submitResponse } from '../../responses/index.js';
import { type Answers, type Question, surveyPath } from '../../surveys/index.js';
import { currentQuestion } from './path.js';
import { completeSession, saveSession } from './queries/sessions.js';
import { checkStep } from './render.js';
import { openVisit, type Visit } from './visits.js';

async function save(sql: Sql, visit: Visit): Promise<void> {
  const size = Buffer.byteLength(JSON.stringify(visit.answers));
  if (size > LIMITS.publicBodyBytes) {
    throw new ValidationError('The answers are too large', [
      { name: 'answers', reason: `at most ${LIMITS.publicBodyBytes} bytes` },
    ]);
  }
  const s = visit.survey;
  await saveSession(sql, {
    orgId: s.orgId,
    surveyId: s.id,
    key: visit.key,
    contactId: visit.contactId ?? null,
    language: visit.lang,
    answers: visit.answers,
    // Personal data in saved answers is redacted at intake, as in completed responses.
    redacted: redactIntakeAnswers(visit.answers),
    done: visit.done,
  });
}

/** Outcome of answering a step. */
export type StepOutcome =
  | { kind: 'invalid'; question: Question; value: unknown; problems: { name?: string; reason: string }[] }
  | { kind: 'saved' }
  | { kind: 'completed' }
  | { kind: 'already' };

/**
 * Answer one question (the no-JavaScript path): check it, save it with the others, and complete the
 * response after the last question. `back` un-passes the previous question instead.
 */
export async function answerStep(
  sql: Sql,
  visit: Visit,
  questionId: string,
  value: unknown,
  nav: 'next' | 'back',
): Promise<StepOutcome> {
  if (visit.completed) return { kind: 'already' };
  const path = surveyPath(visit.survey.definition, visit.answers, visit.ctx).questions;
  const at = path.findIndex((q) => q.id === questionId);
  const question = path[at];
  if (!question) throw new ConflictError('That question is no longer on your path; reload the page');
  if (nav === 'back') {
    const prev = path[at - 1];
    visit.done = visit.done.filter((id) => id !== prev?.id && id !== questionId);
    await save(sql, visit);
    return { kind: 'saved' };
  }
  const problems = checkStep(question, value);
  if (problems.length > 0) return { kind: 'invalid', question, value, problems };
  if (value === undefined) delete visit.answers[questionId];
  else visit.answers[questionId] = value;
  if (!visit.done.includes(questionId)) visit.done.push(questionId);
  await save(sql, visit);
  if (currentQuestion(visit)) return { kind: 'saved' };
  try {
    return await complete(sql, visit);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    // The whole response broke a rule (a survey edited mid-way, say): reopen the first question named.
    const first = err.invalidParams.map((p) => /^answers\.([^.]+)(?:\.(.+))?$/.exec(p.name)).find(Boolean);
    const q = visit.survey.definition.questions.find((x) => x.id === first?.[1]);
    if (!q) throw err;
    visit.done = visit.done.filter((id) => id !== q.id);
    await save(sql, visit);
    const problems = err.invalidParams
      .filter((p) => p.name === `answers.${q.id}` || p.name.startsWith(`answers.${q.id}.`))
      .map((p) => {
        const sub = p.name.slice(`answers.${q.id}.`.length);
        return p.name === `answers.${q.id}` ? { reason: p.reason } : { name: sub, reason: p.reason };
      });
    return { kind: 'invalid', question: q, value: visit.answers[q.id], problems };
  }
}

/**
 * Save partial answers sent by the page's script (the question in progress included). Every given answer
 * is checked; unknown questions are refused.
 */
export async function savePartial(sql: Sql, visit: Visit, answers: Answers, done: string[]): Promise<void> {
  if (visit.completed) throw new ConflictError('This survey has already been answered');
  const byId = new Map(visit.survey.definition.questions.map((q) => [q.id, q]));
  const problems: InvalidParam[] = [];
  for (const id of Object.keys(answers)) {
    if (!byId.has(id)) problems.push({ name: `answers.${id}`, reason: 'is not a question of this survey' });
  }
  for (const id of done)
    if (!byId.has(id)) problems.push({ name: 'done', reason: `"${id}" is not a question` });
  if (problems.length > 0) throw new ValidationError('Some answers are invalid', problems);
  // Partial answers are kept as given (even half-filled pairs); completion checks them all.
  visit.answers = Object.fromEntries(
    Object.entries(answers).filter(([, v]) => v !== null && v !== undefined),
  );
  visit.done = [...new Set(done)];
  await save(sql, visit);
}

/**
 * Complete the visit: submit the answers on the respondent's path through the one intake path, once per
 * session or personal token (the session key is the idempotency key). Throws ValidationError naming each
 * bad answer; the saved answers stay.
 */
export async function complete(sql: Sql, visit: Visit): Promise<{ kind: 'completed' } | { kind: 'already' }> {
  const s = visit.survey;
  if (s.status !== 'live') throw new ConflictError('This survey is not open for answers');
  const onPath = new Set(surveyPath(s.definition, visit.answers, visit.ctx).questions.map((q) => q.id));
  const answers = Object.fromEntries(Object.entries(visit.answers).filter(([k]) => onPath.has(k)));
  const { response, duplicate } = await submitResponse(sql, s.orgId, s.id, {
    answers,
    contact: visit.contactId ? { id: visit.contactId } : undefined,
    channel: visit.channel,
    language: visit.lang,
    metadata: {},
    idempotencyKey: `hosted:${visit.key}`,
  });
  await completeSession(sql, { orgId: s.orgId, surveyId: s.id, key: visit.key, responseId: response.id });
  visit.completed = true;
  return duplicate ? { kind: 'already' } : { kind: 'completed' };
}

/**
 * Record a first answer for a personal token before the page opens (an answer clicked in an email):
 * the page then resumes at the next question. Returns false when the token is invalid or already used.
 */
export async function prefillPersonalAnswer(
  sql: Sql,
  input: { surveyId: string; personalToken: string; questionId: string; value: unknown },
): Promise<boolean> {
  const { visit } = await openVisit(sql, { surveyId: input.surveyId, personalToken: input.personalToken });
  if (visit.completed) return false;
  const q = visit.survey.definition.questions.find((x) => x.id === input.questionId);
  if (!q || checkStep(q, input.value).length > 0) return false;
  visit.answers[q.id] = input.value;
  if (!visit.done.includes(q.id)) visit.done.push(q.id);
  await save(sql, visit);
  return true;
}

// Intake of one survey response: validate against the survey's version, store the response and its
// feedback record (through the group writer when submissions arrive together).
import { noteRowsWritten, type Sql, type TransactionSql } from '../../platform/db/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors/index.js';
import { enqueueEnrichment, redactIntakeAnswers, redactIntakeText } from '../../understand/comments/index.js';
import { checkAttributes } from '../contacts/index.js';
import { announceFeedback } from '../feedback/stream.js';
import { checkAnswers, extractMeasures, readsAttributes } from '../surveys/index.js';
import { insertResponse } from './queries/insert-response.js';
import {
  contactExists,
  selectContactAttributes,
  selectResponse,
  selectResponseByKey,
} from './queries/select-response.js';
import { loadSurvey } from './survey.js';
import type { ResponseInput, StoredResponse, SurveyRow } from './types.js';
import { groupWriter } from './writer.js';

// The tables a stored response writes (see noteRowsWritten).
const WRITTEN = ['responses', 'feedback'] as const;
const WRITTEN_WITH_CONTACT = ['responses', 'feedback', 'contacts'] as const;

/** The contact's attributes as the survey's rules will see them: stored ones, overlaid by those given. */
async function contactAttributes(
  sql: Sql,
  orgId: string,
  contact: ResponseInput['contact'],
): Promise<Record<string, unknown>> {
  if (!contact) return {};
  const stored = await selectContactAttributes(sql, orgId, contact);
  const given = 'id' in contact ? {} : (contact.attributes ?? {});
  return { ...(stored ?? {}), ...given };
}

/**
 * Check a response against the survey (the cached definition unless `fresh`; a refusal is always
 * judged on the current one): live, answers valid on the respondent's path (with the contact's
 * attributes where the survey's rules read them), contact attributes of the declared types.
 */
async function checkResponse(
  sql: Sql,
  orgId: string,
  surveyId: string,
  input: ResponseInput,
  fresh: boolean,
): Promise<SurveyRow> {
  const check = async (survey: SurveyRow) =>
    checkAnswers(survey.definition, input.answers, {
      attributes: readsAttributes(survey.definition)
        ? await contactAttributes(sql, orgId, input.contact)
        : undefined,
    });
  let survey = await loadSurvey(sql, orgId, surveyId, fresh);
  let problems = await check(survey);
  if (!fresh && (survey.status !== 'live' || problems.length > 0)) {
    survey = await loadSurvey(sql, orgId, surveyId, true);
    problems = await check(survey);
  }
  if (survey.status !== 'live') {
    throw new ConflictError(`Survey ${surveyId} is ${survey.status} and does not accept responses`);
  }
  if (problems.length > 0) throw new ValidationError('Some answers are invalid', problems);
  const contact = input.contact;
  if (contact && !('id' in contact) && contact.attributes && Object.keys(contact.attributes).length > 0) {
    const attributeProblems = await checkAttributes(sql, orgId, contact.attributes);
    if (attributeProblems.length > 0) {
      throw new ValidationError(
        'Some contact attributes have the wrong type',
        attributeProblems.map((p) => ({ ...p, name: `contact.${p.name}` })),
      );
    }
  }
  return survey;
}

/**
 * Store a response to a live survey. Answers are checked against the survey's current version
 * (with the contact's attributes where its rules read them); the response is then written with the
 * other submissions of the moment by one transaction (see writer.ts), and the call returns after
 * that transaction committed, so an acknowledged response is durable. A repeated idempotency key
 * returns the first response (`duplicate: true`).
 */
export async function submitResponse(
  sql: Sql,
  orgId: string,
  surveyId: string,
  input: ResponseInput,
): Promise<{ response: StoredResponse; duplicate: boolean }> {
  // Inside the caller's transaction there is nothing to group with.
  if ('savepoint' in sql) return submitAlone(sql, orgId, surveyId, input);
  await checkResponse(sql, orgId, surveyId, input, false);
  const outcome = await groupWriter(sql, submitAlone, findByIdempotencyKey).submit(orgId, surveyId, input);
  if (!outcome.duplicate) {
    // Every channel's responses reach the live feed at once (after commit).
    announceFeedback(sql, orgId, [outcome.response.feedbackId]);
    noteRowsWritten(sql, input.contact ? WRITTEN_WITH_CONTACT : WRITTEN, 1);
  }
  return outcome;
}

/**
 * Store one response by one SQL statement (one round trip, atomic): the contact, the response and
 * its feedback record.
 */
async function submitAlone(
  sql: Sql,
  orgId: string,
  surveyId: string,
  input: ResponseInput,
  checked = false,
): Promise<{ response: StoredResponse; duplicate: boolean }> {
  const contact = input.contact;
  for (let attempt = 0; attempt < 2; attempt++) {
    // A response checked a moment ago is written on the cached definition: the statement itself
    // re-checks that the survey is still live at that version.
    const survey =
      checked && attempt === 0
        ? await loadSurvey(sql, orgId, surveyId, false)
        : await checkResponse(sql, orgId, surveyId, input, attempt > 0);
    const m = extractMeasures(survey.definition, input.answers);
    const touchpointId = input.touchpointId ?? survey.touchpointId;
    const metadata = input.metadata ?? {};
    // Personal data is redacted before anything is written (and so streamed or queued); the
    // original is kept aside only where the organisation keeps originals.
    const comment = redactIntakeText(m.text);
    const redactedAnswers = redactIntakeAnswers(input.answers);
    let rows: StoredResponse[];
    try {
      rows = await insertResponse(sql, orgId, {
        surveyId,
        version: survey.version,
        input,
        touchpointId,
        metadata,
        redactedAnswers,
        measures: m,
        comment,
      });
    } catch (err) {
      const e = err as { code?: string; constraint_name?: string };
      if (e.code === '23503' && e.constraint_name?.includes('touchpoint')) {
        throw new ValidationError('Unknown touchpoint', [
          { name: 'touchpointId', reason: 'no such touchpoint in this organisation' },
        ]);
      }
      if (e.code === '23505' && e.constraint_name === 'contacts_email_key') {
        throw new ConflictError('Another contact already has this email', [
          { name: 'contact.email', reason: 'already used by another contact' },
        ]);
      }
      throw err;
    }
    const row = rows[0];
    if (row) {
      // Comments are enriched (language, PII redaction, sentiment, themes) by a background job.
      if (m.text) await enqueueEnrichment(sql, orgId, [row.feedbackId]);
      return { response: row, duplicate: false };
    }
    // Nothing was written: a repeated idempotency key, an unknown contact, or a survey that changed.
    if (input.idempotencyKey) {
      const prior = await findByIdempotencyKey(sql, orgId, surveyId, input.idempotencyKey);
      if (prior) return { response: prior, duplicate: true };
    }
    if (contact && 'id' in contact) {
      if (!(await contactExists(sql, orgId, contact.id))) {
        throw new ValidationError('Unknown contact', [
          { name: 'contact.id', reason: 'no such contact in this organisation' },
        ]);
      }
    }
    // The cached survey was stale (closed or edited since): look again once.
  }
  throw new ConflictError(`Survey ${surveyId} changed while the response was being stored; please retry`);
}

async function findByIdempotencyKey(
  tx: Sql | TransactionSql,
  orgId: string,
  surveyId: string,
  key: string,
): Promise<StoredResponse | undefined> {
  return selectResponseByKey(tx, orgId, surveyId, key);
}

/** Get a response, or not found. */
export async function getResponse(sql: Sql, orgId: string, responseId: string): Promise<StoredResponse> {
  const r = await selectResponse(sql, orgId, responseId);
  if (!r) throw new NotFoundError(`Response ${responseId} not found`);
  return r;
}

// Intake of one survey response: validate against the survey's version, store the response and its
// feedback record (through the group writer when submissions arrive together).
import { noteRowsWritten, type Sql, type TransactionSql } from '../../platform/db/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors/index.js';
import {
  enqueueEnrichment,
  keepsOriginalSql,
  redactIntakeAnswers,
  redactIntakeText,
} from '../../understand/comments/index.js';
import { checkAttributes } from '../contacts/index.js';
import { announceFeedback } from '../feedback/stream.js';
import { checkAnswers, extractMeasures, readsAttributes } from '../surveys/index.js';
import { loadSurvey } from './survey.js';
import type { ResponseInput, StoredResponse, SurveyRow } from './types.js';
import { groupWriter } from './writer.js';

// The tables a stored response writes (see noteRowsWritten).
const WRITTEN = ['responses', 'feedback'] as const;
const WRITTEN_WITH_CONTACT = ['responses', 'feedback', 'contacts'] as const;

const RETURNING = (sql: Sql) => sql`
  id, survey_id as "surveyId", survey_version as "surveyVersion", contact_id as "contactId",
  touchpoint_id as "touchpointId", channel, answers, metadata, language, started_at as "startedAt",
  submitted_at as "submittedAt"`;

function contactSource(sql: Sql, orgId: string, contact: ResponseInput['contact']) {
  if (contact && 'id' in contact) {
    return sql`select id, attributes from contacts where org_id = ${orgId} and id = ${contact.id}`;
  }
  if (contact && (contact.externalId || contact.email)) {
    const email = contact.email?.toLowerCase() ?? null;
    const target = contact.externalId
      ? sql`(org_id, external_id)`
      : sql`(org_id, email) where email is not null`;
    return sql`insert into contacts (org_id, external_id, email, name, attributes)
      values (${orgId}, ${contact.externalId ?? null}, ${email}, ${contact.name ?? null}, ${sql.json((contact.attributes ?? {}) as never)})
      on conflict ${target} do update set
        attributes = contacts.attributes || excluded.attributes,
        name = coalesce(excluded.name, contacts.name), updated_at = now()
      returning id, attributes`;
  }
  return sql`select null::uuid as id, '{}'::jsonb as attributes`;
}

/** The contact's attributes as the survey's rules will see them: stored ones, overlaid by those given. */
async function contactAttributes(
  sql: Sql,
  orgId: string,
  contact: ResponseInput['contact'],
): Promise<Record<string, unknown>> {
  if (!contact) return {};
  const where =
    'id' in contact
      ? sql`id = ${contact.id}`
      : contact.externalId
        ? sql`external_id = ${contact.externalId}`
        : contact.email
          ? sql`email = ${contact.email.toLowerCase()}`
          : undefined;
  const [row] = where
    ? await sql<{ attributes: Record<string, unknown> }[]>`
        select attributes from contacts where org_id = ${orgId} and ${where}`
    : [];
  const given = 'id' in contact ? {} : (contact.attributes ?? {});
  return { ...(row?.attributes ?? {}), ...given };
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
    const answers = redactedAnswers
      ? sql`case when ${keepsOriginalSql(sql, orgId)} then ${sql.json(input.answers as never)}::jsonb else ${sql.json(redactedAnswers as never)}::jsonb end`
      : sql`${sql.json(input.answers as never)}::jsonb`;
    let rows: Array<Omit<StoredResponse, 'feedbackId'> & { feedbackId: string }>;
    try {
      rows = await sql<Array<Omit<StoredResponse, 'feedbackId'> & { feedbackId: string }>>`
        with live as (
          select 1 from surveys where org_id = ${orgId} and id = ${surveyId} and status = 'live' and current_version = ${survey.version}
        ), c as (${contactSource(sql, orgId, contact)}),
        place as (
          select journey_id, stage_id from touchpoints where org_id = ${orgId} and id = ${touchpointId}
        ), r as (
          insert into responses (org_id, survey_id, survey_version, contact_id, touchpoint_id, channel, answers, metadata,
            language, started_at, submitted_at, idempotency_key)
          select ${orgId}, ${surveyId}, ${survey.version}, (select id from c), ${touchpointId}, ${input.channel},
            ${answers}, ${sql.json(metadata as never)}, ${input.language ?? null},
            ${input.startedAt ?? null}, ${input.submittedAt ?? sql`now()`}, ${input.idempotencyKey ?? null}
          where exists (select 1 from live) and exists (select 1 from c)
          on conflict do nothing
          returning ${RETURNING(sql)}
        ), f as (
          insert into feedback (org_id, source, source_id, response_id, survey_id, contact_id, journey_id, stage_id,
            touchpoint_id, channel, occurred_at, nps, csat, ces, rating, rating_scale, text, text_original, language,
            attributes, metadata)
          select ${orgId}, 'survey', r.id::text, r.id, ${surveyId}, r."contactId", (select journey_id from place),
            (select stage_id from place), r."touchpointId", r.channel, r."submittedAt", ${m.nps}, ${m.csat}, ${m.ces},
            ${m.rating}, ${m.ratingScale}, ${comment.text},
            case when ${keepsOriginalSql(sql, orgId)} then ${comment.original}::text end,
            ${input.language ?? null}, coalesce((select attributes from c), '{}'),
            ${sql.json(metadata as never)}
          from r
          returning id
        )
        select r.*, (select id from f) as "feedbackId" from r`;
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
      const known = await sql`select 1 from contacts where org_id = ${orgId} and id = ${contact.id}`;
      if (known.length === 0) {
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
  const [prior] = await tx<StoredResponse[]>`
    select r.id, r.survey_id as "surveyId", r.survey_version as "surveyVersion", r.contact_id as "contactId",
      r.touchpoint_id as "touchpointId", r.channel, r.answers, r.metadata, r.language, r.started_at as "startedAt",
      r.submitted_at as "submittedAt", f.id as "feedbackId"
    from responses r join feedback f on f.org_id = r.org_id and f.response_id = r.id
    where r.org_id = ${orgId} and r.survey_id = ${surveyId} and r.idempotency_key = ${key}`;
  return prior;
}

/** Get a response, or not found. */
export async function getResponse(sql: Sql, orgId: string, responseId: string): Promise<StoredResponse> {
  const [r] = await sql<StoredResponse[]>`
    select r.id, r.survey_id as "surveyId", r.survey_version as "surveyVersion", r.contact_id as "contactId",
      r.touchpoint_id as "touchpointId", r.channel, r.answers, r.metadata, r.language, r.started_at as "startedAt",
      r.submitted_at as "submittedAt", f.id as "feedbackId"
    from responses r join feedback f on f.org_id = r.org_id and f.response_id = r.id
    where r.org_id = ${orgId} and r.id = ${responseId}`;
  if (!r) throw new NotFoundError(`Response ${responseId} not found`);
  return r;
}

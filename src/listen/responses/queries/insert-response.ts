// Statement: one response with its contact and feedback record, in one round trip.
import type { Sql } from '../../../platform/db/index.js';
import type { Measures } from '../../../shared/api/listen.js';
import { keepsOriginalSql } from '../../../understand/comments/index.js';
import type { ResponseInput, StoredResponse } from '../types.js';

/** The columns of a stored response (without its feedback id). */
export const RESPONSE_COLUMNS = (sql: Sql) => sql`
  id, survey_id as "surveyId", survey_version as "surveyVersion", contact_id as "contactId",
  touchpoint_id as "touchpointId", channel, answers, metadata, language, started_at as "startedAt",
  submitted_at as "submittedAt"`;

/** The respondent's contact row (id, attributes): found by id, upserted by external id or email, or none. */
export function contactSource(sql: Sql, orgId: string, contact: ResponseInput['contact']) {
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

/** A response ready to store: its survey version, measures and the redacted texts. */
export interface ResponseRow {
  surveyId: string;
  version: number;
  input: ResponseInput;
  touchpointId: string | null;
  metadata: Record<string, unknown>;
  /** The answers with personal data redacted; null when nothing needed redacting. */
  redactedAnswers: Record<string, unknown> | null;
  measures: Measures;
  comment: { text: string | null; original: string | null };
}

/**
 * Insert the contact (when given by external id or email), the response and its feedback record,
 * only while the survey is still live at the version checked. Empty when nothing was written (a
 * repeated idempotency key, an unknown contact, a survey that changed). Originals are kept only where
 * the organisation keeps them.
 */
export async function insertResponse(
  sql: Sql,
  orgId: string,
  r: ResponseRow,
): Promise<Array<StoredResponse>> {
  const { input, measures: m, comment, metadata, surveyId, touchpointId } = r;
  const answers = r.redactedAnswers
    ? sql`case when ${keepsOriginalSql(sql, orgId)} then ${sql.json(input.answers as never)}::jsonb else ${sql.json(r.redactedAnswers as never)}::jsonb end`
    : sql`${sql.json(input.answers as never)}::jsonb`;
  return sql<StoredResponse[]>`
    with live as (
      select 1 from surveys where org_id = ${orgId} and id = ${surveyId} and status = 'live' and current_version = ${r.version}
    ), c as (${contactSource(sql, orgId, input.contact)}),
    place as (
      select journey_id, stage_id from touchpoints where org_id = ${orgId} and id = ${touchpointId}
    ), r as (
      insert into responses (org_id, survey_id, survey_version, contact_id, touchpoint_id, channel, answers, metadata,
        language, started_at, submitted_at, idempotency_key)
      select ${orgId}, ${surveyId}, ${r.version}, (select id from c), ${touchpointId}, ${input.channel},
        ${answers}, ${sql.json(metadata as never)}, ${input.language ?? null},
        ${input.startedAt ?? null}, ${input.submittedAt ?? sql`now()`}, ${input.idempotencyKey ?? null}
      where exists (select 1 from live) and exists (select 1 from c)
      on conflict do nothing
      returning ${RESPONSE_COLUMNS(sql)}
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
}

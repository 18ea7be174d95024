// Statements of batch intake: the valid responses of a batch with their feedback records in one
// statement, and the responses already stored under idempotency keys.
import type { Sql } from '../../../platform/db/index.js';
import { keepsOriginalSql } from '../../../understand/comments/index.js';

/** One response of a batch, ready to store (snake_case, as the statement reads it). */
export interface ResponseBatchRow {
  id: string;
  contact_id: string | null;
  touchpoint_id: string | null;
  channel: string;
  answers: Record<string, unknown>;
  /** The answers with personal data redacted, where they had any. */
  answers_redacted: Record<string, unknown> | null;
  metadata: Record<string, unknown>;
  language: string | null;
  started_at: string | null;
  submitted_at: string | null;
  idempotency_key: string | null;
  nps: number | null;
  csat: number | null;
  ces: number | null;
  rating: number | null;
  rating_scale: number | null;
  /** The comment, redacted. */
  text: string | null;
  /** The comment as given (stored only where the organisation keeps originals). */
  text_original: string | null;
  attributes: Record<string, unknown>;
}

/** What the insert returns per stored response. */
export interface InsertedResponse {
  id: string;
  feedbackId: string;
  submittedAt: Date;
  answers: Record<string, unknown>;
}

/**
 * Insert the rows as responses to the survey at `version` (only while it is still live at that
 * version) with their feedback records; a repeated idempotency key is skipped. Originals of redacted
 * texts are kept only where the organisation keeps them.
 */
export async function insertResponseRows(
  sql: Sql,
  orgId: string,
  surveyId: string,
  version: number,
  rows: ResponseBatchRow[],
): Promise<InsertedResponse[]> {
  return sql<InsertedResponse[]>`
    with keep as (select ${keepsOriginalSql(sql, orgId)} as original), input as (
      select * from jsonb_to_recordset(${sql.json(rows as never)}::jsonb) as x(
        id uuid, contact_id uuid, touchpoint_id uuid, channel text, answers jsonb, answers_redacted jsonb,
        metadata jsonb, language text, started_at timestamptz, submitted_at timestamptz, idempotency_key text,
        nps smallint, csat smallint, ces smallint, rating real, rating_scale smallint, text text,
        text_original text, attributes jsonb)
    ), r as (
      insert into responses (org_id, id, survey_id, survey_version, contact_id, touchpoint_id, channel,
        answers, metadata, language, started_at, submitted_at, idempotency_key)
      select ${orgId}, id, ${surveyId}, ${version}, contact_id, touchpoint_id, channel,
        case when (select original from keep) then answers else coalesce(answers_redacted, answers) end,
        metadata, language, started_at, coalesce(submitted_at, now()), idempotency_key
      from input
      where exists (select 1 from surveys where org_id = ${orgId} and id = ${surveyId}
        and status = 'live' and current_version = ${version})
      on conflict do nothing
      returning id, touchpoint_id, contact_id, channel, submitted_at, answers
    ), f as (
      insert into feedback (org_id, source, source_id, response_id, survey_id, contact_id, journey_id,
        stage_id, touchpoint_id, channel, occurred_at, nps, csat, ces, rating, rating_scale, text,
        text_original, language, attributes, metadata)
      select ${orgId}, 'survey', r.id::text, r.id, ${surveyId}, r.contact_id, t.journey_id, t.stage_id,
        r.touchpoint_id, r.channel, r.submitted_at, i.nps, i.csat, i.ces, i.rating, i.rating_scale,
        i.text, case when (select original from keep) then i.text_original end, i.language,
        coalesce(i.attributes, '{}'), i.metadata
      from r join input i on i.id = r.id
        left join touchpoints t on t.org_id = ${orgId} and t.id = r.touchpoint_id
      returning id, response_id, occurred_at
    )
    select f.response_id as id, f.id as "feedbackId", f.occurred_at as "submittedAt", r.answers
    from f join r on r.id = f.response_id`;
}

/** The responses to the survey stored under these idempotency keys, with their feedback ids. */
export async function selectResponseIdsByKeys(
  sql: Sql,
  orgId: string,
  surveyId: string,
  keys: string[],
): Promise<{ key: string; id: string; feedbackId: string | null }[]> {
  return sql<{ key: string; id: string; feedbackId: string | null }[]>`
    select r.idempotency_key as key, r.id, f.id as "feedbackId"
    from responses r left join feedback f on f.org_id = r.org_id and f.response_id = r.id
    where r.org_id = ${orgId} and r.survey_id = ${surveyId}
      and r.idempotency_key = any(${keys}::text[])`;
}

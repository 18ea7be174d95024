// Batch intake of survey responses: up to 1,000 at once, each checked on its own, the valid ones
// written by one statement (responses and their feedback records together), with per-item results.
import { randomUUID } from 'node:crypto';
import { noteRowsWritten, type Sql } from '../../platform/db/index.js';
import { ConflictError, type InvalidParam } from '../../platform/errors/index.js';
import {
  enqueueEnrichment,
  keepsOriginalSql,
  redactIntakeAnswers,
  redactIntakeText,
} from '../../understand/comments/index.js';
import { resolveContacts } from '../contacts/index.js';
import { announceFeedback } from '../feedback/stream.js';
import { findKnownTouchpoints } from '../journeys/index.js';
import { checkAnswers, extractMeasures, readsAttributes } from '../surveys/index.js';
import { loadSurvey } from './survey.js';
import type { ResponseInput, StoredResponse } from './types.js';

/** What happened to one item of a batch, by its index in the request. */
export type BatchItemResult =
  | { index: number; status: 'created' | 'duplicate'; id: string; feedbackId: string | null }
  | { index: number; status: 'invalid'; errors: InvalidParam[] };

interface Row {
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

/** How a batch is written. */
export interface WriteOptions {
  /** The pool, when `sql` is a transaction: enrichment jobs are enqueued through its job queue. */
  root?: Sql | undefined;
  /**
   * Check against the briefly cached definition (callers that just checked each item on it). The
   * insert still writes only while the survey is live at that version; if it changed, the batch
   * fails with a conflict and nothing is written.
   */
  cached?: boolean | undefined;
  /** Refuse contacts whose email another contact has (see resolveContacts) instead of storing them without. */
  refuseTakenEmails?: boolean | undefined;
}

/** `submitResponses` inside the caller's transaction (imports write many batches in one). */
export async function submitResponsesIn(
  sql: Sql,
  orgId: string,
  surveyId: string,
  items: ResponseInput[],
  opts: WriteOptions = {},
): Promise<BatchItemResult[]> {
  return (await writeResponses(sql, orgId, surveyId, items, opts)).results;
}

/**
 * Write a batch inside the caller's transaction: the per-item results, and each created response
 * as stored (by index).
 */
export async function writeResponses(
  sql: Sql,
  orgId: string,
  surveyId: string,
  items: ResponseInput[],
  opts: WriteOptions = {},
): Promise<{ results: BatchItemResult[]; stored: Array<StoredResponse | undefined> }> {
  const survey = await loadSurvey(sql, orgId, surveyId, !opts.cached);
  if (survey.status !== 'live') {
    throw new ConflictError(`Survey ${surveyId} is ${survey.status} and does not accept responses`);
  }
  const results: BatchItemResult[] = new Array(items.length);
  const knownTouchpoints = await findKnownTouchpoints(
    sql,
    orgId,
    items.map((i) => i.touchpointId),
  );
  const candidates: number[] = [];
  // Where the survey's rules read contact attributes, the answers are checked once the contacts (and
  // so their stored attributes) are known, below: which questions were shown depends on them.
  const byAttributes = readsAttributes(survey.definition);
  items.forEach((item, index) => {
    const errors = byAttributes ? [] : checkAnswers(survey.definition, item.answers);
    if (item.touchpointId && !knownTouchpoints.has(item.touchpointId)) {
      errors.push({ name: 'touchpointId', reason: 'no such touchpoint in this organisation' });
    }
    if (errors.length > 0) results[index] = { index, status: 'invalid', errors };
    else candidates.push(index);
  });

  const contacts = await resolveContacts(
    sql,
    orgId,
    candidates.map((i) => items[i]!.contact),
    { refuseTakenEmails: opts.refuseTakenEmails },
  );
  const rows: Row[] = [];
  const rowIndex = new Map<string, number>();
  candidates.forEach((index, k) => {
    const item = items[index]!;
    const c = contacts[k]!;
    if (!c.ok) {
      results[index] = { index, status: 'invalid', errors: c.problems };
      return;
    }
    if (byAttributes) {
      const errors = checkAnswers(survey.definition, item.answers, { attributes: c.attributes });
      if (errors.length > 0) {
        results[index] = { index, status: 'invalid', errors };
        return;
      }
    }
    const m = extractMeasures(survey.definition, item.answers);
    // Personal data is redacted before anything is written (and so streamed or queued).
    const comment = redactIntakeText(m.text);
    const id = randomUUID();
    rowIndex.set(id, index);
    rows.push({
      id,
      contact_id: c.id,
      touchpoint_id: item.touchpointId ?? survey.touchpointId,
      channel: item.channel,
      answers: item.answers,
      answers_redacted: redactIntakeAnswers(item.answers),
      metadata: item.metadata ?? {},
      language: item.language ?? null,
      started_at: item.startedAt ? item.startedAt.toISOString() : null,
      submitted_at: item.submittedAt ? item.submittedAt.toISOString() : null,
      idempotency_key: item.idempotencyKey ?? null,
      nps: m.nps,
      csat: m.csat,
      ces: m.ces,
      rating: m.rating,
      rating_scale: m.ratingScale,
      text: comment.text,
      text_original: comment.original,
      attributes: c.attributes,
    });
  });
  const stored: Array<StoredResponse | undefined> = new Array(items.length);
  if (rows.length === 0) return { results, stored };
  const inserted = await sql<
    { id: string; feedbackId: string; submittedAt: Date; answers: Record<string, unknown> }[]
  >`
    with keep as (select ${keepsOriginalSql(sql, orgId)} as original), input as (
      select * from jsonb_to_recordset(${sql.json(rows as never)}::jsonb) as x(
        id uuid, contact_id uuid, touchpoint_id uuid, channel text, answers jsonb, answers_redacted jsonb,
        metadata jsonb, language text, started_at timestamptz, submitted_at timestamptz, idempotency_key text,
        nps smallint, csat smallint, ces smallint, rating real, rating_scale smallint, text text,
        text_original text, attributes jsonb)
    ), r as (
      insert into responses (org_id, id, survey_id, survey_version, contact_id, touchpoint_id, channel,
        answers, metadata, language, started_at, submitted_at, idempotency_key)
      select ${orgId}, id, ${surveyId}, ${survey.version}, contact_id, touchpoint_id, channel,
        case when (select original from keep) then answers else coalesce(answers_redacted, answers) end,
        metadata, language, started_at, coalesce(submitted_at, now()), idempotency_key
      from input
      where exists (select 1 from surveys where org_id = ${orgId} and id = ${surveyId}
        and status = 'live' and current_version = ${survey.version})
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
  const rowById = new Map(rows.map((r) => [r.id, r]));
  for (const r of inserted) {
    const index = rowIndex.get(r.id)!;
    results[index] = { index, status: 'created', id: r.id, feedbackId: r.feedbackId };
    const row = rowById.get(r.id)!;
    stored[index] = {
      id: r.id,
      surveyId,
      surveyVersion: survey.version,
      contactId: row.contact_id,
      touchpointId: row.touchpoint_id,
      channel: row.channel,
      answers: r.answers,
      metadata: row.metadata,
      language: row.language,
      startedAt: items[index]!.startedAt ?? null,
      submittedAt: r.submittedAt,
      feedbackId: r.feedbackId,
    };
  }
  // Comments are enriched (language, PII redaction, sentiment, themes) by background jobs.
  const commented = new Set(rows.filter((r) => r.text).map((r) => r.id));
  await enqueueEnrichment(
    opts.root ?? sql,
    orgId,
    inserted.filter((r) => commented.has(r.id)).map((r) => r.feedbackId),
    opts.root ? { tx: sql } : {},
  );
  const missing = rows.filter((r) => !results[rowIndex.get(r.id)!]);
  if (missing.length > 0) {
    const keys = missing.map((r) => r.idempotency_key).filter((k): k is string => k !== null);
    const prior = new Map(
      (keys.length === 0
        ? []
        : await sql<{ key: string; id: string; feedbackId: string | null }[]>`
            select r.idempotency_key as key, r.id, f.id as "feedbackId"
            from responses r left join feedback f on f.org_id = r.org_id and f.response_id = r.id
            where r.org_id = ${orgId} and r.survey_id = ${surveyId}
              and r.idempotency_key = any(${keys}::text[])`
      ).map((p) => [p.key, p]),
    );
    for (const r of missing) {
      const index = rowIndex.get(r.id)!;
      const p = r.idempotency_key ? prior.get(r.idempotency_key) : undefined;
      if (!p) {
        throw new ConflictError(`Survey ${surveyId} changed while the batch was being stored; please retry`);
      }
      results[index] = { index, status: 'duplicate', id: p.id, feedbackId: p.feedbackId };
    }
  }
  return { results, stored };
}

/**
 * Store a batch of responses to one live survey. Invalid items are reported (index, field,
 * reason) and the rest are stored; an item whose idempotency key was seen before (in an earlier
 * call or earlier in this batch) is a `duplicate` naming the first response. The valid items are
 * written atomically in one transaction.
 */
export async function submitResponses(
  sql: Sql,
  orgId: string,
  surveyId: string,
  items: ResponseInput[],
): Promise<BatchItemResult[]> {
  const results = (await sql.begin((tx) =>
    submitResponsesIn(tx as unknown as Sql, orgId, surveyId, items, { root: sql }),
  )) as BatchItemResult[];
  // The new records reach the live feed at once (after commit).
  const created = results.flatMap((r) => (r.status === 'created' && r.feedbackId ? [r.feedbackId] : []));
  announceFeedback(sql, orgId, created);
  noteRowsWritten(sql, ['responses', 'feedback', 'contacts'], created.length);
  return results;
}

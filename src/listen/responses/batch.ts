// Batch intake of survey responses: up to 1,000 at once, each checked on its own, the valid ones
// written by one statement (responses and their feedback records together), with per-item results.
import { randomUUID } from 'node:crypto';
import { noteRowsWritten, type Sql } from '../../platform/db/index.js';
import { ConflictError, type InvalidParam } from '../../platform/errors/index.js';
import { enqueueEnrichment, redactIntakeAnswers, redactIntakeText } from '../../understand/comments/index.js';
import { resolveContacts } from '../contacts/index.js';
import { announceFeedback } from '../feedback/stream.js';
import { findKnownTouchpoints } from '../journeys/index.js';
import { checkAnswers, extractMeasures, readsAttributes } from '../surveys/index.js';
import {
  insertResponseRows,
  type ResponseBatchRow as Row,
  selectResponseIdsByKeys,
} from './queries/insert-responses.js';
import { loadSurvey } from './survey.js';
import type { ResponseInput, StoredResponse } from './types.js';

/** What happened to one item of a batch, by its index in the request. */
export type BatchItemResult =
  | { index: number; status: 'created' | 'duplicate'; id: string; feedbackId: string | null }
  | { index: number; status: 'invalid'; errors: InvalidParam[] };

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
  const inserted = await insertResponseRows(sql, orgId, surveyId, survey.version, rows);
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
      (keys.length === 0 ? [] : await selectResponseIdsByKeys(sql, orgId, surveyId, keys)).map((p) => [
        p.key,
        p,
      ]),
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

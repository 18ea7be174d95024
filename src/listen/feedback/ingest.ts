// Intake of feedback that is not a survey answer (reviews, tickets, social posts): one at a time
// or in batches, idempotent on (source, sourceId), ratings normalised to 0..1 with their scale kept.
import { randomUUID } from 'node:crypto';
import { noteRowsWritten, type Sql } from '../../platform/db/index.js';
import type { InvalidParam } from '../../platform/errors/index.js';
import { LIMITS } from '../../shared/limits.js';
import { enqueueEnrichment, keepsOriginalSql, redactIntakeText } from '../../understand/comments/index.js';
import { type ContactRef, resolveContacts } from '../contacts/index.js';
import { findKnownTouchpoints } from '../journeys/index.js';
import { insertFeedbackRows, selectFeedbackIdsBySource } from './queries/feedback.js';
import { announceFeedback } from './stream.js';

/** Where a feedback record came from. */
export type FeedbackSource = 'review' | 'ticket' | 'social' | 'api' | 'import';

/** A rating on its original scale, e.g. 4 on 1..5. */
export interface ScaledRating {
  value: number;
  min: number;
  max: number;
}

/** One feedback record as submitted or imported. */
export interface FeedbackInput {
  source: FeedbackSource;
  /** Its id at the source (review id, ticket number): the idempotency key within the source. */
  sourceId?: string | null | undefined;
  channel: string;
  occurredAt?: Date | null | undefined;
  text?: string | null | undefined;
  language?: string | null | undefined;
  nps?: number | null | undefined;
  csat?: number | null | undefined;
  ces?: number | null | undefined;
  rating?: ScaledRating | null | undefined;
  contact?: ContactRef | undefined;
  touchpointId?: string | null | undefined;
  metadata?: Record<string, unknown> | undefined;
}

/** What happened to one item, by its index in the batch. */
export type FeedbackItemResult =
  | { index: number; status: 'created' | 'duplicate'; id: string; sourceId: string }
  | { index: number; status: 'invalid'; errors: InvalidParam[] };

const intIn = (v: number, lo: number, hi: number) => Number.isInteger(v) && v >= lo && v <= hi;

/** Check one record's measures and text; each problem names its field. */
export function checkFeedback(item: FeedbackInput): InvalidParam[] {
  const problems: InvalidParam[] = [];
  if (item.nps != null && !intIn(item.nps, 0, 10))
    problems.push({ name: 'nps', reason: 'must be a whole number from 0 to 10' });
  if (item.csat != null && !intIn(item.csat, 1, 5))
    problems.push({ name: 'csat', reason: 'must be a whole number from 1 to 5' });
  if (item.ces != null && !intIn(item.ces, 1, 7))
    problems.push({ name: 'ces', reason: 'must be a whole number from 1 to 7' });
  if (item.rating) {
    const { value, min, max } = item.rating;
    if (!(Number.isFinite(min) && Number.isFinite(max) && max > min))
      problems.push({ name: 'rating.max', reason: 'the scale must have max > min' });
    else if (Math.abs(min) > 1_000_000 || Math.abs(max) > 1_000_000 || max - min > 1_000 || max - min < 1)
      problems.push({
        name: 'rating.max',
        reason: 'scales run over 1 to 1,000 points, within ±1,000,000',
      });
    else if (!(Number.isFinite(value) && value >= min && value <= max))
      problems.push({ name: 'rating.value', reason: `must be between ${min} and ${max}` });
  }
  if (item.text != null && item.text.length > LIMITS.commentLength)
    problems.push({ name: 'text', reason: `at most ${LIMITS.commentLength} characters` });
  if (item.sourceId != null && (item.sourceId.length < 1 || item.sourceId.length > 200))
    problems.push({ name: 'sourceId', reason: '1 to 200 characters' });
  if (item.occurredAt && Number.isNaN(item.occurredAt.getTime()))
    problems.push({ name: 'occurredAt', reason: 'is not a valid date' });
  const hasMeasure =
    item.nps != null || item.csat != null || item.ces != null || item.rating != null || !!item.text?.trim();
  if (!hasMeasure) problems.push({ name: 'text', reason: 'a record needs text or a score' });
  return problems;
}

/**
 * `ingestFeedback` inside the caller's transaction (imports write many batches in one); `root` is the
 * pool, through whose job queue the new comments' enrichment is enqueued in the same transaction.
 */
export async function ingestFeedbackIn(
  sql: Sql,
  orgId: string,
  items: FeedbackInput[],
  opts: { root?: Sql | undefined } = {},
): Promise<FeedbackItemResult[]> {
  const results: FeedbackItemResult[] = new Array(items.length);
  const known = await findKnownTouchpoints(
    sql,
    orgId,
    items.map((i) => i.touchpointId),
  );
  const candidates: number[] = [];
  items.forEach((item, index) => {
    const errors = checkFeedback(item);
    if (item.touchpointId && !known.has(item.touchpointId))
      errors.push({ name: 'touchpointId', reason: 'no such touchpoint in this organisation' });
    if (errors.length > 0) results[index] = { index, status: 'invalid', errors };
    else candidates.push(index);
  });
  const contacts = await resolveContacts(
    sql,
    orgId,
    candidates.map((i) => items[i]!.contact),
  );
  const rows: Array<Record<string, unknown>> = [];
  const byKey = new Map<string, number[]>();
  candidates.forEach((index, k) => {
    const item = items[index]!;
    const c = contacts[k]!;
    if (!c.ok) {
      results[index] = { index, status: 'invalid', errors: c.problems };
      return;
    }
    const sourceId = item.sourceId ?? randomUUID();
    const key = `${item.source}\u0000${sourceId}`;
    const seen = byKey.get(key);
    if (seen) {
      seen.push(index);
      return;
    }
    byKey.set(key, [index]);
    const r = item.rating;
    const metadata = { ...(item.metadata ?? {}) };
    if (r) metadata.ratingOriginal = { value: r.value, min: r.min, max: r.max };
    // Personal data is redacted before anything is written (and so streamed or queued).
    const comment = redactIntakeText(item.text?.trim() || null);
    rows.push({
      source: item.source,
      source_id: sourceId,
      contact_id: c.id,
      touchpoint_id: item.touchpointId ?? null,
      channel: item.channel,
      occurred_at: (item.occurredAt ?? new Date()).toISOString(),
      nps: item.nps ?? null,
      csat: item.csat ?? null,
      ces: item.ces ?? null,
      rating: r ? (r.value - r.min) / (r.max - r.min) : null,
      // the scale's number of points when it is whole (1..5 -> 5), as survey ratings record it
      rating_scale: r ? Math.max(2, Math.round(r.max - r.min + 1)) : null,
      text: comment.text,
      text_original: comment.original,
      language: item.language ?? null,
      attributes: c.attributes,
      metadata,
    });
  });
  if (rows.length === 0) return results;
  const inserted = await insertFeedbackRows(sql, orgId, rows, keepsOriginalSql(sql, orgId));
  // Comments are enriched (language, PII redaction, sentiment, themes) by background jobs.
  await enqueueEnrichment(
    opts.root ?? sql,
    orgId,
    inserted.filter((r) => r.hasText).map((r) => r.id),
    opts.root ? { tx: sql } : {},
  );
  const created = new Map(inserted.map((r) => [`${r.source}\u0000${r.sourceId}`, r.id]));
  const missing = [...byKey.keys()].filter((k) => !created.has(k));
  const prior = new Map<string, string>();
  if (missing.length > 0) {
    const sources = missing.map((k) => k.split('\u0000')[0]!);
    const ids = missing.map((k) => k.split('\u0000')[1]!);
    const rowsPrior = await selectFeedbackIdsBySource(sql, orgId, sources, ids);
    for (const r of rowsPrior) prior.set(`${r.source}\u0000${r.sourceId}`, r.id);
  }
  for (const [key, indexes] of byKey) {
    const sourceId = key.split('\u0000')[1]!;
    const first = created.get(key);
    indexes.forEach((index, n) => {
      if (first && n === 0) results[index] = { index, status: 'created', id: first, sourceId };
      else results[index] = { index, status: 'duplicate', id: first ?? prior.get(key)!, sourceId };
    });
  }
  return results;
}

/**
 * Store a batch of feedback records. Invalid items are reported and the rest stored, atomically,
 * in one statement; a (source, sourceId) seen before is a `duplicate` naming the first record.
 */
export async function ingestFeedback(
  sql: Sql,
  orgId: string,
  items: FeedbackInput[],
): Promise<FeedbackItemResult[]> {
  const results = (await sql.begin((tx) =>
    ingestFeedbackIn(tx as unknown as Sql, orgId, items, { root: sql }),
  )) as FeedbackItemResult[];
  // The new records reach the live feed at once (after commit).
  const created = results.flatMap((r) => (r.status === 'created' ? [r.id] : []));
  announceFeedback(sql, orgId, created);
  noteRowsWritten(sql, ['feedback', 'contacts'], created.length);
  return results;
}

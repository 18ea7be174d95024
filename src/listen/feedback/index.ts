// The unified feedback record: what analytics reads, whatever its source.
import type { Sql } from '../../platform/db/index.js';
import { ValidationError } from '../../platform/errors/index.js';
import type { Measures } from '../../shared/api/listen.js';
import { selectFeedbackPage } from './queries/feedback.js';

/** A feedback record. */
export interface Feedback extends Measures {
  id: string;
  source: string;
  sourceId: string;
  responseId: string | null;
  surveyId: string | null;
  contactId: string | null;
  journeyId: string | null;
  stageId: string | null;
  touchpointId: string | null;
  channel: string;
  occurredAt: Date;
  text: string | null;
  language: string | null;
  attributes: Record<string, unknown>;
  metadata: Record<string, unknown>;
  enrichment: Record<string, unknown> | null;
}

/** Filters for listing feedback. */
export interface FeedbackFilter {
  source?: string | undefined;
  surveyId?: string | undefined;
  touchpointId?: string | undefined;
  contactId?: string | undefined;
  journeyId?: string | undefined;
  channel?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  hasText?: boolean | undefined;
  limit: number;
  cursor?: string | undefined;
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const date = new Date(at ?? '');
  if (!id || Number.isNaN(date.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw new ValidationError('Invalid cursor', [
      { name: 'cursor', reason: 'use the nextCursor of a previous page' },
    ]);
  }
  return { at: date, id };
}

/** Encode the position after a record, for the next page. */
export function encodeCursor(f: Pick<Feedback, 'occurredAt' | 'id'>): string {
  return Buffer.from(`${f.occurredAt.toISOString()}|${f.id}`).toString('base64url');
}

/** A page of feedback, newest first. */
export async function listFeedback(
  sql: Sql,
  orgId: string,
  filter: FeedbackFilter,
): Promise<{ items: Feedback[]; nextCursor: string | null }> {
  const after = filter.cursor ? decodeCursor(filter.cursor) : undefined;
  const rows = await selectFeedbackPage(sql, orgId, filter, after, filter.limit + 1);
  const items = rows.slice(0, filter.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > filter.limit && last ? encodeCursor(last) : null };
}

export {
  checkFeedback,
  type FeedbackInput,
  type FeedbackItemResult,
  type FeedbackSource,
  ingestFeedback,
  type ScaledRating,
} from './ingest.js';
export { announceFeedback, FeedbackFeed, type FeedbackListener, feedbackFeed } from './stream.js';

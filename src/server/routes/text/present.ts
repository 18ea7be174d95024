// How comments and runs leave the API: plain text and explicit fields, never raw rows or HTML.
import type { CommentRow, TextRun } from '../../../understand/comments/index.js';

/** A comment: its redacted text as plain text (clients must render it as text, never as HTML). */
export function presentComment(c: CommentRow) {
  const e = c.enrichment;
  return {
    id: c.id,
    text: c.text,
    occurredAt: c.occurredAt.toISOString(),
    source: c.source,
    channel: c.channel,
    touchpointId: c.touchpointId,
    surveyId: c.surveyId,
    scores: { nps: c.nps, csat: c.csat, ces: c.ces, rating: c.rating },
    language: c.language,
    sentiment: e?.sentiment ? { label: e.sentiment.label, score: e.sentiment.score } : null,
    themes: (e?.themes ?? []).map((t) => ({
      id: t.id,
      name: t.name,
      parent: t.parent ?? null,
      sentiment: t.sentiment ?? null,
      source: t.source ?? 'rules',
    })),
    enriched: e !== null,
  };
}

/** A background run with its progress. */
export function presentRun(r: TextRun) {
  const total = r.total === null ? null : Number(r.total);
  const done = Number(r.done);
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    reason: r.reason,
    revision: r.revision === null ? null : Number(r.revision),
    done,
    total,
    progress: r.status === 'done' ? 1 : total ? Math.min(1, done / total) : 0,
    result: r.result,
    error: r.error,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

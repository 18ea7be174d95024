// Enrichment of stored comments: new feedback by id, and re-runs page by page with progress.
import type { Sql } from '../../platform/db/index.js';
import { yieldToRequests } from '../../platform/jobs/index.js';
import { MAX_COMMENT_CHARS, redactPii } from '../text/index.js';
import { loadTextConfig, type TextConfig } from './config.js';
import { toStored } from './enrichment.js';
import { redactJsonStrings } from './intake-redaction.js';
import { advanceRun } from './queries/advance-run.js';
import { countStaleComments } from './queries/count-stale-comments.js';
import { finishRun } from './queries/finish-run.js';
import { getRun } from './queries/get-run.js';
import type { CommentToEnrich } from './queries/select-comments-by-ids.js';
import { selectCommentsByIds } from './queries/select-comments-by-ids.js';
import { selectCommentsPage } from './queries/select-comments-page.js';
import { selectResponseAnswers } from './queries/select-response-answers.js';
import { startRun } from './queries/start-run.js';
import { updateResponseAnswers } from './queries/update-response-answers.js';
import { type EnrichmentWrite, writeEnrichments } from './queries/write-enrichments.js';

/** Run the pipeline over comments (pure CPU work, no I/O). */
export function enrichComments(config: TextConfig, comments: readonly CommentToEnrich[]): EnrichmentWrite[] {
  return comments.map((c) => {
    const result = config.pipeline.run(c.text);
    // The pipeline analyses (and redacts) at most MAX_COMMENT_CHARS; the stored text is redacted whole.
    const text =
      result.skipped === 'binary' || c.text.length > MAX_COMMENT_CHARS ? redactPii(c.text).text : result.text;
    const lang = result.language?.language;
    return {
      id: c.id,
      enrichment: toStored(result, config.revision, c.manualThemes ?? [], config.themeNames),
      text,
      language: lang && lang !== 'und' ? lang : null,
    };
  });
}

/** Comments analysed between two yields (about 1–3 ms of work). */
const SLICE = 25;

/**
 * `enrichComments` in slices, giving way to requests between them: a web process that also runs jobs
 * (the default role) answers its requests first, and enrichment takes the time left (it waits while
 * requests are in flight, at most 50 ms per slice, so it slows under load but never stops).
 */
export async function enrichCommentsYielding(
  config: TextConfig,
  comments: readonly CommentToEnrich[],
): Promise<EnrichmentWrite[]> {
  const out: EnrichmentWrite[] = [];
  for (let i = 0; i < comments.length; i += SLICE) {
    if (i > 0) await yieldToRequests({ maxWaitMs: 50 });
    out.push(...enrichComments(config, comments.slice(i, i + SLICE)));
  }
  return out;
}

/** Enrich these feedback records of the organisation now; returns how many were written. */
export async function enrichFeedback(
  sql: Sql,
  orgId: string,
  feedbackIds: readonly string[],
): Promise<{ written: number; skipped: number }> {
  const config = await loadTextConfig(sql, orgId);
  const comments = await selectCommentsByIds(sql, orgId, feedbackIds);
  const rows = await enrichCommentsYielding(config, comments);
  const written = await writeEnrichments(
    sql,
    orgId,
    config.revision,
    config.version,
    config.keepOriginalText,
    rows,
  );
  if (!config.keepOriginalText && written.length > 0) await redactAnswers(sql, orgId, written);
  return { written: written.length, skipped: feedbackIds.length - written.length };
}

/**
 * Where originals are not kept, the survey answers behind new comments are redacted too: the free-text
 * answer is the comment as it was submitted.
 */
async function redactAnswers(sql: Sql, orgId: string, feedbackIds: readonly string[]): Promise<void> {
  const responses = await selectResponseAnswers(sql, orgId, feedbackIds);
  const changed = responses.flatMap((r) => {
    const answers = redactJsonStrings(r.answers) as Record<string, unknown>;
    return JSON.stringify(answers) === JSON.stringify(r.answers) ? [] : [{ id: r.id, answers }];
  });
  await updateResponseAnswers(sql, orgId, changed);
}

/** What one step of a re-run ended with. */
export type RerunStep = 'more' | 'done' | 'stopped';

/**
 * Advance a re-run: pages of `pageSize` comments in id order, each written with the run's progress
 * in one short transaction, until the run is done or `budgetMs` has passed ('more': enqueue the
 * next step). A run whose revision is no longer the organisation's is superseded and stops.
 */
export async function stepRerun(
  sql: Sql,
  orgId: string,
  runId: string,
  opts: { pageSize?: number; budgetMs?: number } = {},
): Promise<RerunStep> {
  const pageSize = opts.pageSize ?? 1_000;
  const until = Date.now() + (opts.budgetMs ?? 20_000);
  let run = await getRun(sql, orgId, runId);
  if (run?.kind !== 'rerun' || (run.status !== 'queued' && run.status !== 'running')) return 'stopped';
  const config = await loadTextConfig(sql, orgId);
  if (config.revision !== run.revision) {
    await finishRun(sql, orgId, runId, 'superseded');
    return 'stopped';
  }
  if (run.status === 'queued') {
    await startRun(sql, orgId, runId, await countStaleComments(sql, orgId, config.revision));
    run = { ...run, status: 'running' };
  }
  // Two stages overlap: the next page is read and analysed (CPU, here) while the previous one is written
  // (PostgreSQL, another process). Writes stay in cursor order, one transaction each.
  let cursor = run.cursor;
  let readAfter = cursor;
  const current = config;
  const prepare = async (): Promise<{ rows: EnrichmentWrite[]; last: string; count: number } | 'empty'> => {
    const page = await selectCommentsPage(sql, orgId, current.revision, readAfter, pageSize);
    if (page.length === 0) return 'empty';
    readAfter = (page[page.length - 1] as CommentToEnrich).id;
    return { rows: await enrichCommentsYielding(current, page), last: readAfter, count: page.length };
  };
  let next = await prepare();
  for (;;) {
    if (next === 'empty') {
      await finishRun(sql, orgId, runId, 'done');
      return 'done';
    }
    const { rows, last, count } = next;
    const from = cursor;
    const write = sql.begin(async (tx) => {
      // Progress first: it locks the run row, so a second worker on the same run waits, then stops.
      if (!(await advanceRun(tx, orgId, runId, from, last, count))) return false;
      await writeEnrichments(tx, orgId, current.revision, current.version, current.keepOriginalText, rows);
      return true;
    }) as Promise<boolean>;
    const following = Date.now() < until ? prepare() : undefined;
    // A failed write must not leave the prefetch's rejection unhandled.
    following?.catch(() => {});
    if (!(await write)) return 'stopped';
    cursor = last;
    const fresh = await loadTextConfig(sql, orgId);
    if (fresh.revision !== current.revision) {
      await finishRun(sql, orgId, runId, 'superseded');
      return 'stopped';
    }
    if (!following) break;
    next = await following;
  }
  return 'more';
}

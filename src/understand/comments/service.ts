// The comments service: taxonomy and settings, runs, hand tags, search, verbatims, discovery (impact and trend: themes.ts).
import { createHash } from 'node:crypto';
import { createCache } from '../../platform/cache/index.js';
import type { Sql } from '../../platform/db/index.js';
import { NotFoundError, ValidationError } from '../../platform/errors/index.js';
import type { JobQueue } from '../../platform/jobs/index.js';
import { CompiledTaxonomy, discoverThemes, type Taxonomy, tokenizeSentences } from '../text/index.js';
import { indexVerbatimIds } from './comment-index-answers.js';
import { currentCommentIndex, matchCommentWords } from './comment-index-engine.js';
import { loadTextConfig, taxonomyOf } from './config.js';
import { type StoredEnrichment, themeIndex } from './enrichment.js';
import type { CommentFilter } from './filters.js';
import { requestRerun, textTrainJob } from './jobs.js';
import { createRun } from './queries/create-run.js';
import { getFeedbackEnrichment } from './queries/get-feedback-enrichment.js';
import { getRun, type TextRun } from './queries/get-run.js';
import { getTextSettings } from './queries/get-text-settings.js';
import { listRuns } from './queries/list-runs.js';
import { replaceThemeTags } from './queries/replace-theme-tags.js';
import { type CommentRow, searchComments } from './queries/search-comments.js';
import { selectUntaggedComments } from './queries/select-untagged-comments.js';
import { setFeedbackEnrichment } from './queries/set-feedback-enrichment.js';
import { getThemeVerbatims, VERBATIM_CANDIDATES } from './queries/theme-verbatims.js';
import { updateTextSettings } from './queries/update-text-settings.js';
import { checkTrainable, type TrainOptions } from './train.js';

/** The organisation's taxonomy (the starter taxonomy until it saves its own). */
export async function getTaxonomy(
  sql: Sql,
  orgId: string,
): Promise<{ taxonomy: Taxonomy; custom: boolean; revision: number }> {
  const settings = await getTextSettings(sql, orgId);
  return { taxonomy: taxonomyOf(settings), custom: settings.taxonomy !== null, revision: settings.revision };
}

/** Save a new taxonomy (checked by compiling it) and re-tag every comment in the background. */
export async function saveTaxonomy(
  sql: Sql,
  jobs: JobQueue,
  orgId: string,
  taxonomy: Pick<Taxonomy, 'themes'>,
): Promise<TextRun> {
  checkThemeIds(taxonomy.themes);
  checkSubThemeWords(taxonomy.themes);
  try {
    new CompiledTaxonomy({ version: 'check', themes: taxonomy.themes });
  } catch (err) {
    throw new ValidationError('The taxonomy is invalid', [
      { name: 'themes', reason: (err as Error).message },
    ]);
  }
  return requestRerun(sql, jobs, orgId, 'taxonomy changed', { taxonomy: { themes: taxonomy.themes } });
}

/** A sub-theme with no keyword and no context word could never be given: refused, naming it. */
function checkSubThemeWords(themes: Taxonomy['themes']): void {
  const bare = themes.flatMap((t, i) =>
    (t.subthemes ?? []).flatMap((s, j) =>
      s.keywords.length === 0 && (s.contextKeywords ?? []).length === 0
        ? [{ name: `themes.${i}.subthemes.${j}.keywords`, reason: 'a sub-theme needs at least one keyword' }]
        : [],
    ),
  );
  if (bare.length > 0) throw new ValidationError('A sub-theme has no keywords', bare);
}

function checkThemeIds(themes: Taxonomy['themes']): void {
  const seen = new Set<string>();
  const walk = (defs: Taxonomy['themes'], path: string) => {
    defs.forEach((d, i) => {
      if (seen.has(d.id)) {
        throw new ValidationError('Theme ids must be unique', [
          { name: `${path}.${i}.id`, reason: `"${d.id}" is used twice` },
        ]);
      }
      seen.add(d.id);
      walk(d.subthemes ?? [], `${path}.${i}.subthemes`);
    });
  };
  walk(themes, 'themes');
}

/** Whether original comment text is kept, and the current revision. */
export async function getTextOptions(
  sql: Sql,
  orgId: string,
): Promise<{
  keepOriginalText: boolean;
  revision: number;
  sentimentModelId: string | null;
  themeModelId: string | null;
}> {
  const s = await getTextSettings(sql, orgId);
  return {
    keepOriginalText: s.keepOriginalText,
    revision: s.revision,
    sentimentModelId: s.sentimentModelId,
    themeModelId: s.themeModelId,
  };
}

/** Change whether originals are kept (applies to comments enriched from now on). */
export async function setKeepOriginalText(sql: Sql, orgId: string, keep: boolean): Promise<void> {
  await updateTextSettings(sql, orgId, { keepOriginalText: keep, bump: false });
}

/** Re-enrich every comment at a new revision (after a model change, or to catch up). */
export function startRerun(sql: Sql, jobs: JobQueue, orgId: string, reason: string): Promise<TextRun> {
  return requestRerun(sql, jobs, orgId, reason);
}

/** One run, or not found. */
export async function getTextRun(sql: Sql, orgId: string, runId: string): Promise<TextRun> {
  const run = await getRun(sql, orgId, runId);
  if (!run) throw new NotFoundError(`Run ${runId} not found`);
  return run;
}

/** The most recent runs. */
export function listTextRuns(sql: Sql, orgId: string, limit = 20): Promise<TextRun[]> {
  return listRuns(sql, orgId, limit);
}

/** Queue a training run (sentiment from scores, or themes from hand tags). */
export async function startTraining(
  sql: Sql,
  jobs: JobQueue,
  orgId: string,
  options: TrainOptions,
): Promise<TextRun> {
  await checkTrainable(sql, orgId, options);
  return sql.begin(async (tx) => {
    const run = await createRun(tx, orgId, {
      kind: 'train',
      reason: `train ${options.kind} model`,
      revision: null,
      options,
    });
    await jobs.enqueue(textTrainJob, { orgId, runId: run.id }, { tx });
    return run;
  }) as Promise<TextRun>;
}

/**
 * Set the hand-assigned themes of a feedback record. They are kept apart from computed results (so
 * re-runs keep them) and merged into the stored enrichment at once when it exists.
 */
export async function tagFeedbackThemes(
  sql: Sql,
  orgId: string,
  feedbackId: string,
  themes: readonly string[],
  by: string,
): Promise<{ themes: string[] }> {
  const config = await loadTextConfig(sql, orgId);
  const unique = [...new Set(themes)];
  return sql.begin(async (tx) => {
    const row = await getFeedbackEnrichment(tx, orgId, feedbackId);
    if (!row) throw new NotFoundError(`Feedback ${feedbackId} not found`);
    if (!row.hasText) {
      throw new ValidationError('Only feedback with a comment can be tagged', [
        { name: 'feedbackId', reason: 'this feedback record has no text' },
      ]);
    }
    await replaceThemeTags(tx, orgId, feedbackId, unique, by);
    if (row.enrichment) {
      const e: StoredEnrichment = row.enrichment;
      const computed = e.themes.filter((t) => t.source !== 'manual' || unique.includes(t.id));
      const kept = computed.map((t) =>
        unique.includes(t.id)
          ? { ...t, source: 'manual' as const }
          : t.source === 'manual'
            ? { ...t, source: 'rules' as const }
            : t,
      );
      for (const id of unique) {
        if (!kept.some((t) => t.id === id)) {
          kept.push({ id, name: config.themeNames.get(id) ?? id, mentions: 1, source: 'manual' });
        }
      }
      await setFeedbackEnrichment(tx, orgId, feedbackId, {
        ...e,
        themes: kept,
        ...themeIndex(kept),
      });
    }
    return { themes: unique };
  }) as Promise<{ themes: string[] }>;
}

/**
 * Newest comments searched first by walks down the time index (the first 2,000, then 20,000), before
 * the word and theme indexes. The small window first: the planner plans a window for reading all of
 * it (it cannot tell how soon the filters above it stop), and reading 20,000 comments of a 90-day range
 * that holds 22,000 it would rather fetch them all and sort.
 */
const SEARCH_WINDOWS = [2_000, 20_000];

/** A page of comments, newest first; `nextCursor` continues it. */
export async function searchTextComments(
  sql: Sql,
  orgId: string,
  filter: CommentFilter,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ items: CommentRow[]; nextCursor: string | null }> {
  const before = page.cursor ? decodeCursor(page.cursor) : undefined;
  // The newest comments first (fast for common words, themes and segments), then the indexes for rarer ones.
  let rows: CommentRow[] = [];
  for (const window of SEARCH_WINDOWS) {
    rows = await searchComments(sql, orgId, filter, { limit: page.limit + 1, before, window });
    if (rows.length > page.limit) break;
  }
  if (rows.length <= page.limit)
    rows = await searchComments(sql, orgId, filter, { limit: page.limit + 1, before });
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > page.limit && last ? encodeCursor(last.occurredAt, last.id) : null,
  };
}

function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { occurredAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const occurredAt = new Date(at ?? '');
  if (!id || Number.isNaN(occurredAt.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw new ValidationError('Bad cursor', [
      { name: 'cursor', reason: 'is not a cursor this API returned' },
    ]);
  }
  return { occurredAt, id };
}

/** Representative comments of a theme (not found when the taxonomy has no such theme and no comment has it). */
export async function getVerbatims(
  sql: Sql,
  orgId: string,
  theme: string,
  filter: CommentFilter,
  limit: number,
): Promise<{ theme: { id: string; name: string }; items: CommentRow[] }> {
  const [config, ix] = await Promise.all([loadTextConfig(sql, orgId), currentCommentIndex(sql, orgId)]);
  // The pick from the comment index when it is loaded (the query reads the newest 2,000 mentions the
  // filter keeps: a rare segment walks most comments to find them); their rows from SQL.
  const words = ix ? await matchCommentWords(sql, ix, filter.q) : undefined;
  const candidates =
    ix && words !== null ? indexVerbatimIds(ix, theme, filter, VERBATIM_CANDIDATES, limit, words) : null;
  const items = await getThemeVerbatims(sql, orgId, theme, filter, limit, candidates ?? undefined);
  if (items.length === 0 && !config.themeNames.has(theme))
    throw new NotFoundError(`Theme ${theme} not found`);
  return { theme: { id: theme, name: config.themeNames.get(theme) ?? theme }, items };
}

/** Most comments clustered by one suggestion request (the work runs in the request). */
export const MAX_DISCOVERY_COMMENTS = 3_000;

/** A theme discovered in comments no theme matched. */
export interface ThemeSuggestion {
  label: string;
  terms: string[];
  phrases: string[];
  size: number;
  examples: Array<{ id: string; text: string }>;
}

// Clustering 3,000 comments takes 0.15-0.35 s; its answer follows from the comments read (ids and texts,
// in order), the number of themes asked for and the fixed seed alone. Kept by a digest of exactly those:
// any comment added, removed, re-tagged or redacted changes the digest (enrichment updates move no
// analytics version, so the version could not key it).
const suggestionCache = createCache<{ suggestions: ThemeSuggestion[] }>({
  max: 1_000,
  ttlMs: 60 * 60_000,
  maxBytes: 16 * 1024 * 1024,
  sizeOf: (v) => 2 * JSON.stringify(v).length + 200,
});

function suggestionKey(
  orgId: string,
  k: number | undefined,
  rows: Array<{ id: string; text: string }>,
): string {
  const hash = createHash('sha256').update(`${orgId}\n${k ?? ''}\n`);
  for (const r of rows) hash.update(`${r.id}\n${r.text.length}\n${r.text}`);
  return hash.digest('base64url');
}

/**
 * New theme suggestions from recent comments that no theme matched (clustering + c-TF-IDF labels), on a
 * bounded sample: the MAX_DISCOVERY_COMMENTS newest such comments of the filter. The clustering of the
 * same sample is answered from memory.
 */
export async function suggestThemes(
  sql: Sql,
  orgId: string,
  filter: CommentFilter,
  k?: number,
): Promise<{ comments: number; suggestions: ThemeSuggestion[] }> {
  const rows = await selectUntaggedComments(sql, orgId, filter, MAX_DISCOVERY_COMMENTS);
  if (rows.length < 20) return { comments: rows.length, suggestions: [] };
  const key = suggestionKey(orgId, k, rows);
  const kept = suggestionCache.get(key);
  if (kept) return { comments: rows.length, suggestions: structuredClone(kept.suggestions) };
  const found = discoverThemes(
    rows.map((r) => tokenizeSentences(r.text)),
    { seed: 42, ...(k !== undefined ? { k } : {}) },
  );
  const suggestions: ThemeSuggestion[] = found.map((t) => ({
    label: t.label,
    terms: t.terms,
    phrases: t.phrases,
    size: t.size,
    examples: t.representatives.map((i) => {
      const r = rows[i] as { id: string; text: string };
      return { id: r.id, text: r.text.slice(0, 300) };
    }),
  }));
  suggestionCache.set(key, { suggestions: structuredClone(suggestions) });
  return { comments: rows.length, suggestions };
}

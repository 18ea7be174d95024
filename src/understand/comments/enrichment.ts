// The enrichment stored in feedback.enrichment: a compact, versioned copy of the pipeline's result.
import type { EnrichmentResult } from '../text/index.js';

/** A theme on a stored comment; `source` says whether rules, a trained classifier or a person found it. */
export interface StoredTheme {
  id: string;
  name: string;
  parent?: string;
  mentions: number;
  /** Mean score (−1 … 1) of the sentences mentioning the theme; absent without sentiment. */
  sentiment?: number;
  source: 'rules' | 'model' | 'manual';
}

/** feedback.enrichment as written by the enrichment job. */
export interface StoredEnrichment {
  /** Settings revision it was computed with (also in feedback.enrichment_revision). */
  revision: number;
  /** Version of every spec that ran. */
  versions: Record<string, string>;
  language: { code: string; confidence: number; secondary?: string } | null;
  /** Counts of redacted personal data by kind (EMAIL, PHONE…); never the values. */
  redactions: Record<string, number>;
  sentiment: {
    label: 'positive' | 'neutral' | 'negative';
    score: number;
    /** 'low': scored by a word list (a language without a model). */
    confidence?: 'low';
    sentences: Array<{ start: number; end: number; label: string; score: number }>;
  } | null;
  sentimentNote?: string;
  themes: StoredTheme[];
  /** Every theme and sub-theme id, for the indexed theme filter. */
  themeIds: string[];
  /**
   * Aspect score of every id of `themeIds` (null where it has none), read by the theme rollup's
   * triggers instead of a JSON path query per theme; always `themeAspects(themes, themeIds)`.
   */
  themeAspects?: Record<string, number | null>;
  truncated: boolean;
  skipped?: 'empty' | 'binary';
}

/**
 * Each id's aspect score as the theme rollup reads it (SQL `theme_aspect`): the sentiment of the first
 * theme with that id whose sentiment is a number, else null.
 */
export function themeAspects(
  themes: readonly StoredTheme[],
  ids: readonly string[],
): Record<string, number | null> {
  return Object.fromEntries(
    ids.map((id) => {
      const t = themes.find((x) => x.id === id && Number.isFinite(x.sentiment));
      return [id, t?.sentiment ?? null];
    }),
  );
}

/** themeIds and themeAspects of a list of stored themes. */
export function themeIndex(themes: readonly StoredTheme[]): {
  themeIds: string[];
  themeAspects: Record<string, number | null>;
} {
  const themeIds = [...new Set(themes.map((t) => t.id))];
  return { themeIds, themeAspects: themeAspects(themes, themeIds) };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** The string stored in feedback.enrichment_version: every spec and its version, in pipeline order. */
export function versionString(versions: Record<string, string>): string {
  return Object.entries(versions)
    .map(([k, v]) => `${k}=${v}`)
    .join(';');
}

/** Turn a pipeline result (plus hand-assigned themes) into what is stored. */
export function toStored(
  result: EnrichmentResult,
  revision: number,
  manualThemes: readonly string[] = [],
  themeNames: ReadonlyMap<string, string> = new Map(),
): StoredEnrichment {
  const redactions: Record<string, number> = {};
  for (const r of result.redactions ?? []) redactions[r.kind] = (redactions[r.kind] ?? 0) + 1;
  const themes: StoredTheme[] = (result.themes ?? []).map((t) => ({
    id: t.id,
    name: t.name,
    ...(t.parent ? { parent: t.parent } : {}),
    mentions: t.mentions,
    ...(t.sentiment !== undefined ? { sentiment: round(t.sentiment) } : {}),
    source: t.source === 'model' ? 'model' : 'rules',
  }));
  for (const id of manualThemes) {
    const known = themes.find((t) => t.id === id);
    if (known) known.source = 'manual';
    else themes.push({ id, name: themeNames.get(id) ?? id, mentions: 1, source: 'manual' });
  }
  const s = result.sentiment;
  const stored: StoredEnrichment = {
    revision,
    versions: result.versions,
    language: result.language
      ? {
          code: result.language.language,
          confidence: round(result.language.confidence),
          ...(result.language.secondary ? { secondary: result.language.secondary } : {}),
        }
      : null,
    redactions,
    sentiment: s
      ? {
          label: s.label,
          score: round(s.score),
          ...(s.confidence ? { confidence: s.confidence } : {}),
          sentences: s.sentences.map((x) => ({
            start: x.start,
            end: x.end,
            label: x.label,
            score: round(x.score),
          })),
        }
      : null,
    themes,
    ...themeIndex(themes),
    truncated: result.truncated,
  };
  if (result.sentimentNote) stored.sentimentNote = result.sentimentNote;
  if (result.skipped) stored.skipped = result.skipped;
  return stored;
}

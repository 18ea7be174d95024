// Responses of the text routes: taxonomy, settings, runs, comments, theme impact, trend, suggestions.
import { z } from 'zod';
import { Comparison } from './analytics.js';
import { Id, JsonObject, listOf, pageOf, Timestamp } from './common.js';

const SubTheme = z.object({
  id: z.string(),
  name: z.record(z.string(), z.string()),
  keywords: z.array(z.string()),
  /** Sub-themes: words that count only where the parent theme is named in the same sentence. */
  contextKeywords: z.array(z.string()).optional(),
  ignoreNegated: z.boolean().optional(),
});

/** A theme with keyword rules and one level of sub-themes. */
export const ThemeDefinition = SubTheme.extend({ subthemes: z.array(SubTheme).optional() });

/** The organisation's taxonomy (`custom`: its own, else the starter taxonomy). */
export const TaxonomyView = z.object({
  taxonomy: z.object({ version: z.string(), themes: z.array(ThemeDefinition) }),
  custom: z.boolean(),
  revision: z.number().int(),
});

/** Text settings. */
export const TextSettings = z.object({
  keepOriginalText: z.boolean(),
  revision: z.number().int(),
  sentimentModelId: z.string().nullable(),
  themeModelId: z.string().nullable(),
});

/** A comment re-analysis or a model training, with its progress (0..1). */
export const TextRun = z.object({
  id: Id,
  kind: z.enum(['rerun', 'train']),
  status: z.enum(['queued', 'running', 'done', 'failed', 'superseded']),
  reason: z.string(),
  revision: z.number().int().nullable(),
  done: z.number().int(),
  total: z.number().int().nullable(),
  progress: z.number(),
  result: JsonObject.nullable(),
  error: z.string().nullable(),
  createdAt: Timestamp,
  startedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
});
export const TextRunList = listOf(TextRun);
/** The re-run that applies a new taxonomy. */
export const TaxonomySaved = z.object({ run: TextRun });

/** A comment as plain text (render it as text, never as HTML), with its enrichment. */
export const Comment = z.object({
  id: Id,
  text: z.string(),
  occurredAt: Timestamp,
  source: z.string(),
  channel: z.string(),
  touchpointId: Id.nullable(),
  surveyId: Id.nullable(),
  scores: z.object({
    nps: z.number().nullable(),
    csat: z.number().nullable(),
    ces: z.number().nullable(),
    rating: z.number().nullable(),
  }),
  language: z.string().nullable(),
  sentiment: z.object({ label: z.string(), score: z.number() }).nullable(),
  themes: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      parent: z.string().nullable(),
      sentiment: z.number().nullable(),
      source: z.string(),
    }),
  ),
  enriched: z.boolean(),
});
export const CommentPage = pageOf(Comment);

/** The themes set by hand on a comment. */
export const FeedbackThemes = z.object({ themes: z.array(z.string()) });

/** Representative comments of a theme. */
export const Verbatims = z.object({
  theme: z.object({ id: z.string(), name: z.string() }),
  items: z.array(Comment),
});

/** Each theme's score among comments mentioning it vs the others, ranked fix-first. */
export const ThemeImpact = z.object({
  measure: z.enum(['nps', 'csat', 'ces', 'rating']),
  /**
   * Which store answered: the theme rollup (kept by triggers), the in-memory comment index, or a scan of
   * comments; all give the same answer.
   */
  engine: z.enum(['rollup', 'index', 'raw']),
  comments: z.number().int(),
  overall: z.number().nullable(),
  themes: z.array(
    z.object({
      theme: z.string(),
      name: z.string(),
      mentions: z.number().int(),
      share: z.number(),
      scoreWith: z.number().nullable(),
      scoreWithout: z.number().nullable(),
      comparison: Comparison,
      pAdjusted: z.number().nullable(),
      priority: z.number().nullable(),
      /** Aspect sentiment of the theme over every comment of the filter mentioning it (absent: none scored). */
      aspect: z
        .object({ mentions: z.number().int(), mean: z.number(), negative: z.number(), positive: z.number() })
        .optional(),
    }),
  ),
});

/** Each theme's comment volume per period, with its share of the period's comments. */
export const ThemeTrend = z.object({
  interval: z.string(),
  engine: z.enum(['rollup', 'index', 'raw']),
  periods: z.array(z.object({ period: z.string(), comments: z.number().int() })),
  themes: z.array(
    z.object({
      theme: z.string(),
      name: z.string(),
      points: z.array(z.object({ period: z.string(), n: z.number().int(), share: z.number() })),
    }),
  ),
});

/** New theme suggestions from comments no theme matched. */
export const ThemeSuggestions = z.object({
  comments: z.number().int(),
  suggestions: z.array(
    z.object({
      /** The theme's most characteristic phrase (one no larger suggestion took), else its top terms joined. */
      label: z.string(),
      terms: z.array(z.string()),
      /** Its most characteristic two-word phrases, best first. */
      phrases: z.array(z.string()),
      size: z.number().int(),
      examples: z.array(z.object({ id: Id, text: z.string() })),
    }),
  ),
});

// The types of the bodies above, for the dashboard (`import type`).
export type ThemeDefinition = z.output<typeof ThemeDefinition>;
export type TaxonomyView = z.output<typeof TaxonomyView>;
export type TextSettings = z.output<typeof TextSettings>;
export type TextRun = z.output<typeof TextRun>;
export type TextRunList = z.output<typeof TextRunList>;
export type TaxonomySaved = z.output<typeof TaxonomySaved>;
export type Comment = z.output<typeof Comment>;
export type CommentPage = z.output<typeof CommentPage>;
export type FeedbackThemes = z.output<typeof FeedbackThemes>;
export type Verbatims = z.output<typeof Verbatims>;
export type ThemeImpact = z.output<typeof ThemeImpact>;
export type ThemeTrend = z.output<typeof ThemeTrend>;
export type ThemeSuggestions = z.output<typeof ThemeSuggestions>;

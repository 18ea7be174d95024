// Schemas of the text routes: taxonomy, settings, runs, training, hand tags, and comment filters.
import { z } from 'zod';
import { LIMITS } from '../../../shared/limits.js';
import { DateRange, IsoDate, TimeZone, Uuid } from '../shared-schema.js';

/** A theme or sub-theme id: lower-case words joined by dots, dashes or underscores. */
export const ThemeId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'must be lower-case letters, digits, ".", "-" or "_" (at most 100)');

const Names = z
  .record(z.string().regex(/^[a-z]{2}$/, 'must be a two-letter language code'), z.string().min(1).max(100))
  .refine((n) => typeof n.en === 'string', 'needs an English name ("en")');

const Keywords = z.array(z.string().trim().min(1).max(100)).max(200);

const SubTheme = z.strictObject({
  id: ThemeId,
  name: Names,
  keywords: Keywords,
  /** Words that mean this sub-theme only where the parent theme is named in the same sentence. */
  contextKeywords: Keywords.optional(),
  ignoreNegated: z.boolean().optional(),
});

/** A theme with keyword/phrase rules and one level of sub-themes. */
export const ThemeDef = z.strictObject({
  id: ThemeId,
  name: Names,
  keywords: Keywords,
  ignoreNegated: z.boolean().optional(),
  subthemes: z.array(SubTheme).max(50).optional(),
});

/** PUT /text/taxonomy body. */
export const TaxonomyBody = z.strictObject({ themes: z.array(ThemeDef).min(1).max(200) });
export type TaxonomyBody = z.infer<typeof TaxonomyBody>;

/** PUT /text/settings body. */
export const TextSettingsBody = z.strictObject({ keepOriginalText: z.boolean() });

/** POST /text/runs body. */
export const RerunBody = z.strictObject({
  reason: z.string().trim().min(1).max(200).default('re-run requested'),
});

/** POST /text/models/train body. */
export const TrainBody = z
  .strictObject({
    kind: z.enum(['sentiment', 'themes', 'categories']).default('sentiment'),
    metric: z.enum(['nps', 'csat', 'rating']).default('nps'),
    folds: z.number().int().min(2).max(10).default(5),
    /** Categorical labels: `metadata.<key>` or `attr.<key>` (sentiment: negative/neutral/positive, any casing). */
    labelField: z
      .string()
      .regex(/^(metadata|attr)\.[A-Za-z0-9_.-]{1,64}$/, 'metadata.<key> or attr.<key>')
      .optional(),
  })
  .refine((b) => b.kind !== 'categories' || b.labelField !== undefined, {
    message: 'kind "categories" needs labelField (metadata.<key> or attr.<key>) naming where the labels are',
    path: ['labelField'],
  })
  .refine((b) => b.kind !== 'themes' || b.labelField === undefined, {
    message: 'theme classifiers learn from hand-assigned themes; labelField is for sentiment or categories',
    path: ['labelField'],
  });

/** POST /feedback/{id}/themes body. */
export const TagBody = z.strictObject({ themes: z.array(ThemeId).max(50) });

/** `{ id }` of a theme. */
export const ThemeParams = z.object({ id: ThemeId });

// Scores are compared with smallint and real columns: keep bounds well inside their range.
// Score bounds to a millionth (a bound like 5e-324 would underflow in the database).
const Num = z.coerce
  .number()
  .finite()
  .min(-1000)
  .max(1000)
  .transform((v) => Math.round(v * 1e6) / 1e6);

/** Filters shared by the comment reads; `attr.<name>=<value>` keys filter on segments. */
export const CommentQuery = DateRange.extend({
  touchpoint: Uuid.optional(),
  survey: Uuid.optional(),
  channel: z.string().min(1).max(50).optional(),
  theme: ThemeId.optional(),
  sentiment: z.enum(['positive', 'neutral', 'negative']).optional(),
  scoreMetric: z.enum(['nps', 'csat', 'ces', 'rating']).default('nps'),
  scoreMin: Num.optional(),
  scoreMax: Num.optional(),
});
export type CommentQuery = z.infer<typeof CommentQuery>;

/** Words the comment text must match, as the search matches them. */
const Words = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .describe('words in the comment text (web-search syntax: words, "phrases", -excluded, or)');

/** GET /text/search query. */
export const SearchQuery = CommentQuery.extend({
  q: Words.optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSize).default(50),
  cursor: z.string().max(200).optional(),
}).catchall(z.string().max(200));

/** GET /text/themes/impact query. */
export const ImpactQuery = CommentQuery.extend({
  q: Words.optional(),
  metric: z.enum(['nps', 'csat', 'ces', 'rating']).default('nps'),
}).catchall(z.string().max(200));

/** GET /text/themes/{id}/verbatims query. */
export const VerbatimQuery = CommentQuery.extend({
  q: Words.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(5),
}).catchall(z.string().max(200));

/** GET /text/themes/trend query. */
export const TrendQuery = CommentQuery.extend({
  q: Words.optional(),
  interval: z.enum(['day', 'week', 'month']).default('week'),
  tz: TimeZone.default('UTC'),
}).catchall(z.string().max(200));

/** GET /text/themes/suggestions query. */
export const SuggestionQuery = CommentQuery.extend({
  k: z.coerce.number().int().min(2).max(30).optional(),
}).catchall(z.string().max(200));

export { IsoDate };

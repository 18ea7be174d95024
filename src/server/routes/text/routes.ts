// Text analytics over stored comments: taxonomy, settings, runs, training, hand tags, impact, search, verbatims.

import * as api from '../../../shared/api/index.js';
import {
  getTaxonomy,
  getTextOptions,
  getTextRun,
  getThemeImpact,
  getThemeVolumeTrend,
  getVerbatims,
  listTextRuns,
  saveTaxonomy,
  searchTextComments,
  setKeepOriginalText,
  startRerun,
  startTraining,
  suggestThemes,
  tagFeedbackThemes,
} from '../../../understand/comments/index.js';
import { defineRoute, queryFields } from '../../route.js';
import { IdParams } from '../shared-schema.js';
import { commentFilter } from './filter.js';
import { presentComment, presentRun } from './present.js';
import {
  ImpactQuery,
  RerunBody,
  SearchQuery,
  SuggestionQuery,
  TagBody,
  TaxonomyBody,
  TextSettingsBody,
  ThemeParams,
  TrainBody,
  TrendQuery,
  VerbatimQuery,
} from './schema.js';

const keys = (s: { shape: object }) => new Set(Object.keys(s.shape));

/** GET /api/v1/text/taxonomy */
export const getTaxonomyRoute = defineRoute({
  summary: "The organisation's theme taxonomy (the starter taxonomy until it saves its own)",
  tags: ['text'],
  schema: { response: { 200: api.TaxonomyView } },
  handler: async ({ principal, deps }) => getTaxonomy(deps.sql, principal.orgId),
});

/** PUT /api/v1/text/taxonomy */
export const putTaxonomyRoute = defineRoute({
  summary: 'Replace the taxonomy; every comment is re-tagged in the background (follow the returned run)',
  tags: ['text'],
  schema: { body: TaxonomyBody, response: { 202: api.TaxonomySaved } },
  handler: async ({ body, principal, deps, reply }) => {
    const run = await saveTaxonomy(deps.sql, deps.jobs, principal.orgId, body);
    reply.status(202);
    return { run: presentRun(run) };
  },
});

/** GET /api/v1/text/settings */
export const getTextSettingsRoute = defineRoute({
  summary: 'Text settings: whether original comments are kept, active models, current revision',
  tags: ['text'],
  schema: { response: { 200: api.TextSettings } },
  handler: async ({ principal, deps }) => getTextOptions(deps.sql, principal.orgId),
});

/** PUT /api/v1/text/settings */
export const putTextSettingsRoute = defineRoute({
  summary: 'Keep (or stop keeping) the original text of comments beside the redacted text',
  tags: ['text'],
  schema: { body: TextSettingsBody, response: { 200: api.TextSettings } },
  handler: async ({ body, principal, deps }) => {
    await setKeepOriginalText(deps.sql, principal.orgId, body.keepOriginalText);
    return getTextOptions(deps.sql, principal.orgId);
  },
});

/** POST /api/v1/text/runs */
export const startRerunRoute = defineRoute({
  summary: 'Re-enrich every comment in the background (after a model change, or to catch up)',
  tags: ['text'],
  schema: { body: RerunBody, response: { 202: api.TextRun } },
  handler: async ({ body, principal, deps, reply }) => {
    const run = await startRerun(deps.sql, deps.jobs, principal.orgId, body.reason);
    reply.status(202);
    return presentRun(run);
  },
});

/** GET /api/v1/text/runs */
export const listRunsRoute = defineRoute({
  summary: 'The most recent re-runs and training runs',
  tags: ['text'],
  schema: { response: { 200: api.TextRunList } },
  handler: async ({ principal, deps }) => ({
    items: (await listTextRuns(deps.sql, principal.orgId)).map(presentRun),
  }),
});

/** GET /api/v1/text/runs/{id} */
export const getRunRoute = defineRoute({
  summary: 'One run with its progress (done of total) and, for training, its report',
  tags: ['text'],
  schema: { params: IdParams, response: { 200: api.TextRun } },
  handler: async ({ params, principal, deps }) =>
    presentRun(await getTextRun(deps.sql, principal.orgId, params.id)),
});

/** POST /api/v1/text/models/train */
export const trainModelRoute = defineRoute({
  summary:
    "Train a sentiment model on the organisation's scored comments (switched on only if it beats the default), or a theme classifier on hand-tagged comments",
  tags: ['text'],
  schema: { body: TrainBody, response: { 202: api.TextRun } },
  fields: { metric: 'body.metric', labelField: 'body.labelField', kind: 'body.kind' },
  handler: async ({ body, principal, deps, reply }) => {
    const run = await startTraining(deps.sql, deps.jobs, principal.orgId, body);
    reply.status(202);
    return presentRun(run);
  },
});

/** POST /api/v1/feedback/{id}/themes */
export const tagFeedbackRoute = defineRoute({
  summary: 'Set the themes of a comment by hand (kept across re-runs; training data for theme classifiers)',
  tags: ['text'],
  schema: { params: IdParams, body: TagBody, response: { 200: api.FeedbackThemes } },
  handler: async ({ params, body, principal, deps }) =>
    tagFeedbackThemes(deps.sql, principal.orgId, params.id, body.themes, `${principal.kind}:${principal.id}`),
});

/** GET /api/v1/text/search */
export const searchRoute = defineRoute({
  summary:
    'Full-text search over comments with filters (theme, sentiment, score range, touchpoint, attr.<name>, dates), newest first',
  tags: ['text'],
  schema: { querystring: SearchQuery, response: { 200: api.CommentPage } },
  fields: queryFields('cursor'),
  handler: async ({ query, principal, deps }) => {
    const filter = commentFilter(query, keys(SearchQuery));
    const page = await searchTextComments(deps.sql, principal.orgId, filter, {
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.items.map(presentComment), nextCursor: page.nextCursor };
  },
});

/** GET /api/v1/text/themes/impact */
export const impactRoute = defineRoute({
  summary:
    'For each theme: score among comments mentioning it vs the others, difference with 95% CI, volume, ranked fix-first',
  tags: ['text'],
  schema: { querystring: ImpactQuery, response: { 200: api.ThemeImpact } },
  handler: async ({ query, principal, deps }) =>
    getThemeImpact(deps.sql, principal.orgId, query.metric, commentFilter(query, keys(ImpactQuery))),
});

/** GET /api/v1/text/themes/trend */
export const trendRoute = defineRoute({
  summary: "Each theme's comment volume per day, week or month, with its share of the period's comments",
  tags: ['text'],
  schema: { querystring: TrendQuery, response: { 200: api.ThemeTrend } },
  handler: async ({ query, principal, deps }) =>
    getThemeVolumeTrend(
      deps.sql,
      principal.orgId,
      query.interval,
      query.tz,
      commentFilter(query, keys(TrendQuery)),
    ),
});

/** GET /api/v1/text/themes/suggestions */
export const suggestionsRoute = defineRoute({
  summary: 'New theme suggestions discovered in recent comments that no theme matched',
  tags: ['text'],
  schema: { querystring: SuggestionQuery, response: { 200: api.ThemeSuggestions } },
  handler: async ({ query, principal, deps }) =>
    suggestThemes(deps.sql, principal.orgId, commentFilter(query, keys(SuggestionQuery)), query.k),
});

/** GET /api/v1/text/themes/{id}/verbatims */
export const verbatimsRoute = defineRoute({
  summary: 'Representative comments of a theme',
  tags: ['text'],
  schema: { params: ThemeParams, querystring: VerbatimQuery, response: { 200: api.Verbatims } },
  handler: async ({ params, query, principal, deps }) => {
    const out = await getVerbatims(
      deps.sql,
      principal.orgId,
      params.id,
      commentFilter(query, keys(VerbatimQuery)),
      query.limit,
    );
    return { theme: out.theme, items: out.items.map(presentComment) };
  },
});

// Comment filters as bound SQL conditions, shared by the search, impact, trend and verbatim queries.
import type { PendingQuery, Row } from 'postgres';
import type { Sql } from '../../platform/db/index.js';

/** Which comments a query reads. Every condition is optional; the organisation is not. */
export interface CommentFilter {
  touchpointId?: string | undefined;
  surveyId?: string | undefined;
  channel?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Contact attributes as they were when the feedback arrived (segment), by equality. */
  attributes?: Record<string, string> | undefined;
  /** Theme or sub-theme id. */
  theme?: string | undefined;
  sentiment?: 'positive' | 'neutral' | 'negative' | undefined;
  /** Score range on one measure. */
  score?: { metric: 'nps' | 'csat' | 'ces' | 'rating'; min?: number | undefined; max?: number | undefined };
  /** Full-text query (web-search syntax: words, "phrases", -excluded, or). */
  q?: string | undefined;
}

type Fragment = PendingQuery<Row[]>;

/**
 * `f.org_id = … and …` for the feedback alias `f`; every value is a bound parameter. `only` picks, for
 * queries that apply them in two stages, the conditions a walk down a time index answers with estimates
 * the planner gets right ('walk': organisation, comment, touchpoint, survey, dates), or all the others
 * ('rest': channel, segment, score, theme, sentiment, words). The planner multiplies the selectivities of
 * correlated conditions (two attributes: 4 rows estimated, 5,785 real), and an estimate that low makes it
 * fetch every comment and sort them rather than walk the index newest first: kept out of the walk, they
 * are checked on the rows the walk reads.
 */
export function whereComments(
  sql: Sql,
  orgId: string,
  filter: CommentFilter,
  only: 'all' | 'walk' | 'rest' = 'all',
): Fragment {
  const walk: Fragment[] = [sql`f.org_id = ${orgId}`, sql`f.text is not null`];
  const rest: Fragment[] = [];
  if (filter.touchpointId) walk.push(sql`f.touchpoint_id = ${filter.touchpointId}`);
  if (filter.surveyId) walk.push(sql`f.survey_id = ${filter.surveyId}`);
  if (filter.channel) rest.push(sql`f.channel = ${filter.channel}`);
  if (filter.from) walk.push(sql`f.occurred_at >= ${filter.from}`);
  if (filter.to) walk.push(sql`f.occurred_at < ${filter.to}`);
  for (const [name, value] of Object.entries(filter.attributes ?? {})) {
    rest.push(sql`f.attributes ->> ${name} = ${value}`);
  }
  if (filter.theme) rest.push(sql`f.enrichment -> 'themeIds' ? ${filter.theme}`);
  if (filter.sentiment) rest.push(sql`f.enrichment -> 'sentiment' ->> 'label' = ${filter.sentiment}`);
  if (filter.score) {
    const col = sql(`f.${filter.score.metric}`);
    // Compared as float8: a bound like 1.5 or 1e-200 is no smallint (the nps, csat and ces columns).
    if (filter.score.min !== undefined) rest.push(sql`${col} >= ${filter.score.min}::float8`);
    if (filter.score.max !== undefined) rest.push(sql`${col} <= ${filter.score.max}::float8`);
    if (filter.score.min === undefined && filter.score.max === undefined) rest.push(sql`${col} is not null`);
  }
  // The same expression as the GIN index feedback_text_search_idx, so the index is used.
  if (filter.q) rest.push(sql`to_tsvector('simple', f.text) @@ websearch_to_tsquery('simple', ${filter.q})`);
  const parts = only === 'walk' ? walk : only === 'rest' ? [sql`true`, ...rest] : [...walk, ...rest];
  return parts.reduce((acc, p) => sql`${acc} and ${p}`);
}

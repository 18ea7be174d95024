// One query: the answers of a survey's responses in a range, with the contact attributes snapshot.
import type { Sql } from '../../platform/db/index.js';
import type { SliceFilter } from '../sums/index.js';

/** One response's answers and the contact attributes as they were when it arrived. */
export interface AnswerRow {
  answers: Record<string, unknown>;
  /** Only when asked for (`attributes: true`); `{}` otherwise. */
  attributes: Record<string, unknown>;
  touchpointId: string | null;
}

/** At most this many responses enter one analysis (the newest). */
export const MAX_RESPONSES = 200_000;

/**
 * Answers of the responses to `surveyIds` matching the filter (time range on submission; touchpoint,
 * channel, contact attribute and metadata equality), newest first (ties by id, so that the same rows come
 * in the same order and the sums are the same to the last digit), at most MAX_RESPONSES. The response's
 * feedback record (one at most: its source id is the response id) is joined only where the answer needs
 * it, for the contact attributes (`attributes: true`) or an attribute, stage or journey filter: reading
 * every feedback record of the organisation to join them was most of the time of an analysis.
 */
export async function getSurveyAnswers(
  sql: Sql,
  orgId: string,
  surveyIds: readonly string[],
  filter: SliceFilter,
  opts: { attributes?: boolean } = {},
): Promise<AnswerRow[]> {
  const parts = (filter.equals ?? []).map((e) => {
    // A value other than '' needs the feedback record: written so, the planner may start from the
    // records whose attribute matches instead of joining every record of the organisation.
    if (e.dimension.startsWith('attr.'))
      return e.value === ''
        ? sql`and coalesce(f.attributes ->> ${e.dimension.slice(5)}, '') = ''`
        : sql`and f.attributes ->> ${e.dimension.slice(5)} = ${e.value}`;
    if (e.dimension.startsWith('meta.'))
      return sql`and coalesce(r.metadata ->> ${e.dimension.slice(5)}, '') = ${e.value}`;
    if (e.dimension === 'channel') return sql`and r.channel = ${e.value}`;
    if (e.dimension === 'touchpoint') return sql`and r.touchpoint_id = ${e.value}`;
    if (e.dimension === 'stage') return sql`and f.stage_id = ${e.value}`;
    if (e.dimension === 'journey') return sql`and f.journey_id = ${e.value}`;
    return sql`and r.survey_id = ${e.value}`;
  });
  const join =
    opts.attributes === true ||
    (filter.equals ?? []).some(
      (e) => e.dimension.startsWith('attr.') || e.dimension === 'stage' || e.dimension === 'journey',
    );
  return sql<AnswerRow[]>`
    select r.answers, ${join ? sql`coalesce(f.attributes, '{}')` : sql`'{}'::jsonb`} as attributes,
      r.touchpoint_id::text as "touchpointId"
    from responses r
    ${join ? sql`left join feedback f on f.org_id = r.org_id and f.response_id = r.id` : sql``}
    where r.org_id = ${orgId} and r.survey_id = any(${surveyIds as string[]}::uuid[])
      ${filter.from ? sql`and r.submitted_at >= ${filter.from}` : sql``}
      ${filter.to ? sql`and r.submitted_at < ${filter.to}` : sql``}
      ${parts.reduce((acc, p) => sql`${acc} ${p}`, sql``)}
    order by r.submitted_at desc, r.id desc
    limit ${MAX_RESPONSES}`;
}

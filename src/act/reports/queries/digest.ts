// SQL behind a digest: themes of the comments at some touchpoints, and their open and breaching cases.
import type { Sql } from '../../../platform/db/index.js';

/** NPS counts of scored comments mentioning a theme (theme null: all scored comments). */
export interface ThemeCounts {
  theme: string | null;
  promoters: number;
  passives: number;
  detractors: number;
}

/**
 * Per theme, the NPS counts of the enriched comments at these touchpoints in [from, to) that mention it,
 * and one row (theme null) for all of them.
 */
export async function selectThemeCounts(
  sql: Sql,
  orgId: string,
  q: { touchpointIds: string[]; from: Date; to: Date },
): Promise<ThemeCounts[]> {
  if (q.touchpointIds.length === 0) return [];
  return sql<ThemeCounts[]>`
    with scored as (
      select f.nps, f.enrichment -> 'themeIds' as themes from feedback f
      where f.org_id = ${orgId} and f.touchpoint_id = any(${q.touchpointIds}::uuid[])
        and f.occurred_at >= ${q.from} and f.occurred_at < ${q.to}
        and f.nps is not null and f.text is not null and f.enrichment is not null
    ), tagged as (
      select t.theme, s.nps from scored s
        cross join lateral jsonb_array_elements_text(
          case when jsonb_typeof(s.themes) = 'array' then s.themes else '[]'::jsonb end) as t(theme)
      union all
      select null, nps from scored
    )
    select theme,
      count(*) filter (where nps >= 9)::int as promoters,
      count(*) filter (where nps between 7 and 8)::int as passives,
      count(*) filter (where nps <= 6)::int as detractors
    from tagged group by theme`;
}

/** A case still open at these touchpoints. */
export interface OpenCase {
  id: string;
  priority: string;
  status: string;
  nps: number | null;
  dueAt: Date;
  breached: boolean;
  touchpointId: string | null;
}

/** Open cases at these touchpoints (or of this team), breaching first, then by due time. */
export async function selectOpenCases(
  sql: Sql,
  orgId: string,
  q: { touchpointIds: string[]; teamId: string | null },
): Promise<OpenCase[]> {
  if (q.touchpointIds.length === 0 && !q.teamId) return [];
  return sql<OpenCase[]>`
    select id, priority, status, nps, due_at as "dueAt",
      (breached_at is not null or due_at <= now()) as breached, touchpoint_id as "touchpointId"
    from cases
    where org_id = ${orgId} and status <> 'closed'
      and (touchpoint_id = any(${q.touchpointIds}::uuid[]) ${q.teamId ? sql`or team_id = ${q.teamId}` : sql``})
    order by (breached_at is not null or due_at <= now()) desc, due_at
    limit 500`;
}

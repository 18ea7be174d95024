// Query: recent enriched comments that no theme matched, for theme discovery.
import type { Sql } from '../../../platform/db/index.js';
import { type CommentFilter, whereComments } from '../filters.js';

/** Up to `limit` of the newest comments without any theme (already redacted text). */
export async function selectUntaggedComments(
  sql: Sql,
  orgId: string,
  filter: CommentFilter,
  limit: number,
): Promise<Array<{ id: string; text: string }>> {
  return sql<Array<{ id: string; text: string }>>`
    select f.id, f.text
    from feedback f
    where ${whereComments(sql, orgId, filter)} and f.enrichment is not null
      and f.enrichment ->> 'skipped' is null and jsonb_array_length(f.enrichment -> 'themeIds') = 0
    order by f.occurred_at desc
    limit ${limit}`;
}

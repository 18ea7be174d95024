// Query: recent enriched comments that no theme matched, for theme discovery.
import type { Sql } from '../../../platform/db/index.js';
import { type CommentFilter, whereComments } from '../filters.js';

/**
 * Up to `limit` of the newest comments without any theme (already redacted text). The conditions on the
 * enrichment are those of the partial index feedback_untagged_comments_idx (migration 0033), word for
 * word: a walk down that index, which holds only such comments.
 */
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
      and f.enrichment ->> 'skipped' is null and f.enrichment -> 'themeIds' = '[]'::jsonb
    order by f.occurred_at desc
    limit ${limit}`;
}

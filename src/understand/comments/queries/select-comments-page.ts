// Query: the next page of comments older than a revision, in id order (keyset pagination).
import type { Sql } from '../../../platform/db/index.js';
import type { CommentToEnrich } from './select-comments-by-ids.js';

/**
 * Up to `limit` comments after `after` (by id) whose enrichment predates `revision`. Walks the primary
 * key (org_id, id), so every page costs the same however far the run has gone.
 */
export async function selectCommentsPage(
  sql: Sql,
  orgId: string,
  revision: number,
  after: string | null,
  limit: number,
): Promise<CommentToEnrich[]> {
  return sql<CommentToEnrich[]>`
    select f.id, coalesce(f.text_original, f.text) as text,
      (select array_agg(t.theme_id order by t.theme_id) from feedback_theme_tags t
        where t.org_id = f.org_id and t.feedback_id = f.id) as "manualThemes"
    from feedback f
    where f.org_id = ${orgId} and f.id > ${after ?? '00000000-0000-0000-0000-000000000000'}
      and f.text is not null and coalesce(f.enrichment_revision, 0) < ${revision}
    order by f.id
    limit ${limit}`;
}

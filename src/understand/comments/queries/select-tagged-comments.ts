// Query: comments tagged by hand, as training data for a theme classifier.
import type { Sql } from '../../../platform/db/index.js';

/** Each hand-tagged comment with its theme ids. */
export async function selectTaggedComments(
  sql: Sql,
  orgId: string,
  limit: number,
): Promise<Array<{ text: string; themes: string[] }>> {
  return sql<Array<{ text: string; themes: string[] }>>`
    select coalesce(f.text_original, f.text) as text, array_agg(t.theme_id order by t.theme_id) as themes
    from feedback_theme_tags t
      join feedback f on f.org_id = t.org_id and f.id = t.feedback_id
    where t.org_id = ${orgId} and f.text is not null
    group by f.org_id, f.id
    limit ${limit}`;
}

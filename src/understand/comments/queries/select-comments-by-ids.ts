// Query: comments to enrich, by feedback id, with their hand-assigned themes.
import type { Sql } from '../../../platform/db/index.js';

/** A comment as the enrichment job reads it. */
export interface CommentToEnrich {
  id: string;
  /** The original text where it is kept, else the stored (possibly already redacted) text. */
  text: string;
  manualThemes: string[] | null;
}

/** The organisation's comments among `ids` (others' ids and rows without text are left out). */
export async function selectCommentsByIds(
  sql: Sql,
  orgId: string,
  ids: readonly string[],
): Promise<CommentToEnrich[]> {
  return sql<CommentToEnrich[]>`
    select f.id, coalesce(f.text_original, f.text) as text,
      (select array_agg(t.theme_id order by t.theme_id) from feedback_theme_tags t
        where t.org_id = f.org_id and t.feedback_id = f.id) as "manualThemes"
    from feedback f
    where f.org_id = ${orgId} and f.id = any(${ids as string[]}::uuid[]) and f.text is not null`;
}

// Query: set the hand-assigned themes of one feedback record.
import type { TransactionSql } from '../../../platform/db/index.js';

/** Replace the record's hand tags by `themes` (an empty list removes them all). */
export async function replaceThemeTags(
  tx: TransactionSql,
  orgId: string,
  feedbackId: string,
  themes: readonly string[],
  by: string,
): Promise<void> {
  await tx`
    with gone as (
      delete from feedback_theme_tags
      where org_id = ${orgId} and feedback_id = ${feedbackId} and not (theme_id = any(${themes as string[]}::text[]))
    )
    insert into feedback_theme_tags (org_id, feedback_id, theme_id, created_by)
    select ${orgId}, ${feedbackId}, t, ${by} from unnest(${themes as string[]}::text[]) as t
    on conflict do nothing`;
}

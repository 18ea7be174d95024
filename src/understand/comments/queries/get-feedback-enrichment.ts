// Query: one feedback record's enrichment and its revision.
import type { Sql, TransactionSql } from '../../../platform/db/index.js';
import type { StoredEnrichment } from '../enrichment.js';

/** The record's enrichment (null before the job ran), or undefined when the record does not exist here. */
export async function getFeedbackEnrichment(
  sql: Sql | TransactionSql,
  orgId: string,
  feedbackId: string,
): Promise<{ enrichment: StoredEnrichment | null; revision: number | null; hasText: boolean } | undefined> {
  const [row] = await sql<
    { enrichment: StoredEnrichment | null; revision: number | null; hasText: boolean }[]
  >`
    select enrichment, enrichment_revision as revision, text is not null as "hasText"
    from feedback where org_id = ${orgId} and id = ${feedbackId}
    for update`;
  return row;
}

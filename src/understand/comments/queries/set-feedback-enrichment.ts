// Query: overwrite one record's enrichment (same revision: hand-tag changes).
import type { TransactionSql } from '../../../platform/db/index.js';

/** Store `enrichment` on the record (the caller holds its row lock). */
export async function setFeedbackEnrichment(
  tx: TransactionSql,
  orgId: string,
  feedbackId: string,
  enrichment: unknown,
): Promise<void> {
  await tx`update feedback set enrichment = ${tx.json(enrichment as never)} where org_id = ${orgId} and id = ${feedbackId}`;
}

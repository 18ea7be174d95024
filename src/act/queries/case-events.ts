// Statement: one entry of a case's append-only history.
import type { Sql, TransactionSql } from '../../platform/db/index.js';
import type { Actor } from '../history.js';

/** Insert one change of a case (in the transaction that made it). */
export async function insertCaseEvent(
  tx: Sql | TransactionSql,
  orgId: string,
  caseId: string,
  actor: Actor,
  kind: string,
  changes: Record<string, unknown>,
): Promise<void> {
  await tx`insert into case_events (org_id, case_id, actor_kind, actor_id, kind, changes)
    values (${orgId}, ${caseId}, ${actor.kind}, ${actor.id}, ${kind}, ${tx.json(changes as never)})`;
}

// The append-only history of a case: who changed what, and when.
import type { Sql, TransactionSql } from '../platform/db/index.js';

/** Who acted: a user, an API key, or Northstar itself (rules, SLA jobs). */
export interface Actor {
  kind: 'user' | 'api_key' | 'system';
  id: string | null;
}

/** Northstar acting on its own. */
export const SYSTEM: Actor = { kind: 'system', id: null };

/** Record one change of a case (in the transaction that made it). */
export async function recordCaseEvent(
  tx: Sql | TransactionSql,
  orgId: string,
  caseId: string,
  actor: Actor,
  kind: string,
  changes: Record<string, unknown> = {},
): Promise<void> {
  await tx`insert into case_events (org_id, case_id, actor_kind, actor_id, kind, changes)
    values (${orgId}, ${caseId}, ${actor.kind}, ${actor.id}, ${kind}, ${tx.json(changes as never)})`;
}

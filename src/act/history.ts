// The append-only history of a case: who changed what, and when.
import type { Sql, TransactionSql } from '../platform/db/index.js';
import { insertCaseEvent } from './queries/case-events.js';

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
  await insertCaseEvent(tx, orgId, caseId, actor, kind, changes);
}

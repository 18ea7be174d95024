// Statements of the SLA job: the case's due time (locked), the breach, the case as the
// `case.sla_breached` event carries it, and the cases past their due time.
import type { Sql, TransactionSql } from '../../platform/db/index.js';

/** The case's status, due time and breach, locked until the transaction ends. */
export async function lockCaseDue(
  tx: TransactionSql,
  orgId: string,
  caseId: string,
): Promise<{ status: string; dueAt: Date; breachedAt: Date | null } | undefined> {
  const [c] = await tx<Array<{ status: string; dueAt: Date; breachedAt: Date | null }>>`
      select status, due_at as "dueAt", breached_at as "breachedAt" from cases
      where org_id = ${orgId} and id = ${caseId} for update`;
  return c;
}

/** Mark the case breached and escalated now. */
export async function markCaseBreached(tx: TransactionSql, orgId: string, caseId: string): Promise<void> {
  await tx`update cases set breached_at = now(), escalated_at = now(), updated_at = now()
      where org_id = ${orgId} and id = ${caseId}`;
}

/** The case as the `case.sla_breached` event carries it. */
export async function selectBreachEventCase(
  tx: TransactionSql,
  orgId: string,
  caseId: string,
): Promise<Record<string, unknown> | undefined> {
  const [data] = await tx<Record<string, unknown>[]>`
      select id, status, priority, team_id as "teamId", owner_id as "ownerId", feedback_id as "feedbackId",
        contact_id as "contactId", due_at as "dueAt", breached_at as "breachedAt", created_at as "createdAt"
      from cases where org_id = ${orgId} and id = ${caseId}`;
  return data;
}

/** The organisation's cases not closed nor marked breached whose due time has passed. */
export async function selectOverdueCaseIds(sql: Sql, orgId: string): Promise<Array<{ id: string }>> {
  return sql<{ id: string }[]>`
    select id from cases where org_id = ${orgId} and status <> 'closed' and breached_at is null and due_at <= now()`;
}

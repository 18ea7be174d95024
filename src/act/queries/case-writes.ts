// Statements that change a case: lock it, change its status, owner, team or priority, add a note,
// close it, reopen it; and the checks a change needs (the owner and the team are the organisation's).
import type { TransactionSql } from '../../platform/db/index.js';
import type { CaseNote } from '../../shared/api/index.js';
import type { CaseChange, CaseStatus, Priority } from '../cases.js';
import type { Actor } from '../history.js';
import type { BusinessHours } from '../sla.js';

/** The case's fields a change is checked against, locked until the transaction ends; undefined: no such case. */
export async function lockCaseRow(
  tx: TransactionSql,
  orgId: string,
  caseId: string,
): Promise<
  | { status: CaseStatus; ownerId: string | null; teamId: string | null; priority: Priority; dueAt: Date }
  | undefined
> {
  const [c] = await tx<
    Array<{
      status: CaseStatus;
      ownerId: string | null;
      teamId: string | null;
      priority: Priority;
      dueAt: Date;
    }>
  >`select status, owner_id as "ownerId", team_id as "teamId", priority, due_at as "dueAt"
    from cases where org_id = ${orgId} and id = ${caseId} for update`;
  return c;
}

/** Whether the user is the organisation's. */
export async function userInOrg(tx: TransactionSql, orgId: string, userId: string): Promise<boolean> {
  const r = await tx`select 1 from users where org_id = ${orgId} and id = ${userId}`;
  return r.length > 0;
}

/** Whether the team is the organisation's. */
export async function teamInOrg(tx: TransactionSql, orgId: string, teamId: string): Promise<boolean> {
  const r = await tx`select 1 from teams where org_id = ${orgId} and id = ${teamId}`;
  return r.length > 0;
}

/**
 * Write status, owner, team and priority (`change` over `before`); a move to waiting (on the
 * customer) sets the first-response time if it was not set.
 */
export async function updateCaseRow(
  tx: TransactionSql,
  orgId: string,
  caseId: string,
  change: CaseChange,
  before: { status: CaseStatus; ownerId: string | null; teamId: string | null; priority: Priority },
): Promise<void> {
  await tx`
      update cases set
        status = ${change.status ?? before.status},
        owner_id = ${change.ownerId !== undefined ? change.ownerId : before.ownerId},
        team_id = ${change.teamId !== undefined ? change.teamId : before.teamId},
        priority = ${change.priority ?? before.priority},
        -- waiting on the customer counts as having answered them
        first_response_at = case when ${change.status === 'waiting'}::boolean then coalesce(first_response_at, now()) else first_response_at end,
        updated_at = now()
      where org_id = ${orgId} and id = ${caseId}`;
}

/** Insert an internal note. */
export async function insertCaseNote(
  tx: TransactionSql,
  orgId: string,
  caseId: string,
  author: Actor,
  body: string,
): Promise<CaseNote> {
  const [note] = await tx<CaseNote[]>`
      insert into case_notes (org_id, case_id, author_kind, author_id, body)
      values (${orgId}, ${caseId}, ${author.kind}, ${author.id}, ${body})
      returning id, author_kind as "authorKind", author_id as "authorId", body, created_at as "createdAt"`;
  return note!;
}

/** Mark the case changed now. */
export async function touchCase(tx: TransactionSql, orgId: string, caseId: string): Promise<void> {
  await tx`update cases set updated_at = now() where org_id = ${orgId} and id = ${caseId}`;
}

/** Close the case with its resolution and root cause; the first close sets whether it was within its SLA. */
export async function closeCaseRow(
  tx: TransactionSql,
  orgId: string,
  caseId: string,
  input: { resolution: string; rootCause: string | null },
): Promise<void> {
  await tx`
      update cases set status = 'closed', closed_at = now(), first_closed_at = coalesce(first_closed_at, now()),
        closed_within_sla = coalesce(closed_within_sla, now() <= due_at),
        resolution = ${input.resolution}, root_cause = ${input.rootCause}, updated_at = now()
      where org_id = ${orgId} and id = ${caseId}`;
}

/** The SLA the case was opened with. */
export async function selectCaseSla(
  tx: TransactionSql,
  orgId: string,
  caseId: string,
): Promise<{ slaHours: number; businessHours: BusinessHours | null } | undefined> {
  const [c] = await tx<Array<{ slaHours: number; businessHours: BusinessHours | null }>>`
      select sla_hours::float8 as "slaHours", business_hours as "businessHours" from cases where org_id = ${orgId} and id = ${caseId}`;
  return c;
}

/** Open a closed case again with a new due time (breach and escalation cleared). */
export async function reopenCaseRow(
  tx: TransactionSql,
  orgId: string,
  caseId: string,
  due: Date,
): Promise<void> {
  await tx`update cases set status = 'open', closed_at = null, reopened = reopened + 1, due_at = ${due},
        breached_at = null, escalated_at = null, updated_at = now()
      where org_id = ${orgId} and id = ${caseId}`;
}

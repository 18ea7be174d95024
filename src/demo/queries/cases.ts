// Statements of the demo's closed loop: the agents (who cannot sign in), the touchpoints with their
// channels, the cases and their history in batches (in one transaction), and the recovery answers.
import type { Sql, TransactionSql } from 'postgres';
import type { CaseRow } from '../cases.js';

/** A history entry of a demo case. */
export interface CaseEventRow {
  case_id: string;
  at: string;
  actor_kind: string;
  actor_id: string | null;
  kind: string;
  changes: unknown;
}

/** A recovery question of a closed demo case, answered (score and time) or not (nulls). */
export interface RecoveryRow {
  case_id: string;
  asked_at: string | null;
  score: number | null;
  at: string | null;
}

/** Insert the agents (role agent) with a password hash nothing verifies against; returns their ids. */
export async function insertAgents(
  sql: Sql,
  orgId: string,
  agents: ReadonlyArray<{ email: string; name: string }>,
  passwordHash: string,
): Promise<Array<{ id: string; email: string }>> {
  return sql<{ id: string; email: string }[]>`
    insert into users (org_id, email, name, role, password_hash)
    select ${orgId}, x.email, x.name, 'agent', ${passwordHash}
    from jsonb_to_recordset(${sql.json(agents as never)}::jsonb) as x(email text, name text)
    returning id, email`;
}

/** The organisation's touchpoints with their channels, by name. */
export async function selectTouchpointChannels(
  sql: Sql,
  orgId: string,
): Promise<Array<{ id: string; channel: string | null }>> {
  return sql<{ id: string; channel: string | null }[]>`
    select id, channel from touchpoints where org_id = ${orgId} order by name`;
}

/** Insert a batch of cases (updated when last answered or closed). */
export async function insertCaseRows(tx: TransactionSql, orgId: string, rows: CaseRow[]): Promise<void> {
  await tx`
        insert into cases (org_id, id, feedback_id, rule_id, contact_id, touchpoint_id, survey_id, status, priority,
          team_id, owner_id, nps, sla_hours, due_at, breached_at, escalated_at, first_response_at, closed_at,
          first_closed_at, closed_within_sla, resolution, root_cause, created_at, updated_at)
        select ${orgId}, x.id, x.feedback_id, x.rule_id, x.contact_id, x.touchpoint_id, x.survey_id, x.status, x.priority,
          x.team_id, x.owner_id, x.nps, x.sla_hours, x.due_at, x.breached_at, x.breached_at, x.first_response_at, x.closed_at,
          x.first_closed_at, x.closed_within_sla, x.resolution, x.root_cause, x.created_at,
          greatest(x.created_at, x.first_response_at, x.closed_at)
        from jsonb_to_recordset(${tx.json(rows as never)}::jsonb) as x(
          id uuid, feedback_id uuid, rule_id uuid, contact_id uuid, touchpoint_id uuid, survey_id uuid, status text,
          priority text, team_id uuid, owner_id uuid, nps smallint, sla_hours numeric, due_at timestamptz,
          breached_at timestamptz, first_response_at timestamptz, closed_at timestamptz, first_closed_at timestamptz,
          closed_within_sla boolean, resolution text, root_cause text, created_at timestamptz)`;
}

/** Insert a batch of case history entries. */
export async function insertCaseEventRows(
  tx: TransactionSql,
  orgId: string,
  events: CaseEventRow[],
): Promise<void> {
  await tx`
        insert into case_events (org_id, case_id, at, actor_kind, actor_id, kind, changes)
        select ${orgId}, x.case_id, x.at, x.actor_kind, x.actor_id, x.kind, x.changes
        from jsonb_to_recordset(${tx.json(events as never)}::jsonb)
          as x(case_id uuid, at timestamptz, actor_kind text, actor_id uuid, kind text, changes jsonb)`;
}

/** Record on the cases when their customers were asked the recovery question, and their answers. */
export async function updateCaseRecovery(sql: Sql, orgId: string, recovery: RecoveryRow[]): Promise<void> {
  await sql`
    update cases c set recovery_asked_at = x.asked_at, recovery_score = x.score, recovery_answered_at = x.at
    from jsonb_to_recordset(${sql.json(recovery as never)}::jsonb) as x(case_id uuid, asked_at timestamptz, score smallint, at timestamptz)
    where c.org_id = ${orgId} and c.id = x.case_id`;
}

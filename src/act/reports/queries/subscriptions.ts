// SQL of report subscriptions (stored digest definitions); every statement is scoped by org_id.
import type { Sql } from '../../../platform/db/index.js';

/** How often a digest is sent. */
export type ReportFrequency = 'weekly' | 'monthly';

/** A stored digest definition. */
export interface Report {
  id: string;
  name: string;
  teamId: string | null;
  touchpointIds: string[];
  frequency: ReportFrequency;
  recipients: string[];
  nextRunAt: Date;
  lastSentAt: Date | null;
  createdAt: Date;
}

const COLUMNS = (sql: Sql) => sql`
  id, name, team_id as "teamId", touchpoint_ids as "touchpointIds", frequency, recipients,
  next_run_at as "nextRunAt", last_sent_at as "lastSentAt", created_at as "createdAt"`;

/** Store a report definition. */
export async function insertReport(
  sql: Sql,
  orgId: string,
  r: Omit<Report, 'id' | 'lastSentAt' | 'createdAt'>,
): Promise<Report> {
  const [row] = await sql<Report[]>`
    insert into report_subscriptions (org_id, name, team_id, touchpoint_ids, frequency, recipients, next_run_at)
    values (${orgId}, ${r.name}, ${r.teamId}, ${r.touchpointIds}::uuid[], ${r.frequency},
      ${r.recipients}::text[], ${r.nextRunAt})
    returning ${COLUMNS(sql)}`;
  return row as Report;
}

/** One report, or null. */
export async function selectReport(sql: Sql, orgId: string, id: string): Promise<Report | null> {
  const [row] = await sql<Report[]>`
    select ${COLUMNS(sql)} from report_subscriptions where org_id = ${orgId} and id = ${id}`;
  return row ?? null;
}

/** The organisation's reports, by name. */
export async function selectReports(sql: Sql, orgId: string): Promise<Report[]> {
  return sql<Report[]>`
    select ${COLUMNS(sql)} from report_subscriptions where org_id = ${orgId} order by name, created_at`;
}

/** Delete a report; false when there was none. */
export async function deleteReportRow(sql: Sql, orgId: string, id: string): Promise<boolean> {
  const rows =
    await sql`delete from report_subscriptions where org_id = ${orgId} and id = ${id} returning id`;
  return rows.length > 0;
}

/**
 * Move a report's next run from `due` to `next`, when it is still `due` (so a digest is sent once even
 * when two jobs race); true when this caller moved it.
 */
export async function advanceReport(
  sql: Sql,
  orgId: string,
  id: string,
  due: Date,
  next: Date,
): Promise<boolean> {
  const rows = await sql`
    update report_subscriptions set next_run_at = ${next}, last_sent_at = now()
    where org_id = ${orgId} and id = ${id} and next_run_at = ${due} returning id`;
  return rows.length > 0;
}

/** Reports of any organisation whose next run is due (catching up after downtime). */
export async function selectDueReports(
  sql: Sql,
  now: Date,
): Promise<Array<{ orgId: string; id: string; nextRunAt: Date }>> {
  return sql`
    select org_id as "orgId", id, next_run_at as "nextRunAt" from report_subscriptions
    where next_run_at <= ${now} order by next_run_at limit 500`;
}

/** The touchpoints a team owns. */
export async function selectTeamTouchpoints(
  sql: Sql,
  orgId: string,
  teamId: string,
): Promise<{ exists: boolean; name: string | null; touchpointIds: string[] }> {
  const [team] = await sql<{ name: string }[]>`
    select name from teams where org_id = ${orgId} and id = ${teamId}`;
  if (!team) return { exists: false, name: null, touchpointIds: [] };
  const rows = await sql<{ id: string }[]>`
    select touchpoint_id as id from team_touchpoints where org_id = ${orgId} and team_id = ${teamId}`;
  return { exists: true, name: team.name, touchpointIds: rows.map((r) => r.id) };
}

/** Which of these touchpoint ids exist in the organisation, with their names (null: every touchpoint). */
export async function selectTouchpointNames(
  sql: Sql,
  orgId: string,
  ids: string[] | null,
): Promise<Map<string, string>> {
  if (ids !== null && ids.length === 0) return new Map();
  const rows = await sql<{ id: string; name: string }[]>`
    select id, name from touchpoints where org_id = ${orgId}
      ${ids === null ? sql`` : sql`and id = any(${ids}::uuid[])`} order by name`;
  return new Map(rows.map((r) => [r.id, r.name]));
}

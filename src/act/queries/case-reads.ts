// Queries: cases as the inbox and the API show them (one page of the inbox, one case), and what a
// case's page shows beside it: its history, notes, messages, the feedback that opened it, and its
// customer with their feedback and past cases.
import type { Sql, TransactionSql } from '../../platform/db/index.js';
import type { CaseFilter, CaseSummary } from '../cases.js';

/** A row as read (shaped by the statement to the documented body). */
type Row = Record<string, unknown>;

/** The columns of a `CaseSummary`, over `cases c`. */
export const CASE_COLUMNS = (sql: Sql | TransactionSql) => sql`
  c.id, c.status, c.priority, c.team_id as "teamId", c.owner_id as "ownerId", c.feedback_id as "feedbackId",
  c.contact_id as "contactId", c.touchpoint_id as "touchpointId", c.rule_id as "ruleId", c.due_at as "dueAt",
  c.breached_at is not null as breached, c.breached_at as "breachedAt", c.created_at as "createdAt",
  c.updated_at as "updatedAt", c.first_response_at as "firstResponseAt", c.closed_at as "closedAt",
  c.root_cause as "rootCause", c.resolution, c.nps, c.recovery_score as "recoveryScore",
  (select s.band from churn_scores s where s.org_id = c.org_id and s.contact_id = c.contact_id) as "riskBand"`;

/**
 * Cases newest first, filtered, after the cursor's (created_at, id), up to `limit + 1` rows (the
 * extra one tells whether a next page exists), each with its creation time as the cursor text.
 */
export async function selectCasesPage(
  sql: Sql,
  orgId: string,
  f: CaseFilter,
  after: { at: string; id: string } | undefined,
): Promise<Array<CaseSummary & { cursorAt: string }>> {
  return sql<Array<CaseSummary & { cursorAt: string }>>`
    select ${CASE_COLUMNS(sql)}, to_char(c.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "cursorAt"
    from cases c
    where c.org_id = ${orgId}
      ${f.status?.length ? sql`and c.status = any(${f.status}::text[])` : sql``}
      ${f.teamId ? sql`and c.team_id = ${f.teamId}` : sql``}
      ${f.ownerId ? sql`and c.owner_id = ${f.ownerId}` : sql``}
      ${f.priority?.length ? sql`and c.priority = any(${f.priority}::text[])` : sql``}
      ${f.breached === undefined ? sql`` : f.breached ? sql`and c.breached_at is not null` : sql`and c.breached_at is null`}
      ${f.feedbackId ? sql`and c.feedback_id = ${f.feedbackId}` : sql``}
      ${f.contactId ? sql`and c.contact_id = ${f.contactId}` : sql``}
      ${f.touchpointId ? sql`and c.touchpoint_id = ${f.touchpointId}` : sql``}
      ${f.rootCause ? sql`and c.root_cause = ${f.rootCause}` : sql``}
      ${after ? sql`and (c.created_at, c.id) < (${after.at}::timestamptz, ${after.id}::uuid)` : sql``}
    order by c.created_at desc, c.id desc
    limit ${f.limit + 1}`;
}

/** One case, if it is the organisation's (in a transaction: as webhooks carry it after a change). */
export async function selectCase(
  sql: Sql | TransactionSql,
  orgId: string,
  caseId: string,
): Promise<CaseSummary | undefined> {
  const [c] = await sql<
    CaseSummary[]
  >`select ${CASE_COLUMNS(sql)} from cases c where c.org_id = ${orgId} and c.id = ${caseId}`;
  return c;
}

/** The case's history, oldest first. */
export async function selectCaseEvents(sql: Sql, orgId: string, caseId: string): Promise<Row[]> {
  return sql<Row[]>`select at, actor_kind as "actorKind", actor_id as "actorId", kind, changes
      from case_events where org_id = ${orgId} and case_id = ${caseId} order by id`;
}

/** The case's internal notes, oldest first. */
export async function selectCaseNotes(sql: Sql, orgId: string, caseId: string): Promise<Row[]> {
  return sql<
    Row[]
  >`select id, author_kind as "authorKind", author_id as "authorId", body, created_at as "createdAt"
      from case_notes where org_id = ${orgId} and case_id = ${caseId} order by created_at, id`;
}

/** The replies sent (or queued) from the case, oldest first. */
export async function selectCaseMessages(sql: Sql, orgId: string, caseId: string): Promise<Row[]> {
  return sql<Row[]>`select id, author_id as "authorId", to_address as "to", subject, body, status, reason,
        message_id as "messageId", in_reply_to as "inReplyTo", created_at as "createdAt"
      from case_messages where org_id = ${orgId} and case_id = ${caseId} order by created_at, id`;
}

/** The feedback record that opened the case, with its sentiment and themes (none or one row). */
export async function selectCaseFeedback(sql: Sql, orgId: string, feedbackId: string): Promise<Row[]> {
  return sql<Row[]>`select id, source, survey_id as "surveyId", touchpoint_id as "touchpointId", channel,
        occurred_at as "occurredAt", nps, csat, ces, rating, text, language,
        enrichment -> 'sentiment' as sentiment, enrichment -> 'themes' as themes
      from feedback where org_id = ${orgId} and id = ${feedbackId}`;
}

/** The case's customer (none or one row). */
export async function selectCaseContact(sql: Sql, orgId: string, contactId: string): Promise<Row[]> {
  return sql<Row[]>`select id, external_id as "externalId", email, name, attributes, consent
        from contacts where org_id = ${orgId} and id = ${contactId}`;
}

/** The customer's feedback, newest first (at most 200 records). */
export async function selectContactFeedback(sql: Sql, orgId: string, contactId: string): Promise<Row[]> {
  return sql<Row[]>`select id, source, survey_id as "surveyId", touchpoint_id as "touchpointId", channel,
          occurred_at as "occurredAt", nps, csat, ces, rating, text
        from feedback where org_id = ${orgId} and contact_id = ${contactId}
        order by occurred_at desc limit 200`;
}

/** The customer's cases, newest first (at most 100). */
export async function selectContactCases(sql: Sql, orgId: string, contactId: string): Promise<CaseSummary[]> {
  return sql<
    CaseSummary[]
  >`select ${CASE_COLUMNS(sql)} from cases c where c.org_id = ${orgId} and c.contact_id = ${contactId}
        order by c.created_at desc limit 100`;
}

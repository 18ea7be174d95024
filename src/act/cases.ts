// Cases: the inbox (filters and cursor), one case with its customer's history, status changes,
// owner and priority, notes, close with resolution and root cause, reopen.

import { sendInvitationJob } from '../listen/channels/email/index.js';
import { nonce } from '../listen/channels/hosted/index.js';
import { createSurvey } from '../listen/index.js';
import type { Sql, TransactionSql } from '../platform/db/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors/index.js';
import type { JobQueue } from '../platform/jobs/index.js';
import type { CaseDetail, CaseNote } from '../shared/api/index.js';
import { type Actor, recordCaseEvent } from './history.js';
import { type BusinessHours, dueAt } from './sla.js';
import { scheduleSla } from './sla-job.js';
import { emitEvent } from './webhooks.js';

/** Case statuses; `closed` is reached through close, and left through reopen. */
export const CASE_STATUSES = ['open', 'in_progress', 'waiting', 'closed'] as const;
/** A case status. */
export type CaseStatus = (typeof CASE_STATUSES)[number];
/** Case priorities. */
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
/** A priority. */
export type Priority = (typeof PRIORITIES)[number];

// Moves PATCH allows; closing needs a resolution (POST …/close) and reopening is POST …/reopen.
const MOVES: Record<CaseStatus, CaseStatus[]> = {
  open: ['in_progress', 'waiting'],
  in_progress: ['open', 'waiting'],
  waiting: ['open', 'in_progress'],
  closed: [],
};

/** A case in the inbox. */
export interface CaseSummary {
  id: string;
  status: CaseStatus;
  priority: Priority;
  teamId: string | null;
  ownerId: string | null;
  feedbackId: string;
  contactId: string | null;
  touchpointId: string | null;
  ruleId: string | null;
  dueAt: Date;
  breached: boolean;
  breachedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  firstResponseAt: Date | null;
  closedAt: Date | null;
  rootCause: string | null;
  resolution: string | null;
  nps: number | null;
  recoveryScore: number | null;
  /** The customer's churn-risk band from the latest churn scores; null when not scored. */
  riskBand: 'low' | 'medium' | 'high' | null;
}

const COLUMNS = (sql: Sql | TransactionSql) => sql`
  c.id, c.status, c.priority, c.team_id as "teamId", c.owner_id as "ownerId", c.feedback_id as "feedbackId",
  c.contact_id as "contactId", c.touchpoint_id as "touchpointId", c.rule_id as "ruleId", c.due_at as "dueAt",
  c.breached_at is not null as breached, c.breached_at as "breachedAt", c.created_at as "createdAt",
  c.updated_at as "updatedAt", c.first_response_at as "firstResponseAt", c.closed_at as "closedAt",
  c.root_cause as "rootCause", c.resolution, c.nps, c.recovery_score as "recoveryScore",
  (select s.band from churn_scores s where s.org_id = c.org_id and s.contact_id = c.contact_id) as "riskBand"`;

/** Inbox filters. */
export interface CaseFilter {
  status?: CaseStatus[] | undefined;
  teamId?: string | undefined;
  ownerId?: string | undefined;
  priority?: Priority[] | undefined;
  breached?: boolean | undefined;
  feedbackId?: string | undefined;
  contactId?: string | undefined;
  touchpointId?: string | undefined;
  rootCause?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
    if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/.test(id)) throw new Error('bad');
    return { at, id };
  } catch {
    throw new ValidationError('Invalid cursor', [
      { name: 'cursor', reason: 'use nextCursor from the last page' },
    ]);
  }
}

/** Cases newest first, filtered, one page at a time. */
export async function listCases(
  sql: Sql,
  orgId: string,
  f: CaseFilter,
): Promise<{ items: CaseSummary[]; nextCursor: string | null }> {
  const after = f.cursor ? decodeCursor(f.cursor) : undefined;
  const rows = await sql<Array<CaseSummary & { cursorAt: string }>>`
    select ${COLUMNS(sql)}, to_char(c.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "cursorAt"
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
  const more = rows.length > f.limit;
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(({ cursorAt: _c, ...r }) => r),
    nextCursor: more && last ? Buffer.from(`${last.cursorAt}|${last.id}`).toString('base64url') : null,
  };
}

/** One case with its history, notes, messages, the feedback that opened it and the customer's history. */
export async function getCase(sql: Sql, orgId: string, caseId: string): Promise<CaseDetail> {
  const [c] = await sql<
    CaseSummary[]
  >`select ${COLUMNS(sql)} from cases c where c.org_id = ${orgId} and c.id = ${caseId}`;
  if (!c) throw new NotFoundError(`Case ${caseId} not found`);
  const [history, notes, messages, feedback] = await Promise.all([
    sql`select at, actor_kind as "actorKind", actor_id as "actorId", kind, changes
      from case_events where org_id = ${orgId} and case_id = ${caseId} order by id`,
    sql`select id, author_kind as "authorKind", author_id as "authorId", body, created_at as "createdAt"
      from case_notes where org_id = ${orgId} and case_id = ${caseId} order by created_at, id`,
    sql`select id, author_id as "authorId", to_address as "to", subject, body, status, reason,
        message_id as "messageId", in_reply_to as "inReplyTo", created_at as "createdAt"
      from case_messages where org_id = ${orgId} and case_id = ${caseId} order by created_at, id`,
    sql`select id, source, survey_id as "surveyId", touchpoint_id as "touchpointId", channel,
        occurred_at as "occurredAt", nps, csat, ces, rating, text, language,
        enrichment -> 'sentiment' as sentiment, enrichment -> 'themes' as themes
      from feedback where org_id = ${orgId} and id = ${c.feedbackId}`,
  ]);
  let contact: unknown = null;
  if (c.contactId) {
    const [person, allFeedback, pastCases] = await Promise.all([
      sql`select id, external_id as "externalId", email, name, attributes, consent
        from contacts where org_id = ${orgId} and id = ${c.contactId}`,
      sql`select id, source, survey_id as "surveyId", touchpoint_id as "touchpointId", channel,
          occurred_at as "occurredAt", nps, csat, ces, rating, text
        from feedback where org_id = ${orgId} and contact_id = ${c.contactId}
        order by occurred_at desc limit 200`,
      sql`select ${COLUMNS(sql)} from cases c where c.org_id = ${orgId} and c.contact_id = ${c.contactId}
        order by c.created_at desc limit 100`,
    ]);
    contact = person[0] ? { ...person[0], feedback: allFeedback, cases: pastCases } : null;
  }
  // The rows are shaped by the queries above to the documented body (checked against it in tests).
  return { ...c, history, notes, messages, feedback: feedback[0] ?? null, contact } as unknown as CaseDetail;
}

async function lockCase(tx: TransactionSql, orgId: string, caseId: string) {
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
  if (!c) throw new NotFoundError(`Case ${caseId} not found`);
  return c;
}

/** The case as webhooks carry it. */
async function eventData(tx: TransactionSql, orgId: string, caseId: string): Promise<CaseSummary> {
  const [c] = await tx<
    CaseSummary[]
  >`select ${COLUMNS(tx)} from cases c where c.org_id = ${orgId} and c.id = ${caseId}`;
  return c!;
}

/** What PATCH can change. */
export interface CaseChange {
  status?: CaseStatus | undefined;
  ownerId?: string | null | undefined;
  teamId?: string | null | undefined;
  priority?: Priority | undefined;
}

async function checkPeople(tx: TransactionSql, orgId: string, change: CaseChange): Promise<void> {
  const problems: { name: string; reason: string }[] = [];
  if (change.ownerId) {
    const r = await tx`select 1 from users where org_id = ${orgId} and id = ${change.ownerId}`;
    if (r.length === 0) problems.push({ name: 'ownerId', reason: 'no such user in this organisation' });
  }
  if (change.teamId) {
    const r = await tx`select 1 from teams where org_id = ${orgId} and id = ${change.teamId}`;
    if (r.length === 0) problems.push({ name: 'teamId', reason: 'no such team in this organisation' });
  }
  if (problems.length > 0) throw new ValidationError('Unknown ids', problems);
}

/** Change status, owner, team or priority; every change goes to the history and to webhooks. */
export async function updateCase(
  sql: Sql,
  orgId: string,
  caseId: string,
  change: CaseChange,
  actor: Actor,
): Promise<CaseSummary> {
  return (await sql.begin(async (tx) => {
    const before = await lockCase(tx, orgId, caseId);
    await checkPeople(tx, orgId, change);
    const diff: Record<string, { from: unknown; to: unknown }> = {};
    if (change.status !== undefined && change.status !== before.status) {
      if (change.status === 'closed')
        throw new ValidationError('Close a case with POST /api/v1/cases/{id}/close, giving its resolution', [
          { name: 'status', reason: 'closed is reached through close' },
        ]);
      if (!MOVES[before.status].includes(change.status))
        throw new ConflictError(`A ${before.status} case cannot move to ${change.status}`, [
          {
            name: 'status',
            reason:
              before.status === 'closed' ? 'reopen it first' : `allowed: ${MOVES[before.status].join(', ')}`,
          },
        ]);
      diff.status = { from: before.status, to: change.status };
    }
    if (change.ownerId !== undefined && change.ownerId !== before.ownerId)
      diff.ownerId = { from: before.ownerId, to: change.ownerId };
    if (change.teamId !== undefined && change.teamId !== before.teamId)
      diff.teamId = { from: before.teamId, to: change.teamId };
    if (change.priority !== undefined && change.priority !== before.priority)
      diff.priority = { from: before.priority, to: change.priority };
    if (Object.keys(diff).length === 0) return eventData(tx, orgId, caseId);
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
    await recordCaseEvent(tx, orgId, caseId, actor, 'updated', diff);
    const data = await eventData(tx, orgId, caseId);
    await emitEvent(tx, orgId, 'case.updated', { case: data, changes: diff });
    return data;
  })) as CaseSummary;
}

/** Add an internal note. */
export async function addCaseNote(
  sql: Sql,
  orgId: string,
  caseId: string,
  body: string,
  actor: Actor,
): Promise<CaseNote> {
  return sql.begin(async (tx) => {
    await lockCase(tx, orgId, caseId);
    const [note] = await tx<CaseNote[]>`
      insert into case_notes (org_id, case_id, author_kind, author_id, body)
      values (${orgId}, ${caseId}, ${actor.kind}, ${actor.id}, ${body})
      returning id, author_kind as "authorKind", author_id as "authorId", body, created_at as "createdAt"`;
    await tx`update cases set updated_at = now() where org_id = ${orgId} and id = ${caseId}`;
    await recordCaseEvent(tx, orgId, caseId, actor, 'note_added', { noteId: note!.id });
    return note!;
  }) as Promise<CaseNote>;
}

/** The organisation's recovery survey ("after our follow-up…", one NPS question), made on first use. */
export async function recoverySurvey(sql: Sql | TransactionSql, orgId: string): Promise<string> {
  const [s] = await sql<{ id: string | null }[]>`
    select recovery_survey_id as id from act_settings where org_id = ${orgId}`;
  if (s?.id) return s.id;
  const survey = await createSurvey(sql as Sql, orgId, {
    name: 'Case follow-up',
    definition: {
      title: { en: 'After our follow-up, how likely are you to recommend us?' },
      questions: [
        {
          id: 'nps',
          type: 'nps',
          text: { en: 'After our follow-up, how likely are you to recommend us to a friend or colleague?' },
          required: true,
        },
        { id: 'comment', type: 'text', text: { en: 'Anything else you would like to tell us?' } },
      ],
    },
  });
  const [row] = await sql<{ id: string }[]>`
    insert into act_settings (org_id, recovery_survey_id) values (${orgId}, ${survey.id})
    on conflict (org_id) do update set recovery_survey_id = coalesce(act_settings.recovery_survey_id, excluded.recovery_survey_id)
    returning recovery_survey_id as id`;
  return row!.id;
}

/** Close input. */
export interface CloseInput {
  resolution: string;
  rootCause?: string | undefined;
  recoverySurvey?: boolean | undefined;
}

/**
 * Close a case with its resolution and root cause. By default the customer is asked the recovery
 * question (an invitation of the recovery survey, sent by the email job in this transaction); a
 * customer without email or who opted out is not asked, and the history says why.
 */
export async function closeCase(
  sql: Sql,
  jobs: JobQueue,
  orgId: string,
  caseId: string,
  input: CloseInput,
  actor: Actor,
): Promise<CaseSummary & { recovery: { sent: boolean; reason?: string } }> {
  const surveyId = input.recoverySurvey === false ? null : await recoverySurvey(sql, orgId);
  return (await sql.begin(async (tx) => {
    const before = await lockCase(tx, orgId, caseId);
    if (before.status === 'closed')
      throw new ConflictError('This case is closed already', [{ name: 'status', reason: 'closed' }]);
    await tx`
      update cases set status = 'closed', closed_at = now(), first_closed_at = coalesce(first_closed_at, now()),
        closed_within_sla = coalesce(closed_within_sla, now() <= due_at),
        resolution = ${input.resolution}, root_cause = ${input.rootCause ?? null}, updated_at = now()
      where org_id = ${orgId} and id = ${caseId}`;
    let recovery: { sent: boolean; reason?: string } = { sent: false, reason: 'not asked' };
    if (surveyId) recovery = await askRecovery(tx, jobs, orgId, caseId, surveyId);
    await recordCaseEvent(tx, orgId, caseId, actor, 'closed', {
      status: { from: before.status, to: 'closed' },
      resolution: input.resolution,
      rootCause: input.rootCause ?? null,
      recovery,
    });
    const data = await eventData(tx, orgId, caseId);
    await emitEvent(tx, orgId, 'case.closed', { case: data });
    return { ...data, recovery };
  })) as CaseSummary & { recovery: { sent: boolean; reason?: string } };
}

async function askRecovery(
  tx: TransactionSql,
  jobs: JobQueue,
  orgId: string,
  caseId: string,
  surveyId: string,
): Promise<{ sent: boolean; reason?: string }> {
  const [who] = await tx<
    Array<{
      contactId: string | null;
      email: string | null;
      consent: Record<string, boolean> | null;
      asked: string | null;
    }>
  >`
    select c.contact_id as "contactId", p.email, p.consent, c.recovery_invitation_id as asked
    from cases c left join contacts p on p.org_id = c.org_id and p.id = c.contact_id
    where c.org_id = ${orgId} and c.id = ${caseId}`;
  if (!who?.contactId) return { sent: false, reason: 'no contact' };
  if (who.asked) return { sent: false, reason: 'asked already' };
  if (!who.email) return { sent: false, reason: 'no email address' };
  if (who.consent?.email === false || who.consent?.surveys === false)
    return { sent: false, reason: 'the customer opted out of survey emails' };
  const [inv] = await tx<{ id: string }[]>`
    insert into invitations (org_id, survey_id, contact_id, channel, source, status, token_nonce, email)
    values (${orgId}, ${surveyId}, ${who.contactId}, 'email', 'case', 'queued', ${nonce()}, ${who.email})
    returning id`;
  await tx`update cases set recovery_invitation_id = ${inv!.id}, recovery_asked_at = now() where org_id = ${orgId} and id = ${caseId}`;
  await jobs.enqueue(sendInvitationJob, { orgId, invitationId: inv!.id }, { tx, singletonKey: inv!.id });
  return { sent: true };
}

/** Reopen a closed case: its due time starts again from now with the same SLA. */
export async function reopenCase(sql: Sql, jobs: JobQueue, orgId: string, caseId: string, actor: Actor) {
  return sql.begin(async (tx) => {
    const before = await lockCase(tx, orgId, caseId);
    if (before.status !== 'closed')
      throw new ConflictError('Only a closed case can be reopened', [
        { name: 'status', reason: before.status },
      ]);
    const [c] = await tx<Array<{ slaHours: number; businessHours: BusinessHours | null }>>`
      select sla_hours::float8 as "slaHours", business_hours as "businessHours" from cases where org_id = ${orgId} and id = ${caseId}`;
    const due = dueAt(new Date(), c!.slaHours, c!.businessHours);
    await tx`update cases set status = 'open', closed_at = null, reopened = reopened + 1, due_at = ${due},
        breached_at = null, escalated_at = null, updated_at = now()
      where org_id = ${orgId} and id = ${caseId}`;
    await scheduleSla(tx, jobs, orgId, caseId, due);
    await recordCaseEvent(tx, orgId, caseId, actor, 'reopened', {
      status: { from: 'closed', to: 'open' },
      dueAt: due,
    });
    const data = await eventData(tx, orgId, caseId);
    await emitEvent(tx, orgId, 'case.updated', {
      case: data,
      changes: { status: { from: 'closed', to: 'open' } },
    });
    return data;
  }) as Promise<CaseSummary>;
}

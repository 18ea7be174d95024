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
import {
  selectCase,
  selectCaseContact,
  selectCaseEvents,
  selectCaseFeedback,
  selectCaseMessages,
  selectCaseNotes,
  selectCasesPage,
  selectContactCases,
  selectContactFeedback,
} from './queries/case-reads.js';
import {
  closeCaseRow,
  insertCaseNote,
  lockCaseRow,
  reopenCaseRow,
  selectCaseSla,
  teamInOrg,
  touchCase,
  updateCaseRow,
  userInOrg,
} from './queries/case-writes.js';
import {
  insertRecoveryInvitation,
  markRecoveryAsked,
  selectRecoverySurveyId,
  selectRecoveryTarget,
  upsertRecoverySurveyId,
} from './queries/recovery.js';
import { dueAt } from './sla.js';
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
  const rows = await selectCasesPage(sql, orgId, f, after);
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
  const c = await selectCase(sql, orgId, caseId);
  if (!c) throw new NotFoundError(`Case ${caseId} not found`);
  const [history, notes, messages, feedback] = await Promise.all([
    selectCaseEvents(sql, orgId, caseId),
    selectCaseNotes(sql, orgId, caseId),
    selectCaseMessages(sql, orgId, caseId),
    selectCaseFeedback(sql, orgId, c.feedbackId),
  ]);
  let contact: unknown = null;
  if (c.contactId) {
    const [person, allFeedback, pastCases] = await Promise.all([
      selectCaseContact(sql, orgId, c.contactId),
      selectContactFeedback(sql, orgId, c.contactId),
      selectContactCases(sql, orgId, c.contactId),
    ]);
    contact = person[0] ? { ...person[0], feedback: allFeedback, cases: pastCases } : null;
  }
  // The rows are shaped by the queries to the documented body (checked against it in tests).
  return { ...c, history, notes, messages, feedback: feedback[0] ?? null, contact } as unknown as CaseDetail;
}

async function lockCase(tx: TransactionSql, orgId: string, caseId: string) {
  const c = await lockCaseRow(tx, orgId, caseId);
  if (!c) throw new NotFoundError(`Case ${caseId} not found`);
  return c;
}

/** The case as webhooks carry it. */
async function eventData(tx: TransactionSql, orgId: string, caseId: string): Promise<CaseSummary> {
  const c = await selectCase(tx, orgId, caseId);
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
    if (!(await userInOrg(tx, orgId, change.ownerId)))
      problems.push({ name: 'ownerId', reason: 'no such user in this organisation' });
  }
  if (change.teamId) {
    if (!(await teamInOrg(tx, orgId, change.teamId)))
      problems.push({ name: 'teamId', reason: 'no such team in this organisation' });
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
    await updateCaseRow(tx, orgId, caseId, change, before);
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
    const note = await insertCaseNote(tx, orgId, caseId, actor, body);
    await touchCase(tx, orgId, caseId);
    await recordCaseEvent(tx, orgId, caseId, actor, 'note_added', { noteId: note.id });
    return note;
  }) as Promise<CaseNote>;
}

/** The organisation's recovery survey ("after our follow-up…", one NPS question), made on first use. */
export async function recoverySurvey(sql: Sql | TransactionSql, orgId: string): Promise<string> {
  const existing = await selectRecoverySurveyId(sql, orgId);
  if (existing) return existing;
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
  return upsertRecoverySurveyId(sql, orgId, survey.id);
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
    await closeCaseRow(tx, orgId, caseId, {
      resolution: input.resolution,
      rootCause: input.rootCause ?? null,
    });
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
  const who = await selectRecoveryTarget(tx, orgId, caseId);
  if (!who?.contactId) return { sent: false, reason: 'no contact' };
  if (who.asked) return { sent: false, reason: 'asked already' };
  if (!who.email) return { sent: false, reason: 'no email address' };
  if (who.consent?.email === false || who.consent?.surveys === false)
    return { sent: false, reason: 'the customer opted out of survey emails' };
  const invitationId = await insertRecoveryInvitation(tx, orgId, {
    surveyId,
    contactId: who.contactId,
    nonce: nonce(),
    email: who.email,
  });
  await markRecoveryAsked(tx, orgId, caseId, invitationId);
  await jobs.enqueue(sendInvitationJob, { orgId, invitationId }, { tx, singletonKey: invitationId });
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
    const c = await selectCaseSla(tx, orgId, caseId);
    const due = dueAt(new Date(), c!.slaHours, c!.businessHours);
    await reopenCaseRow(tx, orgId, caseId, due);
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

// Transactional survey triggers: "contact X just finished touchpoint Y" → whether to invite, on which
// channel and when (rules, sampling, consent, frequency caps, quiet hours), with every decision logged.
import { createHash } from 'node:crypto';
import type { Sql } from '../../platform/db/index.js';
import { NotFoundError, ValidationError } from '../../platform/errors/index.js';
import type { JobQueue } from '../../platform/jobs/index.js';
import { invitationToken, mail, sendInvitationJob } from '../channels/email/index.js';
import { nonce } from '../channels/hosted/index.js';
import {
  type AttributeValue,
  type ContactRef,
  invitationBlocks,
  lockInvitations,
  resolveContacts,
  type SegmentRule,
  segmentCondition,
} from '../contacts/index.js';
import {
  contactMeets,
  insertDecision,
  insertSuppressedInvitation,
  insertTriggerInvitation,
  selectDecisions,
  selectPriorDecision,
  selectTriggerContact,
  surveyIsLive,
} from './queries/decisions.js';
import {
  insertTriggerRule,
  selectEnabledRules,
  selectTriggerRules,
  surveyExists,
  touchpointExists,
} from './queries/rules.js';

/** A trigger rule: for a touchpoint, which survey on which channel, to what share, outside which hours. */
export interface TriggerRule {
  id: string;
  touchpointId: string;
  surveyId: string;
  channel: 'email' | 'link';
  sampleRate: number;
  quietStart: number | null;
  quietEnd: number | null;
  defaultTimeZone: string;
  conditions: SegmentRule | null;
  enabled: boolean;
  createdAt: Date;
}

/** Fields of a new trigger rule. */
export interface TriggerRuleInput {
  touchpointId: string;
  surveyId: string;
  channel?: 'email' | 'link' | undefined;
  sampleRate?: number | undefined;
  quietHours?: { start: number; end: number } | undefined;
  defaultTimeZone?: string | undefined;
  conditions?: SegmentRule | undefined;
}

/** Add a trigger rule. */
export async function createTriggerRule(
  sql: Sql,
  orgId: string,
  input: TriggerRuleInput,
): Promise<TriggerRule> {
  if (!(await touchpointExists(sql, orgId, input.touchpointId)))
    throw new ValidationError('Unknown touchpoint', [{ name: 'touchpointId', reason: 'no such touchpoint' }]);
  if (!(await surveyExists(sql, orgId, input.surveyId)))
    throw new ValidationError('Unknown survey', [{ name: 'surveyId', reason: 'no such survey' }]);
  if (input.conditions) segmentCondition(sql, input.conditions);
  return insertTriggerRule(sql, orgId, input);
}

/** Every trigger rule. */
export async function listTriggerRules(sql: Sql, orgId: string): Promise<TriggerRule[]> {
  return selectTriggerRules(sql, orgId);
}

/** A trigger: who finished which touchpoint, with what attributes. */
export interface TriggerInput {
  touchpointId: string;
  contact: ContactRef;
  /** The caller's event id: a retried trigger with the same id is decided once. */
  eventId?: string | undefined;
  /** Attributes of the event (order value, agent...), logged with the decision. */
  attributes?: Record<string, AttributeValue> | undefined;
}

/** What was decided for one rule (or, with no rule, for the touchpoint). */
export interface TriggerDecision {
  id: string;
  ruleId: string | null;
  surveyId: string | null;
  decision: 'invite' | 'skip';
  reason: string;
  channel: string | null;
  invitationId: string | null;
  sendAt: Date | null;
  /** For the link channel: the personal survey link to show the contact (in app, on a receipt). */
  link?: string | undefined;
}

/** Whether a contact falls in a rule's sample: a stable hash of rule and contact (and event), so retries agree. */
export function sampled(ruleId: string, contactId: string, rate: number): boolean {
  if (rate >= 1) return true;
  const h = createHash('sha256').update(`${ruleId}:${contactId}`).digest();
  return h.readUInt32BE(0) / 2 ** 32 < rate;
}

/** Local hour and minute in a time zone. */
function localTime(at: Date, timeZone: string): { hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return { hour: get('hour'), minute: get('minute') };
}

/**
 * When to send given quiet hours [start, end) in local time (a range may wrap midnight, 21 → 8):
 * `at` itself outside them, else the next local `end`:00.
 */
export function quietHoursSendAt(at: Date, timeZone: string, start: number | null, end: number | null): Date {
  if (start === null || end === null || start === end) return at;
  const { hour, minute } = localTime(at, timeZone);
  const quiet = start < end ? hour >= start && hour < end : hour >= start || hour < end;
  if (!quiet) return at;
  const wait = ((end - hour + 24) % 24) * 60 - minute;
  return new Date(at.getTime() + wait * 60_000 - at.getSeconds() * 1000 - at.getMilliseconds());
}

function contactTimeZone(attributes: Record<string, unknown>, fallback: string): string {
  const tz = attributes.timeZone ?? attributes.timezone ?? attributes.tz;
  if (typeof tz !== 'string') return fallback;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz;
  } catch {
    return fallback;
  }
}

/**
 * Decide on a trigger, rule by rule: survey live, conditions on the contact, sample, consent and
 * frequency caps (across every channel), then the channel (email, or the personal link when the
 * contact has no email) and the send time (after quiet hours in the contact's time zone). Invitations
 * are created and email sends enqueued in the same transaction as the logged decisions.
 */
export async function handleTrigger(
  sql: Sql,
  jobs: JobQueue,
  orgId: string,
  input: TriggerInput,
  now: Date = new Date(),
): Promise<TriggerDecision[]> {
  if (!(await touchpointExists(sql, orgId, input.touchpointId)))
    throw new NotFoundError(`Touchpoint ${input.touchpointId} not found`);
  try {
    return await decide(sql, jobs, orgId, input, now);
  } catch (err) {
    // The same event decided concurrently by another request: answer with what it decided.
    const e = err as { code?: string; constraint_name?: string };
    if (e.code === '23505' && e.constraint_name === 'trigger_decisions_event_key') {
      return decide(sql, jobs, orgId, input, now);
    }
    throw err;
  }
}

async function decide(
  sql: Sql,
  jobs: JobQueue,
  orgId: string,
  input: TriggerInput,
  now: Date,
): Promise<TriggerDecision[]> {
  return sql.begin(async (tx) => {
    const t = tx as unknown as Sql;
    const [resolved] = await resolveContacts(t, orgId, [input.contact]);
    if (!resolved?.ok) throw new ValidationError('The contact is not valid', resolved?.problems ?? []);
    if (!resolved.id) {
      throw new ValidationError('A trigger needs a contact', [
        { name: 'contact', reason: 'give an id, externalId or email' },
      ]);
    }
    const contactId = resolved.id;
    // Concurrent triggers for this contact decide one after the other (frequency rules hold).
    await lockInvitations(t, orgId, contactId);
    const contact = await selectTriggerContact(t, orgId, contactId);
    const rules = await selectEnabledRules(t, orgId, input.touchpointId);
    const attributes = input.attributes ?? {};
    const log = async (d: Omit<TriggerDecision, 'id'>): Promise<TriggerDecision> => {
      const id = await insertDecision(t, orgId, {
        ...d,
        touchpointId: input.touchpointId,
        contactId,
        attributes,
        eventId: input.eventId ?? null,
        at: now,
      });
      return { id, ...d };
    };
    if (rules.length === 0) {
      return [
        await log({
          ruleId: null,
          surveyId: null,
          decision: 'skip',
          reason: 'no trigger rule for this touchpoint',
          channel: null,
          invitationId: null,
          sendAt: null,
        }),
      ];
    }
    const out: TriggerDecision[] = [];
    for (const rule of rules) {
      const skip = async (reason: string) =>
        out.push(
          await log({
            ruleId: rule.id,
            surveyId: rule.surveyId,
            decision: 'skip',
            reason,
            channel: null,
            invitationId: null,
            sendAt: null,
          }),
        );
      if (input.eventId) {
        const prior = await selectPriorDecision(t, orgId, input.eventId, rule.id);
        if (prior) {
          out.push(prior);
          continue;
        }
      }
      if (!(await surveyIsLive(t, orgId, rule.surveyId))) {
        await skip('survey is not live');
        continue;
      }
      if (rule.conditions) {
        if (!(await contactMeets(t, orgId, contactId, rule.conditions))) {
          await skip('contact does not meet the rule conditions');
          continue;
        }
      }
      if (!sampled(rule.id, contactId, rule.sampleRate)) {
        await skip(`not sampled (rate ${rule.sampleRate})`);
        continue;
      }
      const channel = rule.channel === 'email' && !contact?.email ? 'link' : rule.channel;
      const blocks = await invitationBlocks(t, orgId, rule.surveyId, channel, [contactId], now);
      const blocked = blocks.get(contactId);
      if (blocked) {
        // Logged as a suppressed invitation too, so response rates keep the contact in the denominator.
        await insertSuppressedInvitation(t, orgId, {
          surveyId: rule.surveyId,
          contactId,
          channel,
          reason: blocked,
          email: contact?.email ?? null,
          at: now,
        });
        await skip(blocked);
        continue;
      }
      const tz = contactTimeZone(contact?.attributes ?? {}, rule.defaultTimeZone);
      const sendAt = channel === 'email' ? quietHoursSendAt(now, tz, rule.quietStart, rule.quietEnd) : now;
      const tokenNonce = nonce();
      const invitationId = await insertTriggerInvitation(t, orgId, {
        surveyId: rule.surveyId,
        contactId,
        channel,
        tokenNonce,
        email: contact?.email ?? null,
        at: now,
      });
      let link: string | undefined;
      let reason =
        rule.channel === 'email' && channel === 'link'
          ? 'invited: no email address, personal link returned'
          : 'invited';
      if (channel === 'email') {
        await jobs.enqueue(
          sendInvitationJob,
          { orgId, invitationId: invitationId },
          { tx: t, ...(sendAt > now ? { startAfter: sendAt } : {}) },
        );
        if (sendAt > now) reason = `invited after quiet hours (${tz})`;
      } else {
        const token = await invitationToken(t, orgId, { surveyId: rule.surveyId, contactId, tokenNonce });
        link = `${mail().settings.publicUrl}/s/${rule.surveyId}?t=${encodeURIComponent(token)}`;
      }
      const d = await log({
        ruleId: rule.id,
        surveyId: rule.surveyId,
        decision: 'invite',
        reason,
        channel,
        invitationId: invitationId,
        sendAt,
      });
      out.push(link ? { ...d, link } : d);
    }
    return out;
  }) as Promise<TriggerDecision[]>;
}

/** The latest decisions, optionally only skips, for the dashboard's "why not" view. */
export async function listTriggerDecisions(
  sql: Sql,
  orgId: string,
  opts: { limit: number; decision?: 'invite' | 'skip' | undefined },
): Promise<Array<TriggerDecision & { contactId: string | null; touchpointId: string; createdAt: Date }>> {
  return selectDecisions(sql, orgId, opts);
}

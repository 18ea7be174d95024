// Contact-frequency rules (survey fatigue): at most N invitations per contact in D days, per survey or
// across all surveys and channels; reminders are exempt. Checked in one query for a whole audience.
import type { Sql } from '../../platform/db/index.js';
import { NotFoundError } from '../../platform/errors/index.js';
import {
  deleteFrequencyRuleRow,
  insertFrequencyRule,
  selectFrequencyRules,
  surveyExists,
} from './queries/frequency-rules.js';
import {
  lockInvitationDecisions,
  selectCappedContacts,
  selectOptedOut,
} from './queries/invitation-blocks.js';

/** A contact-frequency rule; `surveyId` null means global (every survey, every channel). */
export interface FrequencyRule {
  id: string;
  surveyId: string | null;
  maxInvitations: number;
  windowDays: number;
  createdAt: Date;
}

/** Add a frequency rule. */
export async function createFrequencyRule(
  sql: Sql,
  orgId: string,
  input: { surveyId?: string | null | undefined; maxInvitations: number; windowDays: number },
): Promise<FrequencyRule> {
  if (input.surveyId) {
    if (!(await surveyExists(sql, orgId, input.surveyId)))
      throw new NotFoundError(`Survey ${input.surveyId} not found`);
  }
  return insertFrequencyRule(sql, orgId, {
    surveyId: input.surveyId ?? null,
    maxInvitations: input.maxInvitations,
    windowDays: input.windowDays,
  });
}

/** Every frequency rule of an organisation. */
export async function listFrequencyRules(sql: Sql, orgId: string): Promise<FrequencyRule[]> {
  return selectFrequencyRules(sql, orgId);
}

/** Delete a frequency rule. */
export async function deleteFrequencyRule(sql: Sql, orgId: string, ruleId: string): Promise<void> {
  if (!(await deleteFrequencyRuleRow(sql, orgId, ruleId)))
    throw new NotFoundError(`Frequency rule ${ruleId} not found`);
}

/**
 * Serialise invitation decisions until the caller's transaction ends, so that two decisions can never
 * both pass a frequency rule that only one of them may: with a contact, decisions for that contact
 * wait for each other (and decisions for other contacts go on); without one (a campaign launch over
 * a whole audience), the launch waits for, and holds off, every other decision of the organisation.
 * Call it inside the transaction that checks `invitationBlocks` and inserts the invitations.
 */
export async function lockInvitations(tx: Sql, orgId: string, contactId?: string): Promise<void> {
  await lockInvitationDecisions(tx, orgId, contactId);
}

/**
 * Why each of these contacts may not be invited to `surveyId` on `channel` now: opted out
 * (consent `surveys` false, or `email` false for email), or a frequency rule already reached.
 * Contacts absent from the map may be invited. Windows end at `at` (now).
 */
export async function invitationBlocks(
  sql: Sql,
  orgId: string,
  surveyId: string,
  channel: string,
  contactIds: string[],
  at: Date = new Date(),
): Promise<Map<string, string>> {
  const blocks = new Map<string, string>();
  if (contactIds.length === 0) return blocks;
  const optedOut = await selectOptedOut(sql, orgId, channel, contactIds);
  for (const o of optedOut)
    blocks.set(o.id, o.which === 'email' ? 'unsubscribed from email' : 'opted out of surveys');
  // Invitations that count: every one sent or queued, on any channel; suppressed ones never reached anyone.
  const capped = await selectCappedContacts(sql, orgId, surveyId, contactIds, at);
  for (const c of capped) {
    if (blocks.has(c.contactId)) continue;
    blocks.set(
      c.contactId,
      `frequency rule: at most ${c.maxInvitations} per ${c.windowDays} days (${c.global ? 'all surveys' : 'this survey'})`,
    );
  }
  return blocks;
}

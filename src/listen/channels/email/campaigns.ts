// Email campaigns: creating one, reading it with its per-status counts and recipients, and launching it.
import type { Sql } from '../../../platform/db/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../platform/errors/index.js';
import type { JobQueue } from '../../../platform/jobs/index.js';
import { type Audience, audienceCondition, invitationBlocks, lockInvitations } from '../../contacts/index.js';
import { getOrganisationLanguage } from '../../organisation/index.js';
import { nonce } from '../hosted/index.js';
import { sendCampaignJob, sendRemindersJob } from './jobs.js';
import { insertCampaign } from './queries/insert-campaign.js';
import {
  type CampaignInvitationRow,
  insertCampaignInvitations,
  lockCampaign,
  markCampaignSending,
  selectAudienceContacts,
} from './queries/launch.js';
import {
  campaignExists,
  countInvitationsByStatus,
  type StoredCampaign,
  selectCampaign,
} from './queries/select-campaign.js';
import { selectCampaigns } from './queries/select-campaigns.js';
import { type InvitationRecord, selectInvitations } from './queries/select-invitations.js';
import { surveyExists } from './queries/survey-state.js';

/** A localised text: one string, or a map by language. */
export type Localised = string | Record<string, string>;

/** What a campaign is: who, which survey, what the email says, and its reminders. */
export interface CampaignInput {
  surveyId: string;
  name: string;
  audience: Audience;
  subject: Localised;
  intro?: Localised | undefined;
  fromAddress?: string | undefined;
  language?: string | undefined;
  reminderAfterHours?: number | undefined;
  maxReminders?: number | undefined;
}

/** Per-recipient states of an invitation. */
export const INVITATION_STATES = [
  'queued',
  'sent',
  'bounced',
  'opened',
  'responded',
  'suppressed',
  'failed',
] as const;

/** A campaign with its recipients counted by status. */
export interface Campaign extends Omit<StoredCampaign, 'subject' | 'intro'> {
  subject: Localised;
  intro: Localised;
  counts: Record<(typeof INVITATION_STATES)[number], number>;
}

const asMap = (t: Localised | undefined): Record<string, string> =>
  t === undefined ? {} : typeof t === 'string' ? { und: t } : t;
/** Create a campaign (a draft until launched). */
export async function createCampaign(sql: Sql, orgId: string, input: CampaignInput): Promise<Campaign> {
  if (!(await surveyExists(sql, orgId, input.surveyId)))
    throw new ValidationError('Unknown survey', [
      { name: 'surveyId', reason: 'no such survey in this organisation' },
    ]);
  await audienceCondition(sql, orgId, input.audience);
  if ((input.maxReminders ?? 0) > 0 && !input.reminderAfterHours) {
    throw new ValidationError('Reminders need a delay', [
      { name: 'reminderAfterHours', reason: 'required with maxReminders' },
    ]);
  }
  const id = await insertCampaign(sql, orgId, {
    surveyId: input.surveyId,
    name: input.name,
    audience: input.audience,
    subject: asMap(input.subject),
    intro: asMap(input.intro),
    fromAddress: input.fromAddress ?? null,
    // Without a language of its own, the campaign writes in the organisation's.
    language: input.language ?? (await getOrganisationLanguage(sql, orgId)),
    reminderAfterHours: input.reminderAfterHours ?? null,
    maxReminders: input.maxReminders ?? 0,
  });
  return getCampaign(sql, orgId, id);
}

/** A campaign with its per-status counts, or not found. */
export async function getCampaign(sql: Sql, orgId: string, campaignId: string): Promise<Campaign> {
  const c = await selectCampaign(sql, orgId, campaignId);
  if (!c) throw new NotFoundError(`Campaign ${campaignId} not found`);
  const rows = await countInvitationsByStatus(sql, orgId, campaignId);
  const counts = Object.fromEntries(INVITATION_STATES.map((s) => [s, 0])) as Campaign['counts'];
  for (const r of rows) counts[r.status as keyof Campaign['counts']] = r.n;
  return { ...c, counts };
}

/** The organisation's campaigns, of one survey when given, newest first, each with its counts. */
export async function listCampaigns(
  sql: Sql,
  orgId: string,
  opts: { surveyId?: string | undefined; limit: number },
): Promise<Campaign[]> {
  const rows = await selectCampaigns(sql, orgId, opts);
  return rows.map(({ counts: found, ...c }) => {
    const counts = Object.fromEntries(INVITATION_STATES.map((s) => [s, 0])) as Campaign['counts'];
    for (const [status, n] of Object.entries(found ?? {})) counts[status as keyof Campaign['counts']] = n;
    return { ...c, counts };
  });
}

/** One recipient's invitation, as the API shows it. */
export interface Invitation extends InvitationRecord {
  status: (typeof INVITATION_STATES)[number];
}

/** A campaign's invitations (per-recipient status), optionally of one status. */
export async function listInvitations(
  sql: Sql,
  orgId: string,
  campaignId: string,
  opts: { status?: string | undefined; limit: number; after?: string | undefined },
): Promise<Invitation[]> {
  // Another organisation's campaign (or none) is not found, rather than an empty list.
  if (!(await campaignExists(sql, orgId, campaignId)))
    throw new NotFoundError(`Campaign ${campaignId} not found`);
  return selectInvitations<Invitation>(sql, orgId, campaignId, opts);
}
/**
 * Launch a campaign: every audience contact gets an invitation, queued, or suppressed with the reason
 * (no email address, opted out, a frequency rule) so response rates keep them in the denominator. The
 * sending job is enqueued in the same transaction. Returns the counts.
 */
export async function launchCampaign(
  sql: Sql,
  jobs: JobQueue,
  orgId: string,
  campaignId: string,
): Promise<{ queued: number; suppressed: number }> {
  return sql.begin(async (tx) => {
    const t = tx as unknown as Sql;
    const c = await lockCampaign(t, orgId, campaignId);
    if (!c) throw new NotFoundError(`Campaign ${campaignId} not found`);
    if (c.status !== 'draft') throw new ConflictError(`Campaign ${campaignId} was already launched`);
    if (!(await surveyExists(t, orgId, c.surveyId, true)))
      throw new ConflictError('The survey is not live: it cannot take responses');
    // No trigger decides for anyone of this organisation while the audience is checked and queued.
    await lockInvitations(t, orgId);
    const { where: cond } = await audienceCondition(t, orgId, c.audience);
    const people = await selectAudienceContacts(t, orgId, cond);
    const blocks = await invitationBlocks(
      t,
      orgId,
      c.surveyId,
      'email',
      people.map((p) => p.id),
    );
    const rows: CampaignInvitationRow[] = people.map((p) => {
      const reason = p.email ? blocks.get(p.id) : 'no email address';
      return {
        contact_id: p.id,
        email: p.email,
        status: reason ? 'suppressed' : 'queued',
        reason: reason ?? null,
        token_nonce: reason ? null : nonce(),
      };
    });
    await insertCampaignInvitations(t, orgId, { id: campaignId, surveyId: c.surveyId }, rows);
    await markCampaignSending(t, orgId, campaignId);
    await jobs.enqueue(sendCampaignJob, { orgId, campaignId }, { tx: t, singletonKey: campaignId });
    if (c.maxReminders > 0 && c.reminderAfterHours) {
      await jobs.enqueue(
        sendRemindersJob,
        { orgId, campaignId, round: 1 },
        {
          tx: t,
          startAfter: new Date(Date.now() + c.reminderAfterHours * 3_600_000),
          singletonKey: `${campaignId}:1`,
        },
      );
    }
    const queued = rows.filter((r) => r.status === 'queued').length;
    return { queued, suppressed: rows.length - queued };
  }) as Promise<{ queued: number; suppressed: number }>;
}

// Email campaigns: creating one, reading it with its per-status counts and recipients, and launching it.
import type { Sql } from '../../../platform/db/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../platform/errors/index.js';
import type { JobQueue } from '../../../platform/jobs/index.js';
import { type Audience, audienceCondition, invitationBlocks, lockInvitations } from '../../contacts/index.js';
import { nonce } from '../hosted/index.js';
import { sendCampaignJob, sendRemindersJob } from './jobs.js';

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
export interface Campaign {
  id: string;
  surveyId: string;
  name: string;
  channel: 'email';
  audience: Audience;
  subject: Localised;
  intro: Localised;
  language: string;
  reminderAfterHours: number | null;
  maxReminders: number;
  status: 'draft' | 'sending' | 'sent';
  createdAt: Date;
  launchedAt: Date | null;
  counts: Record<(typeof INVITATION_STATES)[number], number>;
}

const asMap = (t: Localised | undefined): Record<string, string> =>
  t === undefined ? {} : typeof t === 'string' ? { und: t } : t;
/** Create a campaign (a draft until launched). */
export async function createCampaign(sql: Sql, orgId: string, input: CampaignInput): Promise<Campaign> {
  const [survey] = await sql`select 1 from surveys where org_id = ${orgId} and id = ${input.surveyId}`;
  if (!survey)
    throw new ValidationError('Unknown survey', [
      { name: 'surveyId', reason: 'no such survey in this organisation' },
    ]);
  await audienceCondition(sql, orgId, input.audience);
  if ((input.maxReminders ?? 0) > 0 && !input.reminderAfterHours) {
    throw new ValidationError('Reminders need a delay', [
      { name: 'reminderAfterHours', reason: 'required with maxReminders' },
    ]);
  }
  const [row] = await sql<{ id: string }[]>`
    insert into campaigns (org_id, survey_id, name, audience, subject, intro, from_address, language,
      reminder_after_hours, max_reminders)
    values (${orgId}, ${input.surveyId}, ${input.name}, ${sql.json(input.audience as never)},
      ${sql.json(asMap(input.subject))}, ${sql.json(asMap(input.intro))}, ${input.fromAddress ?? null},
      ${input.language ?? 'en'}, ${input.reminderAfterHours ?? null}, ${input.maxReminders ?? 0})
    returning id`;
  return getCampaign(sql, orgId, row!.id);
}

/** A campaign with its per-status counts, or not found. */
export async function getCampaign(sql: Sql, orgId: string, campaignId: string): Promise<Campaign> {
  const [c] = await sql<Omit<Campaign, 'counts'>[]>`
    select id, survey_id as "surveyId", name, channel, audience, subject, intro, language,
      reminder_after_hours as "reminderAfterHours", max_reminders as "maxReminders", status,
      created_at as "createdAt", launched_at as "launchedAt"
    from campaigns where org_id = ${orgId} and id = ${campaignId}`;
  if (!c) throw new NotFoundError(`Campaign ${campaignId} not found`);
  const rows = await sql<{ status: string; n: number }[]>`
    select status, count(*)::int as n from invitations where org_id = ${orgId} and campaign_id = ${campaignId} group by status`;
  const counts = Object.fromEntries(INVITATION_STATES.map((s) => [s, 0])) as Campaign['counts'];
  for (const r of rows) counts[r.status as keyof Campaign['counts']] = r.n;
  return { ...c, counts };
}

/** One recipient's invitation, as the API shows it. */
export interface Invitation {
  id: string;
  contactId: string;
  email: string | null;
  status: (typeof INVITATION_STATES)[number];
  reason: string | null;
  remindersSent: number;
  queuedAt: Date;
  sentAt: Date | null;
  openedAt: Date | null;
  bouncedAt: Date | null;
  respondedAt: Date | null;
  responseId: string | null;
}

/** A campaign's invitations (per-recipient status), optionally of one status. */
export async function listInvitations(
  sql: Sql,
  orgId: string,
  campaignId: string,
  opts: { status?: string | undefined; limit: number; after?: string | undefined },
): Promise<Invitation[]> {
  return sql<Invitation[]>`
    select id, contact_id as "contactId", email, status, reason, reminders_sent as "remindersSent",
      queued_at as "queuedAt", sent_at as "sentAt", opened_at as "openedAt", bounced_at as "bouncedAt",
      responded_at as "respondedAt", response_id as "responseId"
    from invitations
    where org_id = ${orgId} and campaign_id = ${campaignId}
      ${opts.status ? sql`and status = ${opts.status}` : sql``}
      ${opts.after ? sql`and id > ${opts.after}` : sql``}
    order by id limit ${opts.limit}`;
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
    const [c] = await t<
      {
        status: string;
        surveyId: string;
        audience: Audience;
        reminderAfterHours: number | null;
        maxReminders: number;
      }[]
    >`
      select status, survey_id as "surveyId", audience, reminder_after_hours as "reminderAfterHours",
        max_reminders as "maxReminders"
      from campaigns where org_id = ${orgId} and id = ${campaignId} for update`;
    if (!c) throw new NotFoundError(`Campaign ${campaignId} not found`);
    if (c.status !== 'draft') throw new ConflictError(`Campaign ${campaignId} was already launched`);
    const [live] =
      await t`select 1 from surveys where org_id = ${orgId} and id = ${c.surveyId} and status = 'live'`;
    if (!live) throw new ConflictError('The survey is not live: it cannot take responses');
    // No trigger decides for anyone of this organisation while the audience is checked and queued.
    await lockInvitations(t, orgId);
    const { where: cond } = await audienceCondition(t, orgId, c.audience);
    const people = await t<{ id: string; email: string | null }[]>`
      select c.id, c.email from contacts c where c.org_id = ${orgId} and ${cond}`;
    const blocks = await invitationBlocks(
      t,
      orgId,
      c.surveyId,
      'email',
      people.map((p) => p.id),
    );
    const rows = people.map((p) => {
      const reason = p.email ? blocks.get(p.id) : 'no email address';
      return {
        contact_id: p.id,
        email: p.email,
        status: reason ? 'suppressed' : 'queued',
        reason: reason ?? null,
        token_nonce: reason ? null : nonce(),
      };
    });
    for (let i = 0; i < rows.length; i += 5_000) {
      await t`
        insert into invitations (org_id, survey_id, campaign_id, contact_id, channel, source, status, reason, token_nonce, email)
        select ${orgId}, ${c.surveyId}, ${campaignId}, x.contact_id, 'email', 'campaign', x.status, x.reason, x.token_nonce, x.email
        from jsonb_to_recordset(${t.json(rows.slice(i, i + 5_000) as never)}::jsonb)
          as x(contact_id uuid, email text, status text, reason text, token_nonce text)
        on conflict do nothing`;
    }
    await t`update campaigns set status = 'sending', launched_at = now() where org_id = ${orgId} and id = ${campaignId}`;
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

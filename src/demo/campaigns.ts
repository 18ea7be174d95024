// The demo's email campaigns: two contact lists, an enterprise segment, and two finished campaigns
// (relationship NPS last quarter, delivery survey last month) whose invitations ended as real ones
// do: most delivered, some opened, a few bounced or opted out, one reminder to those who had not
// answered, and about a quarter answered, each linked to that contact's real demo response. They are
// dated in the past and marked sent, and no send job is queued, so starting the demo emails nobody.
import type { Sql } from 'postgres';
import { createCampaign } from '../listen/channels/email/index.js';
import { addToList, createList, createSegment } from '../listen/contacts/index.js';
import { createRandom, type Random } from '../shared/random.js';
import {
  type CampaignCandidate,
  type DemoInvitationRow,
  dateDemoList,
  insertDemoInvitations,
  markDemoCampaignSent,
  selectCampaignCandidates,
  surveyIdByName,
} from './queries/campaigns.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Days an invitation's link is counted as answering the campaign. */
const FIELD_DAYS = 21;
const REMIND_AFTER_HOURS = 72;

/** The demo's campaigns: survey, list, when it went out and how many were invited. */
export const DEMO_CAMPAIGNS: ReadonlyArray<{
  survey: string;
  name: string;
  list: string;
  daysAgo: number;
  invited: number;
  /** The share of invitations that end answered (before bounces and opt-outs are drawn). */
  answered: number;
}> = [
  {
    survey: 'Relationship NPS',
    name: 'Relationship NPS, last quarter',
    list: 'Relationship panel',
    daysAgo: 100,
    invited: 400,
    answered: 0.27,
  },
  {
    survey: 'Delivery survey',
    name: 'Delivery follow-up, last month',
    list: 'Recent delivery customers',
    daysAgo: 40,
    invited: 300,
    answered: 0.24,
  },
];

/** Load the lists, the segment and the finished campaigns; returns how many invitations were made. */
export async function loadDemoCampaigns(
  sql: Sql,
  opts: { orgId: string; seed: number; now: Date },
): Promise<{ campaigns: number; invitations: number }> {
  const org = opts.orgId;
  const db = sql as never;
  await createSegment(db, org, {
    name: 'Enterprise customers',
    rules: { attribute: 'segment', op: 'eq', value: 'enterprise' },
  });
  let campaigns = 0;
  let invitations = 0;
  for (const spec of DEMO_CAMPAIGNS) {
    const surveyId = await surveyIdByName(sql, org, spec.survey);
    if (!surveyId) continue;
    const rnd = createRandom(opts.seed, `campaign:${spec.name}`);
    const launched = new Date(opts.now.getTime() - spec.daysAgo * DAY_MS + 9 * HOUR_MS);
    const planned = new Date(launched.getTime() - 2 * DAY_MS);
    const candidates = await selectCampaignCandidates(
      sql,
      org,
      surveyId,
      launched,
      new Date(launched.getTime() + FIELD_DAYS * DAY_MS),
    );
    const chosen = chooseRecipients(rnd, candidates, spec.invited, spec.answered);
    const list = await createList(db, org, spec.list);
    await addToList(
      db,
      org,
      list.id,
      chosen.map((c) => c.contactId),
    );
    await dateDemoList(sql, org, list.id, planned);
    const campaign = await createCampaign(db, org, {
      surveyId,
      name: spec.name,
      audience: { listId: list.id },
      subject: { en: `Two minutes for Northstar Retail? (${spec.survey})` },
      intro: { en: 'Thank you for shopping with us. Tell us how we did.' },
      reminderAfterHours: REMIND_AFTER_HOURS,
      maxReminders: 1,
    });
    const rows = chosen.map((c) =>
      invitationRow(rnd, c, { org, surveyId, campaignId: campaign.id, launched }),
    );
    await insertDemoInvitations(sql, rows);
    await markDemoCampaignSent(sql, org, campaign.id, planned, launched);
    campaigns++;
    invitations += rows.length;
  }
  return { campaigns, invitations };
}

/** Shuffle (Fisher-Yates with the seeded source) and keep the first n. */
function sample<T>(rnd: Random, items: readonly T[], n: number): T[] {
  const copy = items.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = rnd.int(0, i);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy.slice(0, n);
}

/** `size` recipients of whom about `answered` answered the survey in the window (as many as there are). */
function chooseRecipients(
  rnd: Random,
  candidates: readonly CampaignCandidate[],
  size: number,
  answered: number,
): CampaignCandidate[] {
  const responders = candidates.filter((c) => c.responseId !== null);
  const others = candidates.filter((c) => c.responseId === null);
  const yes = sample(rnd, responders, Math.round(size * answered));
  const no = sample(rnd, others, size - yes.length);
  return sample(rnd, [...yes, ...no], yes.length + no.length);
}

function invitationRow(
  rnd: Random,
  c: CampaignCandidate,
  at: { org: string; surveyId: string; campaignId: string; launched: Date },
): DemoInvitationRow {
  const queued = at.launched;
  const sent = new Date(queued.getTime() + rnd.int(5, 600) * 1000);
  const base: DemoInvitationRow = {
    org_id: at.org,
    survey_id: at.surveyId,
    campaign_id: at.campaignId,
    contact_id: c.contactId,
    channel: 'email',
    source: 'campaign',
    status: 'sent',
    reason: null,
    email: c.email,
    reminders_sent: 0,
    queued_at: queued,
    sent_at: sent,
    opened_at: null,
    bounced_at: null,
    responded_at: null,
    last_sent_at: sent,
    response_id: null,
  };
  const reminder = new Date(sent.getTime() + REMIND_AFTER_HOURS * HOUR_MS);
  if (c.responseId !== null && c.submittedAt !== null) {
    const responded = new Date(c.submittedAt);
    const opened = new Date(Math.max(sent.getTime(), responded.getTime() - rnd.int(1, 90) * 60_000));
    const reminded = responded.getTime() > reminder.getTime();
    return {
      ...base,
      status: 'responded',
      opened_at: opened,
      responded_at: responded,
      response_id: c.responseId,
      reminders_sent: reminded ? 1 : 0,
      last_sent_at: reminded ? reminder : sent,
    };
  }
  const u = rnd.next();
  // About 2% had opted out of surveys (never sent), 4% bounced, 38% opened without answering.
  if (u < 0.02) {
    return {
      ...base,
      status: 'suppressed',
      reason: 'opted out of surveys',
      sent_at: null,
      last_sent_at: null,
    };
  }
  if (u < 0.06) {
    const bounced = new Date(sent.getTime() + rnd.int(1, 30) * 60_000);
    return { ...base, status: 'bounced', reason: '550 5.1.1 mailbox unavailable', bounced_at: bounced };
  }
  const opened = u < 0.44 ? new Date(sent.getTime() + rnd.int(10, 6 * 24 * 60) * 60_000) : null;
  return {
    ...base,
    status: opened ? 'opened' : 'sent',
    opened_at: opened,
    reminders_sent: 1,
    last_sent_at: reminder,
  };
}

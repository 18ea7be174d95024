// The email jobs: send a campaign, send one invitation, remind non-responders round by round.
import { z } from 'zod';
import { defineJob } from '../../../platform/jobs/index.js';
import {
  markCampaignSent,
  selectQueuedInvitationIds,
  selectReminderSettings,
} from './queries/campaign-sending.js';
import { remindNonResponders, sendInvitation } from './send.js';

/** Payload of the jobs below: which organisation and campaign or invitation. */
const CampaignPayload = z.object({ orgId: z.uuid(), campaignId: z.uuid() });

/** Send every queued invitation of a campaign. */
export const sendCampaignJob = defineJob({
  name: 'email.campaign',
  schema: CampaignPayload,
  retry: { limit: 5, delaySeconds: 30, backoff: true },
  expireInSeconds: 3_600,
  handle: async ({ orgId, campaignId }, { sql }) => {
    for (;;) {
      const batch = await selectQueuedInvitationIds(sql, orgId, campaignId);
      if (batch.length === 0) break;
      // A few messages at a time: SMTP servers throttle large bursts from one client.
      for (let i = 0; i < batch.length; i += 5) {
        await Promise.all(
          batch.slice(i, i + 5).map((id) => sendInvitation(sql, orgId, id, { reminder: false })),
        );
      }
    }
    await markCampaignSent(sql, orgId, campaignId);
  },
});

/** Send one invitation (triggered invitations; a later start for quiet hours). */
export const sendInvitationJob = defineJob({
  name: 'email.invitation',
  schema: z.object({ orgId: z.uuid(), invitationId: z.uuid() }),
  retry: { limit: 5, delaySeconds: 60, backoff: true },
  handle: async ({ orgId, invitationId }, { sql }) => {
    await sendInvitation(sql, orgId, invitationId, { reminder: false });
  },
});

/** Remind the campaign's non-responders (round n of max_reminders); schedules the next round. */
export const sendRemindersJob = defineJob({
  name: 'email.reminders',
  schema: CampaignPayload.extend({ round: z.number().int().min(1).max(5) }),
  retry: { limit: 5, delaySeconds: 60, backoff: true },
  expireInSeconds: 3_600,
  handle: async ({ orgId, campaignId, round }, { sql, jobs }) => {
    const c = await selectReminderSettings(sql, orgId, campaignId);
    if (!c || round > c.maxReminders) return;
    await remindNonResponders(sql, orgId, campaignId, round);
    if (round < c.maxReminders) {
      await jobs.enqueue(
        sendRemindersJob,
        { orgId, campaignId, round: round + 1 },
        {
          startAfter: new Date(Date.now() + c.hours * 3_600_000),
          singletonKey: `${campaignId}:${round + 1}`,
        },
      );
    }
  },
});

/** Every email job, for the worker's job table. */
export const EMAIL_JOBS = [sendCampaignJob, sendInvitationJob, sendRemindersJob];

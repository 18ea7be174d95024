// The job that emails an invitation: a fresh token each run (the previous email's link stops working),
// the message through the process's mailer, and the email's fate noted on the invitation.
import { z } from 'zod';
import { issueInvitationToken, noteInvitationSent } from '../../platform/auth/index.js';
import { defineJob, type JobDefinition } from '../../platform/jobs/index.js';
import { BounceError, mail } from '../channels/email/index.js';
import { renderUserInvitation } from './message.js';

/** Email one invitation; a bounce is noted and not retried, other failures are retried. */
export const sendUserInvitationJob = defineJob({
  name: 'users.invitation-email',
  schema: z.object({ orgId: z.uuid(), invitationId: z.uuid() }),
  retry: { limit: 5, delaySeconds: 30, backoff: true },
  handle: async ({ orgId, invitationId }, { sql }) => {
    const issued = await issueInvitationToken(sql, orgId, invitationId);
    if (!issued) return; // revoked, accepted or expired meanwhile
    const { mailer, settings } = mail();
    const message = renderUserInvitation({
      organisation: issued.organisation,
      invitedByName: issued.invitedByName,
      role: issued.role,
      acceptUrl: `${settings.publicUrl}/invite#${issued.token}`,
      expiresAt: issued.expiresAt,
    });
    try {
      await mailer.send({
        ...message,
        to: issued.email,
        from: settings.from,
        tag: `user-invitation-${invitationId}`,
      });
    } catch (err) {
      await noteInvitationSent(sql, orgId, invitationId, (err as Error).message);
      if (err instanceof BounceError) return;
      throw err;
    }
    await noteInvitationSent(sql, orgId, invitationId);
  },
});

/** The member jobs, for the worker's job table. */
export const MEMBER_JOBS = [sendUserInvitationJob as unknown as JobDefinition];

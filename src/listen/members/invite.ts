// Inviting a colleague: the invitation and its email job in one transaction (no email without a stored
// invitation, no invitation left without its email), and sending it again.

import type { Role } from '../../platform/auth/index.js';
import {
  type Actor,
  createInvitation,
  listInvitations,
  type UserInvitation,
} from '../../platform/auth/index.js';
import type { Sql } from '../../platform/db/index.js';
import { NotFoundError } from '../../platform/errors/index.js';
import type { JobQueue } from '../../platform/jobs/index.js';
import { sendUserInvitationJob } from './job.js';

/** Invite an address with a role and queue its email. */
export async function inviteUser(
  sql: Sql,
  jobs: JobQueue,
  orgId: string,
  input: { email: string; role: Role },
  actor: Actor,
): Promise<UserInvitation> {
  return createInvitation(sql, orgId, input, actor, async (tx, invitation) => {
    await jobs.enqueue(sendUserInvitationJob, { orgId, invitationId: invitation.id }, { tx });
  });
}

/** Queue the email of an open invitation again (a new link; the previous one stops working). */
export async function resendInvitation(
  sql: Sql,
  jobs: JobQueue,
  orgId: string,
  id: string,
): Promise<UserInvitation> {
  const invitation = (await listInvitations(sql, orgId)).find((i) => i.id === id);
  if (!invitation || invitation.expiresAt.getTime() <= Date.now())
    throw new NotFoundError(`Open invitation ${id} not found (invite the address again if it expired)`);
  await jobs.enqueue(sendUserInvitationJob, { orgId, invitationId: id });
  return invitation;
}

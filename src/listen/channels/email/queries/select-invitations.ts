// Query: a page of a campaign's invitations, optionally of one status.
import type { Sql } from '../../../../platform/db/index.js';

/** One recipient's invitation, as the API shows it. */
export interface InvitationRecord {
  id: string;
  contactId: string;
  email: string | null;
  status: string;
  reason: string | null;
  remindersSent: number;
  queuedAt: Date;
  sentAt: Date | null;
  openedAt: Date | null;
  bouncedAt: Date | null;
  respondedAt: Date | null;
  responseId: string | null;
}

/** Invitations in id order after `after`, at most `limit`. */
export async function selectInvitations<T extends InvitationRecord>(
  sql: Sql,
  orgId: string,
  campaignId: string,
  opts: { status?: string | undefined; limit: number; after?: string | undefined },
): Promise<T[]> {
  return sql<T[]>`
    select id, contact_id as "contactId", email, status, reason, reminders_sent as "remindersSent",
      queued_at as "queuedAt", sent_at as "sentAt", opened_at as "openedAt", bounced_at as "bouncedAt",
      responded_at as "respondedAt", response_id as "responseId"
    from invitations
    where org_id = ${orgId} and campaign_id = ${campaignId}
      ${opts.status ? sql`and status = ${opts.status}` : sql``}
      ${opts.after ? sql`and id > ${opts.after}` : sql``}
    order by id limit ${opts.limit}`;
}

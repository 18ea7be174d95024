// Response shapes of the organisation's users and their invitations (settings page, invitation page).
import { z } from 'zod';
import { Id, listOf, Timestamp } from './common.js';

/** The roles a user can hold, most powerful first. */
export const MemberRole = z.enum(['owner', 'admin', 'analyst', 'agent', 'viewer']);
export type MemberRole = z.output<typeof MemberRole>;

/** A user of the organisation as administrators see them. */
export const Member = z.object({
  id: Id,
  email: z.string(),
  name: z.string(),
  role: MemberRole,
  createdAt: Timestamp,
  lastSignInAt: Timestamp.nullable().describe('null: never signed in'),
  ssoOnly: z.boolean().describe('Signs in only through single sign-on (no password set)'),
});
export type Member = z.output<typeof Member>;
/** The organisation's users, owners first. */
export const MemberList = listOf(Member);
export type MemberList = z.output<typeof MemberList>;

/** An invitation not yet accepted or revoked (never its token). */
export const UserInvitation = z.object({
  id: Id,
  email: z.string(),
  role: MemberRole,
  invitedBy: Id.nullable(),
  invitedByName: z.string().nullable(),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  sentAt: Timestamp.nullable().describe('When the latest email went out; null: queued'),
  sendError: z.string().nullable().describe('Why the latest email failed, if it did'),
  status: z.enum(['queued', 'sent', 'failed', 'expired']),
});
export type UserInvitation = z.output<typeof UserInvitation>;
/** The organisation's open invitations, newest first. */
export const UserInvitationList = listOf(UserInvitation);
export type UserInvitationList = z.output<typeof UserInvitationList>;

/** What the invitee sees before accepting. */
export const InvitationPreview = z.object({
  email: z.string(),
  role: MemberRole,
  organisation: z.string(),
  expiresAt: Timestamp,
});
export type InvitationPreview = z.output<typeof InvitationPreview>;

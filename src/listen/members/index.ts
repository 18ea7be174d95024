// The organisation's team on the dashboard: inviting colleagues by email with a role (the invitation
// email goes out from a job through the mail layer), re-sending and the email's message.
//
// invite.ts: invite and re-send · job.ts: the email job · message.ts: the invitation email
export { inviteUser, resendInvitation } from './invite.js';
export { MEMBER_JOBS, sendUserInvitationJob } from './job.js';
export { renderUserInvitation } from './message.js';

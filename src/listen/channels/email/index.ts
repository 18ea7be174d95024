// Email invitations: campaigns to a list or segment, one-click first answers, reminders, unsubscribe,
// per-recipient status, and AAPOR response rates over the invitations.
//
// campaigns.ts: create, read, launch · send.ts: one invitation or reminder · jobs.ts: the email jobs ·
// links.ts: open pixel, one-click answers, unsubscribe · rates.ts: response rates · mailer.ts,
// message.ts: SMTP or outbox, and the message itself
export {
  type Campaign,
  type CampaignInput,
  createCampaign,
  getCampaign,
  INVITATION_STATES,
  type Invitation,
  type Localised,
  launchCampaign,
  listCampaigns,
  listInvitations,
} from './campaigns.js';
export { EMAIL_JOBS, sendCampaignJob, sendInvitationJob, sendRemindersJob } from './jobs.js';
export {
  invitationFromToken,
  looksAutomated,
  type OneClickRequest,
  recordOneClick,
  recordOpen,
  unsubscribe,
} from './links.js';
export {
  BounceError,
  createMailer,
  type Mailer,
  type MailSettings,
  mail,
  mailSettings,
  useMail,
} from './mailer.js';
export { INVITATION_LANGUAGES, oneClickScale, renderInvitation } from './message.js';
export { type ResponseRate, responseRates } from './rates.js';
export { invitationToken, recordBounce, remindNonResponders, sendInvitation } from './send.js';

// Responses of the outreach routes: campaigns and invitations, lists, segments, frequency rules, triggers,
// the website widget and the hosted page's script.
import { z } from 'zod';
import { Trigger, WidgetFrequency } from '../../listen/channels/widget/rules.js';
import { SegmentRule } from '../../listen/contacts/rules.js';
import { Condition, SurveyDefinition } from '../../listen/surveys/definition.js';
import { Id, listOf, pageOf, Timestamp } from './common.js';

/** Segment rules (all/any/not of attribute tests), as given when the segment was created. */
export const SegmentRules = SegmentRule;

const Localised = z.union([z.string(), z.record(z.string(), z.string())]);
const InvitationState = z.enum(['queued', 'sent', 'bounced', 'opened', 'responded', 'suppressed', 'failed']);

/** Who a campaign is for: a list, a segment, or rules. */
export const Audience = z.union([
  z.object({ listId: Id }),
  z.object({ segmentId: Id }),
  z.object({ rules: SegmentRules }),
]);

/** An email campaign with its recipients counted by status. */
export const Campaign = z.object({
  id: Id,
  surveyId: Id,
  name: z.string(),
  channel: z.literal('email'),
  audience: Audience,
  subject: Localised,
  intro: Localised,
  language: z.string(),
  reminderAfterHours: z.number().nullable(),
  maxReminders: z.number().int(),
  status: z.enum(['draft', 'sending', 'sent']),
  createdAt: Timestamp,
  launchedAt: Timestamp.nullable(),
  counts: z.record(InvitationState, z.number().int()),
});

/** Campaigns, newest first. */
export const CampaignList = listOf(Campaign);
export type CampaignList = z.output<typeof CampaignList>;

/** What launching queued and suppressed. */
export const CampaignLaunch = z.object({ queued: z.number().int(), suppressed: z.number().int() });

/** One recipient's invitation. */
export const Invitation = z.object({
  id: Id,
  contactId: Id,
  email: z.string().nullable(),
  status: InvitationState,
  reason: z.string().nullable(),
  remindersSent: z.number().int(),
  queuedAt: Timestamp,
  sentAt: Timestamp.nullable(),
  openedAt: Timestamp.nullable(),
  bouncedAt: Timestamp.nullable(),
  respondedAt: Timestamp.nullable(),
  responseId: Id.nullable(),
});
export const InvitationPage = pageOf(Invitation);

/** AAPOR response rates of one survey and channel. */
export const ResponseRate = z.object({
  surveyId: Id,
  channel: z.string(),
  invited: z.number().int(),
  responded: z.number().int(),
  partial: z.number().int(),
  noResponse: z.number().int(),
  bounced: z.number().int(),
  suppressed: z.number().int(),
  pending: z.number().int(),
  rr1: z.number().nullable(),
  rr2: z.number().nullable(),
  rr1Contacted: z.number().nullable(),
});
export const ResponseRateList = listOf(ResponseRate);

/** A contact list with its size. */
export const ContactList = z.object({
  id: Id,
  name: z.string(),
  size: z.number().int(),
  createdAt: Timestamp,
});
export const ContactListList = listOf(ContactList);
/** How many contacts were added to a list (members already in it are not counted). */
export const ListMembersAdded = z.object({ added: z.number().int() });

/** A dynamic segment. */
export const Segment = z.object({ id: Id, name: z.string(), rules: SegmentRules, createdAt: Timestamp });
export const SegmentList = listOf(Segment);

/** The size of an audience and its first 20 contacts. */
export const AudiencePreview = z.object({
  count: z.number().int(),
  sample: z.array(z.object({ id: Id, email: z.string().nullable(), externalId: z.string().nullable() })),
});

/** At most `maxInvitations` per contact in `windowDays`, for one survey or (null) all. */
export const FrequencyRule = z.object({
  id: Id,
  surveyId: Id.nullable(),
  maxInvitations: z.number().int(),
  windowDays: z.number().int(),
  createdAt: Timestamp,
});
export const FrequencyRuleList = listOf(FrequencyRule);

/** A trigger rule: touchpoint → survey on a channel, with sampling, quiet hours and conditions. */
export const TriggerRule = z.object({
  id: Id,
  touchpointId: Id,
  surveyId: Id,
  channel: z.enum(['email', 'link']),
  sampleRate: z.number(),
  quietStart: z.number().nullable(),
  quietEnd: z.number().nullable(),
  defaultTimeZone: z.string(),
  conditions: SegmentRules.nullable(),
  enabled: z.boolean(),
  createdAt: Timestamp,
});
export const TriggerRuleList = listOf(TriggerRule);

/** What a rule decided for one trigger, and why. */
export const TriggerDecision = z.object({
  id: Id,
  ruleId: Id.nullable(),
  surveyId: Id.nullable(),
  decision: z.enum(['invite', 'skip']),
  reason: z.string(),
  channel: z.string().nullable(),
  invitationId: Id.nullable(),
  sendAt: Timestamp.nullable(),
  link: z.string().optional().describe('For the link channel: the personal survey link to show'),
});
export const TriggerResult = z.object({ decisions: z.array(TriggerDecision) });
export const TriggerDecisionList = listOf(
  TriggerDecision.extend({ contactId: Id.nullable(), touchpointId: Id, createdAt: Timestamp }),
);

/** One survey on a widget site: triggers, targeting, sampling, position, recontact rules. */
const WidgetSurveyRules = z.object({
  triggers: z.array(Trigger),
  targeting: Condition.optional(),
  sampling: z.number(),
  position: z.enum(['bottom-right', 'bottom-left', 'center']),
  frequency: WidgetFrequency.optional(),
});

/** A site that embeds the widget. */
export const WidgetSite = z.object({
  id: Id,
  siteKey: z.string(),
  name: z.string(),
  origins: z.array(z.string()),
  surveys: z.array(WidgetSurveyRules.extend({ surveyId: Id })),
  createdAt: Timestamp,
});
export const WidgetSiteList = listOf(WidgetSite);

/** The public configuration of a site: its live surveys with single-use tokens. */
export const WidgetConfig = z.object({
  surveys: z.array(WidgetSurveyRules.extend({ id: Id, def: SurveyDefinition, token: z.string() })),
});

/** A stored widget response; `duplicate` when its token was used before (status 200). */
export const WidgetResponseResult = z.object({ id: Id, duplicate: z.boolean() });

/** The hosted page's completion: completed now, or already before. */
export const HostedCompletion = z.object({ status: z.enum(['completed', 'already']) });

// The types of the bodies above, for the dashboard (`import type`).
export type SegmentRules = z.output<typeof SegmentRules>;
export type Audience = z.output<typeof Audience>;
export type Campaign = z.output<typeof Campaign>;
export type CampaignLaunch = z.output<typeof CampaignLaunch>;
export type Invitation = z.output<typeof Invitation>;
export type InvitationPage = z.output<typeof InvitationPage>;
export type ResponseRate = z.output<typeof ResponseRate>;
export type ResponseRateList = z.output<typeof ResponseRateList>;
export type ContactList = z.output<typeof ContactList>;
export type ContactListList = z.output<typeof ContactListList>;
export type ListMembersAdded = z.output<typeof ListMembersAdded>;
export type Segment = z.output<typeof Segment>;
export type SegmentList = z.output<typeof SegmentList>;
export type AudiencePreview = z.output<typeof AudiencePreview>;
export type FrequencyRule = z.output<typeof FrequencyRule>;
export type FrequencyRuleList = z.output<typeof FrequencyRuleList>;
export type TriggerRule = z.output<typeof TriggerRule>;
export type TriggerRuleList = z.output<typeof TriggerRuleList>;
export type TriggerDecision = z.output<typeof TriggerDecision>;
export type TriggerResult = z.output<typeof TriggerResult>;
export type TriggerDecisionList = z.output<typeof TriggerDecisionList>;
export type WidgetSite = z.output<typeof WidgetSite>;
export type WidgetSiteList = z.output<typeof WidgetSiteList>;
export type WidgetConfig = z.output<typeof WidgetConfig>;
export type WidgetResponseResult = z.output<typeof WidgetResponseResult>;
export type HostedCompletion = z.output<typeof HostedCompletion>;

// Response bodies of the act routes: teams, case rules, cases with their history, figures, webhooks.
import { z } from 'zod';
import { Id, JsonObject, listOf, pageOf, Timestamp } from './common.js';
import { SegmentRules } from './outreach.js';

/** A team with its members and the touchpoints it owns. */
export const Team = z.object({
  id: Id,
  name: z.string(),
  memberIds: z.array(Id),
  touchpointIds: z.array(Id),
  escalation: z.object({ emails: z.array(z.string()).optional(), slackUrl: z.string().optional() }),
  createdAt: Timestamp,
});
export const TeamList = listOf(Team);

const Priority = z.enum(['low', 'normal', 'high', 'urgent']);
const CaseStatus = z.enum(['open', 'in_progress', 'waiting', 'closed']);

/** A case rule: conditions, assignment, priority and SLA. */
export const CaseRule = z.object({
  id: Id,
  name: z.string(),
  position: z.number().int(),
  enabled: z.boolean(),
  when: z.object({
    metric: z.enum(['nps', 'csat', 'ces', 'rating']).optional(),
    atMost: z.number().optional(),
    atLeast: z.number().optional(),
    sentiment: z.literal('negative').optional(),
    themes: z.array(z.string()).optional(),
    keywords: z.array(z.string()).optional(),
    touchpointIds: z.array(Id).optional(),
    surveyIds: z.array(Id).optional(),
    channels: z.array(z.string()).optional(),
    rules: SegmentRules.optional(),
  }),
  assign: z.object({
    teamId: Id.nullable(),
    userId: Id.nullable(),
    strategy: z.enum(['round_robin', 'least_loaded', 'none']),
  }),
  priority: Priority,
  slaHours: z.number(),
  businessHours: z
    .object({ timeZone: z.string(), days: z.array(z.number().int()), start: z.number(), end: z.number() })
    .nullable(),
  notify: z.object({
    owner: z.boolean().optional(),
    emails: z.array(z.string()).optional(),
    slackUrl: z.string().optional(),
  }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export const CaseRuleList = listOf(CaseRule);

/** A case in the inbox. */
export const CaseSummary = z.object({
  id: Id,
  status: CaseStatus,
  priority: Priority,
  teamId: Id.nullable(),
  ownerId: Id.nullable(),
  feedbackId: Id,
  contactId: Id.nullable(),
  touchpointId: Id.nullable(),
  ruleId: Id.nullable(),
  dueAt: Timestamp,
  breached: z.boolean(),
  breachedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  firstResponseAt: Timestamp.nullable(),
  closedAt: Timestamp.nullable(),
  rootCause: z.string().nullable(),
  resolution: z.string().nullable(),
  nps: z.number().int().nullable(),
  recoveryScore: z.number().int().nullable(),
  riskBand: z
    .enum(['low', 'medium', 'high'])
    .nullable()
    .describe("the customer's churn-risk band from the latest churn scores (null: not scored)"),
});
export const CasePage = pageOf(CaseSummary);

/** An internal note on a case. */
export const CaseNote = z.object({
  id: Id,
  authorKind: z.string(),
  authorId: Id.nullable(),
  body: z.string(),
  createdAt: Timestamp,
});

const FeedbackLine = z.object({
  id: Id,
  source: z.string(),
  surveyId: Id.nullable(),
  touchpointId: Id.nullable(),
  channel: z.string(),
  occurredAt: Timestamp,
  nps: z.number().nullable(),
  csat: z.number().nullable(),
  ces: z.number().nullable(),
  rating: z.number().nullable(),
  text: z.string().nullable(),
});

/** One case with its history, notes, messages, the feedback that opened it and the customer's history. */
export const CaseDetail = CaseSummary.extend({
  history: z.array(
    z.object({
      at: Timestamp,
      actorKind: z.enum(['user', 'api_key', 'system']),
      actorId: Id.nullable(),
      kind: z.string(),
      changes: JsonObject,
    }),
  ),
  notes: z.array(CaseNote),
  messages: z.array(
    z.object({
      id: Id,
      authorId: Id.nullable(),
      to: z.string(),
      subject: z.string(),
      body: z.string(),
      status: z.string(),
      reason: z.string().nullable(),
      messageId: z.string().nullable(),
      inReplyTo: z.string().nullable(),
      createdAt: Timestamp,
    }),
  ),
  feedback: FeedbackLine.extend({
    language: z.string().nullable(),
    sentiment: z.unknown().nullable(),
    themes: z.unknown().nullable(),
  }).nullable(),
  contact: z
    .object({
      id: Id,
      externalId: z.string().nullable(),
      email: z.string().nullable(),
      name: z.string().nullable(),
      attributes: JsonObject,
      consent: JsonObject,
      feedback: z.array(FeedbackLine),
      cases: z.array(CaseSummary),
    })
    .nullable(),
});

/** A closed case, and whether the customer was asked the recovery question. */
export const ClosedCase = CaseSummary.extend({
  recovery: z.object({ sent: z.boolean(), reason: z.string().optional() }),
});

/** A reply queued for sending. */
export const CaseReply = z.object({ id: Id, to: z.string(), subject: z.string(), status: z.string() });

const Interval = z.object({ low: z.number().nullable(), high: z.number().nullable() });
const LoopFigures = z.object({
  opened: z.number().int(),
  open: z.number().int(),
  closed: z.number().int(),
  breached: z.number().int(),
  medianHoursToFirstResponse: z.number().nullable(),
  medianHoursToClose: z.number().nullable(),
  withinSla: z.object({ n: z.number().int(), share: z.number().nullable(), ci: Interval }),
  recovery: z.object({
    surveyed: z.number().int(),
    answered: z.number().int(),
    recovered: z.number().int(),
    rate: z.number().nullable(),
    ci: Interval,
  }),
});
/** Loop figures, overall and by group when asked (Wilson 95% intervals; nulls when nothing was counted). */
export const CaseStats = LoopFigures.extend({
  groups: z.array(LoopFigures.extend({ key: z.string().nullable() })).optional(),
});

/** A webhook endpoint. */
export const WebhookEndpoint = z.object({
  id: Id,
  url: z.string(),
  description: z.string().nullable(),
  events: z.array(z.string()),
  enabled: z.boolean(),
  disabledReason: z.string().nullable(),
  disabledAt: Timestamp.nullable(),
  failingSince: Timestamp.nullable(),
  createdAt: Timestamp,
});
export const WebhookEndpointList = listOf(WebhookEndpoint);
/** A new endpoint with its signing secret, shown this once. */
export const CreatedWebhookEndpoint = WebhookEndpoint.extend({ secret: z.string() });

/** One event's delivery to an endpoint, with every attempt. */
export const WebhookDelivery = z.object({
  id: Id,
  messageId: z.string(),
  eventType: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: Timestamp.nullable(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: Timestamp.nullable(),
  createdAt: Timestamp,
  log: z.array(
    z.object({
      at: Timestamp,
      statusCode: z.number().int().nullable(),
      error: z.string().nullable(),
      durationMs: z.number().int(),
    }),
  ),
});
export const WebhookDeliveryList = listOf(WebhookDelivery);
export const RetriedDelivery = z.object({ id: Id, status: z.literal('pending') });

export type Team = z.output<typeof Team>;
export type CaseRule = z.output<typeof CaseRule>;
export type CaseSummary = z.output<typeof CaseSummary>;
export type CasePage = z.output<typeof CasePage>;
export type CaseDetail = z.output<typeof CaseDetail>;
export type CaseNote = z.output<typeof CaseNote>;
export type CaseStats = z.output<typeof CaseStats>;
export type WebhookEndpoint = z.output<typeof WebhookEndpoint>;
export type WebhookDelivery = z.output<typeof WebhookDelivery>;

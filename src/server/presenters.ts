// Entities leave the API only through these functions: explicit fields, ISO dates, no internals.

import type { Contact, Feedback, Journey, StoredResponse, Survey, Touchpoint } from '../listen/index.js';
import type { ApiKey, Member, User, UserInvitation } from '../platform/auth/index.js';
import type { Organisation } from '../platform/tenancy/index.js';
import type { FeedbackSource } from '../shared/api/index.js';

function iso(d: Date): string;
function iso(d: Date | null): string | null;
function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}

/** A user. */
export const presentUser = (u: User) => ({ id: u.id, email: u.email, name: u.name, role: u.role });
/** An organisation. */
export const presentOrganisation = (o: Organisation) => ({ id: o.id, slug: o.slug, name: o.name });
/** An API key (never its secret). */
export const presentApiKey = (k: ApiKey) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  role: k.role,
  createdAt: iso(k.createdAt),
  expiresAt: iso(k.expiresAt),
  lastUsedAt: iso(k.lastUsedAt),
  revokedAt: iso(k.revokedAt),
});
/** A journey with stages. */
export const presentJourney = (j: Journey) => ({
  id: j.id,
  name: j.name,
  description: j.description,
  stages: j.stages.map((s) => ({ id: s.id, name: s.name, position: s.position })),
  createdAt: iso(j.createdAt),
});
/** A touchpoint. */
export const presentTouchpoint = (t: Touchpoint) => ({
  id: t.id,
  journeyId: t.journeyId,
  stageId: t.stageId,
  name: t.name,
  channel: t.channel,
  description: t.description,
  createdAt: iso(t.createdAt),
});
/** A contact. */
export const presentContact = (c: Contact) => ({
  id: c.id,
  externalId: c.externalId,
  email: c.email,
  name: c.name,
  attributes: c.attributes,
  consent: c.consent,
  createdAt: iso(c.createdAt),
  updatedAt: iso(c.updatedAt),
});
/** A survey with its current definition. */
export const presentSurvey = (s: Survey) => ({
  id: s.id,
  name: s.name,
  status: s.status,
  version: s.version,
  touchpointId: s.touchpointId,
  mirrorOf: s.mirrorOf,
  definition: s.definition,
  createdAt: iso(s.createdAt),
  updatedAt: iso(s.updatedAt),
});
/** A stored response. */
export const presentResponse = (r: StoredResponse) => ({
  id: r.id,
  surveyId: r.surveyId,
  surveyVersion: r.surveyVersion,
  contactId: r.contactId,
  touchpointId: r.touchpointId,
  channel: r.channel,
  answers: r.answers,
  metadata: r.metadata,
  language: r.language,
  startedAt: iso(r.startedAt),
  submittedAt: iso(r.submittedAt),
  feedbackId: r.feedbackId,
});
/** A feedback record. */
export const presentFeedback = (f: Feedback) => ({
  id: f.id,
  // The feedback table's check constraint keeps source to these values.
  source: f.source as FeedbackSource,
  sourceId: f.sourceId,
  responseId: f.responseId,
  surveyId: f.surveyId,
  contactId: f.contactId,
  journeyId: f.journeyId,
  stageId: f.stageId,
  touchpointId: f.touchpointId,
  channel: f.channel,
  occurredAt: iso(f.occurredAt),
  measures: { nps: f.nps, csat: f.csat, ces: f.ces, rating: f.rating, ratingScale: f.ratingScale },
  text: f.text,
  language: f.language,
  attributes: f.attributes,
  metadata: f.metadata,
  enrichment: f.enrichment,
});
/** A user as administrators see them. */
export const presentMember = (m: Member) => ({
  id: m.id,
  email: m.email,
  name: m.name,
  role: m.role,
  createdAt: iso(m.createdAt),
  lastSignInAt: iso(m.lastSignInAt),
  ssoOnly: m.ssoOnly,
});
/** An open invitation (never its token), with the state of its email. */
export const presentUserInvitation = (i: UserInvitation, now = Date.now()) => ({
  id: i.id,
  email: i.email,
  role: i.role,
  invitedBy: i.invitedBy,
  invitedByName: i.invitedByName,
  createdAt: iso(i.createdAt),
  expiresAt: iso(i.expiresAt),
  sentAt: iso(i.sentAt),
  sendError: i.sendError,
  status:
    i.expiresAt.getTime() <= now
      ? ('expired' as const)
      : i.sendError
        ? ('failed' as const)
        : i.sentAt
          ? ('sent' as const)
          : ('queued' as const),
});

// Responses of the report routes (stored digest definitions) and of initiative follow-ups.
import { z } from 'zod';
import { Id, listOf, Timestamp } from './common.js';

/** A stored digest definition: whose touchpoints, how often, to whom; `GET /api/v1/reports/{id}.pdf` renders it now. */
export const Report = z.object({
  id: Id,
  name: z.string(),
  teamId: Id.nullable(),
  touchpointIds: z.array(Id).describe("Besides the team's touchpoints; none and no team: every touchpoint"),
  frequency: z.enum(['weekly', 'monthly']),
  recipients: z.array(z.string()),
  nextRunAt: Timestamp,
  lastSentAt: Timestamp.nullable(),
  createdAt: Timestamp,
  pdfUrl: z.string().describe('Where the PDF of the latest complete period is rendered'),
});

/** `GET /api/v1/reports`. */
export const ReportList = listOf(Report);

/** `POST /api/v1/reports/{id}/send`: how many emails went out. */
export const ReportSent = z.object({ sent: z.number().int() });

/** A follow-up campaign of an initiative ("you said, we did"). */
export const FollowUp = z.object({
  id: Id,
  initiativeId: Id,
  campaignId: Id,
  listId: Id,
  surveyId: Id,
  message: z.string(),
  createdAt: Timestamp,
  /** Customers chosen (their comments raised a theme, or they answered a targeted touchpoint before the start). */
  recipients: z.number().int(),
  queued: z.number().int(),
  suppressed: z.number().int().describe('Opted out, no address, or over a frequency rule'),
  warnings: z.array(z.string()),
});

/** `GET /api/v1/initiatives/{id}/follow-ups`. */
export const FollowUpList = listOf(
  FollowUp.omit({ recipients: true, queued: true, suppressed: true, warnings: true }).extend({
    counts: z.record(z.string(), z.number().int()).describe('Invitations by status'),
  }),
);

export type Report = z.output<typeof Report>;
export type ReportList = z.output<typeof ReportList>;
export type ReportSent = z.output<typeof ReportSent>;
export type FollowUp = z.output<typeof FollowUp>;
export type FollowUpList = z.output<typeof FollowUpList>;

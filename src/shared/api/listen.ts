// Responses of the listen routes: session, journeys, touchpoints, surveys, contacts, responses, feedback, imports.
import { z } from 'zod';
import { SurveyDefinition } from '../../listen/surveys/definition.js';
import { batchOf, Id, JsonObject, listOf, pageOf, Timestamp } from './common.js';

/** The signed-in user. */
export const User = z.object({ id: Id, email: z.string(), name: z.string(), role: z.string() });
/** An organisation (tenant). */
export const Organisation = z.object({ id: Id, slug: z.string(), name: z.string() });
/** Body of `POST /api/v1/auth/login` and `GET /api/v1/auth/me`. */
export const Session = z.object({
  user: User,
  organisation: Organisation,
  /** Present when the reader came through a read-only share link: the view it shows and its expiry. */
  share: z.object({ path: z.string(), expiresAt: Timestamp }).optional(),
});

/** A customer journey and its ordered stages. */
export const Journey = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  stages: z.array(z.object({ id: Id, name: z.string(), position: z.number().int() })),
  createdAt: Timestamp,
});
export const JourneyList = listOf(Journey);

/** A point of contact on a journey, optionally in a stage. */
export const Touchpoint = z.object({
  id: Id,
  journeyId: Id,
  stageId: Id.nullable(),
  name: z.string(),
  channel: z.string().nullable(),
  description: z.string(),
  createdAt: Timestamp,
});
export const TouchpointList = listOf(Touchpoint);

/** A survey with its current definition. */
export const Survey = z.object({
  id: Id,
  name: z.string(),
  status: z.enum(['draft', 'live', 'closed']),
  version: z.number().int(),
  touchpointId: Id.nullable(),
  /** The customer survey this internal survey mirrors (delivery gap), or null. */
  mirrorOf: Id.nullable(),
  definition: SurveyDefinition,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export const SurveyList = listOf(Survey);

/** One version of a survey in its history (without the definition). */
export const SurveyVersionSummary = z.object({
  version: z.number().int(),
  createdAt: Timestamp,
  /** When the version was first offered to respondents (its survey live with it current); null: never. */
  publishedAt: Timestamp.nullable(),
  /** Whether this is the survey's current version (the one new answers are given to). */
  current: z.boolean(),
  questions: z.number().int(),
  languages: z.array(z.string()),
  /** Responses given to this version. */
  responses: z.number().int(),
});
export const SurveyVersionList = listOf(SurveyVersionSummary);

/** One stored version of a survey with its definition. */
export const SurveyVersion = SurveyVersionSummary.extend({ surveyId: Id, definition: SurveyDefinition });

/** What a SurveyJS import could carry over. */
export const SurveyJsImport = z.object({
  definition: SurveyDefinition,
  report: z.object({
    mapped: z.array(z.object({ name: z.string(), from: z.string(), to: z.string() })),
    unmapped: z.array(z.object({ path: z.string(), name: z.string(), type: z.string(), reason: z.string() })),
    warnings: z.array(z.object({ path: z.string(), message: z.string() })),
  }),
  survey: Survey.optional().describe('The stored draft, with create: true'),
});

/** A personal single-use link to the hosted page. */
export const PersonalLink = z.object({ token: z.string(), path: z.string() });

/** A contact with typed attributes. */
export const Contact = z.object({
  id: Id,
  externalId: z.string().nullable(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  consent: z.record(z.string(), z.boolean()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export const ContactPage = pageOf(Contact);
export const ContactBatchResult = batchOf(
  z.object({ index: z.number().int(), status: z.literal('upserted'), id: Id.nullable() }),
);

/** A stored survey response. */
export const SurveyResponse = z.object({
  id: Id,
  surveyId: Id,
  surveyVersion: z.number().int(),
  contactId: Id.nullable(),
  touchpointId: Id.nullable(),
  channel: z.string(),
  answers: JsonObject,
  metadata: JsonObject,
  language: z.string().nullable(),
  startedAt: Timestamp.nullable(),
  submittedAt: Timestamp,
  feedbackId: Id,
});
/** A submitted response; `duplicate` when its idempotency key was seen before (status 200). */
export const SubmittedResponse = SurveyResponse.extend({ duplicate: z.boolean() });
export const ResponseBatchResult = batchOf(
  z.object({
    index: z.number().int(),
    status: z.enum(['created', 'duplicate']),
    id: Id,
    feedbackId: Id.nullable(),
  }),
);

/** Where feedback came from. */
export const FeedbackSource = z.enum(['survey', 'review', 'ticket', 'social', 'import', 'api']);

/** The measures of a feedback record; `rating` is on its own scale of `ratingScale` points. */
export const Measures = z.object({
  nps: z.number().nullable(),
  csat: z.number().nullable(),
  ces: z.number().nullable(),
  rating: z.number().nullable(),
  ratingScale: z.number().nullable(),
});

/** One feedback record, as `GET /api/v1/feedback` and the live stream give it. */
export const FeedbackItem = z.object({
  id: Id,
  source: FeedbackSource,
  sourceId: z.string(),
  responseId: Id.nullable(),
  surveyId: Id.nullable(),
  contactId: Id.nullable(),
  journeyId: Id.nullable(),
  stageId: Id.nullable(),
  touchpointId: Id.nullable(),
  channel: z.string(),
  occurredAt: Timestamp,
  measures: Measures,
  text: z.string().nullable(),
  language: z.string().nullable(),
  attributes: JsonObject,
  metadata: JsonObject,
  enrichment: JsonObject.nullable(),
});
export const FeedbackPage = pageOf(FeedbackItem);

const IngestedFeedback = z.object({
  index: z.number().int(),
  status: z.enum(['created', 'duplicate']),
  id: Id,
  sourceId: z.string(),
});
/** One ingested record: created (201) or a duplicate of (source, sourceId) (200). */
export const FeedbackIngested = IngestedFeedback;
export const FeedbackBatchResult = batchOf(IngestedFeedback);

/** What an import file holds. */
export const ImportKind = z.enum(['responses', 'reviews', 'tickets', 'contacts']);
/** One refused row of an import. */
export const ImportRowError = z.object({
  row: z.number().int(),
  line: z.number().int(),
  column: z.string(),
  reason: z.string(),
});
/** An import's state and row errors. */
export const ImportStatus = z.object({
  id: Id,
  kind: ImportKind,
  fileName: z.string(),
  status: z.enum(['validating', 'importing', 'done', 'rejected', 'failed']),
  skipInvalid: z.boolean(),
  totalRows: z.number().int(),
  processedRows: z.number().int(),
  imported: z.number().int(),
  duplicates: z.number().int(),
  skipped: z.number().int(),
  errorCount: z.number().int(),
  errors: z.array(ImportRowError),
  message: z.string().nullable(),
  createdAt: Timestamp,
  finishedAt: Timestamp.nullable(),
});
export const ImportList = listOf(ImportStatus);

// The types of the bodies above, for the dashboard (`import type`).
export type User = z.output<typeof User>;
export type Organisation = z.output<typeof Organisation>;
export type Session = z.output<typeof Session>;
export type Journey = z.output<typeof Journey>;
export type JourneyList = z.output<typeof JourneyList>;
export type Touchpoint = z.output<typeof Touchpoint>;
export type TouchpointList = z.output<typeof TouchpointList>;
export type Survey = z.output<typeof Survey>;
export type SurveyVersionSummary = z.output<typeof SurveyVersionSummary>;
export type SurveyVersionList = z.output<typeof SurveyVersionList>;
export type SurveyVersion = z.output<typeof SurveyVersion>;
export type SurveyList = z.output<typeof SurveyList>;
export type SurveyJsImport = z.output<typeof SurveyJsImport>;
export type PersonalLink = z.output<typeof PersonalLink>;
export type Contact = z.output<typeof Contact>;
export type ContactPage = z.output<typeof ContactPage>;
export type ContactBatchResult = z.output<typeof ContactBatchResult>;
export type SurveyResponse = z.output<typeof SurveyResponse>;
export type SubmittedResponse = z.output<typeof SubmittedResponse>;
export type ResponseBatchResult = z.output<typeof ResponseBatchResult>;
export type FeedbackSource = z.output<typeof FeedbackSource>;
export type Measures = z.output<typeof Measures>;
export type FeedbackItem = z.output<typeof FeedbackItem>;
export type FeedbackPage = z.output<typeof FeedbackPage>;
export type FeedbackIngested = z.output<typeof FeedbackIngested>;
export type FeedbackBatchResult = z.output<typeof FeedbackBatchResult>;
export type ImportKind = z.output<typeof ImportKind>;
export type ImportRowError = z.output<typeof ImportRowError>;
export type ImportStatus = z.output<typeof ImportStatus>;
export type ImportList = z.output<typeof ImportList>;

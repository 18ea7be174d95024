// Plain types of the Northstar HTTP API v1 that the dashboard reads.

/** A metric the score endpoint summarises. */
export type Metric = 'nps' | 'csat' | 'ces' | 'rating';

/** The signed-in user. */
export interface User {
  id: string;
  email: string;
  name: string;
  role: string;
}

/** The organisation (tenant) the session belongs to. */
export interface Organisation {
  id: string;
  slug: string;
  name: string;
}

/** Body of `POST /api/v1/auth/login` and `GET /api/v1/auth/me`. */
export interface Session {
  user: User;
  organisation: Organisation;
}

/** A confidence interval; `level` is 0.95 for a 95% interval. */
export interface Interval {
  low: number;
  high: number;
  level: number;
}

/** A score with its sample size and confidence interval. */
export interface Score {
  n: number;
  score: number | null;
  ci: Interval | null;
  lowN: boolean;
  method: 'adjusted-wald' | 'wilson' | 't';
  breakdown?: { promoters: number; passives: number; detractors: number };
}

/** One bucket of a score summary: a period, a group, or both. */
export interface Bucket extends Score {
  /** `YYYY-MM-DD`, the first day of the bucket. */
  period: string | null;
  group: { id: string; name: string } | null;
}

/** Body of `GET /api/v1/scores`. */
export interface ScoreSummary {
  metric: Metric;
  interval: string | null;
  groupBy: string | null;
  from: string | null;
  to: string | null;
  overall: Score;
  buckets: Bucket[];
}

/** A customer journey and its ordered stages. */
export interface Journey {
  id: string;
  name: string;
  stages: { id: string; name: string; position: number }[];
}

/** A point of contact within a journey stage. */
export interface Touchpoint {
  id: string;
  journeyId: string;
  stageId: string | null;
  name: string;
  channel: string | null;
}

/** An RFC 9457 problem document, as the API returns it on errors. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  /** The fields at fault, for validation errors. */
  invalid_params?: { name: string; reason: string }[];
}

/** One feedback record, as `GET /api/v1/feedback` and the live stream give it. */
export interface FeedbackItem {
  id: string;
  source: 'survey' | 'review' | 'ticket' | 'social' | 'import' | 'api';
  channel: string;
  touchpointId: string | null;
  occurredAt: string;
  measures: {
    nps: number | null;
    csat: number | null;
    ces: number | null;
    rating: number | null;
    ratingScale: number | null;
  };
  text: string | null;
}

/** What an import file holds. */
export type ImportKind = 'responses' | 'reviews' | 'tickets' | 'contacts';

/** One refused row of an import. */
export interface ImportRowError {
  row: number;
  line: number;
  column: string;
  reason: string;
}

/** Body of `GET /api/v1/imports/{id}`. */
export interface ImportStatus {
  id: string;
  kind: ImportKind;
  fileName: string;
  status: 'validating' | 'importing' | 'done' | 'rejected' | 'failed';
  skipInvalid: boolean;
  totalRows: number;
  processedRows: number;
  imported: number;
  duplicates: number;
  skipped: number;
  errorCount: number;
  errors: ImportRowError[];
  message: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** Body of `POST /api/v1/imports`. */
export interface ImportRequest {
  kind: ImportKind;
  fileName: string;
  content: string;
  skipInvalid: boolean;
  mapping?: { columns: Record<string, string>; channel?: string; surveyId?: string };
}

/** Body of `GET /api/v1/text/runs/{id}`: a comment re-analysis or a model training, with progress. */
export interface TextRun {
  id: string;
  kind: 'rerun' | 'train';
  status: 'queued' | 'running' | 'done' | 'failed' | 'superseded';
  reason: string;
  done: number;
  total: number | null;
  /** 0..1 */
  progress: number;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

// Minimal local shapes of answers the dashboard's new pages read. TODO(contract): switch each to the type
// inferred from the server's response schema once `web/src/types.ts` re-exports them.

/** A survey as `GET /api/v1/surveys` lists it. */
export interface SurveySummary {
  id: string;
  name: string;
  status: 'draft' | 'live' | 'closed';
  version: number;
  touchpointId: string | null;
  /** The customer survey this internal survey mirrors, or null. */
  mirrorOf: string | null;
  definition: SurveyDefinitionLike;
  createdAt: string;
  updatedAt: string;
}

/** The parts of a survey definition the dashboard reads. */
export interface SurveyDefinitionLike {
  questions: { id: string; type: string; title?: unknown; [key: string]: unknown }[];
  [key: string]: unknown;
}

/** A feedback record with everything `GET /api/v1/feedback` gives. TODO(contract): server type. */
export interface FeedbackRecord extends FeedbackItem {
  sourceId: string | null;
  responseId: string | null;
  surveyId: string | null;
  contactId: string | null;
  journeyId: string | null;
  stageId: string | null;
  language: string | null;
  attributes: Record<string, unknown>;
  metadata: Record<string, unknown>;
  enrichment: {
    themes?: { id: string; name: string; sentiment?: number }[];
    sentiment?: { label: string; score: number };
  } | null;
}

/** A stored survey response (`GET /api/v1/responses/{id}`). TODO(contract): server type. */
export interface StoredResponse {
  id: string;
  surveyId: string;
  surveyVersion: number;
  contactId: string | null;
  touchpointId: string | null;
  channel: string;
  answers: Record<string, unknown>;
  metadata: Record<string, unknown>;
  language: string | null;
  startedAt: string | null;
  submittedAt: string;
}

/** A contact (`GET /api/v1/contacts`). TODO(contract): server type. */
export interface Contact {
  id: string;
  externalId: string | null;
  email: string | null;
  name: string | null;
  attributes: Record<string, unknown>;
  consent: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

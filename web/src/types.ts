// Types of the Northstar HTTP API v1 that the dashboard reads: taken from the server's response schemas
// (src/shared/api), never mirrored by hand.
import type * as api from '../../src/shared/api/index.js';

export type {
  Bucket,
  FeedbackItem,
  ImportKind,
  ImportRowError,
  ImportStatus,
  Journey,
  Metric,
  Organisation,
  Score,
  ScoreOverview,
  ScoreSummary,
  Session,
  SignInMethods,
  TextRun,
  Touchpoint,
  User,
} from '../../src/shared/api/index.js';

/** A confidence interval; `level` is 0.95 for a 95% interval. */
export type Interval = api.ConfidenceInterval;

/** An RFC 9457 problem document, as far as the response gave one (a proxy may answer with something else). */
export type Problem = Partial<api.Problem>;

/** Body of `POST /api/v1/imports`. */
export interface ImportRequest {
  kind: api.ImportKind;
  fileName: string;
  content: string;
  skipInvalid: boolean;
  mapping?: { columns: Record<string, string>; channel?: string; surveyId?: string };
}

/** A survey as `GET /api/v1/surveys` lists it. */
export type SurveySummary = api.Survey;
/** A feedback record with everything `GET /api/v1/feedback` gives. */
export type FeedbackRecord = api.FeedbackItem;
/** A stored survey response (`GET /api/v1/responses/{id}`). */
export type StoredResponse = api.SurveyResponse;
/** A contact (`GET /api/v1/contacts`). */
export type Contact = api.Contact;

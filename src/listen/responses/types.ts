// The shapes of intake: a response as submitted, as stored, and the survey state it is checked against.
import type { ContactRef } from '../contacts/index.js';
import type { SurveyDefinition } from '../surveys/index.js';

/** A response as submitted. */
export interface ResponseInput {
  answers: Record<string, unknown>;
  contact?: ContactRef | undefined;
  touchpointId?: string | null | undefined;
  channel: string;
  language?: string | null | undefined;
  metadata?: Record<string, unknown> | undefined;
  startedAt?: Date | null | undefined;
  submittedAt?: Date | null | undefined;
  idempotencyKey?: string | null | undefined;
}

/** A stored response. */
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
  startedAt: Date | null;
  submittedAt: Date;
  feedbackId: string;
}

/** A survey's state and current definition, as intake sees it. */
export interface SurveyRow {
  status: string;
  version: number;
  touchpointId: string | null;
  definition: SurveyDefinition;
}

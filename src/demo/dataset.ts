// The demo data set: its sizes, the story hidden in it, and the shapes the loader writes (no I/O).
import type { Plan, Region, Segment } from './catalogue.js';
import type { QuestionSpec } from './surveys-catalogue.js';

/** Sizes of the demo organisation. */
export const DEMO_CONTACTS = 5_000;
export const DEMO_RESPONSES = 50_000;
/** The responses span this many calendar months, ending at `now`. */
export const DEMO_MONTHS = 18;

/**
 * The story hidden in the data, so a demo has something to find:
 * - Delivery degrades sharply in the calendar month that starts DELIVERY_INCIDENT_MONTHS_AGO months
 *   before the month of `now` (a new carrier: late and lost parcels jump from ~8% to ~50%), and
 *   recovers partly the month after. Delivery NPS drops by about 30 points that month, and its
 *   comments turn to late and missing parcels.
 * - Enterprise customers score clearly lower on the support touchpoints (live chat, phone, help
 *   centre): CSAT top-2-box about 25 points below consumers, CES about one point lower.
 */
export const DELIVERY_INCIDENT_MONTHS_AGO = 4;

/** Where the story is in a generated data set. */
export interface DemoStory {
  /** The degraded touchpoint ('Delivery') and its id. */
  incidentTouchpointName: string;
  incidentTouchpointId: string;
  /** The degraded month, `YYYY-MM` (UTC), and its bounds [from, to). */
  incidentMonth: string;
  incidentFrom: Date;
  incidentTo: Date;
  /** Touchpoint ids where enterprise customers score lower. */
  supportTouchpointIds: string[];
}

/**
 * A survey definition in the schemaVersion 1 format of `listen/surveys`, written out in its
 * normalised form (defaults spelled out), so parsing it changes nothing.
 */
export interface SurveyDefinition {
  schemaVersion: 1;
  defaultLanguage: 'en';
  title: { en: string };
  questions: Array<{
    id: string;
    type: QuestionSpec['type'];
    text: { en: string };
    required: boolean;
    scale?: { min: number; max: number };
    display?: 'stars';
    options?: Array<{ id: string; text: { en: string } }>;
    long?: boolean;
  }>;
}

/** Answer values keyed by question id: scores are numbers, choices ids, text strings. */
export type Answers = Record<string, number | string | string[]>;

export interface DemoStage {
  id: string;
  name: string;
  position: number;
}
export interface DemoTouchpoint {
  id: string;
  key: string;
  name: string;
  stageId: string;
  channel: string;
  description: string;
}
export interface DemoContact {
  id: string;
  externalId: string;
  email: string;
  name: string;
  attributes: {
    segment: Segment;
    region: Region;
    plan: Plan;
    signup_date: string;
    lifetime_value: number;
  };
  createdAt: Date;
}
export interface DemoSurvey {
  id: string;
  key: string;
  name: string;
  touchpointId: string;
  version: 1;
  definition: SurveyDefinition;
}
export interface DemoResponse {
  id: string;
  surveyId: string;
  surveyVersion: number;
  contactId: string;
  touchpointId: string;
  channel: string;
  answers: Answers;
  metadata: { collector: string; device: string };
  language: 'en';
  startedAt: Date;
  submittedAt: Date;
}
/** One feedback row per response: the unified record analytics reads. */
export interface DemoFeedback {
  id: string;
  responseId: string;
  surveyId: string;
  contactId: string;
  journeyId: string;
  stageId: string;
  touchpointId: string;
  channel: string;
  occurredAt: Date;
  nps: number | null;
  csat: number | null;
  ces: number | null;
  /** Normalised to 0–1 from `ratingScale` points. */
  rating: number | null;
  ratingScale: number | null;
  text: string | null;
  /** The contact's attributes when the response arrived (as live intake copies them), for slicing. */
  attributes: DemoContact['attributes'];
  /** The response's metadata, as live intake copies it. */
  metadata: DemoResponse['metadata'];
}

/** Everything the loader writes for the demo organisation, apart from the organisation row. */
export interface DemoDataset {
  seed: number;
  now: Date;
  /** First instant of the response window (DEMO_MONTHS calendar months before `now`). */
  from: Date;
  createdAt: Date;
  journey: { id: string; name: string; description: string };
  stages: DemoStage[];
  touchpoints: DemoTouchpoint[];
  contactAttributes: Array<{ key: string; type: 'string' | 'number' | 'boolean' | 'date' }>;
  contacts: DemoContact[];
  surveys: DemoSurvey[];
  /** Sorted by submission time. */
  responses: DemoResponse[];
  /** Parallel to `responses`: feedback[i] is the record of responses[i]. */
  feedback: DemoFeedback[];
  story: DemoStory;
}

/** Everything in the demo data set except the responses and their feedback records. */
export type DemoHead = Omit<DemoDataset, 'responses' | 'feedback'>;

/**
 * The demo in two parts, so a loader can write rows while later ones are still being made: the head
 * (all but responses and feedback), and a cursor that makes the responses one at a time, in time order.
 */
export interface DemoPlan {
  head: DemoHead;
  /** How many responses `next` makes. */
  count: number;
  /** Makes the next response and its feedback record; call it `count` times. */
  next(): { response: DemoResponse; feedback: DemoFeedback };
}

/** Where the story falls for a given `now` (pure; the same rule the generator uses). */
export function demoIncidentMonth(now: Date): { month: string; from: Date; to: Date } {
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - DELIVERY_INCIDENT_MONTHS_AGO, 1));
  const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
  return { month: from.toISOString().slice(0, 7), from, to };
}

// Factories for test data: organisations with users and API keys, journeys, surveys, feedback rows and responses.
import { randomBytes } from 'node:crypto';
import {
  createJourney,
  createSurvey,
  createTouchpoint,
  type ResponseInput,
  submitResponses,
} from '../../src/listen/index.js';
import { createApiKey, createUser, type Role } from '../../src/platform/auth/index.js';
import type { Sql } from '../../src/platform/db/index.js';
import { createOrganisation, type Organisation } from '../../src/platform/tenancy/index.js';

/** An organisation with an API key and bearer headers for it. */
export interface TestOrg {
  org: Organisation;
  apiKey: string;
  headers: { authorization: string };
}

/** Create an organisation with an API key. */
export async function createTestOrg(sql: Sql, name = 'Acme'): Promise<TestOrg> {
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomBytes(3).toString('hex')}`;
  const org = await createOrganisation(sql, { slug, name });
  const { key } = await createApiKey(sql, org.id, 'test');
  return { org, apiKey: key, headers: { authorization: `Bearer ${key}` } };
}

/** Create a user with a known password. */
export async function createTestUser(
  sql: Sql,
  orgId: string,
  role: Role = 'analyst',
  email = `${role}-${randomBytes(3).toString('hex')}@example.com`,
) {
  const password = 'correct horse battery staple';
  const user = await createUser(sql, orgId, { email, name: `Test ${role}`, role, password });
  return { user, email, password };
}

/** A minimal NPS survey definition with an optional comment. */
export const npsDefinition = {
  title: { en: 'How are we doing?' },
  questions: [
    { id: 'nps', type: 'nps', text: { en: 'How likely are you to recommend us?' }, required: true },
    { id: 'reason', type: 'text', text: { en: 'Why?' } },
  ],
};

/** A journey with two stages, a touchpoint, and a live NPS survey bound to it. */
export async function createTestSurvey(sql: Sql, orgId: string) {
  const journey = await createJourney(sql, orgId, {
    name: `Journey ${randomBytes(3).toString('hex')}`,
    stages: ['buy', 'support'],
  });
  const touchpoint = await createTouchpoint(sql, orgId, {
    journeyId: journey.id,
    stageId: journey.stages[1]?.id ?? null,
    name: 'Phone support',
    channel: 'phone',
  });
  const survey = await createSurvey(sql, orgId, {
    name: 'Support NPS',
    touchpointId: touchpoint.id,
    definition: npsDefinition,
  });
  return { journey, touchpoint, survey };
}

/** A feedback row as a test writes it directly (what analytics reads, whatever the source). */
export interface FeedbackRow {
  source?: string;
  sourceId?: string;
  channel?: string;
  occurredAt?: Date | string;
  surveyId?: string | null;
  touchpointId?: string | null;
  stageId?: string | null;
  journeyId?: string | null;
  nps?: number | null;
  csat?: number | null;
  ces?: number | null;
  rating?: number | null;
  ratingScale?: number | null;
  text?: string | null;
  attributes?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  contactId?: string | null;
}

/**
 * Write feedback rows in one statement (defaults: source `api`, channel `web`, now, a unique source
 * id) and return their ids in the order given. For analytics tests that need exact dates and scores;
 * intake itself is tested through its services and routes.
 */
export async function insertFeedback(sql: Sql, orgId: string, rows: FeedbackRow[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const run = randomBytes(4).toString('hex');
  const data = rows.map((r, i) => ({
    source: r.source ?? 'api',
    source_id: r.sourceId ?? `test-${run}-${i}`,
    channel: r.channel ?? 'web',
    occurred_at: r.occurredAt === undefined ? new Date().toISOString() : new Date(r.occurredAt).toISOString(),
    survey_id: r.surveyId ?? null,
    touchpoint_id: r.touchpointId ?? null,
    stage_id: r.stageId ?? null,
    journey_id: r.journeyId ?? null,
    nps: r.nps ?? null,
    csat: r.csat ?? null,
    ces: r.ces ?? null,
    rating: r.rating ?? null,
    rating_scale: r.ratingScale ?? null,
    text: r.text ?? null,
    attributes: r.attributes ?? {},
    metadata: r.metadata ?? {},
    contact_id: r.contactId ?? null,
  }));
  const ids: string[] = [];
  for (let start = 0; start < data.length; start += 10_000) {
    const chunk = data.slice(start, start + 10_000);
    const inserted = await sql<{ id: string; sourceId: string; source: string }[]>`
      insert into feedback (org_id, source, source_id, channel, occurred_at, survey_id, touchpoint_id, stage_id,
        journey_id, nps, csat, ces, rating, rating_scale, text, attributes, metadata, contact_id)
      select ${orgId}, source, source_id, channel, occurred_at, survey_id, touchpoint_id, stage_id, journey_id,
        nps, csat, ces, rating, rating_scale, text, attributes, metadata, contact_id
      from jsonb_to_recordset(${sql.json(chunk as never)}) as x(source text, source_id text, channel text,
        occurred_at timestamptz, survey_id uuid, touchpoint_id uuid, stage_id uuid, journey_id uuid, nps smallint,
        csat smallint, ces smallint, rating real, rating_scale smallint, text text, attributes jsonb, metadata jsonb,
        contact_id uuid)
      returning id, source, source_id as "sourceId"`;
    const byKey = new Map(inserted.map((r) => [`${r.source}|${r.sourceId}`, r.id]));
    for (const r of chunk) ids.push(byKey.get(`${r.source}|${r.source_id}`)!);
  }
  return ids;
}

/**
 * Submit survey responses through the batch intake (the path imports use), one per answer set, and
 * return their results. Each gets an idempotency key unless given.
 */
export async function submitTestResponses(
  sql: Sql,
  orgId: string,
  surveyId: string,
  items: Array<Partial<ResponseInput> & { answers: Record<string, unknown> }>,
) {
  const run = randomBytes(4).toString('hex');
  return submitResponses(
    sql,
    orgId,
    surveyId,
    items.map((item, i) => ({ channel: 'web', idempotencyKey: `test-${run}-${i}`, ...item })),
  );
}

// Factories for test data: organisations with users and API keys, journeys, surveys.
import { randomBytes } from 'node:crypto';
import { createJourney, createSurvey, createTouchpoint } from '../../src/listen/index.js';
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

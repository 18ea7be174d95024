// The tenant matrix's knowledge of the route table: which resource type each path parameter names
// (keyed by `<segment before it>/:<name>`), the minimal valid body of each route with a path
// parameter and a body, and the required queries of list routes. A new route is matched by these
// keys; a path parameter none of them knows fails the matrix until it is added here. `seedOrg` makes one
// resource of every type in an organisation (the matrix and the OpenAPI fuzz use it).
import type { FastifyInstance } from 'fastify';
import { processCaseIntake } from '../../src/act/index.js';
import { createUser } from '../../src/platform/auth/index.js';
import type { Sql } from '../../src/platform/db/index.js';
import { JobQueue } from '../../src/platform/jobs/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { npsDefinition, type TestOrg } from '../support/factories.js';

/** Every resource type with an id in a path. */
export type Resource =
  | 'journey'
  | 'stage'
  | 'touchpoint'
  | 'survey'
  | 'response'
  | 'contact'
  | 'list'
  | 'segment'
  | 'frequencyRule'
  | 'campaign'
  | 'invitation'
  | 'feedback'
  | 'import'
  | 'textRun'
  | 'team'
  | 'caseRule'
  | 'case'
  | 'webhook'
  | 'delivery'
  | 'initiative'
  | 'milestone'
  | 'apiKey'
  | 'shareLink'
  | 'widgetSite'
  | 'siteKey'
  | 'report'
  | 'user'
  | 'userInvitation';

/** The ids of one organisation's resources. */
export type Seeded = Record<Resource, string>;

/** Path parameters that name a resource owned by one organisation. */
export const PARAMS: Record<string, Resource> = {
  'api-keys/:id': 'apiKey',
  'share-links/:id': 'shareLink',
  'journeys/:id': 'journey',
  'touchpoints/:id': 'touchpoint',
  'surveys/:id': 'survey',
  'responses/:id': 'response',
  'contacts/:id': 'contact',
  'contact-lists/:id': 'list',
  'frequency-rules/:id': 'frequencyRule',
  'campaigns/:id': 'campaign',
  'invitations/:id': 'invitation',
  'mirrors/:id': 'survey',
  'runs/:id': 'textRun',
  'feedback/:id': 'feedback',
  'imports/:id': 'import',
  'initiatives/:id': 'initiative',
  'milestones/:milestoneId': 'milestone',
  'employee-pulse/:surveyId': 'survey',
  'teams/:id': 'team',
  'reports/:id': 'report',
  'reports/:id.pdf': 'report',
  'case-rules/:id': 'caseRule',
  'cases/:id': 'case',
  'webhooks/:id': 'webhook',
  'deliveries/:deliveryId': 'delivery',
  'users/:id': 'user',
  'user-invitations/:id': 'userInvitation',
  'sites/:id': 'widgetSite',
};

/**
 * Path parameters that are themselves the credential of a public route (a signed token, a survey's
 * public page, a widget site's public key): whoever holds one may use it, whatever their organisation.
 * Only public routes may take them.
 */
export const CAPABILITIES: Record<string, string> = {
  'e/:token': 'an invitation token',
  ':token/:score': 'a score answered by one click',
  's/:id': "a survey's public page",
  'shared/:token': 'a share link of a dashboard view (it reads only its own organisation)',
  'widget/:siteKey': "a widget site's public key",
};

/**
 * Routes that change the calling organisation's own settings (no id in the path or body): called as A,
 * they must leave B's organisation row and every row B owns as they were.
 */
export const ORGANISATION_SETTINGS: { method: 'PUT'; url: string; body: unknown }[] = [
  { method: 'PUT', url: '/api/v1/organisation/language', body: { language: 'de' } },
  { method: 'PUT', url: '/api/v1/organisation/retention', body: { retentionMonths: 24, mode: 'delete' } },
];

/** Path parameters that are keys shared by every organisation (not owned by one), with a sample value. */
export const UNSCOPED_KEYS: Record<string, string> = {
  // Theme ids come from each organisation's taxonomy; the same id may exist in both.
  'themes/:id': 'staff',
  // A survey's version number: every seeded survey has a version 1 (the survey before it is scoped).
  'versions/:version': '1',
};

/** A minimal valid body for each route with a path parameter and a body (ids: the caller's own). */
export const BODIES: Record<string, (own: Seeded) => unknown> = {
  'PATCH /api/v1/surveys/:id': () => ({ name: 'Renamed' }),
  'POST /api/v1/surveys/:id/responses': () => ({ answers: { nps: 5 } }),
  'POST /api/v1/surveys/:id/responses/batch': () => ({ items: [{ answers: { nps: 5 } }] }),
  'POST /api/v1/contact-lists/:id/members': (own) => ({ contactIds: [own.contact] }),
  'POST /api/v1/invitations/:id/bounce': () => ({ reason: 'mailbox full' }),
  'PUT /api/v1/analytics/mirrors/:id': () => ({ mirrorOf: null }),
  'POST /api/v1/feedback/:id/themes': () => ({ themes: ['staff'] }),
  'POST /api/v1/surveys/:id/links': () => ({}),
  'PATCH /api/v1/initiatives/:id': () => ({ title: 'Renamed' }),
  'POST /api/v1/initiatives/:id/milestones': () => ({ title: 'Another' }),
  'PATCH /api/v1/initiatives/:id/milestones/:milestoneId': () => ({ done: true }),
  'POST /api/v1/initiatives/:id/notes': () => ({ body: 'A note' }),
  'POST /api/v1/initiatives/:id/follow-up': () => ({ message: 'We changed it' }),
  'PATCH /api/v1/teams/:id': () => ({ name: 'Renamed' }),
  'PATCH /api/v1/case-rules/:id': () => ({ name: 'Renamed' }),
  'PATCH /api/v1/cases/:id': () => ({ priority: 'high' }),
  'POST /api/v1/cases/:id/notes': () => ({ body: 'A note' }),
  'POST /api/v1/cases/:id/reply': () => ({ body: 'Sorry about that' }),
  'POST /api/v1/cases/:id/close': () => ({ resolution: 'Called back' }),
  'PATCH /api/v1/webhooks/:id': () => ({ description: 'Renamed' }),
  'PATCH /api/v1/users/:id': () => ({ role: 'viewer' }),
  'PUT /api/v1/widget/sites/:id': (own) => ({
    name: 'Renamed',
    origins: ['https://shop.example.com'],
    surveys: [{ surveyId: own.survey, triggers: [{ type: 'pageview' }] }],
  }),
};

/**
 * Requests whose body names another organisation's resource (`b`: its ids; `a`: the caller's own). Each
 * must be refused (400, 404, 409 or 422) without touching either organisation's rows beyond the refusal.
 */
export const FOREIGN_BODIES: Array<{
  method: 'POST' | 'PUT' | 'PATCH';
  url: (a: Seeded) => string;
  body: (a: Seeded, b: Seeded) => unknown;
  /** A documented answer other than a refusal (the foreign id is ignored, nothing is written). */
  ignored?: { status: number; body: unknown; why: string };
}> = [
  {
    method: 'POST',
    url: () => '/api/v1/touchpoints',
    body: (_, b) => ({ journeyId: b.journey, name: 'Elsewhere' }),
  },
  {
    method: 'POST',
    url: () => '/api/v1/surveys',
    body: (_, b) => ({ name: 'Elsewhere', touchpointId: b.touchpoint, definition: npsDefinition }),
  },
  {
    method: 'PATCH',
    url: (a) => `/api/v1/surveys/${a.survey}`,
    body: (_, b) => ({ touchpointId: b.touchpoint }),
  },
  {
    method: 'POST',
    url: (a) => `/api/v1/surveys/${a.survey}/responses`,
    body: (_, b) => ({ answers: { nps: 5 }, contact: { id: b.contact } }),
  },
  {
    method: 'POST',
    url: (a) => `/api/v1/surveys/${a.survey}/responses`,
    body: (_, b) => ({ answers: { nps: 5 }, touchpointId: b.touchpoint }),
  },
  {
    method: 'POST',
    url: (a) => `/api/v1/contact-lists/${a.list}/members`,
    body: (_, b) => ({ contactIds: [b.contact] }),
    ignored: { status: 200, body: { added: 0 }, why: "only the organisation's own contacts are added" },
  },
  { method: 'POST', url: () => '/api/v1/audiences/preview', body: (_, b) => ({ listId: b.list }) },
  { method: 'POST', url: () => '/api/v1/audiences/preview', body: (_, b) => ({ segmentId: b.segment }) },
  {
    method: 'POST',
    url: () => '/api/v1/frequency-rules',
    body: (_, b) => ({ surveyId: b.survey, maxInvitations: 1, windowDays: 1 }),
  },
  {
    method: 'POST',
    url: () => '/api/v1/campaigns',
    body: (a, b) => ({ surveyId: b.survey, name: 'Elsewhere', audience: { listId: a.list }, subject: 'Hi' }),
  },
  {
    method: 'POST',
    url: () => '/api/v1/campaigns',
    body: (a, b) => ({
      surveyId: a.survey,
      name: 'Elsewhere',
      audience: { segmentId: b.segment },
      subject: 'Hi',
    }),
  },
  {
    method: 'POST',
    url: () => '/api/v1/triggers',
    body: (a, b) => ({ touchpointId: b.touchpoint, contact: { id: a.contact } }),
  },
  {
    method: 'POST',
    url: () => '/api/v1/triggers',
    body: (a, b) => ({ touchpointId: a.touchpoint, contact: { id: b.contact } }),
  },
  {
    method: 'POST',
    url: () => '/api/v1/trigger-rules',
    body: (a, b) => ({ touchpointId: a.touchpoint, surveyId: b.survey }),
  },
  {
    method: 'POST',
    url: () => '/api/v1/feedback',
    body: (_, b) => ({ source: 'api', text: 'Elsewhere', touchpointId: b.touchpoint }),
  },
  {
    method: 'POST',
    url: () => '/api/v1/feedback',
    body: (_, b) => ({ source: 'api', text: 'Elsewhere', contact: { id: b.contact } }),
  },
  {
    method: 'PUT',
    url: (a) => `/api/v1/analytics/mirrors/${a.survey}`,
    body: (_, b) => ({ mirrorOf: b.survey }),
  },
  {
    method: 'POST',
    url: (a) => `/api/v1/surveys/${a.survey}/links`,
    body: (_, b) => ({ contactId: b.contact }),
  },
  {
    method: 'POST',
    url: () => '/api/v1/imports',
    body: (_, b) => ({
      kind: 'responses',
      fileName: 'a.csv',
      content: 'nps\n9\n',
      mapping: { surveyId: b.survey },
    }),
  },
  {
    method: 'PUT',
    url: (a) => `/api/v1/widget/sites/${a.widgetSite}`,
    body: (_, b) => ({
      name: 'Elsewhere',
      origins: ['https://x.example.com'],
      surveys: [{ surveyId: b.survey, triggers: [{ type: 'pageview' }] }],
    }),
  },
  {
    method: 'POST',
    url: () => '/api/v1/widget/sites',
    body: (_, b) => ({
      name: 'Elsewhere',
      origins: ['https://x.example.com'],
      surveys: [{ surveyId: b.survey, triggers: [{ type: 'pageview' }] }],
    }),
  },
  {
    method: 'POST',
    url: () => '/api/v1/initiatives',
    body: (_, b) => ({
      title: 'Elsewhere',
      metric: 'nps',
      startedAt: '2026-01-01',
      touchpointIds: [b.touchpoint],
    }),
  },
  {
    method: 'PATCH',
    url: (a) => `/api/v1/initiatives/${a.initiative}`,
    body: (_, b) => ({ teamId: b.team }),
  },
  {
    method: 'POST',
    url: () => '/api/v1/teams',
    body: (_, b) => ({ name: 'Elsewhere', touchpointIds: [b.touchpoint] }),
  },
  {
    method: 'POST',
    url: () => '/api/v1/case-rules',
    body: (_, b) => ({
      name: 'Elsewhere',
      when: { metric: 'nps', atMost: 6 },
      assign: { teamId: b.team },
      slaHours: 1,
    }),
  },
  {
    method: 'POST',
    url: () => '/api/v1/case-rules',
    body: (_, b) => ({ name: 'Elsewhere 2', when: { touchpointIds: [b.touchpoint] }, slaHours: 1 }),
  },
  { method: 'PATCH', url: (a) => `/api/v1/cases/${a.case}`, body: (_, b) => ({ teamId: b.team }) },
  {
    method: 'POST',
    url: () => '/api/v1/outcomes',
    body: (_, b) => ({
      key: 'elsewhere-1',
      contactId: b.contact,
      kind: 'purchase',
      occurredAt: '2026-02-01T00:00:00Z',
    }),
  },
];

/** Required queries of list routes (own ids where an id is needed). */
export const LIST_QUERIES: Record<string, (own: Seeded) => string> = {
  '/api/v1/scores': () => 'metric=nps',
  '/api/v1/analytics/slice': () => 'metric=nps&by=touchpoint',
  '/api/v1/analytics/compare': () => 'metric=nps&mode=previous',
  '/api/v1/analytics/movers': () => 'metric=nps&by=touchpoint',
  '/api/v1/analytics/drivers': (own) => `survey=${own.survey}&outcome=nps`,
  '/api/v1/analytics/expectation-gap': (own) => `survey=${own.survey}`,
  '/api/v1/analytics/ipa': (own) => `survey=${own.survey}`,
  '/api/v1/analytics/delivery-gap': (own) => `survey=${own.survey}`,
};

/** Query parameters of list routes that filter by a resource's id. */
export const QUERY_IDS: Record<string, Resource> = {
  survey: 'survey',
  touchpoint: 'touchpoint',
  stage: 'stage',
  journey: 'journey',
  journeyId: 'journey',
  contact: 'contact',
  contactId: 'contact',
  feedbackId: 'feedback',
  touchpointId: 'touchpoint',
  teamId: 'team',
  invitedSurvey: 'survey',
};

/** Create one resource of every type as `org` through the API (cases through case intake). */
export async function seedOrg(app: FastifyInstance, sql: Sql, org: TestOrg, marker: string): Promise<Seeded> {
  const api = async (method: string, url: string, payload?: unknown) => {
    const res = await app.inject({
      method: method as 'POST',
      url,
      headers: { ...org.headers, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.body ? res.json() : undefined;
  };
  const journey = await api('POST', '/api/v1/journeys', {
    name: `${marker} journey`,
    stages: ['buy', 'help'],
  });
  const touchpoint = await api('POST', '/api/v1/touchpoints', {
    journeyId: journey.id,
    stageId: journey.stages[1].id,
    name: `${marker} touchpoint`,
  });
  const survey = await api('POST', '/api/v1/surveys', {
    name: `${marker} survey`,
    status: 'live',
    touchpointId: touchpoint.id,
    definition: npsDefinition,
  });
  const contact = await api('POST', '/api/v1/contacts', {
    email: `${marker.toLowerCase()}@example.com`,
    name: `${marker} contact`,
    consent: { email: true },
  });
  const list = await api('POST', '/api/v1/contact-lists', { name: `${marker} list` });
  await api('POST', `/api/v1/contact-lists/${list.id}/members`, { contactIds: [contact.id] });
  const segment = await api('POST', '/api/v1/segments', {
    name: `${marker} segment`,
    rules: { all: [{ attribute: 'plan', op: 'eq', value: 'gold' }] },
  });
  const frequencyRule = await api('POST', '/api/v1/frequency-rules', { maxInvitations: 5, windowDays: 30 });
  const team = await api('POST', '/api/v1/teams', { name: `${marker} team` });
  const caseRule = await api('POST', '/api/v1/case-rules', {
    name: `${marker} detractors`,
    when: { metric: 'nps', atMost: 6 },
    assign: { teamId: team.id, strategy: 'none' },
    slaHours: 24,
  });
  const webhook = await api('POST', '/api/v1/webhooks', {
    url: 'https://hooks.example.com/northstar',
    events: ['feedback.created', 'response.created', 'case.created'],
    description: `${marker} hook`,
  });
  const response = await api('POST', `/api/v1/surveys/${survey.id}/responses`, {
    answers: { nps: 2, reason: `${marker} was slow` },
    contact: { id: contact.id },
  });
  const feedback = await api('POST', '/api/v1/feedback', {
    source: 'review',
    text: `${marker} review text`,
    nps: 3,
    touchpointId: touchpoint.id,
  });
  const jobs = new JobQueue({ sql, log: createLogger('silent'), maintenance: false });
  await processCaseIntake(sql, jobs, { orgId: org.org.id });
  await jobs.stop();
  const campaign = await api('POST', '/api/v1/campaigns', {
    surveyId: survey.id,
    name: `${marker} campaign`,
    audience: { listId: list.id },
    subject: `${marker} subject`,
  });
  await api('POST', `/api/v1/campaigns/${campaign.id}/launch`);
  const initiative = await api('POST', '/api/v1/initiatives', {
    title: `${marker} initiative`,
    metric: 'nps',
    startedAt: '2026-01-01',
    touchpointIds: [touchpoint.id],
    milestones: [{ title: `${marker} milestone` }],
  });
  const textRun = await api('POST', '/api/v1/text/runs', { reason: `${marker} run` });
  const importRun = await api('POST', '/api/v1/imports', {
    kind: 'reviews',
    fileName: `${marker}.csv`,
    content: `source_id,text\n${marker}-1,${marker} imported\n`,
  });
  const apiKey = await api('POST', '/api/v1/api-keys', { name: `${marker} key`, role: 'viewer' });
  const shareLink = await api('POST', '/api/v1/share-links', { path: '/journeys', expiresInDays: 7 });
  await api('POST', '/api/v1/outcomes', {
    key: `${marker}-order-1`,
    contactId: contact.id,
    kind: 'purchase',
    occurredAt: '2026-02-01T00:00:00Z',
    amount: 10,
    currency: 'EUR',
  });
  const site = await api('POST', '/api/v1/widget/sites', {
    name: `${marker} site`,
    origins: ['https://shop.example.com'],
    surveys: [{ surveyId: survey.id, triggers: [{ type: 'pageview' }] }],
  });
  const report = await api('POST', '/api/v1/reports', {
    name: `${marker} digest`,
    teamId: team.id,
    frequency: 'weekly',
    recipients: [`lead@${marker.toLowerCase()}.test`],
  });
  const userInvitation = await api('POST', '/api/v1/user-invitations', {
    email: `invitee@${marker.toLowerCase()}.test`,
    role: 'viewer',
  });
  const user = await createUser(sql, org.org.id, {
    email: `colleague@${marker.toLowerCase()}.test`,
    name: `${marker} colleague`,
    role: 'analyst',
    password: 'correct horse battery staple',
  });
  const one = async <T>(rows: PromiseLike<T[]>): Promise<T> => {
    const [r] = await rows;
    if (!r) throw new Error(`${marker}: a seeded row is missing`);
    return r;
  };
  const org_ = org.org.id;
  const invitation = await one(sql<{ id: string }[]>`select id from invitations where org_id = ${org_}`);
  const kase = await one(sql<{ id: string }[]>`select id from cases where org_id = ${org_}`);
  const delivery = await one(sql<{ id: string }[]>`select id from webhook_deliveries where org_id = ${org_}`);
  return {
    journey: journey.id,
    stage: journey.stages[1].id,
    touchpoint: touchpoint.id,
    survey: survey.id,
    response: response.id,
    contact: contact.id,
    list: list.id,
    segment: segment.id,
    frequencyRule: frequencyRule.id,
    campaign: campaign.id,
    invitation: invitation.id,
    feedback: feedback.id,
    import: importRun.id,
    textRun: textRun.id,
    team: team.id,
    caseRule: caseRule.id,
    case: kase.id,
    webhook: webhook.id,
    delivery: delivery.id,
    initiative: initiative.id,
    milestone: initiative.milestones[0].id,
    apiKey: apiKey.id,
    shareLink: shareLink.id,
    widgetSite: site.id,
    siteKey: site.siteKey,
    report: report.id,
    user: user.id,
    userInvitation: userInvitation.id,
  };
}

// The tenant matrix's knowledge of the route table: which resource type each path parameter names
// (keyed by `<segment before it>/:<name>`), the minimal valid body of each route with a path
// parameter and a body, and the required queries of list routes. A new route is matched by these
// keys; a path parameter none of them knows fails the matrix until it is added here.

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
  | 'widgetSite'
  | 'siteKey';

/** The ids of one organisation's resources. */
export type Seeded = Record<Resource, string>;

/** Path parameters that name a resource owned by one organisation. */
export const PARAMS: Record<string, Resource> = {
  'api-keys/:id': 'apiKey',
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
  'case-rules/:id': 'caseRule',
  'cases/:id': 'case',
  'webhooks/:id': 'webhook',
  'deliveries/:deliveryId': 'delivery',
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
  'widget/:siteKey': "a widget site's public key",
};

/** Path parameters that are keys shared by every organisation (not owned by one), with a sample value. */
export const UNSCOPED_KEYS: Record<string, string> = {
  // Theme ids come from each organisation's taxonomy; the same id may exist in both.
  'themes/:id': 'staff',
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
  'PATCH /api/v1/teams/:id': () => ({ name: 'Renamed' }),
  'PATCH /api/v1/case-rules/:id': () => ({ name: 'Renamed' }),
  'PATCH /api/v1/cases/:id': () => ({ priority: 'high' }),
  'POST /api/v1/cases/:id/notes': () => ({ body: 'A note' }),
  'POST /api/v1/cases/:id/reply': () => ({ body: 'Sorry about that' }),
  'POST /api/v1/cases/:id/close': () => ({ resolution: 'Called back' }),
  'PATCH /api/v1/webhooks/:id': () => ({ description: 'Renamed' }),
};

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

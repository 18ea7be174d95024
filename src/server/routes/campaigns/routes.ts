// Email campaigns and their recipients; contact lists, segments and frequency rules; response rates.

import {
  createCampaign,
  getCampaign,
  launchCampaign,
  listCampaigns,
  listInvitations,
  recordBounce,
  responseRates,
} from '../../../listen/channels/email/index.js';
import {
  addToList,
  createFrequencyRule,
  createList,
  createSegment,
  deleteFrequencyRule,
  listFrequencyRules,
  listLists,
  listSegments,
  previewAudience,
} from '../../../listen/contacts/index.js';
import * as api from '../../../shared/api/index.js';
import { defineRoute } from '../../route.js';
import { IdParams } from '../shared-schema.js';
import {
  AudienceSchema,
  BounceCreate,
  CampaignCreate,
  CampaignListQuery,
  FrequencyRuleCreate,
  InvitationQuery,
  ListCreate,
  ListMembers,
  ResponseRateQuery,
  SegmentCreate,
} from './schema.js';

/** POST /api/v1/campaigns */
export const createCampaignRoute = defineRoute({
  summary:
    'Create an email campaign (a draft): survey, audience (list, segment or rules), subject, reminders',
  tags: ['campaigns'],
  schema: { body: CampaignCreate, response: { 201: api.Campaign } },
  handler: async ({ body, principal, deps, reply }) => {
    reply.status(201);
    return createCampaign(deps.sql, principal.orgId, body);
  },
});

/** GET /api/v1/campaigns */
export const listCampaignsRoute = defineRoute({
  summary:
    "The organisation's email campaigns (of one survey with `survey=`), newest first, with recipients by status",
  tags: ['campaigns'],
  schema: { querystring: CampaignListQuery, response: { 200: api.CampaignList } },
  fields: { surveyId: 'query.survey' },
  handler: async ({ query, principal, deps }) => ({
    items: await listCampaigns(deps.readSql, principal.orgId, { surveyId: query.survey, limit: query.limit }),
  }),
});

/** GET /api/v1/campaigns/:id */
export const getCampaignRoute = defineRoute({
  summary:
    'A campaign with its recipients counted by status (queued, sent, bounced, opened, responded, suppressed)',
  tags: ['campaigns'],
  schema: { params: IdParams, response: { 200: api.Campaign } },
  handler: async ({ params, principal, deps }) => getCampaign(deps.sql, principal.orgId, params.id),
});

/** POST /api/v1/campaigns/:id/launch */
export const launchCampaignRoute = defineRoute({
  summary:
    'Launch a campaign: invitations are queued (or suppressed, with the reason: opted out, frequency rule, no email) and sent by the worker',
  tags: ['campaigns'],
  schema: { params: IdParams, response: { 202: api.CampaignLaunch } },
  handler: async ({ params, principal, deps, reply }) => {
    const counts = await launchCampaign(deps.sql, deps.jobs, principal.orgId, params.id);
    reply.status(202);
    return counts;
  },
});

/** GET /api/v1/campaigns/:id/invitations */
export const listInvitationsRoute = defineRoute({
  summary: 'Per-recipient status of a campaign',
  tags: ['campaigns'],
  schema: { params: IdParams, querystring: InvitationQuery, response: { 200: api.InvitationPage } },
  handler: async ({ params, query, principal, deps }) => {
    const items = await listInvitations(deps.sql, principal.orgId, params.id, {
      status: query.status,
      limit: query.limit,
      after: query.cursor,
    });
    const last = items[items.length - 1];
    return { items, nextCursor: items.length === query.limit && last ? last.id : null };
  },
});

/** POST /api/v1/invitations/:id/bounce */
export const recordBounceRoute = defineRoute({
  summary: 'Record a bounce reported after sending (a delivery-status notification or a provider webhook)',
  tags: ['campaigns'],
  schema: { params: IdParams, body: BounceCreate, response: { 204: api.NoContent } },
  handler: async ({ params, body, principal, deps, reply }) => {
    await recordBounce(deps.sql, principal.orgId, params.id, body.reason);
    reply.status(204);
    return null;
  },
});

/** GET /api/v1/response-rates */
export const responseRatesRoute = defineRoute({
  summary:
    'AAPOR RR1 per survey and channel, from the invitations (suppressed contacts kept in the denominator)',
  tags: ['campaigns'],
  schema: { querystring: ResponseRateQuery, response: { 200: api.ResponseRateList } },
  handler: async ({ query, principal, deps }) => ({
    items: await responseRates(deps.sql, principal.orgId, query.survey),
  }),
});

/** GET/POST /api/v1/contact-lists */
export const listListsRoute = defineRoute({
  summary: 'Contact lists with their sizes',
  tags: ['contacts'],
  schema: { response: { 200: api.ContactListList } },
  handler: async ({ principal, deps }) => ({ items: await listLists(deps.sql, principal.orgId) }),
});

/** POST /api/v1/contact-lists */
export const createListRoute = defineRoute({
  summary: 'Create a contact list',
  tags: ['contacts'],
  schema: { body: ListCreate, response: { 201: api.ContactList } },
  handler: async ({ body, principal, deps, reply }) => {
    reply.status(201);
    return createList(deps.sql, principal.orgId, body.name);
  },
});

/** POST /api/v1/contact-lists/:id/members */
export const addListMembersRoute = defineRoute({
  summary: 'Add contacts to a list',
  tags: ['contacts'],
  schema: { params: IdParams, body: ListMembers, response: { 200: api.ListMembersAdded } },
  handler: async ({ params, body, principal, deps }) => ({
    added: await addToList(deps.sql, principal.orgId, params.id, body.contactIds),
  }),
});

/** GET /api/v1/segments */
export const listSegmentsRoute = defineRoute({
  summary: 'Dynamic segments',
  tags: ['contacts'],
  schema: { response: { 200: api.SegmentList } },
  handler: async ({ principal, deps }) => ({ items: await listSegments(deps.sql, principal.orgId) }),
});

/** POST /api/v1/segments */
export const createSegmentRoute = defineRoute({
  summary:
    'Create a dynamic segment: rules on contact attributes (all/any/not of tests), evaluated in SQL when used',
  tags: ['contacts'],
  schema: { body: SegmentCreate, response: { 201: api.Segment } },
  handler: async ({ body, principal, deps, reply }) => {
    reply.status(201);
    return createSegment(deps.sql, principal.orgId, body);
  },
});

/** POST /api/v1/audiences/preview */
export const previewAudienceRoute = defineRoute({
  summary: 'How many contacts a list, segment or rule set holds, with the first 20',
  tags: ['contacts'],
  schema: { body: AudienceSchema, response: { 200: api.AudiencePreview } },
  handler: async ({ body, principal, deps }) => previewAudience(deps.sql, principal.orgId, body),
});

/** GET /api/v1/frequency-rules */
export const listFrequencyRulesRoute = defineRoute({
  summary: 'Contact-frequency rules',
  tags: ['contacts'],
  schema: { response: { 200: api.FrequencyRuleList } },
  handler: async ({ principal, deps }) => ({ items: await listFrequencyRules(deps.sql, principal.orgId) }),
});

/** POST /api/v1/frequency-rules */
export const createFrequencyRuleRoute = defineRoute({
  summary:
    'Add a contact-frequency rule: at most N invitations per contact in D days, per survey or across all (reminders exempt)',
  tags: ['contacts'],
  schema: { body: FrequencyRuleCreate, response: { 201: api.FrequencyRule } },
  handler: async ({ body, principal, deps, reply }) => {
    reply.status(201);
    return createFrequencyRule(deps.sql, principal.orgId, body);
  },
});

/** DELETE /api/v1/frequency-rules/:id */
export const deleteFrequencyRuleRoute = defineRoute({
  summary: 'Delete a contact-frequency rule',
  tags: ['contacts'],
  schema: { params: IdParams, response: { 204: api.NoContent } },
  handler: async ({ params, principal, deps, reply }) => {
    await deleteFrequencyRule(deps.sql, principal.orgId, params.id);
    reply.status(204);
    return null;
  },
});

// Contacts with typed attributes.
import { getContact, listContacts, upsertContact } from '../../../listen/index.js';
import { presentContact } from '../../presenters.js';
import { defineRoute } from '../../route.js';
import { IdParams } from '../shared-schema.js';
import { ContactQuery, ContactUpsert } from './schema.js';

/** POST /api/v1/contacts */
export const upsertContactRoute = defineRoute({
  summary: 'Create a contact, or update the one with the same external id or email',
  tags: ['contacts'],
  schema: { body: ContactUpsert },
  handler: async ({ body, principal, deps }) =>
    presentContact(await upsertContact(deps.sql, principal.orgId, body)),
});

/** GET /api/v1/contacts */
export const listContactsRoute = defineRoute({
  summary: 'List contacts',
  tags: ['contacts'],
  schema: { querystring: ContactQuery },
  handler: async ({ query, principal, deps }) => {
    const items = await listContacts(deps.sql, principal.orgId, {
      limit: query.limit,
      after: query.cursor,
      email: query.email,
    });
    const last = items[items.length - 1];
    return {
      items: items.map(presentContact),
      nextCursor: items.length === query.limit && last ? last.id : null,
    };
  },
});

/** GET /api/v1/contacts/:id */
export const getContactRoute = defineRoute({
  summary: 'Get a contact',
  tags: ['contacts'],
  schema: { params: IdParams },
  handler: async ({ params, principal, deps }) =>
    presentContact(await getContact(deps.sql, principal.orgId, params.id)),
});

// Contacts with typed attributes.
import { getContact, listContacts, resolveContacts, upsertContact } from '../../../listen/index.js';
import * as api from '../../../shared/api/index.js';
import { presentContact } from '../../presenters.js';
import { defineRoute } from '../../route.js';
import { parseItems, summarise } from '../batch-items.js';
import { IdParams } from '../shared-schema.js';
import { ContactBatch, ContactQuery, ContactUpsert } from './schema.js';

/** POST /api/v1/contacts */
export const upsertContactRoute = defineRoute({
  summary: 'Create a contact, or update the one with the same external id or email',
  tags: ['contacts'],
  schema: { body: ContactUpsert, response: { 200: api.Contact } },
  handler: async ({ body, principal, deps }) =>
    presentContact(await upsertContact(deps.sql, principal.orgId, body)),
});

/** GET /api/v1/contacts */
export const listContactsRoute = defineRoute({
  summary: 'List contacts',
  tags: ['contacts'],
  schema: { querystring: ContactQuery, response: { 200: api.ContactPage } },
  handler: async ({ query, principal, deps }) => {
    const items = await listContacts(deps.sql, principal.orgId, {
      limit: query.limit,
      after: query.cursor,
      email: query.email,
      q: query.q,
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
  schema: { params: IdParams, response: { 200: api.Contact } },
  handler: async ({ params, principal, deps }) =>
    presentContact(await getContact(deps.sql, principal.orgId, params.id)),
});

/** POST /api/v1/contacts/batch */
export const upsertContactBatchRoute = defineRoute({
  summary:
    'Create or update up to 1,000 contacts (matched on externalId, else email; attributes merged); per-item results',
  tags: ['contacts'],
  schema: { body: ContactBatch, response: { 200: api.ContactBatchResult } },
  handler: async ({ body, principal, deps }) => {
    const { valid, invalid } = parseItems(
      ContactUpsert.refine((c) => c.externalId || c.email, 'needs externalId or email'),
      body.items,
    );
    const resolved = await deps.sql.begin((tx) =>
      resolveContacts(
        tx as unknown as typeof deps.sql,
        principal.orgId,
        valid.map((v) => ({ ...v.value, consent: v.value.consent })),
      ),
    );
    const results = [
      ...invalid.map((i) => ({ index: i.index, status: 'invalid' as const, errors: i.errors })),
      ...resolved.map((r, k) =>
        r.ok
          ? { index: valid[k]!.index, status: 'upserted' as const, id: r.id }
          : { index: valid[k]!.index, status: 'invalid' as const, errors: r.problems },
      ),
    ].sort((a, b) => a.index - b.index);
    return { summary: summarise(results), results };
  },
});

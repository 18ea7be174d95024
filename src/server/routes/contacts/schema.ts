// Schemas of the contact routes.
import { z } from 'zod';
import { Paging, Uuid } from '../shared-schema.js';

/** An attribute value. */
export const AttributeValue = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);

/** Fields identifying a contact to create or update, as intake takes them. */
const ContactFields = z
  .object({
    externalId: z.string().trim().min(1).max(200).optional(),
    email: z.email().max(320).optional(),
    name: z.string().trim().max(200).optional(),
    attributes: z.record(z.string().max(63), AttributeValue).optional(),
  })
  .strict();

/** The contact something is from: an existing id, or identifying fields to create or update one. */
export const ContactRef = z.union([z.object({ id: Uuid }).strict(), ContactFields]);

/** A contact reference that names someone: an id, an external id or an email (anonymous is refused). */
export const IdentifiedContactRef = z.union([
  z.object({ id: Uuid }).strict(),
  ContactFields.refine((c) => c.externalId || c.email, 'give an id, externalId or email'),
]);

/** Create-or-update-contact body. */
export const ContactUpsert = z
  .object({
    externalId: z.string().trim().min(1).max(200).nullable().optional(),
    email: z.email().max(320).nullable().optional(),
    name: z.string().trim().max(200).nullable().optional(),
    attributes: z.record(z.string().max(63), AttributeValue).optional(),
    consent: z.record(z.string().max(63), z.boolean()).optional(),
  })
  .strict();

/** List-contacts query. */
// The cursor is the last contact id seen.
export const ContactQuery = Paging.extend({
  email: z.email().optional(),
  /** Part of an email address or a name, any case. */
  q: z.string().trim().min(1).max(200).optional(),
  cursor: Uuid.optional(),
}).strict();

/** Bulk upsert body: up to 1,000 contacts, each checked on its own. */
export const ContactBatch = z.object({ items: z.array(z.unknown()).min(1).max(1_000) }).strict();

// The shapes of contacts: attributes, the contact, what callers give to create or find one.
import type { InvalidParam } from '../../platform/errors/index.js';

/** The type of a contact attribute, fixed the first time the attribute is seen or declared. */
export type AttributeType = 'string' | 'number' | 'boolean' | 'date';
/** A contact attribute value. */
export type AttributeValue = string | number | boolean | null;

/** A contact. */
export interface Contact {
  id: string;
  externalId: string | null;
  email: string | null;
  name: string | null;
  attributes: Record<string, AttributeValue>;
  consent: Record<string, boolean>;
  createdAt: Date;
  updatedAt: Date;
}

/** Fields accepted when creating or updating a contact. */
export interface ContactInput {
  externalId?: string | null;
  email?: string | null;
  name?: string | null;
  attributes?: Record<string, AttributeValue>;
  consent?: Record<string, boolean>;
}

/** A reference to the contact something is from: an existing id, or fields identifying one to create or update. */
export type ContactRef = { id: string } | ContactInput;

/** What a contact reference resolved to: the contact (null when anonymous), or why it could not be. */
export type ResolvedContact =
  | { ok: true; id: string | null; attributes: Record<string, AttributeValue> }
  | { ok: false; problems: InvalidParam[] };

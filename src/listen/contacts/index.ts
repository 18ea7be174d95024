// Contacts: the people who give feedback, with typed attributes and consent.
import type { Sql } from '../../platform/db/index.js';
import {
  ConflictError,
  type InvalidParam,
  NotFoundError,
  ValidationError,
} from '../../platform/errors/index.js';

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

const DATE_RE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

function inferType(value: AttributeValue): AttributeType | undefined {
  if (value === null) return undefined;
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return DATE_RE.test(value) && !Number.isNaN(Date.parse(value)) ? 'date' : 'string';
}

function fits(type: AttributeType, value: AttributeValue): boolean {
  if (value === null) return true;
  switch (type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
      return typeof value === 'string' && DATE_RE.test(value) && !Number.isNaN(Date.parse(value));
    case 'string':
      return typeof value === 'string';
  }
}

/** The declared attribute types of an organisation. */
export async function listAttributeTypes(sql: Sql, orgId: string): Promise<Record<string, AttributeType>> {
  const rows = await sql<{ key: string; type: AttributeType }[]>`
    select key, type from contact_attributes where org_id = ${orgId}`;
  return Object.fromEntries(rows.map((r) => [r.key, r.type]));
}

/**
 * Check attribute values against the declared types; unknown attributes are declared with the
 * type of their first value. Returns the problems, each naming `attributes.<key>`.
 */
export async function checkAttributes(
  sql: Sql,
  orgId: string,
  attributes: Record<string, AttributeValue>,
): Promise<InvalidParam[]> {
  const types = await listAttributeTypes(sql, orgId);
  const problems: InvalidParam[] = [];
  const declare: Array<{ key: string; type: AttributeType }> = [];
  for (const [key, value] of Object.entries(attributes)) {
    const declared = types[key];
    if (declared) {
      if (!fits(declared, value))
        problems.push({ name: `attributes.${key}`, reason: `must be a ${declared}` });
    } else {
      const type = inferType(value);
      if (!/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/.test(key)) {
        problems.push({
          name: `attributes.${key}`,
          reason: 'name must be letters, digits or _, starting with a letter',
        });
      } else if (type) declare.push({ key, type });
    }
  }
  if (problems.length === 0 && declare.length > 0) {
    for (const d of declare) {
      await sql`insert into contact_attributes (org_id, key, type) values (${orgId}, ${d.key}, ${d.type})
        on conflict do nothing`;
    }
  }
  return problems;
}

const COLUMNS = (sql: Sql) => sql`id, external_id as "externalId", email, name, attributes, consent,
  created_at as "createdAt", updated_at as "updatedAt"`;

/**
 * Create a contact, or update the one with the same external id (or, lacking one, the same email).
 * Attributes are merged into the existing ones.
 */
export async function upsertContact(sql: Sql, orgId: string, input: ContactInput): Promise<Contact> {
  const attributes = input.attributes ?? {};
  const problems = await checkAttributes(sql, orgId, attributes);
  if (problems.length > 0) throw new ValidationError('Some contact attributes have the wrong type', problems);
  const email = input.email ? input.email.toLowerCase() : null;
  try {
    const conflictTarget = input.externalId
      ? sql`(org_id, external_id)`
      : email
        ? sql`(org_id, email) where email is not null`
        : undefined;
    const rows = await sql<Contact[]>`
      insert into contacts (org_id, external_id, email, name, attributes, consent)
      values (${orgId}, ${input.externalId ?? null}, ${email}, ${input.name ?? null},
        ${sql.json(attributes)}, ${sql.json(input.consent ?? {})})
      ${
        conflictTarget
          ? sql`on conflict ${conflictTarget} do update set
              email = coalesce(excluded.email, contacts.email),
              name = coalesce(excluded.name, contacts.name),
              attributes = contacts.attributes || excluded.attributes,
              consent = contacts.consent || excluded.consent,
              updated_at = now()`
          : sql``
      }
      returning ${COLUMNS(sql)}`;
    return rows[0]!;
  } catch (err) {
    if ((err as { code?: string }).code === '23505') {
      throw new ConflictError('Another contact already has this email', [
        { name: 'email', reason: 'already used by another contact' },
      ]);
    }
    throw err;
  }
}

/** Get a contact, or not found. */
export async function getContact(sql: Sql, orgId: string, contactId: string): Promise<Contact> {
  const [c] = await sql<
    Contact[]
  >`select ${COLUMNS(sql)} from contacts where org_id = ${orgId} and id = ${contactId}`;
  if (!c) throw new NotFoundError(`Contact ${contactId} not found`);
  return c;
}

/** Find a contact by external id. */
export async function findContactByExternalId(
  sql: Sql,
  orgId: string,
  externalId: string,
): Promise<Contact | undefined> {
  const [c] = await sql<
    Contact[]
  >`select ${COLUMNS(sql)} from contacts where org_id = ${orgId} and external_id = ${externalId}`;
  return c;
}

/** A page of contacts, newest first, after an optional cursor (the last id seen). */
export async function listContacts(
  sql: Sql,
  orgId: string,
  opts: { limit: number; after?: string; email?: string },
): Promise<Contact[]> {
  return sql<Contact[]>`
    select ${COLUMNS(sql)} from contacts
    where org_id = ${orgId}
      ${opts.email ? sql`and email = ${opts.email.toLowerCase()}` : sql``}
      ${opts.after ? sql`and id > ${opts.after}` : sql``}
    order by id limit ${opts.limit}`;
}

/** A reference to the contact something is from: an existing id, or fields identifying one to create or update. */
export type ContactRef = { id: string } | ContactInput;

/** What a contact reference resolved to: the contact (null when anonymous), or why it could not be. */
export type ResolvedContact =
  | { ok: true; id: string | null; attributes: Record<string, AttributeValue> }
  | { ok: false; problems: InvalidParam[] };

/**
 * Check attribute values against declared types, without I/O. Unknown attributes get the type of
 * their first value, recorded in `types` and `declared` so later values in a batch are held to it.
 */
export function attributeProblems(
  types: Record<string, AttributeType>,
  attributes: Record<string, AttributeValue>,
  declared: Map<string, AttributeType>,
): InvalidParam[] {
  const problems: InvalidParam[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    const known = types[key];
    if (known) {
      if (!fits(known, value)) problems.push({ name: `attributes.${key}`, reason: `must be a ${known}` });
    } else if (!/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/.test(key)) {
      problems.push({
        name: `attributes.${key}`,
        reason: 'name must be letters, digits or _, starting with a letter',
      });
    } else {
      const type = inferType(value);
      if (type) {
        types[key] = type;
        declared.set(key, type);
      }
    }
  }
  return problems;
}

async function declareAttributes(
  sql: Sql,
  orgId: string,
  declared: Map<string, AttributeType>,
): Promise<void> {
  if (declared.size === 0) return;
  const keys = [...declared.keys()];
  const kinds = keys.map((k) => declared.get(k)!);
  await sql`insert into contact_attributes (org_id, key, type)
    select ${orgId}, k, t from unnest(${keys}::text[], ${kinds}::text[]) as x(k, t)
    on conflict do nothing`;
}

const TAKEN_EMAIL = { name: 'contact.email', reason: 'already used by another contact' };

/** Refuse the pending contacts (by external id) whose email a different stored contact has. */
async function refuseTakenEmails(
  sql: Sql,
  orgId: string,
  byKey: Map<string, PendingContact>,
  keyOf: Array<string | undefined>,
  out: ResolvedContact[],
): Promise<void> {
  const claims = [...byKey.entries()].filter(([, c]) => c.externalId && c.email);
  if (claims.length === 0) return;
  const owners = new Map(
    (
      await sql<{ email: string; externalId: string | null }[]>`
        select email, external_id as "externalId" from contacts
        where org_id = ${orgId} and email = any(${claims.map(([, c]) => c.email as string)}::text[])`
    ).map((r) => [r.email, r.externalId]),
  );
  for (const [key, c] of claims) {
    if (!owners.has(c.email as string) || owners.get(c.email as string) === c.externalId) continue;
    byKey.delete(key);
    keyOf.forEach((k, i) => {
      if (k === key) {
        out[i] = { ok: false, problems: [TAKEN_EMAIL] };
        keyOf[i] = undefined;
      }
    });
  }
}

interface PendingContact {
  externalId: string | null;
  email: string | null;
  name: string | null;
  attributes: Record<string, AttributeValue>;
  consent: Record<string, boolean> | null;
}

/**
 * Resolve many contact references at once (batch intake, imports): ids are checked, identified
 * contacts are created or updated (attributes merged) in one statement per 5,000, and each
 * reference gets its contact or its problems. An email already held by another contact is left
 * off rather than failing the batch.
 */
export async function resolveContacts(
  sql: Sql,
  orgId: string,
  refs: Array<ContactRef | undefined>,
  opts: {
    /**
     * Refuse (`contact.email`: already used) a contact whose email another contact has, instead of
     * storing it without the email: for callers that answer each item as a single submission would.
     */
    refuseTakenEmails?: boolean | undefined;
  } = {},
): Promise<ResolvedContact[]> {
  if (refs.every((r) => r === undefined)) return refs.map(() => ({ ok: true, id: null, attributes: {} }));
  const types = await listAttributeTypes(sql, orgId);
  const declared = new Map<string, AttributeType>();
  const out: ResolvedContact[] = new Array(refs.length);
  const byKey = new Map<string, PendingContact>();
  const keyOf: Array<string | undefined> = new Array(refs.length);
  const ids = new Set<string>();
  const emailOwner = new Map<string, string>();
  refs.forEach((ref, i) => {
    if (!ref) {
      out[i] = { ok: true, id: null, attributes: {} };
      return;
    }
    if ('id' in ref) {
      ids.add(ref.id);
      return;
    }
    const problems = attributeProblems(types, ref.attributes ?? {}, declared);
    if (problems.length > 0) {
      out[i] = { ok: false, problems: problems.map((p) => ({ ...p, name: `contact.${p.name}` })) };
      return;
    }
    const email = ref.email ? ref.email.toLowerCase() : null;
    const key = ref.externalId ? `x:${ref.externalId}` : email ? `e:${email}` : undefined;
    if (!key) {
      out[i] = { ok: true, id: null, attributes: {} };
      return;
    }
    keyOf[i] = key;
    const prior = byKey.get(key);
    // One email, one contact: a second external id claiming it keeps its own record without it.
    const owner = email ? emailOwner.get(email) : undefined;
    if (opts.refuseTakenEmails && owner && owner !== key) {
      out[i] = { ok: false, problems: [TAKEN_EMAIL] };
      return;
    }
    const keepEmail = email && (!owner || owner === key) ? email : null;
    if (keepEmail) emailOwner.set(keepEmail, key);
    if (prior) {
      prior.email = keepEmail ?? prior.email;
      prior.name = ref.name ?? prior.name;
      Object.assign(prior.attributes, ref.attributes ?? {});
      if (ref.consent) prior.consent = { ...(prior.consent ?? {}), ...ref.consent };
    } else {
      byKey.set(key, {
        externalId: ref.externalId ?? null,
        email: keepEmail,
        name: ref.name ?? null,
        attributes: { ...(ref.attributes ?? {}) },
        consent: ref.consent ?? null,
      });
    }
  });
  await declareAttributes(sql, orgId, declared);
  if (opts.refuseTakenEmails) await refuseTakenEmails(sql, orgId, byKey, keyOf, out);

  const found = new Map<string, { id: string; attributes: Record<string, AttributeValue> }>();
  if (ids.size > 0) {
    const rows = await sql<{ id: string; attributes: Record<string, AttributeValue> }[]>`
      select id, attributes from contacts where org_id = ${orgId} and id = any(${[...ids]}::uuid[])`;
    for (const r of rows) found.set(`i:${r.id}`, r);
  }
  const pending = [...byKey.entries()];
  for (let start = 0; start < pending.length; start += 5_000) {
    const chunk = pending.slice(start, start + 5_000);
    const withId = chunk.filter(([, c]) => c.externalId).map(([, c]) => c);
    const emailOnly = chunk.filter(([, c]) => !c.externalId).map(([, c]) => c);
    for (const [group, target] of [
      [withId, sql`(org_id, external_id)`],
      [emailOnly, sql`(org_id, email) where email is not null`],
    ] as const) {
      if (group.length === 0) continue;
      const rows = await sql<
        {
          id: string;
          externalId: string | null;
          email: string | null;
          attributes: Record<string, AttributeValue>;
        }[]
      >`
        insert into contacts (org_id, external_id, email, name, attributes, consent)
        select ${orgId}, x."externalId",
          -- an email another contact already has is left off rather than failing the batch
          case when x."externalId" is not null and exists (
            select 1 from contacts o where o.org_id = ${orgId} and o.email = x.email
              and o.external_id is distinct from x."externalId"
          ) then null else x.email end,
          x.name, coalesce(x.attributes, '{}'), coalesce(x.consent, '{}')
        from jsonb_to_recordset(${sql.json(group as never)}::jsonb)
          as x("externalId" text, email text, name text, attributes jsonb, consent jsonb)
        on conflict ${target} do update set
          email = coalesce(excluded.email, contacts.email),
          name = coalesce(excluded.name, contacts.name),
          attributes = contacts.attributes || excluded.attributes,
          consent = contacts.consent || excluded.consent,
          updated_at = now()
        returning id, external_id as "externalId", email, attributes`;
      for (const r of rows) {
        found.set(r.externalId ? `x:${r.externalId}` : `e:${r.email}`, r);
      }
    }
  }
  refs.forEach((ref, i) => {
    if (out[i]) return;
    const key = ref && 'id' in ref ? `i:${ref.id}` : keyOf[i];
    const hit = key ? found.get(key) : undefined;
    out[i] = hit
      ? { ok: true, id: hit.id, attributes: hit.attributes }
      : { ok: false, problems: [{ name: 'contact.id', reason: 'no such contact in this organisation' }] };
  });
  return out;
}

export {
  createFrequencyRule,
  deleteFrequencyRule,
  type FrequencyRule,
  invitationBlocks,
  listFrequencyRules,
  lockInvitations,
} from './fatigue.js';
export {
  type Audience,
  addToList,
  audienceCondition,
  type ContactList,
  createList,
  createSegment,
  listLists,
  listSegments,
  previewAudience,
  type Segment,
  SegmentRule,
  segmentCondition,
} from './segments.js';

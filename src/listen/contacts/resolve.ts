// Resolving many contact references at once (batch intake, imports).
import type { Sql } from '../../platform/db/index.js';
import { attributeProblems, declareAttributes, listAttributeTypes } from './attributes.js';
import {
  type ContactUpsert,
  selectContactAttributes,
  selectEmailOwners,
  upsertContacts,
} from './queries/resolve-contacts.js';
import type { AttributeType, AttributeValue, ContactRef, ResolvedContact } from './types.js';

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
      await selectEmailOwners(
        sql,
        orgId,
        claims.map(([, c]) => c.email as string),
      )
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

type PendingContact = ContactUpsert;

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
    const rows = await selectContactAttributes(sql, orgId, [...ids]);
    for (const r of rows) found.set(`i:${r.id}`, r);
  }
  const pending = [...byKey.entries()];
  for (let start = 0; start < pending.length; start += 5_000) {
    const chunk = pending.slice(start, start + 5_000);
    const withId = chunk.filter(([, c]) => c.externalId).map(([, c]) => c);
    const emailOnly = chunk.filter(([, c]) => !c.externalId).map(([, c]) => c);
    for (const [group, by] of [
      [withId, 'externalId'],
      [emailOnly, 'email'],
    ] as const) {
      if (group.length === 0) continue;
      const rows = await upsertContacts(sql, orgId, group, by);
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

// Statements on `outcomes`, and the contacts their references name.
import type { Sql } from '../../platform/db/index.js';

/** An outcome as stored. */
export interface OutcomeRow {
  id: string;
  source_id: string;
  source: string;
  contact_id: string;
  kind: string;
  occurred_at: Date;
  amount_minor: string | null;
  currency: string | null;
  value: string | null;
  flag: boolean | null;
  created_at: Date;
}

const COLUMNS = (sql: Sql) =>
  sql`id, source_id, source, contact_id, kind, occurred_at, amount_minor::text, currency, value::text, flag, created_at`;

/** Serialise the organisation's outcome writes until the transaction ends. */
export async function lockOutcomes(sql: Sql, orgId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('northstar.outcomes'), hashtext(${orgId}))`;
}

/** The currency of the organisation's money outcomes, if it has any. */
export async function selectOrganisationCurrency(sql: Sql, orgId: string): Promise<string | null> {
  const [existing] = await sql<{ currency: string }[]>`
    select currency from outcomes where org_id = ${orgId} and currency is not null limit 1`;
  return existing?.currency ?? null;
}

/** Insert outcomes; a (source, key) already stored is skipped. Returns how many were inserted. */
export async function insertOutcomes(
  sql: Sql,
  orgId: string,
  source: string,
  chunk: Array<{
    contact: string;
    kind: string;
    at: Date;
    minor: string | null;
    currency: string | null;
    value: string | null;
    flag: boolean | null;
    key: string;
  }>,
): Promise<number> {
  const written = await sql`
    insert into outcomes (org_id, contact_id, kind, occurred_at, amount_minor, currency, value, flag, source, source_id)
    select ${orgId}, c, k, a, m::bigint, cur, v::numeric, f::boolean, ${source}, s
    from unnest(${chunk.map((r) => r.contact)}::uuid[], ${chunk.map((r) => r.kind)}::text[],
      ${chunk.map((r) => r.at.toISOString())}::text[]::timestamptz[], ${chunk.map((r) => r.minor) as string[]}::text[],
      ${chunk.map((r) => r.currency) as string[]}::text[], ${chunk.map((r) => r.value) as string[]}::text[],
      ${chunk.map((r) => (r.flag === null ? null : String(r.flag))) as string[]}::text[],
      ${chunk.map((r) => r.key)}::text[]) as t(c, k, a, m, cur, v, f, s)
    on conflict (org_id, source, source_id) do nothing`;
  return written.count;
}

/** The stored outcomes of a source with these keys. */
export async function selectOutcomesByKey(
  sql: Sql,
  orgId: string,
  source: string,
  keys: string[],
): Promise<OutcomeRow[]> {
  return sql<OutcomeRow[]>`
    select ${COLUMNS(sql)}
    from outcomes where org_id = ${orgId} and source = ${source} and source_id = any(${keys}::text[])`;
}

/** The organisation's contacts with any of these ids, external ids or emails. */
export async function selectContactsByRef(
  sql: Sql,
  orgId: string,
  refs: { ids: string[]; externalIds: string[]; emails: string[] },
): Promise<{ id: string; external_id: string | null; email: string | null }[]> {
  return sql<{ id: string; external_id: string | null; email: string | null }[]>`
    select id, external_id, email from contacts
    where org_id = ${orgId}
      and (id = any(${refs.ids}::uuid[]) or external_id = any(${refs.externalIds}::text[])
        or email = any(${refs.emails}::text[]))`;
}

/** Outcomes, newest first, optionally of one contact and kind. */
export async function selectOutcomes(
  sql: Sql,
  orgId: string,
  q: { contactId?: string | undefined; kind?: string | undefined; limit?: number | undefined },
): Promise<OutcomeRow[]> {
  return sql<OutcomeRow[]>`
    select ${COLUMNS(sql)}
    from outcomes
    where org_id = ${orgId}
      ${q.contactId ? sql`and contact_id = ${q.contactId}` : sql``}
      ${q.kind ? sql`and kind = ${q.kind}` : sql``}
    order by occurred_at desc, id
    limit ${q.limit ?? 100}`;
}

/** Kinds in use with their counts and money totals in minor units (as text). */
export async function selectOutcomeKinds(
  sql: Sql,
  orgId: string,
): Promise<{ kind: string; n: number; contacts: number; total: string | null; currency: string | null }[]> {
  return sql<{ kind: string; n: number; contacts: number; total: string | null; currency: string | null }[]>`
    select kind, count(*)::int as n, count(distinct contact_id)::int as contacts,
      sum(amount_minor)::text as total, min(currency) as currency
    from outcomes where org_id = ${orgId} group by kind order by kind`;
}

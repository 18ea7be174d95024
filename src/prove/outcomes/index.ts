// Outcomes: business events and facts per contact (orders, revenue, churn...), recorded all-or-nothing,
// idempotent by key, money exact in minor units; from the API, a batch, or a CSV file.
import type { Sql } from '../../platform/db/index.js';
import { type InvalidParam, ValidationError } from '../../platform/errors/index.js';
import { parseCsv } from '../../understand/analyze/index.js';
import { formatMinorUnits } from './money.js';
import {
  insertOutcomes,
  lockOutcomes,
  type OutcomeRow,
  selectContactsByRef,
  selectOrganisationCurrency,
  selectOutcomeKinds,
  selectOutcomes,
  selectOutcomesByKey,
} from './queries.js';
import { type CheckedOutcome, checkOutcomes, KNOWN_KINDS, type OutcomeInput } from './validate.js';

export { currencyDigits, formatMinorUnits, toMinorUnits } from './money.js';
export { KNOWN_KINDS, type OutcomeInput } from './validate.js';

/** A stored outcome as the API shows it; money as exact decimal text and minor units. */
export interface Outcome {
  id: string;
  key: string;
  source: string;
  contactId: string;
  kind: string;
  occurredAt: string;
  amount: string | null;
  amountMinor: string | null;
  currency: string | null;
  value: string | null;
  flag: boolean | null;
  createdAt: string;
}

function present(r: OutcomeRow): Outcome {
  return {
    id: r.id,
    key: r.source_id,
    source: r.source,
    contactId: r.contact_id,
    kind: r.kind,
    occurredAt: r.occurred_at.toISOString(),
    amount:
      r.amount_minor === null || r.currency === null ? null : formatMinorUnits(r.amount_minor, r.currency),
    amountMinor: r.amount_minor,
    currency: r.currency,
    value: r.value,
    flag: r.flag,
    createdAt: r.created_at.toISOString(),
  };
}

/** What recording a set of outcomes did. */
export interface RecordResult {
  /** Outcomes written now. */
  inserted: number;
  /** Outcomes whose key was already stored (a retry): left as they were. */
  duplicates: number;
  /** Every outcome of the request, in input order, as stored. */
  items: Outcome[];
}

/** Most problems listed in one error. */
const MAX_PROBLEMS = 100;
/** Most outcomes in one request or file. */
export const MAX_OUTCOMES = 50_000;

/**
 * Check and store outcomes, all or nothing: any problem (text in a number, an unknown contact, a
 * duplicated key, a second currency) refuses the whole set with every problem named. A key already stored
 * is not written again (idempotent retries). One organisation's writes are serialised so that two
 * requests cannot bring in two currencies at once.
 */
export async function recordOutcomes(
  sql: Sql,
  orgId: string,
  inputs: OutcomeInput[],
  opts: { source?: 'api' | 'import' | 'demo'; where?: (i: number) => string } = {},
): Promise<RecordResult> {
  const source = opts.source ?? 'api';
  const where = opts.where ?? ((i: number) => `items[${i}]`);
  if (inputs.length === 0)
    throw new ValidationError('no outcomes to record', [{ name: 'items', reason: 'empty' }]);
  if (inputs.length > MAX_OUTCOMES) {
    throw new ValidationError(`at most ${MAX_OUTCOMES} outcomes per request`, [
      { name: 'items', reason: 'too many' },
    ]);
  }
  return sql.begin(async (tx) => {
    const t = tx as unknown as Sql;
    await lockOutcomes(t, orgId);
    const existing = await selectOrganisationCurrency(t, orgId);
    const { ok, refs, problems } = checkOutcomes(inputs, where, existing);
    // every well-formed contact reference is looked up, also on items with other problems
    const resolved = await resolveContactRefs(t, orgId, refs, where, problems);
    const contactIds = ok.map((o) => resolved.get(o.index));
    if (problems.length > 0) {
      const shown = problems.slice(0, MAX_PROBLEMS);
      const more = problems.length > shown.length ? ` (first ${shown.length} shown)` : '';
      throw new ValidationError(
        `${problems.length} problem${problems.length === 1 ? '' : 's'} in the outcomes${more}; nothing was written`,
        shown,
      );
    }
    const rows = ok.map((o, k) => ({
      contact: contactIds[k] as string,
      kind: o.kind,
      at: o.occurredAt,
      minor: o.amountMinor === null ? null : o.amountMinor.toString(),
      currency: o.currency,
      value: o.value,
      flag: o.flag,
      key: o.key,
    }));
    let inserted = 0;
    for (let from = 0; from < rows.length; from += 5000) {
      const chunk = rows.slice(from, from + 5000);
      inserted += await insertOutcomes(t, orgId, source, chunk);
    }
    const stored = await selectOutcomesByKey(
      t,
      orgId,
      source,
      rows.map((r) => r.key),
    );
    const byKey = new Map(stored.map((r) => [r.source_id, r]));
    return {
      inserted,
      duplicates: rows.length - inserted,
      items: rows.map((r) => present(byKey.get(r.key) as OutcomeRow)),
    };
  });
}

/** Contact ids of the references by item index; unknown contacts become problems. */
async function resolveContactRefs(
  sql: Sql,
  orgId: string,
  ok: Array<Pick<CheckedOutcome, 'index' | 'contact'>>,
  where: (i: number) => string,
  problems: InvalidParam[],
): Promise<Map<number, string>> {
  const ids = [...new Set(ok.flatMap((o) => ('id' in o.contact ? [o.contact.id] : [])))];
  const ext = [...new Set(ok.flatMap((o) => ('externalId' in o.contact ? [o.contact.externalId] : [])))];
  const emails = [...new Set(ok.flatMap((o) => ('email' in o.contact ? [o.contact.email] : [])))];
  const found = await selectContactsByRef(sql, orgId, { ids, externalIds: ext, emails });
  const byId = new Set(found.map((c) => c.id));
  const byExt = new Map(
    found.filter((c) => c.external_id !== null).map((c) => [c.external_id as string, c.id]),
  );
  const byEmail = new Map(found.filter((c) => c.email !== null).map((c) => [c.email as string, c.id]));
  const out = new Map<number, string>();
  for (const o of ok) {
    const c = o.contact;
    const id =
      'id' in c
        ? byId.has(c.id)
          ? c.id
          : undefined
        : 'externalId' in c
          ? byExt.get(c.externalId)
          : byEmail.get(c.email);
    if (id === undefined) {
      const [field, v] =
        'id' in c
          ? ['contactId', c.id]
          : 'externalId' in c
            ? ['contactExternalId', c.externalId]
            : ['contactEmail', c.email];
      problems.push({ name: `${where(o.index)}.${field}`, reason: `no contact '${v}' in this organisation` });
    } else out.set(o.index, id);
  }
  return out;
}

/** CSV header names read for each field (case-insensitive; snake or camel case). */
const CSV_COLUMNS: Record<keyof OutcomeInput, string[]> = {
  key: ['key', 'id', 'outcome_id', 'source_id'],
  contactId: ['contact_id', 'contactid'],
  contactExternalId: ['contact_external_id', 'contactexternalid', 'external_id', 'customer_id'],
  contactEmail: ['contact_email', 'contactemail', 'email'],
  kind: ['kind', 'type', 'event'],
  occurredAt: ['occurred_at', 'occurredat', 'date', 'at'],
  amount: ['amount'],
  currency: ['currency'],
  value: ['value'],
  flag: ['flag'],
};

/** Read a CSV file of outcomes (a header row; columns as in CSV_COLUMNS) and record it all or nothing. */
export async function importOutcomesCsv(sql: Sql, orgId: string, content: string): Promise<RecordResult> {
  const table = parseCsv(content);
  const lower = table.header.map((h) => h.toLowerCase().replace(/[\s-]/g, '_'));
  const col = Object.fromEntries(
    Object.entries(CSV_COLUMNS).map(([field, names]) => [field, lower.findIndex((h) => names.includes(h))]),
  ) as Record<keyof OutcomeInput, number>;
  const missing = (['key', 'kind', 'occurredAt'] as const).filter((f) => col[f] < 0);
  if (col.contactId < 0 && col.contactExternalId < 0 && col.contactEmail < 0)
    missing.push('contact_id' as never);
  if (missing.length) {
    throw new ValidationError(
      `the file lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
      [
        ...missing.map((m) => ({
          name: `column ${m}`,
          reason: `required; the file has ${table.header.join(', ')}`,
        })),
      ],
    );
  }
  const cell = (row: string[], f: keyof OutcomeInput) =>
    col[f] >= 0 ? (row[col[f]] ?? '').trim() || undefined : undefined;
  const inputs: OutcomeInput[] = table.rows.map((row) => ({
    key: cell(row, 'key') ?? '',
    contactId: cell(row, 'contactId'),
    contactExternalId: cell(row, 'contactExternalId'),
    contactEmail: cell(row, 'contactEmail'),
    kind: cell(row, 'kind') ?? '',
    occurredAt: cell(row, 'occurredAt') ?? '',
    amount: cell(row, 'amount'),
    currency: cell(row, 'currency'),
    value: cell(row, 'value'),
    flag: cell(row, 'flag'),
  }));
  return recordOutcomes(sql, orgId, inputs, {
    source: 'import',
    where: (i) => `row ${i + 1} (line ${table.lineOf(i) ?? '?'})`,
  });
}

/** Outcomes of the organisation, newest first, optionally of one contact and kind. */
export async function listOutcomes(
  sql: Sql,
  orgId: string,
  q: { contactId?: string | undefined; kind?: string | undefined; limit?: number | undefined },
): Promise<Outcome[]> {
  const rows = await selectOutcomes(sql, orgId, q);
  return rows.map(present);
}

/** Kinds in use with their counts and money totals (exact, as decimal text). */
export async function summariseOutcomeKinds(
  sql: Sql,
  orgId: string,
): Promise<
  Array<{ kind: string; n: number; contacts: number; total: string | null; currency: string | null }>
> {
  const rows = await selectOutcomeKinds(sql, orgId);
  return rows.map((r) => ({
    ...r,
    total: r.total === null || r.currency === null ? null : formatMinorUnits(r.total, r.currency),
  }));
}

/** The kinds the analyses read with a meaning. */
export const OUTCOME_KINDS = KNOWN_KINDS;

// Checking outcome records before anything is written: each problem names the item (or CSV row) and field.
import type { InvalidParam } from '../../platform/errors/index.js';
import { toMinorUnits } from './money.js';

/** Outcome kinds with a meaning the analyses know; any other lower_snake name is accepted as custom. */
export const KNOWN_KINDS = [
  'revenue',
  'order',
  'invoice',
  'mrr',
  'arr',
  'renewal',
  'churn',
  'complaint',
  'support_cost',
] as const;

/** An outcome as sent (API item or CSV row): text or numbers, checked by `checkOutcomes`. */
export interface OutcomeInput {
  /** Idempotency key: the same key is stored once. */
  key: string;
  contactId?: string | undefined;
  contactExternalId?: string | undefined;
  contactEmail?: string | undefined;
  kind: string;
  occurredAt: string;
  amount?: string | number | undefined;
  currency?: string | undefined;
  value?: string | number | undefined;
  flag?: boolean | string | undefined;
}

/** A checked outcome, ready to store once its contact is resolved. */
export interface CheckedOutcome {
  index: number;
  key: string;
  contact: { id: string } | { externalId: string } | { email: string };
  kind: string;
  occurredAt: Date;
  amountMinor: bigint | null;
  currency: string | null;
  /** Exact decimal text of a numeric outcome. */
  value: string | null;
  flag: boolean | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KIND = /^[a-z][a-z0-9_]{0,39}$/;
const DECIMAL = /^[+-]?\d+(\.\d+)?$/;
const YES = new Set(['true', 'yes', 'y', '1']);
const NO = new Set(['false', 'no', 'n', '0']);

/**
 * Check every input; returns the checked outcomes and the problems, each named `<where>.<field>` with
 * `where(i)` (e.g. `items[3]` or `row 4`). Duplicated keys within the input and currencies that differ
 * from `currency` (the organisation's) or from each other are problems too: no rates are kept to convert.
 */
export function checkOutcomes(
  inputs: OutcomeInput[],
  where: (i: number) => string,
  orgCurrency: string | null,
): {
  ok: CheckedOutcome[];
  refs: Array<Pick<CheckedOutcome, 'index' | 'contact'>>;
  problems: InvalidParam[];
} {
  const problems: InvalidParam[] = [];
  const ok: CheckedOutcome[] = [];
  const refs: Array<Pick<CheckedOutcome, 'index' | 'contact'>> = [];
  const seenKeys = new Map<string, number>();
  let currency = orgCurrency;
  inputs.forEach((input, i) => {
    const at = where(i);
    const bad = (field: string, reason: string) => problems.push({ name: `${at}.${field}`, reason });
    const before = problems.length;
    const key = String(input.key ?? '').trim();
    if (key === '' || key.length > 200)
      bad('key', 'a key of 1-200 characters is required (it makes retries safe)');
    else if (seenKeys.has(key))
      bad('key', `duplicate of ${where(seenKeys.get(key) as number)} in the same request`);
    else seenKeys.set(key, i);
    const given = [input.contactId, input.contactExternalId, input.contactEmail].filter(
      (r) => r !== undefined && String(r).trim() !== '',
    );
    let contact: CheckedOutcome['contact'] | null = null;
    if (given.length !== 1)
      bad('contact', 'name the contact by exactly one of contactId, contactExternalId, contactEmail');
    else if (input.contactId !== undefined && String(input.contactId).trim() !== '') {
      const id = String(input.contactId).trim();
      if (!UUID.test(id)) bad('contactId', `'${id}' is not a contact id (uuid)`);
      else contact = { id: id.toLowerCase() };
    } else if (input.contactExternalId !== undefined && String(input.contactExternalId).trim() !== '') {
      contact = { externalId: String(input.contactExternalId).trim() };
    } else contact = { email: String(input.contactEmail).trim().toLowerCase() };
    const kind = String(input.kind ?? '')
      .trim()
      .toLowerCase();
    if (!KIND.test(kind))
      bad(
        'kind',
        `'${input.kind ?? ''}' is not a kind (lower_snake_case, e.g. ${KNOWN_KINDS.slice(0, 4).join(', ')})`,
      );
    const occurredAt = new Date(String(input.occurredAt ?? ''));
    if (!input.occurredAt || Number.isNaN(occurredAt.getTime()))
      bad('occurredAt', `'${input.occurredAt ?? ''}' is not a date (ISO 8601)`);
    let amountMinor: bigint | null = null;
    let cur: string | null = null;
    const hasAmount = input.amount !== undefined && String(input.amount).trim() !== '';
    const hasCurrency = input.currency !== undefined && String(input.currency).trim() !== '';
    if (hasAmount && !hasCurrency) bad('currency', 'an amount needs its currency (ISO 4217, e.g. EUR)');
    if (!hasAmount && hasCurrency) bad('amount', 'a currency was given without an amount');
    if (hasAmount && hasCurrency) {
      cur = String(input.currency).trim().toUpperCase();
      const m = toMinorUnits(input.amount as string | number, cur);
      if ('error' in m) bad('amount', m.error);
      else amountMinor = m.minor;
      if (currency === null && !('error' in m)) currency = cur;
      else if (currency !== null && cur !== currency) {
        bad(
          'currency',
          `${cur} differs from ${currency}, the currency of the organisation's outcomes; convert before sending (no exchange rates are kept)`,
        );
      }
    }
    let value: string | null = null;
    if (input.value !== undefined && String(input.value).trim() !== '') {
      const text = typeof input.value === 'number' ? String(input.value) : input.value.trim();
      if (!DECIMAL.test(text)) bad('value', `'${input.value}' is not a number`);
      else value = text;
    }
    let flag: boolean | null = null;
    if (input.flag !== undefined && String(input.flag).trim() !== '') {
      if (typeof input.flag === 'boolean') flag = input.flag;
      else {
        const f = input.flag.trim().toLowerCase();
        if (YES.has(f)) flag = true;
        else if (NO.has(f)) flag = false;
        else bad('flag', `'${input.flag}' is not yes/no`);
      }
    }
    if (contact) refs.push({ index: i, contact });
    if (problems.length === before && contact) {
      ok.push({ index: i, key, contact, kind, occurredAt, amountMinor, currency: cur, value, flag });
    }
  });
  return { ok, refs, problems };
}

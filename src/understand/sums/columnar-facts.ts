// Counts over all of an organisation's feedback records from its columnar index, for the programme
// maturity facts: contacts met at two or more touchpoints, touchpoints and channels heard since a
// bound, records since it, records with an attribute value since another bound, and which of a list
// of contacts have records. The same counts as the SQL of `selectMaturityFacts` (src/prove/maturity). Pure.
import type { ColumnarIndex } from './columnar-index.js';

/** What the facts count: records with `occurred_at > recentAfter`, and `attr.<key> = value` after `attributeAfter`. */
export interface FeedbackFactsQuery {
  /** Epoch ms (a whole ms, as a JS Date gives it). */
  recentAfter: number;
  attributeAfter: number;
  attribute: { key: string; value: string };
  /** Contact ids (any case); the answer counts the distinct ones with at least one record. */
  contacts: readonly string[];
}

export interface FeedbackFacts {
  contactsAtTwoTouchpoints: number;
  /** Distinct touchpoints (not null) and channels of the recent records, and how many there are. */
  touchpointsRecent: number;
  channelsRecent: number;
  recent: number;
  attributeMatches: number;
  contactsWithRecords: number;
}

/** The first row of the sorted prefix whose time is at least `t`. */
function firstAtLeast(ix: ColumnarIndex, t: number): number {
  let lo = 0;
  let hi = ix.sorted;
  const at = ix.at;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((at[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The facts, or null when a row's time is the bound's millisecond itself: the index keeps times rounded
 * down to the ms, so whether such a row is after the bound (`>` in SQL, to the microsecond) is unknown.
 */
export function columnarFeedbackFacts(ix: ColumnarIndex, q: FeedbackFactsQuery): FeedbackFacts | null {
  const n = ix.length;
  const at = ix.at;
  // A row at time a (ms, rounded down) is after bound b when a > b; a = b is ambiguous; a < b is not.
  const recentFrom = firstAtLeast(ix, q.recentAfter);
  const attrFrom = firstAtLeast(ix, q.attributeAfter);
  if (recentFrom < ix.sorted && at[recentFrom] === q.recentAfter) return null;
  if (attrFrom < ix.sorted && at[attrFrom] === q.attributeAfter) return null;
  for (let i = ix.sorted; i < n; i++) {
    const a = at[i] as number;
    if (a === q.recentAfter || a === q.attributeAfter) return null;
  }

  // Contacts at two or more touchpoints: each contact's first touchpoint, and whether another came.
  const contact = ix.contact.data;
  const touchpoint = ix.entities.touchpoint.data;
  const C = ix.contact.count;
  const first = new Uint32Array(C);
  const two = new Uint8Array(C);
  let atTwo = 0;
  for (let i = 0; i < n; i++) {
    const c = contact[i] as number;
    const t = touchpoint[i] as number;
    if (c === 0 || t === 0) continue;
    const f = first[c] as number;
    if (f === 0) first[c] = t;
    else if (f !== t && two[c] === 0) {
      two[c] = 1;
      atTwo++;
    }
  }

  // Recent records: the sorted prefix from the bound on, then the unsorted tail.
  const channel = ix.entities.channel.data;
  const tpSeen = new Uint8Array(ix.entities.touchpoint.values.length);
  const chSeen = new Uint8Array(ix.entities.channel.values.length);
  let recent = 0;
  const visit = (i: number) => {
    tpSeen[touchpoint[i] as number] = 1;
    chSeen[channel[i] as number] = 1;
    recent++;
  };
  for (let i = recentFrom; i < ix.sorted; i++) visit(i);
  for (let i = ix.sorted; i < n; i++) if ((at[i] as number) > q.recentAfter) visit(i);
  let touchpointsRecent = 0;
  for (let t = 1; t < tpSeen.length; t++) touchpointsRecent += tpSeen[t] as number;
  let channelsRecent = 0;
  for (const s of chSeen) channelsRecent += s;

  // Records with the attribute value after its bound.
  let attributeMatches = 0;
  const col = ix.segments.get(`attr.${q.attribute.key}`);
  const code = col ? col.codeOf(q.attribute.value) : -1;
  if (col && code > 0) {
    const data = col.data;
    for (let i = attrFrom; i < ix.sorted; i++) if (data[i] === code) attributeMatches++;
    for (let i = ix.sorted; i < n; i++)
      if (data[i] === code && (at[i] as number) > q.attributeAfter) attributeMatches++;
  }

  // Contacts with records: every code in the contact column belongs to a row (see ColumnarIndex.contact).
  const met = new Set<number>();
  for (const id of q.contacts) {
    const c = ix.contact.codeOf(id.toLowerCase());
    if (c > 0) met.add(c);
  }

  return {
    contactsAtTwoTouchpoints: atTwo,
    touchpointsRecent,
    channelsRecent,
    recent,
    attributeMatches,
    contactsWithRecords: met.size,
  };
}

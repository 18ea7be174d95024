// Lists and dynamic segments of contacts. Segment rules on attributes compile to one SQL condition
// with bound parameters, so a segment is evaluated by PostgreSQL, never row by row in Node.
import type { Fragment } from 'postgres';
import type { Sql } from '../../platform/db/index.js';
import { ConflictError, NotFoundError } from '../../platform/errors/index.js';
import { indexedSegment } from './contact-index-engine.js';
import { everyContactPasses } from './every-contact.js';
import { selectFirstContacts } from './queries/contact-totals.js';
import {
  addListMembers,
  insertList,
  listCondition,
  listExists,
  previewListMembers,
  selectLists,
} from './queries/lists.js';
import { contactsByIds, previewContacts } from './queries/preview-contacts.js';
import { segmentCondition } from './queries/segment-condition.js';
import { insertSegment, selectSegmentRules, selectSegments } from './queries/segments.js';
import { contactCount } from './totals.js';

export { segmentCondition } from './queries/segment-condition.js';

import type { SegmentRule } from './rules.js';

export { SegmentRule, SegmentTest } from './rules.js';

/** A contact list. */
export interface ContactList {
  id: string;
  name: string;
  size: number;
  createdAt: Date;
}

/** Create a contact list; a taken name is a conflict. */
export async function createList(sql: Sql, orgId: string, name: string): Promise<ContactList> {
  const row = await insertList(sql, orgId, name);
  if (!row)
    throw new ConflictError(`A list named "${name}" already exists`, [{ name: 'name', reason: 'taken' }]);
  return row;
}

/** Every list with its size. */
export async function listLists(sql: Sql, orgId: string): Promise<ContactList[]> {
  return selectLists(sql, orgId);
}

/** Add contacts to a list (already there: no change); returns how many were added. */
export async function addToList(
  sql: Sql,
  orgId: string,
  listId: string,
  contactIds: string[],
): Promise<number> {
  if (!(await listExists(sql, orgId, listId))) throw new NotFoundError(`List ${listId} not found`);
  return addListMembers(sql, orgId, listId, contactIds);
}

/** A dynamic segment. */
export interface Segment {
  id: string;
  name: string;
  rules: SegmentRule;
  createdAt: Date;
}

/** Create a segment; its rules are compiled once here so a bad rule is refused now. */
export async function createSegment(
  sql: Sql,
  orgId: string,
  input: { name: string; rules: SegmentRule },
): Promise<Segment> {
  segmentCondition(sql, input.rules);
  const row = await insertSegment(sql, orgId, input);
  if (!row)
    throw new ConflictError(`A segment named "${input.name}" already exists`, [
      { name: 'name', reason: 'taken' },
    ]);
  return row;
}

/** Every segment. */
export async function listSegments(sql: Sql, orgId: string): Promise<Segment[]> {
  return selectSegments(sql, orgId);
}

/** Who an audience is: a list, a segment, or rules given inline. */
export type Audience = { listId: string } | { segmentId: string } | { rules: SegmentRule };

/**
 * The SQL condition selecting an audience's contacts (`contacts c`), wrapped in an object: a bare
 * postgres.js fragment is a thenable, and awaiting it would run it as a query. With it, the rules of a
 * segment or rule set.
 */
export async function audienceCondition(
  sql: Sql,
  orgId: string,
  audience: Audience,
): Promise<{ where: Fragment; rules?: SegmentRule }> {
  if ('listId' in audience) {
    if (!(await listExists(sql, orgId, audience.listId)))
      throw new NotFoundError(`List ${audience.listId} not found`);
    return { where: listCondition(sql, audience.listId) };
  }
  if ('segmentId' in audience) {
    const rules = await selectSegmentRules(sql, orgId, audience.segmentId);
    if (!rules) throw new NotFoundError(`Segment ${audience.segmentId} not found`);
    return { where: segmentCondition(sql, rules), rules };
  }
  return { where: segmentCondition(sql, audience.rules), rules: audience.rules };
}

/** How many contacts an audience holds, and a first page of them (for previews). */
export async function previewAudience(
  sql: Sql,
  orgId: string,
  audience: Audience,
): Promise<{
  count: number;
  sample: Array<{ id: string; email: string | null; externalId: string | null }>;
}> {
  const { where: cond, rules } = await audienceCondition(sql, orgId, audience);
  // A list (its existence checked above): counted from its members.
  if ('listId' in audience) return previewListMembers(sql, orgId, audience.listId, 20);
  // Rules every contact passes (the contacts page's count): the kept count and the first by id, the
  // answer the condition gives without counting the table.
  if (rules && everyContactPasses(rules)) {
    const [count, sample] = await Promise.all([
      contactCount(sql, orgId),
      selectFirstContacts(sql, orgId, 20),
    ]);
    return { count, sample };
  }
  // Other rules: counted, and the first 20 by id chosen, from the organisation's contact index where it
  // is current (their email and external id then read by the primary key); SQL answers while it loads,
  // or for tests it does not hold.
  if (rules) {
    const found = await indexedSegment(sql, orgId, rules, 20);
    if (found) return { count: found.count, sample: await contactsByIds(sql, orgId, found.first) };
  }
  return previewContacts(sql, orgId, cond, 20);
}

// Erasure and data export read and delete the rows of every table naming a contact (found by
// selectTablesWithContact), and deleting the contact checks the foreign keys that point at it: each of
// those tables needs an index leading with (org_id, contact_id), or every erasure scans it whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectTablesWithContact } from '../../src/listen/privacy/queries/contact-rows.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

describe('tables naming a contact', () => {
  it('each have an index leading with (org_id, contact_id)', async () => {
    const tables = await selectTablesWithContact(db.sql);
    expect(tables).toEqual(expect.arrayContaining(['feedback', 'responses', 'trigger_decisions']));
    const indexed = await db.sql<{ table: string }[]>`
      select distinct t.relname as table from pg_index i
      join pg_class t on t.oid = i.indrelid
      join pg_namespace n on n.oid = t.relnamespace and n.nspname = 'public'
      where i.indnatts >= 2
        and (select a.attname from pg_attribute a where a.attrelid = t.oid and a.attnum = i.indkey[0]) = 'org_id'
        and (select a.attname from pg_attribute a where a.attrelid = t.oid and a.attnum = i.indkey[1]) = 'contact_id'`;
    const have = new Set(indexed.map((r) => r.table));
    expect(tables.filter((t) => !have.has(t))).toEqual([]);
  });
});

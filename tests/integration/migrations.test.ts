import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../src/platform/db/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'northstar-migrations-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('migrations', () => {
  it('are already applied to a database made from the template, and applying again is a no-op', async () => {
    const report = await migrate(db.sql);
    expect(report.applied).toEqual([]);
    expect(report.alreadyApplied).toBe(readMigrations().length);
  });

  it('never half-apply: a failing migration leaves the database exactly as it was', async () => {
    const dir = folder({
      ...Object.fromEntries(
        readMigrations().map((m) => [`${String(m.version).padStart(4, '0')}_${m.name}.sql`, m.sql]),
      ),
      '9001_good.sql': 'create table migration_probe_a (id int);',
      '9002_bad.sql': 'create table migration_probe_b (id int);\nselect * from no_such_table;',
    });
    await expect(migrate(db.sql, readMigrations(dir))).rejects.toThrow(
      /9002_bad failed: .*no_such_table.*Nothing was applied/,
    );
    const tables = await db.sql`select tablename from pg_tables where tablename like 'migration_probe_%'`;
    expect(tables).toEqual([]);
    const versions = await db.sql<
      { version: number }[]
    >`select version from schema_migrations where version > 9000`;
    expect(versions).toEqual([]);
  });

  it('refuses a migration edited after it was applied', async () => {
    const [first] = readMigrations();
    const dir = folder({ '0001_init.sql': `${first!.sql}\n-- edited` });
    await expect(migrate(db.sql, readMigrations(dir))).rejects.toThrow(/was changed after it was applied/);
  });

  it('rejects badly named files', () => {
    expect(() => readMigrations(folder({ 'init.sql': 'select 1' }))).toThrow(/0001_name\.sql/);
  });
});

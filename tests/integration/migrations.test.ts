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

  it('0029 backfills publication times: the current version of a live or closed survey and any answered one', async () => {
    const { createTestOrg, createTestSurvey } = await import('../support/factories.js');
    const org = await createTestOrg(db.sql, 'Backfill');
    const { survey } = await createTestSurvey(db.sql, org.org.id);
    const sql = db.sql;
    const def = sql.json({ questions: [{ id: 'nps', type: 'nps', text: 'Recommend us?' }] } as never);
    // Version 2 (answered, then replaced), version 3 current and live; a draft survey with one version.
    await sql`insert into survey_versions (org_id, survey_id, version, definition, created_at)
      values (${org.org.id}, ${survey.id}, 2, ${def}, '2026-01-02T00:00:00Z'),
             (${org.org.id}, ${survey.id}, 3, ${def}, '2026-01-03T00:00:00Z'),
             (${org.org.id}, ${survey.id}, 4, ${def}, '2026-01-04T00:00:00Z')`;
    await sql`update surveys set current_version = 3 where org_id = ${org.org.id} and id = ${survey.id}`;
    await sql`insert into responses (org_id, survey_id, survey_version, answers, channel)
      values (${org.org.id}, ${survey.id}, 2, '{"nps": 5}', 'api')`;
    const [draft] = await sql<{ id: string }[]>`
      insert into surveys (org_id, name, status) values (${org.org.id}, 'Draft', 'draft') returning id`;
    await sql`insert into survey_versions (org_id, survey_id, version, definition)
      values (${org.org.id}, ${draft!.id}, 1, ${def})`;
    await sql`update surveys set current_version = 1 where org_id = ${org.org.id} and id = ${draft!.id}`;
    // Back to before 0029, then apply it.
    await sql`alter table survey_versions drop column published_at`;
    await sql`delete from schema_migrations where version = 29`;
    const report = await migrate(sql);
    expect(report.applied.map((m) => m.version)).toEqual([29]);
    const rows = await sql<{ survey_id: string; version: number; published: boolean; same: boolean }[]>`
      select survey_id, version, published_at is not null as published,
        published_at is not distinct from created_at as same
      from survey_versions where org_id = ${org.org.id} order by survey_id = ${draft!.id}, version`;
    expect(
      rows.map((r) => [r.survey_id === draft!.id ? 'draft' : 'live', r.version, r.published, r.same]),
    ).toEqual([
      ['live', 1, false, false], // replaced before any answer: unknown, left null
      ['live', 2, true, true], // answered
      ['live', 3, true, true], // current, survey live
      ['live', 4, false, false], // made after the current one, never current
      ['draft', 1, false, false],
    ]);
  });

  it('rejects badly named files', () => {
    expect(() => readMigrations(folder({ 'init.sql': 'select 1' }))).toThrow(/0001_name\.sql/);
  });
});

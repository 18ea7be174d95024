// `northstar backup` / `northstar restore` on the embedded server: a round trip that brings back exactly
// what was backed up, and clear refusals for a database with data, a missing, foreign or newer file.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKUP_MAGIC } from '../../src/backup/index.js';
import {
  connect,
  type EmbeddedServer,
  migrate,
  readMigrations,
  type Sql,
  startEmbeddedPostgres,
} from '../../src/platform/db/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { runCaptured } from '../support/cli.js';
import { createTestDatabase } from '../support/db.js';
import {
  createTestOrg,
  createTestSurvey,
  insertFeedback,
  submitTestResponses,
} from '../support/factories.js';

const log = createLogger('silent');
const dir = mkdtempSync(path.join(tmpdir(), 'northstar-backup-'));
const saved = { url: process.env.DATABASE_URL, dataDir: process.env.NORTHSTAR_DATA_DIR };
let server: EmbeddedServer;

/** Row counts of every table, and a checksum of the rows of the tables the test changes. */
async function fingerprint(sql: Sql) {
  const tables = await sql<{ name: string }[]>`
    select tablename as name from pg_tables where schemaname = 'public' order by tablename`;
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const [row] = await sql.unsafe(`select count(*)::int as n from "${t.name}"`);
    counts[t.name] = row!.n as number;
  }
  const sums: Record<string, string> = {};
  for (const t of ['organisations', 'feedback', 'surveys', 'responses', 'api_keys']) {
    const [row] = await sql.unsafe(
      `select coalesce(md5(string_agg(x::text, E'\\n' order by x::text)), '') as sum from "${t}" x`,
    );
    sums[t] = row!.sum as string;
  }
  return { counts, sums };
}

beforeAll(async () => {
  delete process.env.DATABASE_URL;
  process.env.NORTHSTAR_DATA_DIR = dir;
  server = await startEmbeddedPostgres(dir, log);
  const sql = connect(server.url, 2);
  await migrate(sql);
  for (const name of ['Acme', 'Globex']) {
    const { org } = await createTestOrg(sql, name);
    const { survey } = await createTestSurvey(sql, org.id);
    const results = await submitTestResponses(
      sql,
      org.id,
      survey.id,
      Array.from({ length: 12 }, (_, i) => ({ answers: { nps: i % 11, reason: `reply ${i}` } })),
    );
    expect(JSON.stringify(results)).not.toMatch(/error/i);
    // Text COPY must carry tabs, newlines, backslashes, a lone "\." line and non-ASCII exactly.
    await insertFeedback(sql, org.id, [
      { nps: 9, text: 'tab\there\nnew line \\ backslash\n\\.\nend' },
      { nps: 3, text: 'Überraschung — 😀 "quoted"', attributes: { plan: 'pro', nested: { a: [1, 2] } } },
    ]);
  }
  await sql.end();
}, 60_000);

afterAll(async () => {
  await server?.stop().catch(() => {});
  if (saved.url === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = saved.url;
  if (saved.dataDir === undefined) delete process.env.NORTHSTAR_DATA_DIR;
  else process.env.NORTHSTAR_DATA_DIR = saved.dataDir;
  rmSync(dir, { recursive: true, force: true });
});

describe('northstar backup / restore', () => {
  const file = path.join(dir, 'before.nsbackup');

  it('backs up, refuses to overwrite data without --yes, and restores exactly what was backed up', async () => {
    let sql = connect(server.url, 1);
    const before = await fingerprint(sql);
    expect(before.counts.feedback).toBeGreaterThanOrEqual(28);
    await sql.end();

    const backup = await runCaptured(['backup', '--out', file]);
    expect(backup.err).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.out).toMatch(/Backup written: .*before\.nsbackup \(\d+ tables, \d+ rows/);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    // Change and delete data after the backup.
    sql = connect(server.url, 1);
    await sql`delete from feedback where text like 'reply 1%'`;
    await sql`update organisations set name = 'Renamed'`;
    await createTestOrg(sql, 'Initech');
    const changed = await fingerprint(sql);
    expect(changed.sums.organisations).not.toBe(before.sums.organisations);
    await sql.end();

    const refused = await runCaptured(['restore', file]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/already holds data.*--yes/);

    const restored = await runCaptured(['restore', file, '--yes']);
    expect(restored.err).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.out).toMatch(/Restored \d+ tables, \d+ rows/);

    sql = connect(server.url, 1);
    expect(await fingerprint(sql)).toEqual(before);
    // The restored database is at this Northstar's schema: migrations have nothing left to do.
    expect((await migrate(sql)).applied).toEqual([]);
    const versions = await sql<{ version: number }[]>`select version from schema_migrations order by version`;
    expect(versions.map((v) => v.version)).toEqual(readMigrations().map((m) => m.version));
    // Sequences continue after the restored rows: new rows can be written.
    await createTestOrg(sql, 'After');
    await sql.end();
  }, 40_000);

  it('backs up when the embedded server is not running (starts and stops it)', async () => {
    await server.stop();
    const second = path.join(dir, 'second.nsbackup');
    const r = await runCaptured(['backup', '--out', second]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(statSync(second).size).toBeGreaterThan(0);
    server = await startEmbeddedPostgres(dir, log);
  }, 40_000);

  it('names what is wrong with a missing, foreign or newer backup file', async () => {
    const missing = await runCaptured(['restore', path.join(dir, 'nope.nsbackup'), '--yes']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/Backup file not found: .*nope\.nsbackup/);

    const foreign = path.join(dir, 'foreign.sql');
    writeFileSync(foreign, 'select 1;\n');
    const notOurs = await runCaptured(['restore', foreign, '--yes']);
    expect(notOurs.code).toBe(1);
    expect(notOurs.err).toMatch(/is not a Northstar backup/);

    const newer = path.join(dir, 'newer.nsbackup');
    const header = {
      format: 1,
      createdAt: new Date().toISOString(),
      serverVersion: '18.4',
      migrations: [
        { version: 9999, name: 'from_the_future', checksum: 'x', appliedAt: new Date().toISOString() },
      ],
      tables: [],
      sequences: [],
    };
    writeFileSync(
      newer,
      gzipSync(`${BACKUP_MAGIC}\n${JSON.stringify(header)}\n@end {"tables":0,"rows":0}\n`),
    );
    const mismatch = await runCaptured(['restore', newer, '--yes']);
    expect(mismatch.code).toBe(1);
    expect(mismatch.err).toMatch(/Version mismatch: .*9999_from_the_future/);
  });

  it('leaves the database as it was when the backup file is damaged part-way', async () => {
    const damaged = path.join(dir, 'damaged.nsbackup');
    const whole = readFileSync(file);
    writeFileSync(damaged, whole.subarray(0, Math.floor(whole.length * 0.8)));
    let sql = connect(server.url, 1);
    const before = await fingerprint(sql);
    await sql.end();
    const r = await runCaptured(['restore', damaged, '--yes']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/damaged|truncated/);
    sql = connect(server.url, 1);
    expect(await fingerprint(sql)).toEqual(before);
    await sql.end();
  });

  it('backs up the database of DATABASE_URL when it is set', async () => {
    const external = await createTestDatabase();
    try {
      await createTestOrg(external.sql, 'Outside');
      process.env.DATABASE_URL = external.url;
      const out = path.join(dir, 'external.nsbackup');
      const r = await runCaptured(['backup', '--out', out, '--json']);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const summary = JSON.parse(r.out) as { rows: number; tables: number };
      expect(summary.rows).toBeGreaterThan(0);
      expect(summary.tables).toBeGreaterThan(10);
    } finally {
      delete process.env.DATABASE_URL;
      await external.drop();
    }
  });

  it('restores a backup of an older schema, then applies the newer migrations', async () => {
    const all = readMigrations();
    const olderUrl = server.url.replace(/\/northstar$/, '/older');
    const admin = connect(server.url, 1);
    await admin.unsafe('drop database if exists older');
    await admin.unsafe('create database older');
    await admin.end();
    const older = connect(olderUrl, 1);
    await migrate(older, all.slice(0, -2));
    // Written in SQL: today's services may use columns that the older schema lacks.
    await older`insert into organisations (slug, name) values ('vintage', 'Vintage')`;
    await older.end();
    const out = path.join(dir, 'older.nsbackup');
    process.env.DATABASE_URL = olderUrl;
    try {
      expect((await runCaptured(['backup', '--out', out])).code).toBe(0);
    } finally {
      delete process.env.DATABASE_URL;
    }
    const r = await runCaptured(['restore', out, '--yes']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const label = (m: (typeof all)[number]) => `${String(m.version).padStart(4, '0')}_${m.name}`;
    expect(r.out).toContain(`Migrations applied after the restore: ${all.slice(-2).map(label).join(', ')}`);
    const sql = connect(server.url, 1);
    expect(await sql`select name from organisations`).toEqual([{ name: 'Vintage' }]);
    expect((await migrate(sql)).applied).toEqual([]);
    await sql.end();
  });
});

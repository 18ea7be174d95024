// A fresh database per test file, cloned from the migrated template in milliseconds.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { connect, type Database, type Sql } from '../../src/platform/db/index.js';

/** A database of one's own for a test file. */
export interface TestDatabase {
  sql: Sql;
  url: string;
  /** The same database as a `Database` (what the server and CLI code take). */
  database: Database;
  drop(): Promise<void>;
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** Create a database from the template; drop it in afterAll. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('adminUrl');
  const template = inject('template');
  const ppid = template.split('_')[2];
  const name = `northstar_t_${ppid}_${randomBytes(5).toString('hex')}`;
  const admin = connect(adminUrl, 1);
  await admin.unsafe(`create database ${name} template ${template}`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  const sql = connect(url, 10);
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await sql.end({ timeout: 5 });
    const a = connect(adminUrl, 1);
    await a.unsafe(`drop database if exists ${name} with (force)`);
    await a.end();
  };
  const where = `${new URL(url).host}/${name}`;
  return { sql, url, drop, database: { sql, kind: inject('target'), where, close: drop } };
}

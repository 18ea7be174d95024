// Numbered plain-SQL migrations, applied in order, each in its own transaction, under an advisory lock.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Sql } from 'postgres';
import { packageRoot } from '../config/index.js';

/** One migration file: `0001_init.sql` → version 1, name `init`. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/** The result of a migration run. */
export interface MigrationReport {
  applied: Migration[];
  alreadyApplied: number;
}

const LOCK_KEY = 7_262_021_001;

/** Read the migrations folder, in version order; rejects badly named or duplicated files. */
export function readMigrations(dir = path.join(packageRoot(), 'migrations')): Migration[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql'));
  const seen = new Set<number>();
  return files
    .map((file) => {
      const m = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
      if (!m) throw new Error(`Migration file name must look like 0001_name.sql: ${file}`);
      const version = Number(m[1]);
      if (seen.has(version)) throw new Error(`Two migrations share version ${m[1]}`);
      seen.add(version);
      const text = readFileSync(path.join(dir, file), 'utf8');
      return { version, name: m[2]!, sql: text, checksum: createHash('sha256').update(text).digest('hex') };
    })
    .sort((a, b) => a.version - b.version);
}

/**
 * Apply pending migrations, all in one transaction with their bookkeeping rows: a failing migration
 * leaves the database exactly as it was. An edited, already-applied migration is refused.
 */
export async function migrate(
  sql: Sql,
  migrations: Migration[] = readMigrations(),
): Promise<MigrationReport> {
  return sql.begin(async (tx) => {
    // Transaction-scoped lock: concurrent starters wait for each other, and it is released on commit.
    await tx`select pg_advisory_xact_lock(${LOCK_KEY})`;
    await tx`create table if not exists schema_migrations (
      version integer primary key, name text not null, checksum text not null,
      applied_at timestamptz not null default now())`;
    const done = await tx<{ version: number; name: string; checksum: string }[]>`
      select version, name, checksum from schema_migrations order by version`;
    const byVersion = new Map(done.map((r) => [r.version, r]));
    for (const m of migrations) {
      const prior = byVersion.get(m.version);
      if (prior && prior.checksum !== m.checksum) {
        throw new Error(
          `Migration ${String(m.version).padStart(4, '0')}_${m.name} was changed after it was applied; add a new migration instead`,
        );
      }
    }
    const applied: Migration[] = [];
    for (const m of migrations) {
      if (byVersion.has(m.version)) continue;
      try {
        await tx.unsafe(m.sql);
        await tx`insert into schema_migrations (version, name, checksum) values (${m.version}, ${m.name}, ${m.checksum})`;
      } catch (err) {
        throw new Error(
          `Migration ${String(m.version).padStart(4, '0')}_${m.name} failed: ${(err as Error).message}. Nothing was applied: the database is as it was.`,
        );
      }
      applied.push(m);
    }
    return { applied, alreadyApplied: byVersion.size };
  });
}

// Backups of the Northstar database: a consistent logical dump (COPY of every table, sequences, the
// migrations applied) in one gzip file, and a restore that rebuilds the schema from the migrations,
// loads the data in one transaction and then applies newer migrations.
//
// The embedded PostgreSQL package ships only the server (initdb, pg_ctl, postgres), not pg_dump or
// pg_restore, and the client tools an operating system offers are often of an older major version,
// which pg_dump refuses. The dump is therefore written by Northstar itself, over its own connection.
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { Sql } from 'postgres';
import { type Migration, migrate, readCopyOut, readMigrations } from '../platform/db/index.js';

/** First line of every Northstar backup file. */
export const BACKUP_MAGIC = 'NORTHSTAR-BACKUP 1';
const END_OF_TABLE = '\\.';

/** What a backup file says about itself (its second line). */
export interface BackupHeader {
  format: 1;
  createdAt: string;
  serverVersion: string;
  migrations: Array<{ version: number; name: string; checksum: string; appliedAt: string }>;
  tables: Array<{ name: string; columns: string[] }>;
  sequences: Array<{ name: string; lastValue: string | null; isCalled: boolean }>;
}

/** The outcome of a backup or a restore. */
export interface BackupSummary {
  file: string;
  tables: number;
  rows: number;
  bytes: number;
  seconds: number;
}

/** A problem with a backup file or the target database, worded for the operator. */
export class BackupError extends Error {}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function userTables(sql: Sql): Promise<Array<{ name: string; columns: string[] }>> {
  const rows = await sql<{ name: string; columns: string[] }[]>`
    select c.relname as name,
           array_agg(a.attname::text order by a.attnum) as columns
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
     where n.nspname = 'public' and c.relkind = 'r' and c.relname <> 'schema_migrations'
     group by c.relname
     order by c.relname`;
  return rows.map((r) => ({ name: r.name, columns: r.columns }));
}

function write(stream: NodeJS.WritableStream, text: string): Promise<void> | undefined {
  if (!stream.write(text)) return once(stream, 'drain').then(() => undefined);
  return undefined;
}

/**
 * Dump the database behind `sql` to `file` (gzip, mode 0600), from one snapshot. Written to a
 * temporary file first and renamed, so a failed backup never leaves a file that looks whole.
 */
export async function backupDatabase(
  sql: Sql,
  file: string,
  progress: (line: string) => void = () => {},
): Promise<BackupSummary> {
  const started = Date.now();
  const partial = `${file}.partial`;
  const gzip = createGzip();
  const out = createWriteStream(partial, { mode: 0o600 });
  const done = pipeline(gzip, out);
  let rows = 0;
  let tableCount = 0;
  try {
    await sql.begin('isolation level repeatable read read only', async (tx) => {
      const [{ server_version: serverVersion }] = (await tx`show server_version`) as unknown as [
        { server_version: string },
      ];
      const migrations = await tx<{ version: number; name: string; checksum: string; applied_at: Date }[]>`
        select version, name, checksum, applied_at from schema_migrations order by version`.catch(() => {
        throw new BackupError(
          'This database has no Northstar schema (no schema_migrations table): nothing to back up',
        );
      });
      const tables = await userTables(tx as unknown as Sql);
      const sequences = await tx<{ name: string; last_value: string | null; is_called: boolean }[]>`
        select sequencename as name, last_value::text as last_value,
               coalesce(last_value is not null, false) as is_called
          from pg_sequences where schemaname = 'public' order by sequencename`;
      const header: BackupHeader = {
        format: 1,
        createdAt: new Date().toISOString(),
        serverVersion,
        migrations: migrations.map((m) => ({
          version: m.version,
          name: m.name,
          checksum: m.checksum,
          appliedAt: new Date(m.applied_at).toISOString(),
        })),
        tables,
        sequences: sequences.map((s) => ({ name: s.name, lastValue: s.last_value, isCalled: s.is_called })),
      };
      await write(gzip, `${BACKUP_MAGIC}\n${JSON.stringify(header)}\n`);
      for (const t of tables) {
        await write(gzip, `@table ${t.name}\n`);
        const cols = t.columns.map(ident).join(', ');
        let count = 0;
        let last = 10;
        // Bytes passed on as they come (a multi-byte character may span two chunks).
        await readCopyOut(tx.unsafe(`copy ${ident(t.name)} (${cols}) to stdout`), (chunk) => {
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) count++;
          if (chunk.length > 0) last = chunk[chunk.length - 1]!;
          gzip.write(chunk);
        });
        if (gzip.writableNeedDrain) await once(gzip, 'drain');
        if (last !== 10) await write(gzip, '\n');
        await write(gzip, `${END_OF_TABLE}\n`);
        rows += count;
        tableCount++;
        if (count > 0) progress(`  ${t.name}: ${count} rows`);
      }
      await write(gzip, `@end ${JSON.stringify({ tables: tableCount, rows })}\n`);
    });
    gzip.end();
    await done;
    renameSync(partial, file);
  } catch (err) {
    gzip.destroy();
    await done.catch(() => {});
    rmSync(partial, { force: true });
    throw err;
  }
  return {
    file,
    tables: tableCount,
    rows,
    bytes: statSync(file).size,
    seconds: (Date.now() - started) / 1000,
  };
}

/** Read a backup's first two lines and check they are a Northstar backup this version can read. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const lines = backupLines(file);
  try {
    const first = await lines.next();
    if (first.done || first.value !== BACKUP_MAGIC) throw notNorthstar(file);
    const second = await lines.next();
    if (second.done) throw notNorthstar(file);
    const header = JSON.parse(second.value) as BackupHeader;
    if (header.format !== 1) {
      throw new BackupError(
        `${file} is a Northstar backup of format ${header.format}; this Northstar reads format 1`,
      );
    }
    return header;
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw notNorthstar(file);
  } finally {
    await lines.return(undefined);
  }
}

function notNorthstar(file: string): BackupError {
  return new BackupError(`${file} is not a Northstar backup (made by \`northstar backup\`) or it is damaged`);
}

async function* backupLines(file: string): AsyncGenerator<string, void, undefined> {
  if (!existsSync(file)) throw new BackupError(`Backup file not found: ${file}`);
  if (!statSync(file).isFile()) throw new BackupError(`Not a file: ${file}`);
  const source = createReadStream(file);
  const input = source.pipe(createGunzip());
  source.on('error', (err) => input.destroy(err));
  input.setEncoding('utf8');
  let rest = '';
  try {
    for await (const chunk of input as AsyncIterable<string>) {
      rest += chunk;
      let start = 0;
      for (let i = rest.indexOf('\n'); i !== -1; i = rest.indexOf('\n', start)) {
        yield rest.slice(start, i);
        start = i + 1;
      }
      rest = rest.slice(start);
    }
    if (rest !== '') yield rest;
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw notNorthstar(file);
  } finally {
    input.destroy();
    source.destroy();
  }
}

/** Which of the backup's migrations this Northstar knows; refuses a backup from a newer or different schema. */
export function checkMigrations(header: BackupHeader, known: Migration[] = readMigrations()): Migration[] {
  const byVersion = new Map(known.map((m) => [m.version, m]));
  const label = (v: number, n: string) => `${String(v).padStart(4, '0')}_${n}`;
  return header.migrations.map((m) => {
    const mine = byVersion.get(m.version);
    if (!mine) {
      throw new BackupError(
        `Version mismatch: the backup has migration ${label(m.version, m.name)}, which this Northstar does not know; restore it with the Northstar version that made it (or a newer one)`,
      );
    }
    if (mine.checksum !== m.checksum) {
      throw new BackupError(
        `Version mismatch: migration ${label(m.version, m.name)} in the backup differs from this Northstar's; restore it with the Northstar version that made it`,
      );
    }
    return mine;
  });
}

/** Whether any Northstar table of the database holds a row. */
export async function databaseHasData(sql: Sql): Promise<boolean> {
  for (const t of await userTables(sql)) {
    const [row] = await sql.unsafe(`select exists (select 1 from ${ident(t.name)}) as any`);
    if (row?.any) return true;
  }
  return false;
}

/** Other sessions on the same database (a running `northstar serve`, a worker): restore waits for none. */
export async function otherConnections(sql: Sql): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from pg_stat_activity
     where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'
       and coalesce(application_name, '') <> 'northstar-restore'`;
  return row?.n ?? 0;
}

/**
 * Replace the database's Northstar schema and data with the backup's, in one transaction (a failure
 * leaves the database as it was), then apply the migrations newer than the backup.
 */
export async function restoreDatabase(
  sql: Sql,
  file: string,
  progress: (line: string) => void = () => {},
): Promise<BackupSummary & { migrationsApplied: string[] }> {
  const started = Date.now();
  const header = await readBackupHeader(file);
  const migrations = checkMigrations(header);
  const lines = backupLines(file);
  let rows = 0;
  let tables = 0;
  try {
    await lines.next();
    await lines.next();
    await sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx.unsafe('drop schema if exists public cascade; create schema public');
      await tx.unsafe(`create table schema_migrations (
        version integer primary key, name text not null, checksum text not null,
        applied_at timestamptz not null default now())`);
      for (const m of migrations) {
        await tx.unsafe(m.sql);
        const applied = header.migrations.find((h) => h.version === m.version);
        await tx`insert into schema_migrations (version, name, checksum, applied_at)
                 values (${m.version}, ${m.name}, ${m.checksum}, ${applied?.appliedAt ?? new Date().toISOString()})`;
      }
      const columnsOf = new Map(header.tables.map((t) => [t.name, t.columns]));
      let ended = false;
      for (;;) {
        const next = await lines.next();
        if (next.done) break;
        const line = next.value;
        if (line.startsWith('@end ')) {
          const trailer = JSON.parse(line.slice(5)) as { tables: number; rows: number };
          if (trailer.rows !== rows || trailer.tables !== tables) {
            throw new BackupError(`${file} is damaged: ${rows} rows read, ${trailer.rows} written`);
          }
          ended = true;
          break;
        }
        if (!line.startsWith('@table '))
          throw new BackupError(`${file} is damaged near "${line.slice(0, 40)}"`);
        const name = line.slice(7);
        const columns = columnsOf.get(name);
        if (!columns) throw new BackupError(`${file} is damaged: table ${name} is not in its header`);
        const target = await tx
          .unsafe(`copy ${ident(name)} (${columns.map(ident).join(', ')}) from stdin`)
          .writable();
        const finished = new Promise<Error | undefined>((resolve) => {
          target.on('finish', () => resolve(undefined));
          target.on('error', (err: Error) => resolve(err));
        });
        let count = 0;
        try {
          for (;;) {
            const row = await lines.next();
            if (row.done) throw new BackupError(`${file} is truncated (inside table ${name})`);
            if (row.value === END_OF_TABLE) break;
            count++;
            if (!target.write(`${row.value}\n`)) await once(target, 'drain');
          }
        } catch (err) {
          // Abort the COPY (CopyFail) so that the transaction rolls back, then report the file's problem.
          target.destroy(err as Error);
          await finished;
          throw err;
        }
        target.end();
        const failed = await finished;
        if (failed) throw new BackupError(`Could not load table ${name} from ${file}: ${failed.message}`);
        rows += count;
        tables++;
        if (count > 0) progress(`  ${name}: ${count} rows`);
      }
      if (!ended) throw new BackupError(`${file} is truncated (no end marker)`);
      for (const s of header.sequences) {
        if (s.lastValue === null) continue;
        await tx`select setval(${`public.${ident(s.name)}`}::regclass, ${s.lastValue}::bigint, ${s.isCalled})`;
      }
    });
  } finally {
    await lines.return(undefined);
  }
  const report = await migrate(sql);
  return {
    file,
    tables,
    rows,
    bytes: statSync(file).size,
    seconds: (Date.now() - started) / 1000,
    migrationsApplied: report.applied.map((m) => `${String(m.version).padStart(4, '0')}_${m.name}`),
  };
}

// `northstar backup` and `northstar restore`: a consistent dump of the Northstar database to one file, and back.
import path from 'node:path';
import type { Command } from 'commander';
import {
  BackupError,
  backupDatabase,
  checkMigrations,
  databaseHasData,
  otherConnections,
  readBackupHeader,
  restoreDatabase,
} from '../backup/index.js';
import { CliError, withDatabase } from './context.js';

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(2)} MB`;
const stamp = () => new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

/** Register the verbs. */
export function register(program: Command): void {
  program
    .command('backup')
    .description(
      'Write a consistent backup of the Northstar database (embedded, or DATABASE_URL) to one file',
    )
    .option(
      '--out <file>',
      'where to write it (default: northstar-backup-<UTC time>.nsbackup in the current folder)',
    )
    .option('--json', 'print the result as JSON')
    .action(async (opts: { out?: string; json?: boolean }) => {
      const file = path.resolve(opts.out ?? `northstar-backup-${stamp()}.nsbackup`);
      await withDatabase(
        async (db) => {
          if (!opts.json) console.log(`Backing up ${db.kind} database ${db.where} to ${file}`);
          const summary = await backupDatabase(db.sql, file, (line) => {
            if (!opts.json) console.log(line);
          }).catch(rethrow);
          if (opts.json) console.log(JSON.stringify({ database: db.where, ...summary }));
          else
            console.log(
              `Backup written: ${summary.file} (${summary.tables} tables, ${summary.rows} rows, ${mb(summary.bytes)}, ${summary.seconds.toFixed(1)} s)`,
            );
        },
        { migrate: false },
      );
    });

  program
    .command('restore')
    .description(
      'Replace the Northstar database with a backup made by `northstar backup`, then apply migrations',
    )
    .argument('<file>', 'the backup file')
    .option('--yes', 'replace a database that already holds data')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: { yes?: boolean; json?: boolean }) => {
      const abs = path.resolve(file);
      // The file is checked before the database is even opened.
      const header = await readBackupHeader(abs).catch(rethrow);
      try {
        checkMigrations(header);
      } catch (err) {
        rethrow(err);
      }
      await withDatabase(
        async (db) => {
          const others = await otherConnections(db.sql);
          if (others > 0) {
            throw new CliError(
              `${others} other connection(s) are open on ${db.where}: stop \`northstar serve\` and other Northstar processes before restoring`,
            );
          }
          if (!opts.yes && (await databaseHasData(db.sql))) {
            throw new CliError(
              `The database ${db.where} already holds data; restoring replaces all of it. Run again with --yes to go ahead`,
            );
          }
          if (!opts.json)
            console.log(
              `Restoring ${abs} (made ${header.createdAt}, PostgreSQL ${header.serverVersion}, ${header.migrations.length} migrations) into ${db.kind} database ${db.where}`,
            );
          const summary = await restoreDatabase(db.sql, abs, (line) => {
            if (!opts.json) console.log(line);
          }).catch(rethrow);
          if (opts.json) console.log(JSON.stringify({ database: db.where, ...summary }));
          else {
            console.log(
              `Restored ${summary.tables} tables, ${summary.rows} rows in ${summary.seconds.toFixed(1)} s.`,
            );
            console.log(
              summary.migrationsApplied.length > 0
                ? `Migrations applied after the restore: ${summary.migrationsApplied.join(', ')}`
                : 'The database is up to date with this Northstar.',
            );
          }
        },
        { migrate: false },
      );
    });
}

function rethrow(err: unknown): never {
  if (err instanceof BackupError) throw new CliError(err.message);
  throw err;
}

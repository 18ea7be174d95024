// `northstar migrate`: apply pending migrations and report them.
import type { Command } from 'commander';
import { migrate } from '../platform/db/index.js';
import { withDatabase } from './context.js';

/** Register the verb. */
export function register(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending database migrations (also done automatically at start)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }) => {
      await withDatabase(
        async (db) => {
          const report = await migrate(db.sql);
          const applied = report.applied.map((m) => `${String(m.version).padStart(4, '0')}_${m.name}`);
          if (opts.json) {
            console.log(
              JSON.stringify({ database: db.where, applied, alreadyApplied: report.alreadyApplied }),
            );
          } else if (applied.length === 0) {
            console.log(`Database ${db.where} is up to date (${report.alreadyApplied} migrations applied).`);
          } else {
            console.log(`Applied to ${db.where}:\n${applied.map((a) => `  ${a}`).join('\n')}`);
          }
        },
        { migrate: false },
      );
    });
}

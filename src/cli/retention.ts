// `northstar retention --org SLUG [--months N | --keep] [--mode delete|anonymise] [--run-now]`: show or set
// how long an organisation keeps feedback, and apply the policy now instead of waiting for the daily job.
import { type Command, Option } from 'commander';
import { applyRetention, getRetention, setRetention } from '../listen/privacy/index.js';
import { findOrganisationBySlug } from '../platform/tenancy/index.js';
import { CliError, withDatabase } from './context.js';

/** Register the verb. */
export function register(program: Command): void {
  program
    .command('retention')
    .description(
      'Show or set how long an organisation keeps feedback; older feedback is deleted or anonymised by a daily job',
    )
    .requiredOption('--org <slug>', 'organisation slug')
    .option('--months <n>', 'keep feedback this many months (1 to 1200)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 1200) throw new CliError('--months takes 1 to 1200');
      return n;
    })
    .option('--keep', 'keep feedback for ever (no policy)')
    .addOption(new Option('--mode <mode>', 'what happens to older feedback').choices(['delete', 'anonymise']))
    .option('--run-now', 'apply the policy now')
    .option('--json', 'print as JSON')
    .action(
      async (opts: {
        org: string;
        months?: number;
        keep?: boolean;
        mode?: 'delete' | 'anonymise';
        runNow?: boolean;
        json?: boolean;
      }) => {
        if (opts.keep && opts.months !== undefined) throw new CliError('Give --months or --keep, not both');
        await withDatabase(async (db) => {
          const org = await findOrganisationBySlug(db.sql, opts.org);
          if (!org) throw new CliError(`No organisation with slug "${opts.org}"`);
          let policy = await getRetention(db.sql, org.id);
          if (opts.keep || opts.months !== undefined || opts.mode) {
            policy = await setRetention(
              db.sql,
              org.id,
              { months: opts.keep ? null : (opts.months ?? policy.months), mode: opts.mode ?? policy.mode },
              { actor: 'cli' },
            );
          }
          const run = opts.runNow ? ((await applyRetention(db.sql, org.id)) ?? null) : undefined;
          if (opts.json) {
            console.log(
              JSON.stringify({
                organisation: org.slug,
                retentionMonths: policy.months,
                mode: policy.mode,
                run,
              }),
            );
            return;
          }
          console.log(
            policy.months === null
              ? `${org.slug} keeps feedback for ever`
              : `${org.slug} keeps feedback ${policy.months} months; older feedback is ${policy.mode === 'delete' ? 'deleted' : 'anonymised'} daily`,
          );
          if (run)
            console.log(
              `Applied now (cut-off ${run.cutoff}): ${run.feedback} feedback records and ${run.responses} responses ${run.mode === 'delete' ? 'deleted' : 'anonymised'}, ${run.sessions} survey sessions deleted`,
            );
          else if (opts.runNow) console.log('Nothing to apply: no policy');
        });
      },
    );
}

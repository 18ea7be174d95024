// `northstar apikey create`: mint an API key for an organisation (shown once).
import type { Command } from 'commander';
import { createApiKey } from '../platform/auth/index.js';
import { findOrganisationBySlug } from '../platform/tenancy/index.js';
import { CliError, withDatabase } from './context.js';

/** Register the verb. */
export function register(program: Command): void {
  const apikey = program.command('apikey').description('Manage API keys');
  apikey
    .command('create')
    .description('Create an API key for an organisation; the key is printed once and stored only as a hash')
    .requiredOption('--org <slug>', 'organisation slug')
    .option('--name <name>', 'what the key is for', 'cli')
    .option('--json', 'print as JSON')
    .action(async (opts: { org: string; name: string; json?: boolean }) => {
      await withDatabase(async (db) => {
        const org = await findOrganisationBySlug(db.sql, opts.org);
        if (!org) throw new CliError(`No organisation with slug "${opts.org}"`);
        const { apiKey, key } = await createApiKey(db.sql, org.id, opts.name);
        if (opts.json) console.log(JSON.stringify({ id: apiKey.id, organisation: org.slug, key }));
        else
          console.log(
            `API key for ${org.slug} (${opts.name}); store it now, it is not shown again:\nAPI key: ${key}`,
          );
      });
    });
}

// `northstar admin create`: create an organisation's administrator (and the organisation if needed).
import type { Command } from 'commander';
import { createUser } from '../platform/auth/index.js';
import { createOrganisation, findOrganisationBySlug } from '../platform/tenancy/index.js';
import { CliError, withDatabase } from './context.js';

/** Register the verb. */
export function register(program: Command): void {
  const admin = program.command('admin').description('Manage administrators');
  admin
    .command('create')
    .description('Create an admin user; creates the organisation when it does not exist')
    .requiredOption('--email <email>', 'login email')
    .option('--password <password>', 'password (at least 10 characters); default: NORTHSTAR_ADMIN_PASSWORD')
    .option('--name <name>', 'display name', 'Administrator')
    .option('--org <slug>', 'organisation slug', process.env.NORTHSTAR_ORG_SLUG ?? 'default')
    .option(
      '--org-name <name>',
      'organisation name when it is created',
      process.env.NORTHSTAR_ORG_NAME ?? 'My organisation',
    )
    .option('--role <role>', 'owner or admin', 'owner')
    .action(
      async (opts: {
        email: string;
        password?: string;
        name: string;
        org: string;
        orgName: string;
        role: string;
      }) => {
        const password = opts.password ?? process.env.NORTHSTAR_ADMIN_PASSWORD;
        if (!password) throw new CliError('Give a password with --password or NORTHSTAR_ADMIN_PASSWORD');
        if (opts.role !== 'owner' && opts.role !== 'admin')
          throw new CliError('--role must be owner or admin');
        if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(opts.email))
          throw new CliError(`--email: "${opts.email}" is not an email address`);
        await withDatabase(async (db) => {
          const org =
            (await findOrganisationBySlug(db.sql, opts.org)) ??
            (await createOrganisation(db.sql, { slug: opts.org, name: opts.orgName }));
          const user = await createUser(db.sql, org.id, {
            email: opts.email,
            name: opts.name,
            role: opts.role as 'owner',
            password,
          });
          console.log(`Created ${user.role} ${user.email} in organisation ${org.slug} (${org.name}).`);
        });
      },
    );
}

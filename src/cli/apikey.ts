// `northstar apikey create|list|revoke`: API keys with a role and an optional expiry (shown once).
import { type Command, Option } from 'commander';
import { recordAudit } from '../platform/audit/index.js';
import { createApiKey, type KeyRole, listApiKeys } from '../platform/auth/index.js';
import { findOrganisationBySlug } from '../platform/tenancy/index.js';
import { CliError, withDatabase } from './context.js';

const ROLES: KeyRole[] = ['viewer', 'agent', 'analyst', 'admin'];

/** Register the verb. */
export function register(program: Command): void {
  const apikey = program.command('apikey').description('Manage API keys');
  apikey
    .command('create')
    .description('Create an API key for an organisation; the key is printed once and stored only as a hash')
    .requiredOption('--org <slug>', 'organisation slug')
    .addOption(new Option('--role <role>', 'what the key may do').choices(ROLES).default('admin'))
    .option('--name <name>', 'what the key is for', 'cli')
    .option('--expires-in-days <n>', 'the key stops working after this many days', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 3650) throw new CliError('--expires-in-days takes 1 to 3650');
      return n;
    })
    .option('--json', 'print as JSON')
    .action(
      async (opts: { org: string; role: KeyRole; name: string; expiresInDays?: number; json?: boolean }) => {
        await withDatabase(async (db) => {
          const org = await findOrganisationBySlug(db.sql, opts.org);
          if (!org) throw new CliError(`No organisation with slug "${opts.org}"`);
          const { apiKey, key } = await createApiKey(db.sql, org.id, opts.name, {
            role: opts.role,
            expiresInDays: opts.expiresInDays,
          });
          await recordAudit(db.sql, {
            orgId: org.id,
            actor: 'cli',
            action: 'api_key.create',
            target: apiKey.id,
            detail: { name: opts.name, role: opts.role, expiresInDays: opts.expiresInDays ?? null },
          });
          if (opts.json)
            console.log(JSON.stringify({ id: apiKey.id, organisation: org.slug, role: apiKey.role, key }));
          else
            console.log(
              `API key for ${org.slug} (${opts.name}, ${apiKey.role}${apiKey.expiresAt ? `, expires ${apiKey.expiresAt.toISOString()}` : ''}); store it now, it is not shown again:\nAPI key: ${key}`,
            );
        });
      },
    );
  apikey
    .command('list')
    .description("List an organisation's API keys (never their secrets)")
    .requiredOption('--org <slug>', 'organisation slug')
    .option('--json', 'print as JSON')
    .action(async (opts: { org: string; json?: boolean }) => {
      await withDatabase(async (db) => {
        const org = await findOrganisationBySlug(db.sql, opts.org);
        if (!org) throw new CliError(`No organisation with slug "${opts.org}"`);
        const keys = await listApiKeys(db.sql, org.id);
        if (opts.json) {
          console.log(JSON.stringify(keys.map(({ orgId: _o, ...k }) => k)));
          return;
        }
        const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') : '-');
        console.log(
          ['id', 'name', 'role', 'prefix', 'created', 'expires', 'last used', 'revoked'].join('\t'),
        );
        for (const k of keys)
          console.log(
            [
              k.id,
              k.name,
              k.role,
              k.prefix,
              iso(k.createdAt),
              iso(k.expiresAt),
              iso(k.lastUsedAt),
              iso(k.revokedAt),
            ].join('\t'),
          );
      });
    });
  apikey
    .command('revoke')
    .description('Revoke an API key by id: refused from the next request on')
    .argument('<id>', 'the key id (from apikey list)')
    .action(async (id: string) => {
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw new CliError(`"${id}" is not an API key id`);
      await withDatabase(async (db) => {
        const [row] = await db.sql<{ orgId: string }[]>`
          update api_keys set revoked_at = coalesce(revoked_at, now()) where id = ${id} returning org_id as "orgId"`;
        if (!row) throw new CliError(`No API key ${id}`);
        await recordAudit(db.sql, { orgId: row.orgId, actor: 'cli', action: 'api_key.revoke', target: id });
        console.log(`API key ${id} revoked`);
      });
    });
}

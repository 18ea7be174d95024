// `northstar import responses|reviews|tickets|contacts --file F`: load a CSV or JSON-lines file with row-level checks.
import { existsSync, readFileSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import {
  type ImportKind,
  type ImportMapping,
  type ImportStatus,
  parseMapFlags,
  runImport,
} from '../listen/imports/index.js';
import { loadConfig } from '../platform/config/index.js';
import type { Sql } from '../platform/db/index.js';
import { ValidationError } from '../platform/errors/index.js';
import { findOrganisationBySlug } from '../platform/tenancy/index.js';
import { CliError, withDatabase } from './context.js';

interface Opts {
  file: string;
  mapping?: string;
  map: string[];
  skipInvalid?: boolean;
  org?: string;
  survey?: string;
  list?: string;
  channel?: string;
  json?: boolean;
  showErrors: string;
}

function readMapping(opts: Opts): ImportMapping {
  let mapping: ImportMapping = { columns: {} };
  if (opts.mapping) {
    if (!existsSync(opts.mapping)) throw new CliError(`No mapping file ${opts.mapping}`);
    try {
      mapping = JSON.parse(readFileSync(opts.mapping, 'utf8')) as ImportMapping;
    } catch (err) {
      throw new CliError(`The mapping file is not valid JSON: ${(err as Error).message}`);
    }
    mapping.columns ??= {};
  }
  mapping.columns = { ...mapping.columns, ...parseMapFlags(opts.map) };
  if (opts.survey) mapping.surveyId = opts.survey;
  if (opts.channel) mapping.channel = opts.channel;
  return mapping;
}

async function ensureList(sql: Sql, orgId: string, name: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into contact_lists (org_id, name) values (${orgId}, ${name})
    on conflict (org_id, name) do update set name = excluded.name returning id`;
  return row!.id;
}

function report(status: ImportStatus, opts: Opts): void {
  if (opts.json) {
    console.log(JSON.stringify(status, null, 2));
    return;
  }
  const shown = Number(opts.showErrors);
  console.log(`Import ${status.id} (${status.kind}, ${status.fileName}): ${status.status}`);
  console.log(
    `  rows: ${status.totalRows}  imported: ${status.imported}  already there: ${status.duplicates}  skipped: ${status.skipped}`,
  );
  if (status.message) console.log(`  ${status.message}`);
  if (status.errors.length > 0) {
    console.log(status.status === 'rejected' ? '  Invalid rows (nothing was imported):' : '  Skipped rows:');
    console.log('  row\tline\tcolumn\treason');
    for (const e of status.errors.slice(0, shown))
      console.log(`  ${e.row}\t${e.line}\t${e.column}\t${e.reason}`);
    const more = status.errorCount - Math.min(shown, status.errors.length);
    if (more > 0) console.log(`  … and ${more} more (--show-errors N, or --json for all)`);
  }
}

/** Register the verb. */
export function register(program: Command): void {
  program
    .command('import')
    .description(
      'Import a CSV or JSON-lines file: historical survey responses, reviews, support tickets, or contacts. ' +
        'Every row is checked first; with any invalid row nothing is imported unless --skip-invalid is given',
    )
    .argument('<kind>', 'responses, reviews, tickets or contacts')
    .requiredOption('--file <path>', 'the file (.csv with a header row, or .jsonl)')
    .option(
      '--mapping <path>',
      'JSON mapping file: { "columns": { "<column>": "<field>" }, "rating": {...} }',
    )
    .option(
      '--map <column=field>',
      'map one column to a field (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [],
    )
    .option('--skip-invalid', 'import the valid rows and report exactly which rows were skipped')
    .option('--org <slug>', 'organisation (default: NORTHSTAR_ORG_SLUG)')
    .option('--survey <id>', 'the survey the responses answer (responses)')
    .option('--list <name>', 'add the imported contacts to this list, created if needed (contacts)')
    .option('--channel <name>', 'channel recorded on rows without a channel column')
    .option('--show-errors <n>', 'how many row errors to print', '20')
    .option('--json', 'print the final status as JSON')
    .action(async (kind: string, opts: Opts) => {
      if (!['responses', 'reviews', 'tickets', 'contacts'].includes(kind)) {
        throw new CliError(`Unknown kind "${kind}": use responses, reviews, tickets or contacts`);
      }
      if (!existsSync(opts.file)) throw new CliError(`No such file: ${opts.file}`);
      let mapping: ImportMapping;
      try {
        mapping = readMapping(opts);
      } catch (err) {
        if (err instanceof ValidationError) throw new CliError(err.message);
        throw err;
      }
      const slug = opts.org ?? loadConfig().org.slug;
      const status = await withDatabase(async (db) => {
        const org = await findOrganisationBySlug(db.sql, slug);
        if (!org) throw new CliError(`No organisation with slug "${slug}"`);
        const listId = opts.list ? await ensureList(db.sql, org.id, opts.list) : undefined;
        const bar =
          process.stderr.isTTY && !opts.json
            ? new SingleBar({ format: '{phase} [{bar}] {value}/{total} rows', hideCursor: true })
            : undefined;
        let phase = '';
        try {
          return await runImport(db.sql, org.id, {
            kind: kind as ImportKind,
            file: { path: opts.file },
            mapping,
            skipInvalid: opts.skipInvalid === true,
            listId,
            onProgress: (p) => {
              if (!bar) return;
              if (p.phase !== phase) {
                if (phase) bar.stop();
                phase = p.phase;
                bar.start(Math.max(p.total, 1), p.done, { phase: p.phase.padEnd(10) });
              } else bar.setTotal(Math.max(p.total, 1));
              bar.update(p.done);
            },
          });
        } catch (err) {
          if (err instanceof ValidationError) {
            throw new CliError(
              `${err.message}: ${err.invalidParams.map((p) => `${p.name} ${p.reason}`).join('; ')}`,
            );
          }
          throw err;
        } finally {
          bar?.stop();
        }
      });
      report(status, opts);
      if (status.status !== 'done') throw new CliError(`import ${status.status}: nothing was imported`);
    });
}

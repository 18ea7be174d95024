// `northstar prove`: churn models and value by loyalty group on CSV files, without a server.

import { readFile, writeFile } from 'node:fs/promises';
import { SingleBar } from 'cli-progress';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../platform/config/index.js';
import { ValidationError } from '../platform/errors/index.js';
import { findOrganisationBySlug } from '../platform/tenancy/index.js';
import {
  analyseValueInTable,
  formatChurnReport,
  formatValue,
  readProveFile,
  scoreChurnOnTable,
  trainChurnOnTable,
} from '../prove/index.js';
import { importOutcomesCsv } from '../prove/outcomes/index.js';
import { CliError, withDatabase } from './context.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

const integer =
  (what: string, min: number, max: number) =>
  (value: string): number => {
    const v = Number(value);
    if (!Number.isInteger(v) || v < min || v > max) {
      throw new InvalidArgumentError(`${what} must be a whole number in [${min}, ${max}], got '${value}'`);
    }
    return v;
  };

const positive =
  (what: string) =>
  (value: string): number => {
    const v = Number(value);
    if (!Number.isFinite(v) || v <= 0)
      throw new InvalidArgumentError(`${what} must be a positive number, got '${value}'`);
    return v;
  };

interface FileFlags {
  file: string;
  encoding: string;
  delimiter: string;
  json?: boolean;
}

function fileFlags(cmd: Command): Command {
  return cmd
    .requiredOption('-f, --file <path>', 'CSV file with a header row')
    .option('--encoding <name>', 'file encoding: utf8, latin1, utf16le or a TextDecoder label', 'utf8')
    .option('--delimiter <char>', 'field delimiter', ',')
    .option('--json', 'print JSON instead of a table');
}

const load = (o: FileFlags) => readProveFile(o.file, { encoding: o.encoding, delimiter: o.delimiter });

interface ChurnFlags extends FileFlags {
  outcome: string;
  id?: string;
  exclude: string[];
  positive?: string;
  cv: number;
  seed: number;
  trees?: number;
  depth?: number;
  learningRate?: number;
  out?: string;
}

/** Register `northstar prove …`. */
export function register(program: Command): void {
  const prove = program
    .command('prove')
    .description('What CX is worth: churn models and value by loyalty group on CSV files');

  fileFlags(
    prove
      .command('churn')
      .description('Train a churn model (gradient-boosted trees) with k-fold CV against a logistic baseline'),
  )
    .requiredOption('--outcome <column>', 'churn column: yes/no, 1/0, true/false (or --positive)')
    .option('--id <column>', 'identifier column (never a feature)')
    .option(
      '--exclude <column>',
      'leave a column out (repeatable): leakage, or anything not known in advance',
      collect,
      [],
    )
    .option('--positive <value>', 'outcome value that means churned')
    .option('--cv <k>', 'folds of the cross-validation', integer('--cv', 2, 20), 5)
    .option('--seed <n>', 'seed of the folds and sampling', integer('--seed', 0, 2 ** 31), 42)
    .option('--trees <n>', 'boosting rounds (default 300)', integer('--trees', 1, 5000))
    .option('--depth <n>', 'tree depth (default 3)', integer('--depth', 1, 12))
    .option('--learning-rate <x>', 'shrinkage (default 0.05)', positive('--learning-rate'))
    .option('--out <path>', 'save the model trained on every row, for `northstar prove score`')
    .action(async (o: ChurnFlags) => {
      const table = await load(o);
      const gbdt = {
        ...(o.trees !== undefined ? { trees: o.trees } : {}),
        ...(o.depth !== undefined ? { maxDepth: o.depth } : {}),
        ...(o.learningRate !== undefined ? { learningRate: o.learningRate } : {}),
      };
      const { report, model } = trainChurnOnTable(table, {
        outcome: o.outcome,
        exclude: o.exclude,
        folds: o.cv,
        seed: o.seed,
        gbdt,
        ...(o.id !== undefined ? { id: o.id } : {}),
        ...(o.positive !== undefined ? { positive: o.positive } : {}),
      });
      if (o.out) await writeFile(o.out, JSON.stringify(model));
      process.stdout.write(
        o.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatChurnReport(report)}\n`,
      );
    });

  fileFlags(
    prove
      .command('score')
      .description('Score rows with a saved churn model: probability, risk band, top reasons'),
  )
    .requiredOption('--model <path>', 'model saved by `northstar prove churn --out`')
    .option('--top <n>', 'reasons per row', integer('--top', 0, 20), 3)
    .action(async (o: FileFlags & { model: string; top: number }) => {
      let saved: unknown;
      try {
        saved = JSON.parse(await readFile(o.model, 'utf8'));
      } catch (err) {
        const why = (err as NodeJS.ErrnoException).code ?? 'not JSON';
        throw new ValidationError(`cannot read the model ${o.model} (${why})`, [
          { name: 'model', reason: why },
        ]);
      }
      const table = await load(o);
      const scores = scoreChurnOnTable(table, saved, o.top);
      if (o.json) {
        process.stdout.write(`${JSON.stringify(scores, null, 2)}\n`);
        return;
      }
      const lines = ['id,probability,band,reasons'];
      for (const s of scores) {
        const reasons = s.reasons
          .map((r) => `${r.feature}=${r.value ?? ''} (+${r.contribution.toFixed(2)})`)
          .join('; ');
        lines.push(
          [s.id ?? '', s.probability.toFixed(4), s.band, `"${reasons.replaceAll('"', '""')}"`].join(','),
        );
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    });

  fileFlags(
    prove
      .command('value')
      .description('An outcome (spend, visits, retention) by NPS category or CSAT/CES band'),
  )
    .requiredOption('--score <column>', 'score column (NPS 0-10, CSAT 1-5, CES 1-7)')
    .addOption(new Option('--metric <metric>', 'score family').choices(['nps', 'csat', 'ces']).default('nps'))
    .requiredOption(
      '--outcome <column>',
      'outcome column: a number (mean, t interval) or yes/no (rate, Wilson interval)',
    )
    .option(
      '--level <p>',
      'confidence level',
      (v: string) => {
        const x = Number(v);
        if (!(x >= 0.5 && x < 1)) throw new InvalidArgumentError(`--level must be in [0.5, 1), got '${v}'`);
        return x;
      },
      0.95,
    )
    .action(
      async (
        o: FileFlags & { score: string; metric: 'nps' | 'csat' | 'ces'; outcome: string; level: number },
      ) => {
        const table = await load(o);
        const v = analyseValueInTable(table, {
          score: o.score,
          metric: o.metric,
          outcome: o.outcome,
          level: o.level,
        });
        process.stdout.write(o.json ? `${JSON.stringify(v, null, 2)}\n` : `${formatValue(v)}\n`);
      },
    );

  const outcomes = program
    .command('outcomes')
    .description('Business outcomes per contact (orders, revenue, churn...) in the database');
  outcomes
    .command('import')
    .description(
      'Import a CSV of outcomes (key, contact_id | contact_external_id | contact_email, kind, occurred_at, amount, currency, value, flag); ' +
        'every row is checked first and any problem refuses the file; keys already stored are skipped',
    )
    .requiredOption('-f, --file <path>', 'CSV file with a header row')
    .option('--org <slug>', 'organisation (default: NORTHSTAR_ORG_SLUG)')
    .option('--json', 'print the result as JSON')
    .action(async (o: { file: string; org?: string; json?: boolean }) => {
      let content: string;
      try {
        content = await readFile(o.file, 'utf8');
      } catch (err) {
        throw new CliError(`cannot read ${o.file} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`);
      }
      const slug = o.org ?? loadConfig().org.slug;
      const result = await withDatabase(async (db) => {
        const org = await findOrganisationBySlug(db.sql, slug);
        if (!org) throw new CliError(`No organisation with slug "${slug}"`);
        // a progress bar on a terminal: rows checked, then rows written (all in one transaction)
        const bar =
          process.stderr.isTTY && !o.json
            ? new SingleBar({ format: '{phase} [{bar}] {value}/{total} rows', hideCursor: true })
            : undefined;
        let phase = '';
        try {
          return await importOutcomesCsv(db.sql, org.id, content, (p) => {
            if (!bar) return;
            if (p.phase !== phase) {
              if (phase) bar.stop();
              phase = p.phase;
              bar.start(Math.max(p.total, 1), p.done, { phase: p.phase.padEnd(8) });
            }
            bar.update(p.done);
          });
        } catch (err) {
          if (err instanceof ValidationError && err.invalidParams.length) {
            const lines = err.invalidParams.map((p) => `  ${p.name}: ${p.reason}`);
            throw new CliError(`${err.message}\n${lines.join('\n')}`);
          }
          throw err;
        } finally {
          bar?.stop();
        }
      });
      const summary = { inserted: result.inserted, duplicates: result.duplicates, rows: result.items.length };
      process.stdout.write(
        o.json
          ? `${JSON.stringify(summary, null, 2)}\n`
          : `${summary.rows} rows: ${summary.inserted} outcomes recorded, ${summary.duplicates} already there\n`,
      );
    });
}

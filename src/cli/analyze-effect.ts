// `northstar analyze effect`: did a change work? Treated vs control rows of a CSV around a start date.
import { type Command, InvalidArgumentError, Option } from 'commander';
import {
  analyseEffectInTable,
  DEFAULT_MISSING,
  formatEffect,
  readCsvFile,
} from '../understand/analyze/index.js';
import { EFFECT_METRICS, type EffectInterval, type EffectMetric } from '../understand/effect/index.js';

interface EffectFlags {
  file: string;
  encoding: string;
  delimiter: string;
  na?: string;
  json?: boolean;
  level: number;
  column: string;
  metric: EffectMetric;
  dateColumn: string;
  groupColumn: string;
  treated: string;
  control?: string;
  start: string;
  end?: string;
  interval: EffectInterval;
  minEffect?: number;
}

const list = (s: string | undefined): string[] =>
  s === undefined
    ? []
    : s
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');

const positive =
  (what: string) =>
  (value: string): number => {
    const v = Number(value);
    if (value.trim() === '' || !Number.isFinite(v) || v <= 0) {
      throw new InvalidArgumentError(`${what} must be a positive number, got '${value}'`);
    }
    return v;
  };

const level = (value: string): number => {
  const v = Number(value);
  if (!Number.isFinite(v) || v < 0.5 || v > 0.9999) {
    throw new InvalidArgumentError(`the confidence level must be a number in [0.5, 0.9999], got '${value}'`);
  }
  return v;
};

/** Register `analyze effect` under the `analyze` command. */
export function registerEffect(analyze: Command): void {
  analyze
    .command('effect')
    .description(
      'Did a change work? Difference-in-differences of treated vs control rows around --start (interrupted time series without a control)',
    )
    .requiredOption('-f, --file <path>', 'CSV file with a header row')
    .option(
      '--encoding <name>',
      'file encoding: utf8, latin1 (ISO-8859-1), utf16le, or a TextDecoder label',
      'utf8',
    )
    .option('--delimiter <char>', 'field delimiter', ',')
    .option(
      '--na <tokens>',
      `comma-separated tokens read as missing (default: empty,${DEFAULT_MISSING.slice(1).join(',')})`,
    )
    .option('--level <p>', 'confidence level of intervals', level, 0.95)
    .option('--json', 'print the result as JSON instead of text')
    .requiredOption('--column <column>', 'column holding the ratings')
    .addOption(
      new Option('--metric <metric>', 'nps (0-10), csat (top-2-box of 1-5), ces (1-7), rating, mean')
        .choices(EFFECT_METRICS as string[])
        .makeOptionMandatory(),
    )
    .requiredOption('--date-column <column>', 'column with the date of each answer (YYYY-MM-DD or ISO 8601)')
    .requiredOption(
      '--group-column <column>',
      'column telling treated rows from control rows (e.g. touchpoint)',
    )
    .requiredOption('--treated <values>', 'comma-separated values of --group-column that the change targeted')
    .option('--control <values>', 'comma-separated control values (default: every other value)')
    .requiredOption('--start <date>', 'first day of the change (YYYY-MM-DD)')
    .option('--end <date>', 'last day counted (YYYY-MM-DD); later rows are left out')
    .addOption(
      new Option('--interval <interval>', 'period of the fixed effects')
        .choices(['week', 'month'])
        .default('week'),
    )
    .option(
      '--min-effect <x>',
      'smallest effect worth detecting, in the metric unit (default: NPS/CSAT 5 points, else 0.2 SD)',
      positive('--min-effect'),
    )
    .action(async (o: EffectFlags) => {
      const table = await readCsvFile(o.file, { encoding: o.encoding, delimiter: o.delimiter });
      const missing = o.na === undefined ? DEFAULT_MISSING : ['', ...list(o.na)];
      const report = analyseEffectInTable(table, {
        column: o.column,
        metric: o.metric,
        dateColumn: o.dateColumn,
        groupColumn: o.groupColumn,
        treated: list(o.treated),
        control: list(o.control),
        start: o.start,
        ...(o.end !== undefined ? { end: o.end } : {}),
        interval: o.interval,
        level: o.level,
        missing,
        ...(o.minEffect !== undefined ? { minimumEffect: o.minEffect } : {}),
      });
      process.stdout.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatEffect(report)}\n`);
    });
}

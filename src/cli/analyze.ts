// `northstar analyze`: scores, comparisons, key drivers, gaps and IPA on a CSV file, without a server.
import { type Command, InvalidArgumentError, Option } from 'commander';
import {
  type AnalyzeMetric,
  type AnalyzeReport,
  analyseCompare,
  analyseDeliveryGapInTable,
  analyseDriversInTable,
  analyseExpectationGap,
  analyseIpa,
  analyseScores,
  type CsvTable,
  DEFAULT_MISSING,
  formatReport,
  METRICS,
  readCsvFile,
} from '../understand/analyze/index.js';
import { registerEffect } from './analyze-effect.js';

interface CommonOptions {
  file: string;
  encoding: string;
  delimiter: string;
  na?: string;
  json?: boolean;
  level: number;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

const number =
  (what: string, min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY) =>
  (value: string): number => {
    const v = Number(value);
    if (value.trim() === '' || !Number.isFinite(v) || v < min || v > max) {
      throw new InvalidArgumentError(`${what} must be a number in [${min}, ${max}], got '${value}'`);
    }
    return v;
  };

const level = number('the confidence level', 0.5, 0.9999);

/** Split comma-separated lists and repeated flags into one list of names. */
function names(list: string[] | undefined, csv: string | undefined): string[] {
  const fromCsv = csv ? csv.split(',').map((s) => s.trim()) : [];
  return [...(list ?? []), ...fromCsv].filter((s) => s !== '');
}

function missingTokens(o: CommonOptions): string[] {
  return o.na === undefined ? DEFAULT_MISSING : ['', ...o.na.split(',').map((s) => s.trim())];
}

function common(cmd: Command): Command {
  return cmd
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
    .option('--json', 'print the result as JSON instead of a table');
}

async function load(o: CommonOptions): Promise<CsvTable> {
  return readCsvFile(o.file, { encoding: o.encoding, delimiter: o.delimiter });
}

function print(report: AnalyzeReport, json: boolean | undefined): void {
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
}

const metricOption = () =>
  new Option('--metric <metric>', 'nps (0-10), csat (top-2-box of 1-5), ces (mean of 1-7), mean, top-box')
    .choices(METRICS as string[])
    .default('nps');

interface DriverFlags extends CommonOptions {
  outcome: string;
  driver: string[];
  drivers?: string;
  positive?: string;
  notApplicable: string[];
  missing: 'listwise' | 'pairwise';
  maxExact: number;
}

function driverFlags(cmd: Command): Command {
  return common(cmd)
    .requiredOption('--outcome <column>', 'outcome column (numeric, or text with --positive)')
    .option('--driver <column>', 'a driver column (repeat for each)', collect, [])
    .option('--drivers <columns>', 'comma-separated driver columns')
    .option('--positive <value>', 'outcome value that counts as 1 (binary outcome, linear probability model)')
    .option(
      '--not-applicable <code>',
      'driver value meaning "not applicable", read as missing (repeatable)',
      collect,
      [],
    )
    .addOption(
      new Option('--missing <policy>', 'rows with missing values: listwise or pairwise deletion')
        .choices(['listwise', 'pairwise'])
        .default('listwise'),
    )
    .option(
      '--max-exact <p>',
      'most drivers for exact Shapley (2^p subsets)',
      number('--max-exact', 1, 24),
      20,
    );
}

function driverRequest(o: DriverFlags) {
  return {
    outcome: o.outcome,
    drivers: names(o.driver, o.drivers),
    ...(o.positive !== undefined ? { positive: o.positive } : {}),
    notApplicable: o.notApplicable.map((c) => number('--not-applicable')(c)),
    missingPolicy: o.missing,
    missing: missingTokens(o),
    maxExactDrivers: o.maxExact,
  };
}

/** Register `northstar analyze` and its sub-commands. */
export function register(program: Command): void {
  const analyze = program
    .command('analyze')
    .description('Analyse a CSV export without a server: scores, compare, drivers, gap, ipa, effect');
  registerEffect(analyze);

  common(
    analyze.command('scores').description('Score a column (NPS, CSAT, CES, mean, top-box) with intervals'),
  )
    .requiredOption('--column <column>', 'column holding the ratings')
    .addOption(metricOption())
    .option('--by <column>', 'group by this column (e.g. a period for a trend), with changes between groups')
    .option('--top-box <value>', 'for --metric top-box: values >= this count', number('--top-box'))
    .option(
      '--commenters <column>',
      'NPS of respondents with a non-empty value here vs all (non-response bias)',
    )
    .option('--min-n <n>', 'flag groups below this n as low n', number('--min-n', 0), 30)
    .option('--q <rate>', 'false-discovery rate for "real" changes', number('--q', 0, 1), 0.05)
    .action(
      async (
        o: CommonOptions & {
          column: string;
          metric: AnalyzeMetric;
          by?: string;
          topBox?: number;
          commenters?: string;
          minN: number;
          q: number;
        },
      ) => {
        const table = await load(o);
        const report = analyseScores(table, {
          column: o.column,
          metric: o.metric,
          level: o.level,
          minN: o.minN,
          q: o.q,
          missing: missingTokens(o),
          ...(o.by !== undefined ? { by: o.by } : {}),
          ...(o.topBox !== undefined ? { topBox: o.topBox } : {}),
          ...(o.commenters !== undefined ? { commenters: o.commenters } : {}),
        });
        print(report, o.json);
      },
    );

  common(
    analyze
      .command('compare')
      .description('Compare a score between groups (each vs the rest, or --a vs --b)'),
  )
    .requiredOption('--column <column>', 'column holding the ratings')
    .requiredOption('--by <column>', 'column defining the groups')
    .addOption(metricOption())
    .option('--a <value>', 'first group (with --b); otherwise every group is compared with the rest')
    .option('--b <value>', 'second group')
    .option('--top-box <value>', 'for --metric top-box: values >= this count', number('--top-box'))
    .option('--q <rate>', 'Benjamini-Hochberg false-discovery rate', number('--q', 0, 1), 0.05)
    .action(
      async (
        o: CommonOptions & {
          column: string;
          by: string;
          metric: AnalyzeMetric;
          a?: string;
          b?: string;
          topBox?: number;
          q: number;
        },
      ) => {
        const table = await load(o);
        const report = analyseCompare(table, {
          column: o.column,
          by: o.by,
          metric: o.metric,
          level: o.level,
          q: o.q,
          missing: missingTokens(o),
          ...(o.a !== undefined ? { a: o.a } : {}),
          ...(o.b !== undefined ? { b: o.b } : {}),
          ...(o.topBox !== undefined ? { topBox: o.topBox } : {}),
        });
        print(report, o.json);
      },
    );

  driverFlags(
    analyze.command('drivers').description('Key drivers: exact Shapley/LMG and Johnson relative weights'),
  ).action(async (o: DriverFlags) => {
    const table = await load(o);
    print(analyseDriversInTable(table, driverRequest(o)), o.json);
  });

  driverFlags(analyze.command('ipa').description('Importance-performance map from derived driver importance'))
    .addOption(
      new Option('--importance <method>', 'derived importance')
        .choices(['shapley', 'relative-weights'])
        .default('shapley'),
    )
    .action(async (o: DriverFlags & { importance: 'shapley' | 'relative-weights' }) => {
      const table = await load(o);
      print(analyseIpa(table, { ...driverRequest(o), importance: o.importance }), o.json);
    });

  common(analyze.command('gap').description('Expectation gap (P - E) or internal-vs-customer delivery gap'))
    .addOption(
      new Option('--kind <kind>', 'which gap').choices(['expectation', 'delivery']).default('expectation'),
    )
    .option(
      '--pair <p:e[:dimension]>',
      'expectation: perception and expectation columns, optional dimension (repeat)',
      collect,
      [],
    )
    .option(
      '--weight <dimension=w>',
      'expectation: importance weight of a dimension (repeat; normalised)',
      collect,
      [],
    )
    .option('--group-column <column>', 'delivery: column telling internal rows from customer rows')
    .option('--internal <value>', 'delivery: value of --group-column on internal (employee) rows')
    .option('--customer <value>', 'delivery: value of --group-column on customer rows')
    .option('--item <column>', 'delivery: an item rated by both (repeat)', collect, [])
    .option('--items <columns>', 'delivery: comma-separated item columns')
    .option('--superior <column>', 'delivery: "superior experience" rating column for the headline')
    .option(
      '--superior-min <value>',
      'delivery: ratings >= this count as "superior"',
      number('--superior-min'),
      1,
    )
    .option('--q <rate>', 'Benjamini-Hochberg false-discovery rate', number('--q', 0, 1), 0.05)
    .action(
      async (
        o: CommonOptions & {
          kind: 'expectation' | 'delivery';
          pair: string[];
          weight: string[];
          groupColumn?: string;
          internal?: string;
          customer?: string;
          item: string[];
          items?: string;
          superior?: string;
          superiorMin: number;
          q: number;
        },
      ) => {
        if (o.kind === 'delivery') {
          if (!o.groupColumn || o.internal === undefined || o.customer === undefined) {
            throw new InvalidArgumentError('--kind delivery needs --group-column, --internal and --customer');
          }
          const table = await load(o);
          const report = analyseDeliveryGapInTable(table, {
            groupColumn: o.groupColumn,
            internal: o.internal,
            customer: o.customer,
            items: names(o.item, o.items),
            q: o.q,
            level: o.level,
            missing: missingTokens(o),
            ...(o.superior !== undefined ? { superior: o.superior, superiorMin: o.superiorMin } : {}),
          });
          print(report, o.json);
          return;
        }
        const pairs = o.pair.map((spec) => {
          const [perception, expectation, dimension] = spec.split(':');
          if (!perception || !expectation) {
            throw new InvalidArgumentError(
              `--pair expects perception:expectation[:dimension], got '${spec}'`,
            );
          }
          return { perception, expectation, ...(dimension ? { dimension } : {}) };
        });
        const weights: Record<string, number> = {};
        for (const w of o.weight) {
          const [dim, value] = w.split('=');
          if (!dim || value === undefined)
            throw new InvalidArgumentError(`--weight expects dimension=number, got '${w}'`);
          weights[dim] = number('--weight', 0)(value);
        }
        const table = await load(o);
        const report = analyseExpectationGap(table, {
          pairs,
          level: o.level,
          missing: missingTokens(o),
          ...(o.weight.length ? { weights } : {}),
        });
        print(report, o.json);
      },
    );
}

// `northstar text`: analyse comments (language, PII, sentiment, themes), train models, discover themes, on CSV files.
import { type Command, InvalidArgumentError, Option } from 'commander';
import {
  type AnalyzedRow,
  analyzeTable,
  type CsvEncoding,
  type CsvTable,
  discoverFromTable,
  impactFromResults,
  isCategoricalReport,
  type LabelRule,
  loadModelFile,
  loadTaxonomyFile,
  readCsv,
  saveModelFile,
  trainFromTable,
  trainThemesFromTable,
} from '../understand/text/index.js';

interface FileOptions {
  file: string;
  textColumn: string[];
  encoding: CsvEncoding;
  delimiter: string;
  json?: boolean;
}

const integer = (what: string, min: number, max: number) => (value: string) => {
  const v = Number(value);
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new InvalidArgumentError(`${what} must be an integer in [${min}, ${max}], got '${value}'`);
  }
  return v;
};

function fileOptions(cmd: Command): Command {
  return cmd
    .requiredOption('-f, --file <path>', 'CSV file with a header row')
    .requiredOption(
      '-t, --text-column <name>',
      'column holding the comments; repeat to join several (e.g. -t Title -t "Review Text")',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .addOption(new Option('--encoding <name>', 'file encoding').choices(['utf8', 'latin1']).default('utf8'))
    .option('--delimiter <char>', 'field delimiter', ',')
    .option('--json', 'print JSON instead of a summary');
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const fix = (x: number | null | undefined, d = 3) =>
  x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(d);

function summarise(rows: AnalyzedRow[]): string {
  const n = rows.length;
  const count = (f: (r: AnalyzedRow) => boolean) => rows.filter(f).length;
  const lines = [`${n} rows`];
  const langs = new Map<string, number>();
  for (const r of rows)
    if (!r.skipped)
      langs.set(r.language?.language ?? 'und', (langs.get(r.language?.language ?? 'und') ?? 0) + 1);
  lines.push(
    `languages: ${[...langs]
      .sort((a, b) => b[1] - a[1])
      .map(([l, c]) => `${l} ${c}`)
      .join(', ')}`,
  );
  lines.push(
    `sentiment: positive ${count((r) => !r.skipped && r.sentiment?.label === 'positive')}, neutral ${count((r) => !r.skipped && r.sentiment?.label === 'neutral')}, negative ${count((r) => !r.skipped && r.sentiment?.label === 'negative')}, not scored (other language) ${count((r) => !r.skipped && !r.sentiment)}`,
  );
  lines.push(
    `redacted: ${count((r) => (r.redactions?.length ?? 0) > 0)} rows; truncated: ${count((r) => r.truncated)}; empty or binary: ${count((r) => r.skipped !== undefined)}`,
  );
  const themes = new Map<string, { n: number; sum: number; k: number; name: string }>();
  for (const r of rows) {
    for (const t of r.themes ?? []) {
      const e = themes.get(t.id) ?? { n: 0, sum: 0, k: 0, name: t.name };
      e.n++;
      if (t.sentiment !== undefined) {
        e.sum += t.sentiment;
        e.k++;
      }
      themes.set(t.id, e);
    }
  }
  lines.push('themes (rows, share, mean sentence sentiment):');
  for (const [id, e] of [...themes].sort((a, b) => b[1].n - a[1].n)) {
    lines.push(
      `  ${`${id} (${e.name})`.padEnd(48)} ${String(e.n).padStart(6)}  ${pct(e.n / Math.max(1, n)).padStart(6)}  ${e.k > 0 ? fix(e.sum / e.k, 2) : '–'}`,
    );
  }
  return lines.join('\n');
}

/** Register `northstar text analyze|train|themes`. */
export function register(program: Command): void {
  const text = program
    .command('text')
    .description('Comments: language, PII, sentiment and themes; train models; discover themes');

  fileOptions(
    text
      .command('analyze')
      .description(
        'Enrich every comment: language, PII redaction, sentiment (per comment and sentence), themes',
      ),
  )
    .option(
      '-m, --model <path>',
      'sentiment model file from `northstar text train` (default: the built-in English model)',
    )
    .option('--taxonomy <path>', 'taxonomy JSON file (default: the starter CX taxonomy, English and French)')
    .option(
      '--theme-model <path>',
      'theme classifier from `northstar text train --themes`, run beside the taxonomy',
    )
    .option('--score-column <name>', 'also rank themes by their impact on this score (NPS 0-10 or a mean)')
    .option('--no-redact', 'keep personal data in the returned text (it is redacted by default)')
    .action(
      (
        o: FileOptions & {
          model?: string;
          taxonomy?: string;
          themeModel?: string;
          scoreColumn?: string;
          redact: boolean;
        },
      ) => {
        const table = readCsv(o.file, o.encoding, o.delimiter);
        const results = analyzeTable(table, {
          textColumn: o.textColumn,
          redact: o.redact,
          ...(o.model ? { model: loadModelFile(o.model, 'sentiment') } : {}),
          ...(o.themeModel ? { themeModel: loadModelFile(o.themeModel, 'themes') } : {}),
          ...(o.taxonomy ? { taxonomy: loadTaxonomyFile(o.taxonomy) } : {}),
        });
        const impact = o.scoreColumn ? impactFromResults(table, results, o.scoreColumn) : undefined;
        if (o.json) {
          process.stdout.write(`${JSON.stringify(impact ? { rows: results, impact } : results, null, 2)}\n`);
          return;
        }
        process.stdout.write(`${summarise(results)}\n`);
        if (impact) {
          process.stdout.write(`\nimpact on ${o.scoreColumn} (${impact.metric}); fix first at the top:\n`);
          process.stdout.write(
            `  ${'theme'.padEnd(22)} ${'rows'.padStart(6)} ${'with'.padStart(7)} ${'without'.padStart(8)} ${'diff'.padStart(7)}  95% CI              priority\n`,
          );
          for (const t of impact.themes) {
            const c = t.comparison;
            process.stdout.write(
              `  ${t.theme.padEnd(22)} ${String(t.mentions).padStart(6)} ${fix(t.scoreWith, 1).padStart(7)} ${fix(t.scoreWithout, 1).padStart(8)} ${fix(c.difference, 1).padStart(7)}  [${fix(c.ci?.low, 1)}, ${fix(c.ci?.high, 1)}]`.padEnd(
                80,
              ) +
                ` ${fix(t.priority, 2)}${t.aspect ? `  aspect ${fix(t.aspect.mean, 2)} (${Math.round(t.aspect.negative * 100)}% negative)` : ''}\n`,
            );
          }
        }
      },
    );

  fileOptions(
    text
      .command('train')
      .description(
        'Train a sentiment model (or a theme classifier with --themes) from scored comments, with k-fold CV',
      ),
  )
    .requiredOption(
      '-l, --label-column <name>',
      'column holding the score or label (or theme tags with --themes)',
    )
    .requiredOption('-o, --out <path>', 'where to write the model file')
    .option('--cv <k>', 'number of cross-validation folds', integer('--cv', 2, 20), 5)
    .addOption(
      new Option(
        '--rule <rule>',
        'how labels are read: binary, nps, rating5, rating10 (positive/negative); sentiment3 (negative/neutral/positive, any casing); categories (any set of classes). Default: detected from the values',
      ).choices(['binary', 'nps', 'rating5', 'rating10', 'sentiment3', 'categories']),
    )
    .option(
      '--themes',
      'the label column holds theme tags separated by ; or | : train a multi-label theme classifier',
    )
    .option('--version <name>', 'version stamped on results (default: org-<language>@<date>)')
    .option(
      '--taxonomy <path>',
      'with --themes: taxonomy whose rules are scored against the same tags (default: starter)',
    )
    .action(
      (
        o: FileOptions & {
          labelColumn: string;
          out: string;
          taxonomy?: string;
          cv: number;
          rule?: LabelRule;
          themes?: boolean;
          version?: string;
        },
      ) => {
        const table: CsvTable = readCsv(o.file, o.encoding, o.delimiter);
        const started = performance.now();
        if (o.themes) {
          const report = trainThemesFromTable(table, {
            textColumn: o.textColumn,
            tagsColumn: o.labelColumn,
            folds: o.cv,
            ...(o.version ? { version: o.version } : {}),
          });
          saveModelFile(o.out, report.model);
          if (o.json) {
            process.stdout.write(
              `${JSON.stringify({ out: o.out, rows: report.rowsUsed, cv: report.cv, rules: report.rules }, null, 2)}\n`,
            );
            return;
          }
          process.stdout.write(
            `${report.rowsUsed} tagged comments, ${report.cv.folds}-fold cross-validation\n`,
          );
          for (const t of report.cv.themes) {
            const rule = report.rules.find((r) => r.theme === t.theme);
            process.stdout.write(
              `  ${t.theme.padEnd(24)} n=${String(t.support).padStart(5)}  precision ${fix(t.precision)}  recall ${fix(t.recall)}  F1 ${fix(t.f1)}  ROC-AUC ${fix(t.rocAuc)}${rule ? `  (taxonomy rules: F1 ${fix(rule.f1)})` : ''}\n`,
            );
          }
          process.stdout.write(`macro-F1 ${fix(report.cv.macroF1)}\nmodel written to ${o.out}\n`);
          return;
        }
        const report = trainFromTable(table, {
          textColumn: o.textColumn,
          labelColumn: o.labelColumn,
          folds: o.cv,
          ...(o.rule ? { rule: o.rule } : {}),
          ...(o.version ? { version: o.version } : {}),
        });
        saveModelFile(o.out, report.model);
        const seconds = (performance.now() - started) / 1000;
        if (o.json) {
          const { model: _, ...rest } = report;
          process.stdout.write(
            `${JSON.stringify({ out: o.out, version: report.model.version, seconds, ...rest }, null, 2)}\n`,
          );
          return;
        }
        if (isCategoricalReport(report)) {
          const cv = report.cv;
          const width = Math.max(8, ...cv.labels.map((l) => l.length));
          const lines = [
            `${report.rowsUsed} labelled comments used of ${report.rowsWithText} with text (rule "${report.rule}": ${cv.perClass.map((c) => `${c.support} ${c.label}`).join(', ')}); language ${report.language}`,
            ...report.droppedClasses.map(
              (d) => `class "${d.label}" left out: ${d.rows} comments, fewer than the ${cv.folds} folds`,
            ),
            `${cv.folds}-fold cross-validation: accuracy ${fix(cv.accuracy)}, macro-F1 ${fix(cv.macroF1)} (folds ${cv.foldMacroF1.map((a) => fix(a)).join(', ')})`,
            `  ${'class'.padEnd(width)}  precision  recall     F1  support`,
            ...cv.perClass.map(
              (c) =>
                `  ${c.label.padEnd(width)}  ${fix(c.precision).padStart(9)}  ${fix(c.recall).padStart(6)}  ${fix(c.f1).padStart(5)}  ${String(c.support).padStart(7)}`,
            ),
            `confusion matrix (rows: actual, columns: predicted, in the order above):`,
            ...cv.confusion.map(
              (row, i) =>
                `  ${(cv.labels[i] ?? '').padEnd(width)}  ${row.map((n) => String(n).padStart(6)).join(' ')}`,
            ),
            ...(report.comparison.defaultMacroF1 !== undefined
              ? [`default model on the same comments: macro-F1 ${fix(report.comparison.defaultMacroF1)}`]
              : []),
            `${report.comparison.switchToCandidate ? 'use the trained model' : report.rule === 'sentiment3' ? 'keep the default' : 'categories model'}: ${report.comparison.reason}`,
            `model ${report.model.version} written to ${o.out} (${seconds.toFixed(1)} s)`,
          ];
          process.stdout.write(`${lines.join('\n')}\n`);
          return;
        }
        const cv = report.cv;
        process.stdout.write(
          [
            `${report.rowsUsed} labelled comments used of ${report.rowsWithText} with text (rule "${report.rule}": ${cv.positives} positive, ${cv.rows - cv.positives} negative); language ${report.language}`,
            `${cv.folds}-fold cross-validation: accuracy ${fix(cv.accuracy)}, macro-F1 ${fix(cv.macroF1)}, ROC-AUC ${fix(cv.rocAuc)} (folds ${cv.foldAuc.map((a) => fix(a)).join(', ')})`,
            `default model on the same comments: ROC-AUC ${fix(report.comparison.defaultAuc)}`,
            `${report.comparison.switchToCandidate ? 'use the trained model' : 'keep the default'}: ${report.comparison.reason}`,
            `model ${report.model.version} written to ${o.out} (${seconds.toFixed(1)} s)`,
          ].join('\n') + '\n',
        );
      },
    );

  fileOptions(
    text
      .command('themes')
      .description('Discover themes in untagged comments (k-means on TF-IDF, c-TF-IDF labels)'),
  )
    .option(
      '-k, --k <n>',
      'number of themes (default: grows with the number of comments, 4-20)',
      integer('--k', 2, 100),
    )
    .option('--seed <n>', 'random seed', integer('--seed', 0, 2 ** 31), 42)
    .action((o: FileOptions & { k?: number; seed: number }) => {
      const table = readCsv(o.file, o.encoding, o.delimiter);
      const themes = discoverFromTable(table, {
        textColumn: o.textColumn,
        seed: o.seed,
        ...(o.k ? { k: o.k } : {}),
      });
      if (o.json) {
        process.stdout.write(`${JSON.stringify(themes, null, 2)}\n`);
        return;
      }
      for (const t of themes) {
        process.stdout.write(`${String(t.size).padStart(6)}  ${t.label}  (${t.terms.join(', ')})\n`);
        for (const e of t.examples.slice(0, 2))
          process.stdout.write(`        “${e.replace(/\s+/g, ' ').slice(0, 120)}”\n`);
      }
    });
}

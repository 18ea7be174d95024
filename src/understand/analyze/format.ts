// Plain-text tables for `northstar analyze` reports.
import type { CompareReport } from './compare.js';
import type { DriverReport } from './drivers.js';
import type { IpaReport } from './ipa.js';
import type { AnalyzeReport } from './report.js';
import type { ScoreReport } from './scores.js';

/** Format a number with fixed decimals; '-' for null. */
export function fmt(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '-';
  return x.toFixed(digits);
}

function fmtP(p: number | null | undefined): string {
  if (p === null || p === undefined) return '-';
  return p < 0.0001 ? '<0.0001' : p.toFixed(4);
}

function signed(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined) return '-';
  return (x > 0 ? '+' : '') + x.toFixed(digits);
}

/** Render rows as an aligned text table; numeric-looking cells after the first column are right-aligned. */
export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = (s: string) => /^[-+<]?[\d.,]+%?$|^-$/.test(s);
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i > 0 && numeric(c) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function scores(r: ScoreReport): string {
  const pct = Math.round(r.level * 100);
  const extraKeys = Object.keys(r.overall.extra);
  const header = [r.by ?? 'group', 'n', r.metric.toUpperCase(), `${pct}% low`, `${pct}% high`, ...extraKeys];
  const withChange = r.groups.length > 0;
  if (withChange) header.push('change', 'p', 'p (BH)', 'real?');
  const row = (g: ScoreReport['overall']) => {
    const cells = [
      g.group + (g.lowN && g.n > 0 ? ' (low n)' : ''),
      String(g.n),
      r.metric === 'nps' ? signed(g.estimate) : fmt(g.estimate, 2),
      fmt(g.low, r.metric === 'nps' ? 1 : 2),
      fmt(g.high, r.metric === 'nps' ? 1 : 2),
      ...extraKeys.map((k) => fmt(g.extra[k], 1)),
    ];
    if (withChange) {
      const c = g.change;
      cells.push(
        c ? signed(c.difference) : '',
        c ? fmtP(c.p) : '',
        c ? fmtP(c.pAdjusted) : '',
        c ? (c.significant ? 'yes' : 'no') : '',
      );
    }
    return cells;
  };
  const out = [
    `${r.metric.toUpperCase()} of '${r.column}' (${r.unit}; ${r.method} ${pct}% interval)`,
    renderTable(header, [row(r.overall), ...r.groups.map(row)]),
  ];
  if (r.groups.length) {
    out.push(`change = difference from the previous ${r.by}; 'real?' = significant after Benjamini-Hochberg`);
  }
  if (r.trend) {
    out.push(
      `trend: ${signed(r.trend.slope, 2)} ${r.unit} per unit of ${r.by} [${fmt(r.trend.low, 2)}, ${fmt(r.trend.high, 2)}], p ${fmtP(r.trend.p)} (least squares over all rows)`,
    );
  }
  if (r.commenters) {
    const c = r.commenters;
    out.push(
      '',
      `Respondents with a non-empty '${c.column}' vs all respondents (non-response bias)`,
      renderTable(
        ['who', 'n', 'NPS', `${pct}% low`, `${pct}% high`],
        [
          ['all respondents', String(c.all.n), signed(c.all.score), fmt(c.all.ci?.low), fmt(c.all.ci?.high)],
          [
            'with text',
            String(c.subgroup.n),
            signed(c.subgroup.score),
            fmt(c.subgroup.ci?.low),
            fmt(c.subgroup.ci?.high),
          ],
          ['without text', String(c.rest.n), signed(c.rest.score), fmt(c.rest.ci?.low), fmt(c.rest.ci?.high)],
        ],
      ),
      `bias (with text - all): ${signed(c.bias)} points; with text vs without: z ${fmt(c.test.statistic, 2)}, p ${fmtP(c.test.p)}`,
    );
  }
  return out.join('\n');
}

function compare(r: CompareReport): string {
  const pct = Math.round(r.level * 100);
  const d = r.metric === 'nps' ? 1 : 2;
  return [
    `${r.metric.toUpperCase()} of '${r.column}' by '${r.by}' (${r.unit}; ${r.test}; BH q = ${r.q})`,
    renderTable(
      [
        'group',
        'vs',
        'n',
        'n other',
        'estimate',
        'other',
        'difference',
        `${pct}% low`,
        `${pct}% high`,
        'p',
        'p (BH)',
        'real?',
      ],
      r.rows.map((x) => [
        x.group,
        x.versus,
        String(x.n),
        String(x.nOther),
        fmt(x.estimate, d),
        fmt(x.estimateOther, d),
        signed(x.difference, d),
        fmt(x.low, d),
        fmt(x.high, d),
        fmtP(x.p),
        fmtP(x.pAdjusted),
        x.significant ? 'yes' : 'no',
      ]),
    ),
  ].join('\n');
}

function drivers(r: DriverReport): string {
  const byName = new Map(r.drivers.map((d) => [d.name, d]));
  const rows = r.ranking.map((name, i) => {
    const d = byName.get(name);
    if (!d) return [];
    return [
      String(i + 1),
      d.name,
      fmt(d.shapley, 4),
      fmt(100 * d.share, 1) + '%',
      fmt(d.relativeWeight, 4),
      d.sign > 0 ? '+1' : d.sign < 0 ? '-1' : '0',
      fmt(d.coefficient, 3),
      fmt(d.correlation, 3),
      fmt(d.performance, 2),
      String(d.n),
    ];
  });
  const outcome =
    r.positive !== null
      ? `P(${r.outcomeColumn} = '${r.positive}') (linear probability model)`
      : r.outcomeColumn;
  return [
    `Key drivers of ${outcome}: R² = ${fmt(r.r2, 4)}, n = ${r.n} of ${r.rowsInFile} rows (${r.missing} deletion${
      r.notApplicable.length ? `; ${r.notApplicable.join(', ')} = not applicable` : ''
    })`,
    renderTable(['rank', 'driver', 'Shapley', 'share', 'Johnson', 'sign', 'beta', 'r', 'mean', 'n'], rows),
    'Shapley = exact LMG share of R²; Johnson = relative weight; both sum to R². sign/beta = full-model standardized coefficient.',
  ].join('\n');
}

function ipa(r: IpaReport): string {
  return [
    `Importance-performance map for ${r.outcomeColumn} (importance = ${r.importance} share of R² ${fmt(r.r2, 4)}, n = ${r.n})`,
    `crosshairs: importance ${fmt(r.importanceCrosshair, 4)}, performance ${fmt(r.performanceCrosshair, 2)}`,
    renderTable(
      ['driver', 'importance', 'share', 'sign', 'performance', 'quadrant'],
      [...r.points]
        .sort((a, b) => b.importance - a.importance)
        .map((p) => [
          p.id,
          fmt(p.importance, 4),
          fmt(100 * p.share, 1) + '%',
          p.sign > 0 ? '+1' : p.sign < 0 ? '-1' : '0',
          fmt(p.performance, 2),
          p.quadrant,
        ]),
    ),
  ].join('\n');
}

/** Render any analyze report as text. */
export function formatReport(r: AnalyzeReport): string {
  switch (r.analysis) {
    case 'scores':
      return scores(r);
    case 'compare':
      return compare(r);
    case 'drivers':
      return drivers(r);
    case 'ipa':
      return ipa(r);
    case 'gap':
      if (r.kind === 'expectation') {
        return [
          'Expectation gap P - E (negative = below expectation)',
          renderTable(
            ['item', 'dimension', 'n', 'gap', '95% low', '95% high'],
            r.items.map((i) => [
              i.item,
              i.dimension,
              String(i.gap.n),
              signed(i.gap.mean, 2),
              fmt(i.gap.ci?.low, 2),
              fmt(i.gap.ci?.high, 2),
            ]),
          ),
          '',
          renderTable(
            ['dimension', 'items', 'gap', 'weight'],
            r.dimensions.map((d) => [d.dimension, String(d.items), signed(d.gap, 2), fmt(d.weight, 1)]),
          ),
          `overall: unweighted ${signed(r.unweighted, 2)}${r.weighted !== null ? `, importance-weighted ${signed(r.weighted, 2)}` : ''}`,
        ].join('\n');
      }
      return [
        'Delivery gap: internal estimate - customer score (Welch t, Benjamini-Hochberg)',
        renderTable(
          ['item', 'internal', 'customer', 'gap', '95% low', '95% high', 'p', 'p (BH)', 'verdict'],
          r.items.map((i) => [
            i.item,
            fmt(i.internalMean, 2),
            fmt(i.customerMean, 2),
            signed(i.test.difference, 2),
            fmt(i.test.ci?.low, 2),
            fmt(i.test.ci?.high, 2),
            fmtP(i.test.p),
            fmtP(i.pAdjusted),
            i.classification,
          ]),
        ),
        ...(r.headline
          ? [
              `superior experience: ${fmt(r.headline.internal)}% internal vs ${fmt(r.headline.customer)}% of customers; ` +
                `difference ${signed(r.headline.test.difference)} points [${fmt(r.headline.test.ci?.low)}, ${fmt(r.headline.test.ci?.high)}], ` +
                `z ${fmt(r.headline.test.statistic, 2)}, p ${fmtP(r.headline.test.p)}`,
            ]
          : []),
      ].join('\n');
  }
}

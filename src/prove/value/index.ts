// Value of CX: outcomes by loyalty group in a window after each answer, and satisfied defectors.
import type { Sql } from '../../platform/db/index.js';
import { ValidationError } from '../../platform/errors/index.js';
import {
  compareMeans,
  compareProportions,
  type MomentSums,
  summariseMean,
  summariseProportion,
} from '../../understand/stats/index.js';
import { GROUPS, groupOf, type ValueMetric } from '../models/index.js';
import { currencyDigits } from '../outcomes/index.js';
import { selectDefectors, selectOrgCurrency, selectValueCells } from './queries.js';
import { REVENUE_KINDS } from './risk.js';
import { themeNames } from './themes.js';
import type { Window } from './window.js';
import { parseWindow } from './window.js';

export { parseWindow, type Window } from './window.js';

type Bounds = { low: number; high: number } | null;
const b = (ci: { low: number; high: number } | null, k = 1): Bounds =>
  ci ? { low: ci.low * k, high: ci.high * k } : null;

/** One loyalty group's outcomes in the window after its answers. */
export interface ValueCategory {
  category: string;
  /** Contacts whose latest answer (window fully passed) falls in the group. */
  n: number;
  retention: { rate: number | null; retained: number; ci: Bounds };
  /** Mean amount of the outcome per contact in the window (0 for contacts without one), major units. */
  revenue: { mean: number | null; ci: Bounds; currency: string | null };
  /** Mean number of outcome events per contact in the window. */
  frequency: { mean: number | null; ci: Bounds };
}

/** A difference of one group from the bottom group, with its test. */
export interface ValueSummaryDifference {
  a: string;
  b: string;
  measure: 'retention' | 'revenue' | 'frequency';
  difference: number | null;
  ci: Bounds;
  p: number | null;
  method: string;
}

/** The value summary. */
export interface ValueSummary {
  metric: ValueMetric;
  outcome: string;
  window: string;
  asOf: string;
  level: number;
  categories: ValueCategory[];
  differences: ValueSummaryDifference[];
  /** How the numbers are made: shown beside them. */
  method: string[];
}

function moments(n: number, sum: number, sumSquares: number): MomentSums {
  return { n, sum, sumSquares };
}

/** Per loyalty group: contacts, retained, and the moments of the outcome amount, events and scores. */
export interface GroupMoments {
  n: number;
  retained: number;
  s: number;
  ss: number;
  e: number;
  ee: number;
  /** Sum of the scores of the group's answers (for the mean score of a group). */
  scoreSum: number;
}

/** The moments by loyalty group that the value summary and the return of initiatives are made from. */
export async function valueGroups(
  sql: Sql,
  orgId: string,
  q: {
    metric: ValueMetric;
    outcome?: string | undefined;
    window?: string | undefined;
    asOf?: Date | undefined;
    churnKind?: string | undefined;
  },
): Promise<{
  window: Window;
  outcome: string;
  asOf: Date;
  currency: string | null;
  names: [string, string, string];
  acc: Map<string, GroupMoments>;
}> {
  const window = parseWindow(q.window);
  const outcome = q.outcome ?? 'revenue';
  const asOf = q.asOf ?? new Date();
  const currency = await selectOrgCurrency(sql, orgId);
  const digits = currency ? (currencyDigits(currency) ?? 2) : 0;
  const cells = await selectValueCells(sql, orgId, {
    column: q.metric,
    // "revenue" is what customers spend: revenue, orders and invoices alike.
    outcomeKinds: outcome === 'revenue' ? REVENUE_KINDS : [outcome],
    churnKind: q.churnKind ?? 'churn',
    interval: window.interval,
    asOf,
    scale: 10 ** digits,
  });
  const names = GROUPS[q.metric];
  const acc = new Map<string, GroupMoments>(
    names.map((g) => [g, { n: 0, retained: 0, s: 0, ss: 0, e: 0, ee: 0, scoreSum: 0 }]),
  );
  for (const c of cells) {
    const g = groupOf(q.metric, c.score);
    const a = g ? acc.get(g) : undefined;
    if (!a) continue;
    a.n += c.n;
    a.retained += c.retained;
    a.s += Number(c.amountSum);
    a.ss += Number(c.amountSumSquares);
    a.e += c.eventSum;
    a.ee += c.eventSumSquares;
    a.scoreSum += c.score * c.n;
  }
  return { window, outcome, asOf, currency, names, acc };
}

/**
 * Retention, revenue and frequency by NPS category (or CSAT/CES band). Each contact counts once, with
 * their latest answer whose window has fully passed by `asOf`; only outcomes dated after that answer and
 * within the window count.
 */
export async function getValueSummary(
  sql: Sql,
  orgId: string,
  q: {
    metric: ValueMetric;
    outcome?: string | undefined;
    window?: string | undefined;
    asOf?: Date | undefined;
    churnKind?: string;
  },
): Promise<ValueSummary> {
  const { window, outcome, asOf, currency, names, acc } = await valueGroups(sql, orgId, q);
  const categories: ValueCategory[] = names.map((g) => {
    const a = acc.get(g) as GroupMoments;
    const r = summariseProportion({ successes: a.retained, n: a.n });
    const m = summariseMean(moments(a.n, a.s, a.ss));
    const f = summariseMean(moments(a.n, a.e, a.ee));
    return {
      category: g,
      n: a.n,
      retention: {
        rate: r.estimate === null ? null : r.estimate / 100,
        retained: a.retained,
        ci: b(r.ci, 0.01),
      },
      revenue: { mean: m.mean, ci: b(m.ci), currency },
      frequency: { mean: f.mean, ci: b(f.ci) },
    };
  });
  const differences: ValueSummaryDifference[] = [];
  const bottom = names[2];
  const ab = acc.get(bottom) as GroupMoments;
  for (const g of [names[0], names[1]]) {
    const a = acc.get(g) as typeof ab;
    const r = compareProportions({ successes: a.retained, n: a.n }, { successes: ab.retained, n: ab.n });
    differences.push({
      a: g,
      b: bottom,
      measure: 'retention',
      difference: r.difference === null ? null : r.difference / 100,
      ci: b(r.ci, 0.01),
      p: r.p,
      method: r.method,
    });
    const m = compareMeans(moments(a.n, a.s, a.ss), moments(ab.n, ab.s, ab.ss));
    differences.push({
      a: g,
      b: bottom,
      measure: 'revenue',
      difference: m.difference,
      ci: b(m.ci),
      p: m.p,
      method: m.method,
    });
    const f = compareMeans(moments(a.n, a.e, a.ee), moments(ab.n, ab.e, ab.ee));
    differences.push({
      a: g,
      b: bottom,
      measure: 'frequency',
      difference: f.difference,
      ci: b(f.ci),
      p: f.p,
      method: f.method,
    });
  }
  return {
    metric: q.metric,
    outcome,
    window: window.text,
    asOf: asOf.toISOString(),
    level: 0.95,
    categories,
    differences,
    method: [
      `each contact counts once, with their latest ${q.metric.toUpperCase()} answer at least ${window.text} before ${asOf.toISOString().slice(0, 10)}`,
      `only outcomes dated after that answer and within ${window.text} of it count (no look-ahead)`,
      `retention: no '${q.churnKind ?? 'churn'}' event in the window; Wilson 95% intervals; differences by two-proportion z with Newcombe intervals`,
      `revenue: sum of '${outcome}' amounts per contact in the window (0 without one); t intervals; differences by Welch t`,
    ],
  };
}

/** Satisfied defectors: churned customers whose last answer before leaving was satisfied. */
export interface SatisfiedDefectors {
  from: string;
  to: string;
  /** Churned contacts in the period with an answer before churning. */
  n: number;
  satisfied: number;
  share: number | null;
  ci: { low: number; high: number } | null;
  /** Churned contacts in the period who never answered before churning (not in n). */
  unanswered: number;
  thresholds: { npsMin: number; csatMin: number; cesMin: number };
  themes: Array<{ theme: string; name: string; n: number; share: number }>;
}

/**
 * Among contacts whose (first) churn falls in [from, to), the share whose last answer before churning
 * was satisfied: NPS >= npsMin (passive or promoter), else CSAT >= csatMin, else CES >= cesMin; Wilson
 * interval; and the themes the satisfied ones had mentioned before leaving.
 */
export async function getSatisfiedDefectors(
  sql: Sql,
  orgId: string,
  q: {
    from?: Date | undefined;
    to?: Date | undefined;
    npsMin?: number;
    csatMin?: number;
    cesMin?: number;
    churnKind?: string;
  },
): Promise<SatisfiedDefectors> {
  const to = q.to ?? new Date();
  const from = q.from ?? new Date(to.getTime() - 365 * 86_400_000);
  if (from >= to) throw new ValidationError('from must be before to', [{ name: 'from', reason: 'after to' }]);
  const thresholds = { npsMin: q.npsMin ?? 7, csatMin: q.csatMin ?? 4, cesMin: q.cesMin ?? 5 };
  const [rows, name] = await Promise.all([
    selectDefectors(sql, orgId, { from, to, churnKind: q.churnKind ?? 'churn' }),
    themeNames(sql, orgId),
  ]);
  let n = 0;
  let satisfied = 0;
  let unanswered = 0;
  const themes = new Map<string, number>();
  for (const r of rows) {
    const verdict =
      r.nps !== null
        ? r.nps >= thresholds.npsMin
        : r.csat !== null
          ? r.csat >= thresholds.csatMin
          : r.ces !== null
            ? r.ces >= thresholds.cesMin
            : null;
    if (verdict === null) {
      unanswered++;
      continue;
    }
    n++;
    if (verdict) {
      satisfied++;
      for (const t of r.themes) themes.set(t, (themes.get(t) ?? 0) + 1);
    }
  }
  const s = summariseProportion({ successes: satisfied, n });
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    n,
    satisfied,
    share: s.estimate === null ? null : s.estimate / 100,
    ci: b(s.ci, 0.01),
    unanswered,
    thresholds,
    themes: [...themes.entries()]
      .map(([theme, k]) => ({ theme, name: name(theme), n: k, share: k / Math.max(1, satisfied) }))
      .sort((x, y) => y.n - x.n || x.theme.localeCompare(y.theme)),
  };
}

// Revenue at risk by theme, touchpoint or model driver: each at-risk contact's expected loss (revenue of
// the last year x churn probability) is split across what it is attributed to, so the parts add up.
import type { Sql } from '../../platform/db/index.js';
import { mulberry32 } from '../../shared/random.js';
import { currencyDigits, formatMinorUnits } from '../outcomes/index.js';
import { selectAtRisk, selectOrgCurrency } from './queries.js';
import { themeNames } from './themes.js';

/** Bootstrap resamples of the at-risk contacts, and the seed that makes the intervals repeatable. */
export const RISK_BOOTSTRAP = { resamples: 1000, seed: 20_260_411 } as const;

/** Ways to attribute revenue at risk. */
export type RiskAttribution = 'theme' | 'touchpoint' | 'driver';

/** Kinds whose amounts count as revenue. */
export const REVENUE_KINDS = ['revenue', 'order', 'invoice'];

/** The label of contacts with nothing to attribute their risk to. */
export const UNATTRIBUTED = '(none)';

/** One part of the revenue at risk. */
export interface RiskPart {
  key: string;
  label: string;
  contacts: number;
  /** Expected loss attributed to this part (major units, 2 decimals). */
  amount: number;
  /** 95% bootstrap interval of the amount (major units). */
  ci: { low: number; high: number } | null;
  share: number;
}

/** The revenue at risk, its parts and the assumptions behind it. */
export interface RevenueAtRisk {
  by: RiskAttribution;
  currency: string | null;
  /** Contacts at risk (bands medium and high) and their revenue of the last year. */
  contacts: number;
  revenue: string;
  /** Expected loss: sum of revenue x probability (exact revenue, rounded to minor units). */
  total: string;
  /** 95% bootstrap interval of the expected loss (major units). */
  totalCi: { low: number; high: number } | null;
  parts: RiskPart[];
  assumptions: string[];
}

/** Revenue at risk, attributed by theme, touchpoint or driver without double counting. */
export async function getRevenueAtRisk(
  sql: Sql,
  orgId: string,
  q: { by: RiskAttribution; asOf?: Date | undefined },
): Promise<RevenueAtRisk> {
  const asOf = q.asOf ?? new Date();
  const currency = await selectOrgCurrency(sql, orgId);
  const digits = currency ? (currencyDigits(currency) ?? 2) : 2;
  const rows = await selectAtRisk(sql, orgId, {
    bands: ['high', 'medium'],
    revenueKinds: REVENUE_KINDS,
    asOf,
  });
  // expected loss per contact in minor units (a float: it is an expectation, not a booked amount)
  const parts = new Map<string, { label: string; contacts: number; minor: number; index: number }>();
  let totalMinor = 0;
  let revenueMinor = 0n;
  // each contact's share of each part, for the bootstrap: [part index, minor units]
  const perRow: Array<Array<[number, number]>> = [];
  let current: Array<[number, number]> = [];
  const add = (key: string, label: string, minor: number) => {
    const p = parts.get(key) ?? { label, contacts: 0, minor: 0, index: parts.size };
    p.contacts += 1;
    p.minor += minor;
    parts.set(key, p);
    current.push([p.index, minor]);
  };
  const name = q.by === 'theme' ? await themeNames(sql, orgId) : (id: string) => id;
  for (const r of rows) {
    current = [];
    perRow.push(current);
    revenueMinor += BigInt(r.revenue_minor);
    const loss = Number(r.revenue_minor) * r.probability;
    totalMinor += loss;
    let targets: Array<{ key: string; label: string; weight: number }> = [];
    if (q.by === 'theme') targets = r.themes.map((t) => ({ key: t, label: name(t), weight: 1 }));
    else if (q.by === 'touchpoint')
      targets = r.touchpoints.map((t) => ({ key: t.id, label: t.name, weight: 1 }));
    else
      targets = r.reasons
        .filter((x) => x.contribution > 0)
        .map((x) => ({ key: x.feature, label: x.feature, weight: x.contribution }));
    const weight = targets.reduce((s, t) => s + t.weight, 0);
    if (targets.length === 0 || weight <= 0) add(UNATTRIBUTED, UNATTRIBUTED, loss);
    else for (const t of targets) add(t.key, t.label, (loss * t.weight) / weight);
  }
  const scale = 10 ** digits;
  const boot = bootstrap(perRow, parts.size);
  const bounds = (xs: Float64Array | undefined) =>
    xs
      ? { low: Math.round(quantile(xs, 0.025)) / scale, high: Math.round(quantile(xs, 0.975)) / scale }
      : null;
  const list = [...parts.entries()]
    .map(([key, p]) => ({
      key,
      label: p.label,
      contacts: p.contacts,
      amount: Math.round(p.minor) / scale,
      ci: bounds(boot?.parts[p.index]),
      share: totalMinor > 0 ? p.minor / totalMinor : 0,
    }))
    .sort((a, b) => b.amount - a.amount || a.key.localeCompare(b.key));
  const how: Record<RiskAttribution, string> = {
    theme: "split equally across the themes of the contact's comments in the last year",
    touchpoint:
      'split equally across the touchpoints the contact scored low in the last year (NPS 0-6, CSAT 1-2, CES 1-3)',
    driver: "split in proportion to the model's positive contributions (the contact's top reasons)",
  };
  return {
    by: q.by,
    currency,
    contacts: rows.length,
    revenue: formatMinorUnits(revenueMinor, currency ?? 'EUR'),
    total: formatMinorUnits(BigInt(Math.round(totalMinor)), currency ?? 'EUR'),
    totalCi: bounds(boot?.total),
    parts: list,
    assumptions: [
      'at risk: contacts in the medium or high band of the latest churn model (risk at or above the base churn rate)',
      `revenue: the contact's ${REVENUE_KINDS.join('/')} amounts of the 12 months before ${asOf.toISOString().slice(0, 10)}, assumed to recur`,
      'expected loss: revenue x churn probability (the model is cross-validated; see its calibration)',
      `attribution: ${how[q.by]}; contacts with nothing to attribute are shown as ${UNATTRIBUTED}, so the parts add up to the total`,
      `95% intervals: percentile bootstrap over the at-risk contacts (${RISK_BOOTSTRAP.resamples} resamples with replacement, ${RISK_BOOTSTRAP.resamples / 5} above 20,000 contacts; fixed seed ${RISK_BOOTSTRAP.seed}), so they show how much the figure rests on a few large customers; the model's own error is not in them`,
      'association, not cause: fixing a theme does not recover all of its share',
    ],
  };
}

/** Linear-interpolated quantile of sorted values (R type 7, numpy's default). */
function quantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

/**
 * Percentile bootstrap of the total and of each part: resample the contacts with replacement, sum what
 * each drawn contact brings to each part. Seeded, so the same data give the same intervals. Null with
 * fewer than 2 contacts.
 */
export function bootstrap(
  perRow: ReadonlyArray<ReadonlyArray<readonly [number, number]>>,
  partCount: number,
  opts: { resamples?: number; seed?: number } = {},
): { total: Float64Array; parts: Float64Array[] } | null {
  const n = perRow.length;
  if (n < 2) return null;
  // above 20,000 contacts a fifth of the resamples keeps the request short (the interval is then coarser)
  const resamples = opts.resamples ?? (n > 20_000 ? RISK_BOOTSTRAP.resamples / 5 : RISK_BOOTSTRAP.resamples);
  const rnd = mulberry32(opts.seed ?? RISK_BOOTSTRAP.seed);
  const total = new Float64Array(resamples);
  const parts = Array.from({ length: partCount }, () => new Float64Array(resamples));
  const sums = new Float64Array(partCount);
  for (let b = 0; b < resamples; b++) {
    sums.fill(0);
    let t = 0;
    for (let k = 0; k < n; k++) {
      const row = perRow[Math.floor(rnd() * n)] as ReadonlyArray<readonly [number, number]>;
      for (const [j, minor] of row) {
        sums[j] = (sums[j] as number) + minor;
        t += minor;
      }
    }
    total[b] = t;
    for (let j = 0; j < partCount; j++) (parts[j] as Float64Array)[b] = sums[j] as number;
  }
  total.sort();
  for (const p of parts) p.sort();
  return { total, parts };
}

// Revenue at risk by theme, touchpoint or model driver: each at-risk contact's expected loss (revenue of
// the last year x churn probability) is split across what it is attributed to, so the parts add up.
import type { Sql } from '../../platform/db/index.js';
import { currencyDigits, formatMinorUnits } from '../outcomes/index.js';
import { selectAtRisk, selectOrgCurrency } from './queries.js';

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
  const parts = new Map<string, { label: string; contacts: number; minor: number }>();
  let totalMinor = 0;
  let revenueMinor = 0n;
  const add = (key: string, label: string, minor: number) => {
    const p = parts.get(key) ?? { label, contacts: 0, minor: 0 };
    p.contacts += 1;
    p.minor += minor;
    parts.set(key, p);
  };
  for (const r of rows) {
    revenueMinor += BigInt(r.revenue_minor);
    const loss = Number(r.revenue_minor) * r.probability;
    totalMinor += loss;
    let targets: Array<{ key: string; label: string; weight: number }> = [];
    if (q.by === 'theme') targets = r.themes.map((t) => ({ key: t, label: t, weight: 1 }));
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
  const list = [...parts.entries()]
    .map(([key, p]) => ({
      key,
      label: p.label,
      contacts: p.contacts,
      amount: Math.round(p.minor) / scale,
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
    parts: list,
    assumptions: [
      'at risk: contacts in the medium or high band of the latest churn model (risk at or above the base churn rate)',
      `revenue: the contact's ${REVENUE_KINDS.join('/')} amounts of the 12 months before ${asOf.toISOString().slice(0, 10)}, assumed to recur`,
      'expected loss: revenue x churn probability (the model is cross-validated; see its calibration)',
      `attribution: ${how[q.by]}; contacts with nothing to attribute are shown as ${UNATTRIBUTED}, so the parts add up to the total`,
      'association, not cause: fixing a theme does not recover all of its share',
    ],
  };
}

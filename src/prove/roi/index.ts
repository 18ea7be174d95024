// Return on initiatives: the value of an initiative's measured change (from the value difference between
// loyalty groups) against the cost its owner entered, with intervals. The arithmetic is in models/roi.ts.
import {
  getInitiative,
  type Initiative,
  listInitiatives,
  measureInitiative,
} from '../../act/initiatives/index.js';
import type { Sql } from '../../platform/db/index.js';
import { compareMeans } from '../../understand/stats/index.js';
import { type Interval, initiativeRoi } from '../models/roi.js';
import { currencyDigits, formatMinorUnits } from '../outcomes/money.js';
import { type GroupMoments, valueGroups } from '../value/index.js';
import { selectCustomersReached } from './queries.js';

/** The return on one initiative; figures null (with the reason) when no value can be claimed. */
export interface InitiativeRoi {
  initiativeId: string;
  title: string;
  metric: string;
  verdict: string;
  /** True when the change is a measured win and every figure could be computed. */
  available: boolean;
  reason: string | null;
  effect: Interval | null;
  unit: string;
  /** The move a one-unit change stands for, e.g. "detractor → passive". */
  move: string | null;
  /** Metric units one customer's move shifts the metric by. */
  gap: number | null;
  customers: number;
  window: string;
  currency: string | null;
  /** Value difference per customer of the move in the window, with its Welch interval. */
  difference: Interval | null;
  valuePerPoint: Interval | null;
  value: Interval | null;
  cost: { amount: string; currency: string } | null;
  net: Interval | null;
  roi: Interval | null;
  method: string[];
}

/** The move behind a one-unit change, per metric: the group moved from and to. */
const MOVES = {
  nps: { from: 'detractor', to: 'passive' },
  csat: { from: 'neutral', to: 'satisfied' },
  ces: { from: 'difficult', to: 'neutral' },
} as const;

const mean = (g: GroupMoments) => (g.n > 0 ? g.scoreSum / g.n : null);

/** The return on an initiative, as of now; value over `window` (default 180 days) after each answer. */
export async function initiativeReturn(
  sql: Sql,
  orgId: string,
  i: Initiative,
  opts: { window?: string | undefined } = {},
): Promise<InitiativeRoi> {
  const effect = await measureInitiative(sql, orgId, i);
  const cost =
    i.costMinor !== null && i.costCurrency !== null
      ? { amount: formatMinorUnits(i.costMinor, i.costCurrency), currency: i.costCurrency }
      : null;
  const out: InitiativeRoi = {
    initiativeId: i.id,
    title: i.title,
    metric: i.metric,
    verdict: effect.verdict,
    available: false,
    reason: null,
    effect:
      effect.effect.estimate !== null && effect.effect.ci
        ? { estimate: effect.effect.estimate, low: effect.effect.ci.low, high: effect.effect.ci.high }
        : null,
    unit: effect.unit,
    move: null,
    gap: null,
    customers: 0,
    window: opts.window ?? '180d',
    currency: null,
    difference: null,
    valuePerPoint: null,
    value: null,
    cost,
    net: null,
    roi: null,
    method: [],
  };
  if (i.metric === 'rating' || i.metric === 'theme_share' || i.metric === 'recovery_rate') {
    out.reason = `the value of a ${i.metric === 'rating' ? 'rating' : i.metric === 'theme_share' ? "theme's share" : 'recovery rate'} change is not measured: only NPS, CSAT and CES have loyalty groups`;
    return out;
  }
  const metric = i.metric;
  const move = MOVES[metric];
  out.move = `${move.from} → ${move.to}`;
  const groups = await valueGroups(sql, orgId, { metric, outcome: 'revenue', window: opts.window });
  out.window = groups.window.text;
  out.currency = groups.currency;
  const from = groups.acc.get(move.from) as GroupMoments;
  const to = groups.acc.get(move.to) as GroupMoments;
  const gap = metric === 'ces' ? (mean(to) ?? 0) - (mean(from) ?? 0) : 100;
  out.gap = gap > 0 ? gap : null;
  const c = compareMeans(
    { n: to.n, sum: to.s, sumSquares: to.ss },
    { n: from.n, sum: from.s, sumSquares: from.ss },
  );
  if (c.difference !== null && c.ci)
    out.difference = { estimate: c.difference, low: c.ci.low, high: c.ci.high };
  out.customers = await selectCustomersReached(sql, orgId, {
    metric,
    touchpointIds: i.touchpointIds,
    from: i.startedAt,
    to: i.endedAt,
  });
  const unitName =
    metric === 'nps' ? 'NPS point' : metric === 'csat' ? 'percentage point of CSAT' : 'CES point';
  out.method = [
    `one ${unitName} up stands for a share 1/${metric === 'ces' ? gap.toFixed(2) : '100'} of the customers reached moving ${move.from} → ${move.to}${metric === 'ces' ? ' (the gap between the two groups\u2019 mean scores)' : ''}`,
    `each such move is worth the ${move.to} − ${move.from} difference in revenue per customer in the ${groups.window.text} after their answer (Welch interval), from the value summary`,
    'customers reached: distinct customers who answered at the targeted touchpoints since the start',
    'value = customers × measured change × difference / gap; 95% interval by the delta method (Goodman\u2019s variance of a product of independent estimates, each standard error read back from its interval as half-width / 1.96)',
    'return on cost = (value − cost) / cost over the same interval; association of loyalty with revenue, not a proof of cause',
  ];
  if (effect.verdict !== 'win') {
    out.reason = `the change is not measured as a win (verdict: ${effect.verdict.replaceAll('_', ' ')}), so no value is claimed`;
    return out;
  }
  if (!out.effect) {
    out.reason = 'the effect has no interval yet';
    return out;
  }
  if (!out.difference || out.gap === null) {
    out.reason = `too few customers with outcomes in the ${move.from} and ${move.to} groups to value the move`;
    return out;
  }
  if (out.customers === 0) {
    out.reason = 'no identified customer answered at the targeted touchpoints since the start';
    return out;
  }
  let costMajor: number | null = null;
  if (cost) {
    if (groups.currency !== null && cost.currency !== groups.currency) {
      out.reason = `the cost is in ${cost.currency} but revenue is in ${groups.currency}; no exchange rate is applied`;
      return out;
    }
    costMajor = Number(i.costMinor) / 10 ** (currencyDigits(cost.currency) ?? 2);
  }
  const r = initiativeRoi({
    effect: out.effect,
    difference: out.difference,
    gap: out.gap,
    customers: out.customers,
    cost: costMajor,
  });
  out.available = true;
  out.valuePerPoint = r.valuePerPoint;
  out.value = r.value;
  out.net = r.net;
  out.roi = r.roi;
  if (!cost) out.reason = 'no cost entered: the value is shown without a return on cost';
  return out;
}

/** The return on one initiative by id. */
export async function getInitiativeRoi(
  sql: Sql,
  orgId: string,
  id: string,
  opts: { window?: string | undefined } = {},
): Promise<InitiativeRoi> {
  return initiativeReturn(sql, orgId, await getInitiative(sql, orgId, id), opts);
}

/** The return on each of the organisation's initiatives that have started (newest first, at most 50). */
export async function listInitiativeRoi(
  sql: Sql,
  orgId: string,
  opts: { window?: string | undefined } = {},
): Promise<{ items: InitiativeRoi[] }> {
  const all = await listInitiatives(sql, orgId, { limit: 50 });
  const today = new Date().toISOString().slice(0, 10);
  const started = all.filter((i) => i.startedAt <= today);
  const items: InitiativeRoi[] = [];
  for (const i of started) items.push(await initiativeReturn(sql, orgId, i, opts));
  return { items };
}

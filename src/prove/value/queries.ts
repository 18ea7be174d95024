// Queries of the value analyses. Every outcome is joined to an answer only when it is dated after that
// answer and inside its window: nothing from before the answer (no look-ahead in reverse either).
import type { Sql } from '../../platform/db/index.js';

/** Score columns of feedback the value analyses read. */
export type ScoreColumn = 'nps' | 'csat' | 'ces';

/** Per score value: contacts, retained, and the moments of money (major units) and event counts. */
export interface ValueCell {
  score: number;
  n: number;
  retained: number;
  /** sums over contacts of the outcome amount in the window (major units) and of its square */
  amountSum: string;
  amountSumSquares: string;
  eventSum: number;
  eventSumSquares: number;
}

/**
 * Each contact's latest answer (with the score) whose window has fully passed by `asOf`, then in the
 * window after it: whether a churn event came, the summed amount (money in major units, or the value)
 * of `outcome` events, and their count. Grouped by score value (0-10 at most), so the result is small
 * whatever the number of contacts; the sums are exact numerics.
 */
export async function selectValueCells(
  sql: Sql,
  orgId: string,
  p: {
    column: ScoreColumn;
    /** the outcome kinds summed (revenue: every money kind that is income) */
    outcomeKinds: string[];
    churnKind: string;
    interval: string;
    asOf: Date;
    scale: number;
  },
): Promise<ValueCell[]> {
  const col = sql(p.column);
  // one join of each latest answer to its outcomes in the window, grouped (no lookup per contact)
  return sql<ValueCell[]>`
    with answers as (
      select distinct on (f.contact_id) f.contact_id, f.occurred_at as at, f.${col}::int as score
      from feedback f
      where f.org_id = ${orgId} and f.contact_id is not null and f.${col} is not null
        and f.occurred_at <= ${p.asOf}::timestamptz - ${p.interval}::interval
      order by f.contact_id, f.occurred_at desc
    ),
    per_contact as (
      select a.score,
        not coalesce(bool_or(o.kind = ${p.churnKind}), false) as retained,
        coalesce(sum(coalesce(o.amount_minor::numeric / ${p.scale}, o.value, 0))
          filter (where o.kind = any(${p.outcomeKinds})), 0) as amount,
        count(o.kind) filter (where o.kind = any(${p.outcomeKinds})) as events
      from answers a
      left join outcomes o on o.org_id = ${orgId} and o.contact_id = a.contact_id
        and (o.kind = ${p.churnKind} or o.kind = any(${p.outcomeKinds}))
        and o.occurred_at > a.at and o.occurred_at <= a.at + ${p.interval}::interval
      group by a.contact_id, a.score
    )
    select score, count(*)::int as n, (count(*) filter (where retained))::int as retained,
      sum(amount)::text as "amountSum", sum(amount * amount)::text as "amountSumSquares",
      sum(events)::int as "eventSum", sum(events * events)::int as "eventSumSquares"
    from per_contact group by score order by score`;
}

/** The currency of the organisation's money outcomes (one per organisation), or null. */
export async function selectOrgCurrency(sql: Sql, orgId: string): Promise<string | null> {
  const [row] = await sql<{ currency: string }[]>`
    select currency from outcomes where org_id = ${orgId} and currency is not null limit 1`;
  return row?.currency ?? null;
}

/** One churned contact's last answer before churning, with the themes of their feedback before it. */
export interface DefectorRow {
  contact_id: string;
  churned_at: Date;
  nps: number | null;
  csat: number | null;
  ces: number | null;
  themes: string[];
}

/**
 * Contacts whose first churn event falls in [from, to), each with their last scored answer strictly
 * before that event (null scores when they never answered before it) and the themes of every comment
 * they left before it.
 */
export async function selectDefectors(
  sql: Sql,
  orgId: string,
  p: { from: Date; to: Date; churnKind: string },
): Promise<DefectorRow[]> {
  return sql<DefectorRow[]>`
    with churned as (
      select contact_id, min(occurred_at) as churned_at from outcomes
      where org_id = ${orgId} and kind = ${p.churnKind}
      group by contact_id
      having min(occurred_at) >= ${p.from} and min(occurred_at) < ${p.to}
    )
    select c.contact_id, c.churned_at, last.nps, last.csat, last.ces,
      coalesce((
        select array_agg(distinct t.theme) from feedback f
          cross join lateral jsonb_array_elements_text(coalesce(f.enrichment -> 'themeIds', '[]'::jsonb)) as t(theme)
        where f.org_id = ${orgId} and f.contact_id = c.contact_id and f.occurred_at < c.churned_at
      ), '{}') as themes
    from churned c
    left join lateral (
      select f.nps::int as nps, f.csat::int as csat, f.ces::int as ces from feedback f
      where f.org_id = ${orgId} and f.contact_id = c.contact_id and f.occurred_at < c.churned_at
        and (f.nps is not null or f.csat is not null or f.ces is not null)
      order by f.occurred_at desc limit 1
    ) last on true`;
}

/** A contact at risk with its revenue and what its feedback and model point at. */
export interface AtRiskRow {
  contact_id: string;
  probability: number;
  band: string;
  reasons: Array<{ feature: string; contribution: number }>;
  revenue_minor: string;
  themes: string[];
  touchpoints: Array<{ id: string; name: string }>;
}

/**
 * Contacts in the given risk bands, each with the revenue of the year before `asOf` (money outcomes of the
 * revenue kinds, exact), the themes of their comments in that year and the touchpoints they scored low
 * (NPS 0-6, CSAT 1-2, CES 1-3) in that year.
 */
export async function selectAtRisk(
  sql: Sql,
  orgId: string,
  p: { bands: string[]; revenueKinds: string[]; asOf: Date },
): Promise<AtRiskRow[]> {
  return sql<AtRiskRow[]>`
    select s.contact_id, s.probability, s.band, s.reasons,
      coalesce((select sum(o.amount_minor) from outcomes o
        where o.org_id = ${orgId} and o.contact_id = s.contact_id and o.kind = any(${p.revenueKinds}::text[])
          and o.amount_minor is not null and o.occurred_at > ${p.asOf}::timestamptz - interval '1 year'
          and o.occurred_at <= ${p.asOf}), 0)::text as revenue_minor,
      coalesce((select array_agg(distinct t) from feedback f
          cross join lateral jsonb_array_elements_text(coalesce(f.enrichment -> 'themeIds', '[]'::jsonb)) as t
        where f.org_id = ${orgId} and f.contact_id = s.contact_id
          and f.occurred_at > ${p.asOf}::timestamptz - interval '1 year' and f.occurred_at <= ${p.asOf}), '{}') as themes,
      coalesce((select jsonb_agg(distinct jsonb_build_object('id', tp.id, 'name', tp.name)) from feedback f
          join touchpoints tp on tp.org_id = f.org_id and tp.id = f.touchpoint_id
        where f.org_id = ${orgId} and f.contact_id = s.contact_id
          and f.occurred_at > ${p.asOf}::timestamptz - interval '1 year' and f.occurred_at <= ${p.asOf}
          and (f.nps <= 6 or f.csat <= 2 or f.ces <= 3)), '[]'::jsonb) as touchpoints
    from churn_scores s
    where s.org_id = ${orgId} and s.band = any(${p.bands}::text[])`;
}

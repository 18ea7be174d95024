// Queries of the churn model: per-contact features as of a date, labels after it, stored models and scores.
import type { Sql } from '../../platform/db/index.js';
import type { Calibration } from '../../understand/stats/index.js';

/** One contact's features as they stood at the cutoff (nothing dated after it), and its label. */
export interface ContactFeatureRow {
  contact_id: string;
  attributes: Record<string, unknown>;
  last_nps: number | null;
  last_csat: number | null;
  last_ces: number | null;
  answers: number;
  nps_trend: number | null;
  days_since_answer: number | null;
  negative_comments: number;
  comments: number;
  themes: string[];
  complaints: number;
  support_cost: string | null;
  orders: number;
  revenue: string | null;
  /** Days from the last order (revenue, order or invoice) to the cutoff; null without one. */
  days_since_order: number | null;
  tenure_days: number | null;
  /** A churn event in (cutoff, cutoff + horizon]; null when scoring. */
  churned: boolean | null;
}

/**
 * Features of every contact not churned by `cutoff`, from feedback and outcomes dated at or before it:
 * last scores and their trend, answers and comments (negative ones, themes), complaints, support cost,
 * orders and revenue in the year before, tenure since the first trace; with `horizon`, the label
 * (churn in the following horizon). Money is summed exactly and read as decimal text.
 */
export async function selectContactFeatures(
  sql: Sql,
  orgId: string,
  p: { cutoff: Date; horizon: string | null; churnKind: string },
): Promise<ContactFeatureRow[]> {
  // One grouped pass over each table (hash joins), not a lookup per contact: this runs over every contact.
  return sql<ContactFeatureRow[]>`
    with base as (
      select c.id, c.attributes, c.created_at from contacts c
      where c.org_id = ${orgId}
        and not exists (select 1 from outcomes o where o.org_id = ${orgId} and o.contact_id = c.id
          and o.kind = ${p.churnKind} and o.occurred_at <= ${p.cutoff})
    ),
    fb as (
      select f.contact_id,
        (array_agg(f.nps order by f.occurred_at desc) filter (where f.nps is not null))[1]::int as last_nps,
        (array_agg(f.csat order by f.occurred_at desc) filter (where f.csat is not null))[1]::int as last_csat,
        (array_agg(f.ces order by f.occurred_at desc) filter (where f.ces is not null))[1]::int as last_ces,
        count(*) filter (where f.nps is not null or f.csat is not null or f.ces is not null) as answers,
        ((array_agg(f.nps order by f.occurred_at desc) filter (where f.nps is not null))[1]
          - (array_agg(f.nps order by f.occurred_at) filter (where f.nps is not null))[1])::int as nps_trend,
        extract(day from ${p.cutoff}::timestamptz - max(f.occurred_at))::int as days_since_answer,
        count(*) filter (where f.enrichment -> 'sentiment' ->> 'label' = 'negative') as negative_comments,
        count(*) filter (where f.text is not null and f.text <> '') as comments,
        min(f.occurred_at) as first_at
      from feedback f
      where f.org_id = ${orgId} and f.contact_id is not null and f.occurred_at <= ${p.cutoff}
      group by f.contact_id
    ),
    th as (
      select f.contact_id, array_agg(distinct t) as themes
      from feedback f
        cross join lateral jsonb_array_elements_text(coalesce(f.enrichment -> 'themeIds', '[]'::jsonb)) as t
      where f.org_id = ${orgId} and f.contact_id is not null and f.occurred_at <= ${p.cutoff}
      group by f.contact_id
    ),
    oc as (
      select o.contact_id,
        count(*) filter (where o.kind = 'complaint') as complaints,
        sum(coalesce(o.amount_minor::numeric, 0)) filter (where o.kind = 'support_cost') as support_cost,
        count(*) filter (where o.kind in ('order', 'revenue', 'invoice') and o.occurred_at > ${p.cutoff}::timestamptz - interval '1 year') as orders,
        sum(coalesce(o.amount_minor::numeric, 0)) filter (where o.kind in ('order', 'revenue', 'invoice')
          and o.occurred_at > ${p.cutoff}::timestamptz - interval '1 year') as revenue,
        extract(day from ${p.cutoff}::timestamptz
          - max(o.occurred_at) filter (where o.kind in ('order', 'revenue', 'invoice')))::int as days_since_order,
        min(o.occurred_at) as first_at
      from outcomes o
      where o.org_id = ${orgId} and o.occurred_at <= ${p.cutoff}
      group by o.contact_id
    ),
    label as (
      select distinct o.contact_id from outcomes o
      where ${p.horizon !== null} and o.org_id = ${orgId} and o.kind = ${p.churnKind} and o.occurred_at > ${p.cutoff}
        and o.occurred_at <= ${p.cutoff}::timestamptz + ${p.horizon ?? '0 days'}::interval
    )
    select b.id as contact_id, b.attributes,
      fb.last_nps, fb.last_csat, fb.last_ces, coalesce(fb.answers, 0)::int as answers, fb.nps_trend,
      fb.days_since_answer, coalesce(fb.negative_comments, 0)::int as negative_comments,
      coalesce(fb.comments, 0)::int as comments, coalesce(th.themes, '{}') as themes,
      coalesce(oc.complaints, 0)::int as complaints, oc.support_cost::text as support_cost,
      coalesce(oc.orders, 0)::int as orders, oc.revenue::text as revenue, oc.days_since_order,
      extract(day from ${p.cutoff}::timestamptz - least(b.created_at, fb.first_at, oc.first_at))::int as tenure_days,
      case when ${p.horizon === null} then null else label.contact_id is not null end as churned
    from base b
      left join fb on fb.contact_id = b.id
      left join th on th.contact_id = b.id
      left join oc on oc.contact_id = b.id
      left join label on label.contact_id = b.id
    order by b.id`;
}

/** Store a trained model; returns its id. */
export async function insertChurnModel(
  sql: Sql,
  orgId: string,
  m: {
    outcome: string;
    horizonDays: number;
    rows: number;
    positives: number;
    report: unknown;
    model: unknown;
  },
): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into churn_models (org_id, outcome, horizon_days, rows, positives, report, model)
    values (${orgId}, ${m.outcome}, ${m.horizonDays}, ${m.rows}, ${m.positives},
      ${sql.json(m.report as never)}, ${sql.json(m.model as never)})
    returning id`;
  return (row as { id: string }).id;
}

/** Replace the organisation's scores by those of one model (contacts not listed lose theirs). */
export async function replaceChurnScores(
  sql: Sql,
  orgId: string,
  modelId: string,
  scores: Array<{ contactId: string; probability: number; band: string; reasons: unknown }>,
): Promise<void> {
  // inside a caller's transaction (the demo loader) the statements join it; else they get their own
  const inTransaction = (fn: (tx: Sql) => Promise<void>) =>
    typeof (sql as Partial<Sql>).begin === 'function' ? sql.begin((tx) => fn(tx as unknown as Sql)) : fn(sql);
  await inTransaction(async (tx) => {
    await tx`delete from churn_scores where org_id = ${orgId}`;
    for (let from = 0; from < scores.length; from += 5000) {
      const chunk = scores.slice(from, from + 5000);
      await tx`
        insert into churn_scores (org_id, contact_id, model_id, probability, band, reasons)
        select ${orgId}, c, ${modelId}, p, b, r::jsonb
        from unnest(${chunk.map((s) => s.contactId)}::uuid[], ${chunk.map((s) => s.probability)}::float8[],
          ${chunk.map((s) => s.band)}::text[], ${chunk.map((s) => JSON.stringify(s.reasons))}::text[]) as t(c, p, b, r)`;
    }
  });
}

/** The latest model's summary (no trees). */
export interface ChurnModelRow {
  id: string;
  trained_at: Date;
  outcome: string;
  horizon_days: number;
  rows: number;
  positives: number;
  report: {
    model?: 'gbdt' | 'logistic';
    selection?: string;
    cv: { auc: number; aucSd: number; logLoss: number; calibration: Calibration };
    baseline: { auc: number };
    importance: Array<{ feature: string; importance: number }>;
  };
}

/** The organisation's latest model, without its trees. */
export async function selectLatestModel(sql: Sql, orgId: string): Promise<ChurnModelRow | null> {
  const [row] = await sql<ChurnModelRow[]>`
    select id, trained_at, outcome, horizon_days, rows, positives, report from churn_models
    where org_id = ${orgId} order by trained_at desc limit 1`;
  return row ?? null;
}

/** A scored contact with who it is. */
export interface RiskRow {
  contact_id: string;
  external_id: string | null;
  name: string | null;
  email: string | null;
  probability: number;
  band: 'low' | 'medium' | 'high';
  reasons: Array<{ feature: string; value: string | null; contribution: number }>;
  scored_at: Date;
  model_id: string;
}

/** Highest risks first. */
export async function selectTopRisks(sql: Sql, orgId: string, limit: number): Promise<RiskRow[]> {
  return sql<RiskRow[]>`
    select s.contact_id, c.external_id, c.name, c.email, s.probability, s.band, s.reasons, s.scored_at, s.model_id
    from churn_scores s join contacts c on c.org_id = s.org_id and c.id = s.contact_id
    where s.org_id = ${orgId} order by s.probability desc, s.contact_id limit ${limit}`;
}

/** Counts per band and a 10-bin histogram of probabilities. */
export async function selectRiskDistribution(
  sql: Sql,
  orgId: string,
): Promise<{ bands: Array<{ band: string; n: number }>; histogram: Array<{ bin: number; n: number }> }> {
  const bands = await sql<{ band: string; n: number }[]>`
    select band, count(*)::int as n from churn_scores where org_id = ${orgId} group by band`;
  const histogram = await sql<{ bin: number; n: number }[]>`
    select least(floor(probability * 10), 9)::int as bin, count(*)::int as n
    from churn_scores where org_id = ${orgId} group by 1 order by 1`;
  return { bands, histogram };
}

/** One contact's score, or null. */
export async function selectContactRisk(sql: Sql, orgId: string, contactId: string): Promise<RiskRow | null> {
  const [row] = await sql<RiskRow[]>`
    select s.contact_id, c.external_id, c.name, c.email, s.probability, s.band, s.reasons, s.scored_at, s.model_id
    from churn_scores s join contacts c on c.org_id = s.org_id and c.id = s.contact_id
    where s.org_id = ${orgId} and s.contact_id = ${contactId}`;
  return row ?? null;
}

/** Whether the contact is the organisation's. */
export async function contactExists(sql: Sql, orgId: string, contactId: string): Promise<boolean> {
  const [exists] = await sql`select 1 from contacts where org_id = ${orgId} and id = ${contactId}`;
  return Boolean(exists);
}

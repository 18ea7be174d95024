// Benchmark: the value summary (retention, revenue and orders by NPS group in the 180 days after each
// answer) at 1,000,000 contacts, beside a plain SQL query of the same figures in the same run.
// Run: node --import tsx bench/prove/value.ts [--contacts 1000000] [--reps 20] [--url postgres://...]
import type { Sql } from '../../src/platform/db/index.js';
import { getValueSummary } from '../../src/prove/index.js';
import { createScratch, dropScratch } from '../analytics/setup.js';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? def) : def;
};
const CONTACTS = Number(opt('contacts', '1000000'));
const REPS = Number(opt('reps', '20'));
const ADMIN_URL = opt('url', process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const DB = 'northstar_bench_prove_value';

function p95(times: number[]): { median: number; p95: number } {
  const s = [...times].sort((a, b) => a - b);
  return {
    median: s[Math.floor((s.length - 1) / 2)] as number,
    p95: s[Math.ceil(0.95 * s.length) - 1] as number,
  };
}
async function time(reps: number, f: () => Promise<unknown>) {
  const first = performance.now();
  await f();
  const cold = performance.now() - first;
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    await f();
    times.push(performance.now() - t);
  }
  return { cold, ...p95(times) };
}

/** Seeded data made in the database: contacts, two answers each, orders after them, 15% churn. */
async function load(sql: Sql): Promise<string> {
  const [org] = await sql<
    { id: string }[]
  >`insert into organisations (slug, name) values ('bench', 'Bench') returning id`;
  const orgId = (org as { id: string }).id;
  await sql`select setseed(0.42)`;
  await sql`
    insert into contacts (org_id, id, external_id, created_at)
    select ${orgId}, gen_random_uuid(), 'c' || g, now() - interval '3 years' from generate_series(1, ${CONTACTS}) g`;
  // two answers each, 200-700 days ago
  await sql`
    insert into feedback (org_id, source, source_id, contact_id, channel, occurred_at, nps)
    select ${orgId}, 'api', c.external_id || '-' || k, c.id, 'web',
      now() - (200 + floor(random() * 500)) * interval '1 day', floor(random() * 11)::int
    from contacts c cross join generate_series(1, 2) k
    where c.org_id = ${orgId}`;
  // orders after each answer (promoters more), and churn for some
  await sql`
    insert into outcomes (org_id, contact_id, kind, occurred_at, amount_minor, currency, source, source_id)
    select ${orgId}, f.contact_id, 'order', f.occurred_at + (1 + floor(random() * 170)) * interval '1 day',
      (1000 + floor(random() * 9000))::bigint, 'EUR', 'import', f.source_id || '-o' || k
    from feedback f cross join generate_series(1, 3) k
    where f.org_id = ${orgId} and random() < case when f.nps >= 9 then 0.7 when f.nps >= 7 then 0.5 else 0.3 end`;
  await sql`
    insert into outcomes (org_id, contact_id, kind, occurred_at, source, source_id)
    select ${orgId}, c.id, 'churn', now() - floor(random() * 600) * interval '1 day', 'import', c.external_id || '-churn'
    from contacts c where c.org_id = ${orgId} and random() < 0.15`;
  await sql`analyze`;
  return orgId;
}

/** The same figures by a plain query: latest answer per contact, revenue and churn in the window, by group. */
async function plain(sql: Sql, orgId: string, asOf: Date) {
  return sql`
    with latest as (
      select distinct on (contact_id) contact_id, occurred_at as at, nps
      from feedback where org_id = ${orgId} and contact_id is not null and nps is not null
        and occurred_at <= ${asOf}::timestamptz - interval '180 days'
      order by contact_id, occurred_at desc
    ),
    o as (
      select l.contact_id, l.nps,
        sum(o.amount_minor) filter (where o.kind = 'order') as amount,
        count(*) filter (where o.kind = 'order') as orders,
        bool_or(o.kind = 'churn') as churned
      from latest l left join outcomes o on o.org_id = ${orgId} and o.contact_id = l.contact_id
        and o.occurred_at > l.at and o.occurred_at <= l.at + interval '180 days'
      group by l.contact_id, l.nps
    )
    select case when nps >= 9 then 'promoter' when nps >= 7 then 'passive' else 'detractor' end as g,
      count(*) as n, count(*) filter (where not coalesce(churned, false)) as retained,
      avg(coalesce(amount, 0)) as revenue, avg(orders) as orders
    from o group by 1`;
}

const admin = ADMIN_URL;
const sql = await createScratch(admin, DB, 4);
try {
  const t0 = performance.now();
  const orgId = await load(sql);
  const [{ f, o }] =
    (await sql`select (select count(*) from feedback)::int as f, (select count(*) from outcomes)::int as o`) as unknown as [
      { f: number; o: number },
    ];
  console.log(
    `loaded ${CONTACTS} contacts, ${f} answers, ${o} outcomes in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const asOf = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  const fmt = (x: number) => `${x.toFixed(0)} ms`;
  const show = (label: string, t: { cold: number; median: number; p95: number }) =>
    console.log(`${label.padEnd(34)} cold ${fmt(t.cold)}, median ${fmt(t.median)}, p95 ${fmt(t.p95)}`);
  const base = await time(REPS, () => plain(sql, orgId, asOf));
  show('plain SQL baseline:', base);
  // computed from feedback and outcomes on every call (an explicit asOf bypasses the daily cells)
  const live = await time(Math.min(REPS, 5), () =>
    getValueSummary(sql, orgId, { metric: 'nps', outcome: 'order', window: '180d', asOf }),
  );
  show('value summary, computed each call:', live);
  // what the API does by default: as of today, cells computed on the first call and read back after
  const rolled = await time(REPS, () =>
    getValueSummary(sql, orgId, { metric: 'nps', outcome: 'order', window: '180d' }),
  );
  show('value summary, daily cells:', rolled);
  const same =
    JSON.stringify(
      (await getValueSummary(sql, orgId, { metric: 'nps', outcome: 'order', window: '180d', asOf }))
        .categories,
    ) ===
    JSON.stringify(
      (await getValueSummary(sql, orgId, { metric: 'nps', outcome: 'order', window: '180d' })).categories,
    );
  console.log(`identical figures (computed vs daily cells): ${same}`);
  console.log(
    `ratio to the plain SQL baseline (p95): computed ${(live.p95 / base.p95).toFixed(2)}x, daily cells ${(rolled.p95 / base.p95).toFixed(4)}x`,
  );
  console.log(`goal p95 <= 200 ms (daily cells): ${rolled.p95 <= 200 ? 'met' : 'NOT met'}`);
} finally {
  await sql.end();
  if (!args.includes('--keep')) await dropScratch(admin, DB);
}

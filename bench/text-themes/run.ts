// Theme speed bench: theme impact and theme trend over 1 M enriched comments (--rows), read from the theme
// rollup beside the scan of the same comments in the same run, with identical answers checked.
import { isDeepStrictEqual } from 'node:util';
import type { Sql } from '../../src/platform/db/index.js';
import {
  type CommentFilter,
  getThemeImpact,
  getThemeVolumeTrend,
} from '../../src/understand/comments/index.js';
import { createBenchOrg, createScratch, dropScratch } from '../analytics/setup.js';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? def) : def;
};
const ROWS = Number(opt('rows', '1000000'));
const REPS = Number(opt('reps', '30'));
const RAW_REPS = Number(opt('raw-reps', '3'));
const ADMIN_URL = opt('url', process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const DB = opt('db', 'northstar_bench_text_themes');
const KEEP = args.includes('--keep');
const REUSE = args.includes('--reuse');
/** Two years of comments, ending the day before END. */
const DAYS = 730;
const END = Date.UTC(2026, 10, 1);
const BATCH = 250_000;
const SLICE_DAYS = 73;
const POOL = 16_384;
const THEMES = [
  'delivery',
  'delivery.late',
  'price',
  'staff',
  'refund',
  'app',
  'website',
  'communication',
  'quality',
  'waiting',
  'billing',
  'store',
];

/**
 * Enriched comments generated inside the database, BATCH per statement, with every trigger of feedback off
 * (the generated rows are consistent): 20 touchpoints with a survey each, each on one of 5 channels, uniform
 * over DAYS days; each comment takes one of POOL enrichments drawn beforehand, in which each theme is
 * mentioned with probability 0.15 with an aspect score (3 decimals) and 5% are skipped as empty. The theme rollup is then built by the migration's own SQL
 * (`feedback_theme_rollup_sql`), one statement per SLICE_DAYS of comments, upserting; what keeping it in step
 * with writes costs is measured by bench/text-retag. The score rollups, which this bench does not read, are
 * left empty.
 */
async function generate(sql: Sql, tps: string[], surveys: string[], orgId: string): Promise<void> {
  await sql`select setseed(0.42)`;
  // Enrichments are drawn from a pool of POOL generated ones (building a JSON document per comment
  // was most of the generation time).
  await sql`
    create table bench_enrichments as
    select g - 1 as i, case when random() < 0.05 then '{"skipped":"empty","themes":[],"themeIds":[]}'::jsonb
      else jsonb_build_object('revision', 1, 'themes', e.themes, 'themeIds', e.ids) end as enrichment
    from generate_series(1, ${POOL}) as g
    cross join lateral (
      select coalesce(jsonb_agg(t.id), '[]') as ids,
        coalesce(jsonb_agg(jsonb_build_object('id', t.id, 'name', t.id, 'mentions', 1, 'source', 'rules',
          'sentiment', round((random() * 2 - 1)::numeric, 3))), '[]') as themes
      from unnest(${THEMES}::text[]) as t(id)
      where random() < 0.15 + 0 * g
    ) as e`;
  // Secondary indexes are dropped during the load and built again after it (from their own definitions):
  // building an index once is several times faster than keeping it in step with every inserted row.
  const indexes = await sql<{ name: string; def: string }[]>`
    select i.indexname as name, i.indexdef as def from pg_indexes i
    where i.schemaname = 'public' and i.tablename = 'feedback'
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`;
  for (const i of indexes) await sql.unsafe(`drop index ${i.name}`);
  await sql`alter table feedback disable trigger all`;
  const t0 = performance.now();
  try {
    for (let start = 0; start < ROWS; start += BATCH) {
      const end = Math.min(ROWS, start + BATCH);
      await sql`
        insert into feedback (org_id, source, source_id, touchpoint_id, survey_id, channel, occurred_at, nps, csat,
          text, enrichment)
        select ${orgId}, 'import', g::text, (${tps}::uuid[])[k], (${surveys}::uuid[])[k],
          (array['web','email','phone','app','store'])[1 + (k % 5)],
          to_timestamp(${END / 1000} - random() * ${DAYS * 86_400}),
          case when random() < 0.8 then floor(random() * 11)::int end,
          case when random() < 0.3 then 1 + floor(random() * 5)::int end,
          'comment ' || g,
          b.enrichment
        from generate_series(${start + 1}::int, ${end}::int) as g
        cross join lateral (
          select 1 + floor(random() * 20)::int + 0 * g as k, floor(random() * ${POOL})::int + 0 * g as e
        ) as p
        join bench_enrichments b on b.i = p.e`;
      process.stdout.write(`  ${end.toLocaleString('en')} comments\r`);
    }
  } finally {
    await sql`alter table feedback enable trigger all`;
    await sql`drop table bench_enrichments`;
  }
  const loadS = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  for (const i of indexes) await sql.unsafe(i.def);
  await sql`vacuum analyze feedback`;
  const indexS = (performance.now() - t1) / 1000;
  const t2 = performance.now();
  const slices: Array<() => Promise<void>> = [];
  for (let d = 0; d < DAYS; d += SLICE_DAYS) {
    const from = new Date(END - (DAYS - d) * 86_400_000).toISOString();
    const to = new Date(
      END - (DAYS - d - SLICE_DAYS) * 86_400_000 + (d + SLICE_DAYS >= DAYS ? 86_400_000 : 0),
    ).toISOString();
    const source =
      'SELECT org_id, occurred_at, survey_id, touchpoint_id, channel, nps, csat, ces, rating, text, enrichment, ' +
      `1 AS sign FROM feedback WHERE enrichment IS NOT NULL AND org_id = '${orgId}' ` +
      `AND occurred_at >= '${from}' AND occurred_at < '${to}'`;
    const [{ q }] = (await sql`
      select feedback_theme_rollup_sql(${source}, 'feedback_theme_rollup', true) as q`) as unknown as [
      { q: string },
    ];
    slices.push(() =>
      sql.begin(async (tx) => {
        await tx`set local work_mem = '256MB'`;
        await tx.unsafe(q);
      }),
    );
  }
  // Two slices at a time (rows are written in key order, so slices sharing a week or month wait, never deadlock).
  const next = async (): Promise<void> => {
    for (let s = slices.shift(); s; s = slices.shift()) await s();
  };
  await Promise.all([next(), next()]);
  await sql`vacuum analyze feedback_theme_rollup`;
  console.log(
    `generated ${ROWS.toLocaleString('en')} enriched comments in ${loadS.toFixed(0)} s (triggers and secondary ` +
      `indexes off, ${Math.round(ROWS / loadS).toLocaleString('en')} rows/s); indexes built and vacuum analyze in ` +
      `${indexS.toFixed(0)} s; theme rollup built in ${((performance.now() - t2) / 1000).toFixed(0)} s`,
  );
}

function stats(times: number[]): { p50: number; p95: number } {
  const s = [...times].sort((a, b) => a - b);
  return {
    p50: s[Math.floor((s.length - 1) / 2)] as number,
    p95: s[Math.ceil(0.95 * s.length) - 1] as number,
  };
}

async function time<T>(reps: number, f: () => Promise<T>): Promise<{ p50: number; p95: number; last: T }> {
  let last = await f(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    last = await f();
    times.push(performance.now() - t);
  }
  return { ...stats(times), last };
}

const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(10);

async function main(): Promise<void> {
  const sql = REUSE
    ? (await import('../../src/platform/db/index.js')).connect(
        `${ADMIN_URL.replace(/\/[^/]*$/, '')}/${DB}`,
        4,
      )
    : await createScratch(ADMIN_URL, DB, 4);
  try {
    let orgId: string;
    let tps: string[];
    if (REUSE) {
      [{ orgId }] = (await sql`select org_id as "orgId" from feedback limit 1`) as unknown as [
        { orgId: string },
      ];
      tps = (
        await sql<{ id: string }[]>`select id from touchpoints where org_id = ${orgId} order by name`
      ).map((r) => r.id);
    } else {
      const org = await createBenchOrg(sql, 'themes', []);
      orgId = org.orgId;
      tps = org.touchpointIds;
      await generate(sql, tps, org.surveyIds, orgId);
    }
    const [{ rollupRows }] = (await sql`
      select count(*)::int as "rollupRows" from feedback_theme_rollup`) as unknown as [
      { rollupRows: number },
    ];
    const [{ comments }] = (await sql`
      select count(*)::int as comments from feedback where enrichment is not null`) as unknown as [
      { comments: number },
    ];
    console.log(
      `${comments.toLocaleString('en')} comments, ${rollupRows.toLocaleString('en')} theme-rollup rows\n`,
    );

    const last90 = { from: new Date(END - 90 * 86_400_000), to: new Date(END) };
    const cases: Array<{ name: string; run: (engine: 'raw' | 'rollup') => Promise<unknown> }> = [
      { name: 'impact nps, all time', run: (e) => getThemeImpact(sql, orgId, 'nps', {}, e) },
      {
        name: 'impact csat, 90 days, 1 touchpoint',
        run: (e) =>
          getThemeImpact(sql, orgId, 'csat', { ...last90, touchpointId: tps[0] } as CommentFilter, e),
      },
      {
        name: 'trend by month, all time',
        run: (e) => getThemeVolumeTrend(sql, orgId, 'month', 'UTC', {}, e),
      },
      { name: 'trend by week, all time', run: (e) => getThemeVolumeTrend(sql, orgId, 'week', 'UTC', {}, e) },
      { name: 'trend by day, 90 days', run: (e) => getThemeVolumeTrend(sql, orgId, 'day', 'UTC', last90, e) },
    ];
    console.log(
      `${'query'.padEnd(36)} ${'rollup p50'.padStart(10)} ${'rollup p95'.padStart(10)} ${'scan p50'.padStart(10)} ${'scan p95'.padStart(10)}  scan/rollup  identical`,
    );
    let allSame = true;
    for (const c of cases) {
      const rollup = await time(REPS, () => c.run('rollup'));
      const scan = await time(RAW_REPS, () => c.run('raw'));
      const same = isDeepStrictEqual(
        { ...(rollup.last as object), engine: null },
        { ...(scan.last as object), engine: null },
      );
      allSame &&= same;
      console.log(
        `${c.name.padEnd(36)} ${ms(rollup.p50)} ${ms(rollup.p95)} ${ms(scan.p50)} ${ms(scan.p95)}  ${`${(scan.p50 / rollup.p50).toFixed(0)}×`.padStart(11)}  ${same ? 'yes' : 'NO'}`,
      );
    }
    console.log(
      `\n${REPS} rollup reads and ${RAW_REPS} scans per query (after one warm-up each), one connection at a time.`,
    );
    if (!allSame) process.exitCode = 1;
  } finally {
    await sql.end();
    if (!KEEP && !REUSE) await dropScratch(ADMIN_URL, DB);
  }
}

await main();

// Analytics bench: 10 M feedback rows; rollup vs plain SQL vs a typed-array scan, identical answers; write costs.
import { cpus, loadavg } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { connect, type Sql } from '../../src/platform/db/index.js';
import { getScoreSummary } from '../../src/understand/index.js';
import { getSums, type SumsQuery, type SumsRow } from '../../src/understand/sums/index.js';
import { type Columns, DAYS, generate, PLANS, START, TOUCHPOINTS } from './generate.js';
import { type BenchOrg, copyRows, createBenchOrg, createScratch, dropScratch } from './setup.js';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? def) : def;
};
const ROWS = Number(opt('rows', '10000000'));
const REPS = Number(opt('reps', '30'));
const RAW_REPS = Number(opt('raw-reps', '5'));
const ADMIN_URL = opt('url', process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const DB = opt('db', 'northstar_bench_analytics');
const KEEP = args.includes('--keep');
const REUSE = args.includes('--reuse');
const ONLY_WRITES = args.includes('--only-writes');
const DIMENSIONS = ['attr.plan', 'attr.region', 'attr.tenure'];
const POOL = 25;

function stats(times: number[]): { median: number; p95: number } {
  const s = [...times].sort((a, b) => a - b);
  return {
    median: s[Math.floor((s.length - 1) / 2)] as number,
    p95: s[Math.ceil(0.95 * s.length) - 1] as number,
  };
}
const ms = (v: number) => `${v.toFixed(1)} ms`;

async function time<T>(
  reps: number,
  f: () => Promise<T> | T,
): Promise<{ median: number; p95: number; last: T }> {
  let last = await f(); // warm-up
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    last = await f();
    times.push(performance.now() - t);
  }
  return { ...stats(times), last };
}

/** Day index -> month index and Monday-week index, for the typed-array scans. */
function calendars() {
  const month = new Uint16Array(DAYS);
  const week = new Uint16Array(DAYS);
  const monthStart: string[] = [];
  const weekStart: string[] = [];
  const startDow = (new Date(START).getUTCDay() + 6) % 7; // days since Monday
  for (let d = 0; d < DAYS; d++) {
    const date = new Date(START + d * 86_400_000);
    const m = `${date.toISOString().slice(0, 7)}-01`;
    if (monthStart[monthStart.length - 1] !== m) monthStart.push(m);
    month[d] = monthStart.length - 1;
    const w = Math.floor((d + startDow) / 7);
    week[d] = w;
    weekStart[w] = new Date(START + (w * 7 - startDow) * 86_400_000).toISOString().slice(0, 10);
  }
  return { month, week, monthStart, weekStart };
}

/** Single-threaded scan of the typed arrays: NPS counts per (period, touchpoint) with an optional plan filter. */
function scan(
  c: Columns,
  periodOf: Uint16Array,
  periods: number,
  opts: { fromDay: number; plan: number; byTouchpoint: boolean },
): Int32Array {
  const groups = opts.byTouchpoint ? TOUCHPOINTS : 1;
  const counts = new Int32Array(periods * groups * 3);
  const { day, nps, plan, touchpoint } = c;
  for (let i = 0; i < c.rows; i++) {
    const v = nps[i] as number;
    if (v < 0) continue;
    const d = day[i] as number;
    if (d < opts.fromDay) continue;
    if (opts.plan >= 0 && plan[i] !== opts.plan) continue;
    const g = ((periodOf[d] as number) * groups + (opts.byTouchpoint ? (touchpoint[i] as number) : 0)) * 3;
    const k = g + (v >= 9 ? 0 : v >= 7 ? 1 : 2);
    counts[k] = (counts[k] as number) + 1;
  }
  return counts;
}

/** The typed-array answer in the same form as the SQL rows' NPS counts. */
function scanRows(counts: Int32Array, starts: string[], groupKeys: Array<string | null>): string[] {
  const out: string[] = [];
  const groups = groupKeys.length;
  for (let p = 0; p < counts.length / (3 * groups); p++) {
    for (let g = 0; g < groups; g++) {
      const k = (p * groups + g) * 3;
      const n = (counts[k] as number) + (counts[k + 1] as number) + (counts[k + 2] as number);
      if (n > 0) out.push(`${starts[p]}|${groupKeys[g]}|${counts[k]}|${counts[k + 1]}|${counts[k + 2]}`);
    }
  }
  return out.sort();
}
const sqlRows = (rows: SumsRow[]) =>
  rows.map((r) => `${r.period}|${r.groups[0] ?? null}|${r.hi}|${r.mid}|${r.lo}`).sort();

async function load(sql: Sql, c: Columns): Promise<BenchOrg> {
  const org = await createBenchOrg(sql, 'bench', DIMENSIONS);
  // Bulk load with every trigger off (rollup and foreign-key checks: the generated rows are consistent),
  // then build the rollup in one pass; the cost of keeping it in step with writes is measured below.
  await sql`alter table feedback disable trigger all`;
  const t = performance.now();
  let start = 0;
  for (let d = 30; start < c.rows; d += 30) {
    let end = start;
    while (end < c.rows && (c.day[end] as number) < d) end++;
    await copyRows(sql, c, org, start, end);
    start = end;
  }
  const loadS = (performance.now() - t) / 1000;
  await sql`alter table feedback enable trigger all`;
  const r = performance.now();
  await sql`select feedback_rollup_rebuild(${org.orgId})`;
  const rebuildS = (performance.now() - r) / 1000;
  const v = performance.now();
  await sql`vacuum analyze feedback`;
  await sql`vacuum analyze feedback_rollup`;
  await sql`vacuum analyze feedback_rollup_segment`;
  console.log(
    `load: ${c.rows.toLocaleString('en')} rows by COPY in ${loadS.toFixed(1)} s ` +
      `(${Math.round(c.rows / loadS).toLocaleString('en')} rows/s, triggers off); rollup rebuild ${rebuildS.toFixed(1)} s; ` +
      `vacuum analyze ${((performance.now() - v) / 1000).toFixed(1)} s`,
  );
  return org;
}

async function findOrg(sql: Sql): Promise<BenchOrg> {
  const [o] = await sql<{ id: string }[]>`select id from organisations where slug = 'bench'`;
  const orgId = o?.id as string;
  const tps = await sql<{ id: string; survey: string; stage: string; journey: string }[]>`
    select t.id, s.id as survey, t.stage_id as stage, t.journey_id as journey from touchpoints t
    join surveys s on s.org_id = t.org_id and s.touchpoint_id = t.id
    where t.org_id = ${orgId} order by (substr(t.name, 12))::int`;
  const stages = await sql<{ id: string }[]>`select id from stages where org_id = ${orgId} order by position`;
  return {
    orgId,
    journeyId: tps[0]?.journey as string,
    stageIds: stages.map((s) => s.id),
    touchpointIds: tps.map((t) => t.id),
    surveyIds: tps.map((t) => t.survey),
  };
}

/** Write costs: single-row inserts and COPY, with and without the rollup trigger. */
async function writeCosts(sql: Sql, c: Columns, org: BenchOrg): Promise<void> {
  const single = async (label: string, n: number) => {
    const t = performance.now();
    for (let i = 0; i < n; i++) {
      await sql`insert into feedback (org_id, source, source_id, survey_id, touchpoint_id, channel, occurred_at, nps, attributes)
        values (${org.orgId}, 'api', ${`${label}-${i}`}, ${org.surveyIds[i % 20] as string}, ${org.touchpointIds[i % 20] as string},
          'web', now(), ${i % 11}, ${sql.json({ plan: PLANS[i % 3] as string })})`;
    }
    return (performance.now() - t) / n;
  };
  const n = 2000;
  const on = await single('probe-on', n);
  await sql`alter table feedback disable trigger feedback_rollup_insert`;
  const off = await single('probe-off', n);
  await sql`delete from feedback where org_id = ${org.orgId} and source = 'api' and source_id like 'probe-off-%'`;
  await sql`alter table feedback enable trigger feedback_rollup_insert`;
  await sql`delete from feedback where org_id = ${org.orgId} and source = 'api' and source_id like 'probe-on-%'`;
  console.log(
    `single-row insert (autocommit, fsync): ${(on * 1000).toFixed(0)} us with the rollup trigger, ${(off * 1000).toFixed(0)} us without ` +
      `(+${(((on - off) / off) * 100).toFixed(0)}%; ${Math.round(1000 / on)} vs ${Math.round(1000 / off)} inserts/s on one connection)`,
  );
  // 200 concurrent callers, one row per statement: the rollup must not make them wait on each other.
  const concurrent = async (label: string) => {
    let n = 0;
    let stop = false;
    const t0 = performance.now();
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++, n++) {
        await sql`insert into feedback (org_id, source, source_id, survey_id, touchpoint_id, channel, occurred_at, nps, attributes)
          values (${org.orgId}, 'api', ${`${label}-${w}-${i}`}, ${org.surveyIds[0] as string}, ${org.touchpointIds[0] as string},
            'web', now(), 9, ${sql.json({ plan: 'pro' })})`;
      }
    };
    const workers = Array.from({ length: 200 }, (_, w) => worker(w));
    await new Promise((r) => setTimeout(r, 10_000));
    stop = true;
    await Promise.all(workers);
    return n / ((performance.now() - t0) / 1000);
  };
  const cOn = await concurrent('conc-on');
  await sql`alter table feedback disable trigger feedback_rollup_insert`;
  const cOff = await concurrent('conc-off');
  await sql`delete from feedback where org_id = ${org.orgId} and source = 'api' and source_id like 'conc-off-%'`;
  await sql`alter table feedback enable trigger feedback_rollup_insert`;
  await sql`delete from feedback where org_id = ${org.orgId} and source = 'api' and source_id like 'conc-on-%'`;
  console.log(
    `single-row inserts, 200 concurrent callers on a pool of ${POOL}, same survey: ${Math.round(cOn)}/s with the rollup trigger, ${Math.round(cOff)}/s without`,
  );
  const probe = await createBenchOrg(sql, `probe-${Date.now()}`, DIMENSIONS);
  const rows = Math.min(c.rows, 500_000);
  const copy = async () => {
    const t = performance.now();
    await copyRows(sql, c, probe, 0, rows);
    return (performance.now() - t) / 1000;
  };
  const copyOn = await copy();
  await sql`alter table feedback disable trigger feedback_rollup_delete`;
  await sql`delete from feedback where org_id = ${probe.orgId}`;
  await sql`delete from feedback_rollup where org_id = ${probe.orgId}`;
  await sql`delete from feedback_rollup_segment where org_id = ${probe.orgId}`;
  await sql`alter table feedback disable trigger feedback_rollup_insert`;
  const copyOff = await copy();
  await sql`delete from feedback where org_id = ${probe.orgId}`;
  await sql`alter table feedback enable trigger feedback_rollup_insert`;
  await sql`alter table feedback enable trigger feedback_rollup_delete`;
  console.log(
    `COPY of ${rows.toLocaleString('en')} rows in one statement: ${copyOn.toFixed(2)} s with the rollup trigger, ${copyOff.toFixed(2)} s without ` +
      `(+${(((copyOn - copyOff) / copyOff) * 100).toFixed(0)}%; ${Math.round(rows / copyOn).toLocaleString('en')} vs ${Math.round(rows / copyOff).toLocaleString('en')} rows/s)`,
  );
}

async function main() {
  console.log(`analytics bench: ${ROWS.toLocaleString('en')} rows, seed 42, database ${DB}`);
  const loadNow = () =>
    loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  console.log(
    `machine: ${cpus().length} cores, load average ${loadNow()} (other work on the machine inflates every figure alike)`,
  );
  const g = performance.now();
  const c = generate(ROWS);
  console.log(`generated in ${((performance.now() - g) / 1000).toFixed(1)} s`);
  let sql: Sql;
  let org: BenchOrg;
  if (REUSE) {
    const u = new URL(ADMIN_URL);
    u.pathname = `/${DB}`;
    sql = connect(u.toString(), POOL);
    org = await findOrg(sql);
  } else {
    sql = await createScratch(ADMIN_URL, DB, POOL);
    org = await load(sql, c);
  }
  const [sizes] = await sql<{ base: number; segment: number }[]>`
    select (select count(*)::int from feedback_rollup) as base, (select count(*)::int from feedback_rollup_segment) as segment`;
  console.log(
    `rollup: ${sizes?.base.toLocaleString('en')} unsegmented rows, ${sizes?.segment.toLocaleString('en')} segment rows ` +
      `(dimensions ${DIMENSIONS.join(', ')}; UTC days, weeks and months)`,
  );

  const cal = calendars();
  const tpKeys = org.touchpointIds;
  const queries: Array<{ name: string; q: SumsQuery; typed: () => string[] }> = [
    {
      name: 'NPS by touchpoint x week, last year, attr.plan=pro',
      q: {
        metric: 'nps',
        interval: 'week',
        timeZone: 'UTC',
        groupBy: ['touchpoint'],
        filter: {
          from: new Date('2025-11-01T00:00:00Z'),
          to: new Date('2026-11-01T00:00:00Z'),
          equals: [{ dimension: 'attr.plan', value: 'pro' }],
        },
      },
      typed: () =>
        scanRows(
          scan(c, cal.week, cal.weekStart.length, { fromDay: DAYS - 365, plan: 2, byTouchpoint: true }),
          cal.weekStart,
          tpKeys,
        ),
    },
    {
      name: 'NPS by month, everything',
      q: { metric: 'nps', interval: 'month', timeZone: 'UTC', groupBy: [], filter: {} },
      typed: () =>
        scanRows(
          scan(c, cal.month, cal.monthStart.length, { fromDay: 0, plan: -1, byTouchpoint: false }),
          cal.monthStart,
          [null],
        ),
    },
  ];
  for (const { name, q, typed } of ONLY_WRITES ? [] : queries) {
    const service = await time(REPS, () =>
      getScoreSummary(sql, org.orgId, {
        metric: q.metric,
        interval: q.interval,
        groupBy: q.groupBy[0],
        timeZone: q.timeZone,
        filter: q.filter,
      }),
    );
    const rollup = await time(REPS, () => getSums(sql, org.orgId, q, 'rollup'));
    const raw = await time(RAW_REPS, () => getSums(sql, org.orgId, q, 'raw'));
    const arrays = await time(Math.max(3, RAW_REPS), typed);
    const same = isDeepStrictEqual(rollup.last.rows, raw.last.rows);
    const sameTyped = isDeepStrictEqual(sqlRows(raw.last.rows), arrays.last);
    console.log(
      `\n${name} (${raw.last.rows.length} buckets; engine chosen: ${service.last.engine}; load average ${loadNow()})`,
    );
    console.log(
      `  score summary (auto -> rollup): median ${ms(service.median)}, p95 ${ms(service.p95)}   [${REPS} warm runs]`,
    );
    console.log(`  rollup sums only:               median ${ms(rollup.median)}, p95 ${ms(rollup.p95)}`);
    console.log(
      `  plain SQL over feedback:        median ${ms(raw.median)}, p95 ${ms(raw.p95)}   [${RAW_REPS} warm runs]`,
    );
    console.log(`  typed-array scan, 1 thread:     median ${ms(arrays.median)}, p95 ${ms(arrays.p95)}`);
    console.log(
      `  ratios (p95): plain SQL / rollup summary ${(raw.p95 / service.p95).toFixed(0)}x; typed arrays / rollup summary ${(arrays.p95 / service.p95).toFixed(1)}x`,
    );
    console.log(`  identical answers: rollup = plain SQL ${same}; typed arrays = plain SQL ${sameTyped}`);
    if (!same || !sameTyped) process.exitCode = 1;
  }
  // An ad-hoc filter the rollup cannot answer (two segment dimensions) falls back to a scan.
  if (!ONLY_WRITES) await adhocScan(sql, org.orgId);
  if (!args.includes('--no-writes')) await writeCosts(sql, c, org);
  await sql.end();
  if (!KEEP) await dropScratch(ADMIN_URL, DB);
}

async function adhocScan(sql: Sql, orgId: string): Promise<void> {
  const adhoc = await time(RAW_REPS, () =>
    getSums(sql, orgId, {
      metric: 'nps',
      interval: 'month',
      timeZone: 'UTC',
      groupBy: [],
      filter: {
        equals: [
          { dimension: 'attr.plan', value: 'pro' },
          { dimension: 'attr.region', value: 'north' },
        ],
      },
    }),
  );
  console.log(
    `\nad-hoc (attr.plan=pro and attr.region=north, by month): engine ${adhoc.last.engine}, median ${ms(adhoc.median)}, p95 ${ms(adhoc.p95)}`,
  );
}

await main();

// Filter-combination bench: the in-memory columnar index vs plain SQL vs a typed-array scan, same run,
// identical answers, on a database loaded by bench/analytics (--keep).
import { cpus, loadavg } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { connect, migrate } from '../../src/platform/db/index.js';
import { getScoreSummary } from '../../src/understand/index.js';
import {
  columnarIndexStats,
  configureColumnarIndex,
  type Dimension,
  getSums,
  type SumsQuery,
  type SumsRow,
  warmColumnarIndex,
} from '../../src/understand/sums/index.js';
import { bucketPlan, offsetAt } from '../../src/understand/sums/zone-buckets.js';
import {
  CHANNELS,
  type Columns,
  DAYS,
  DEVICES,
  generate,
  PLANS,
  REGIONS,
  START,
  TENURES,
} from '../analytics/generate.js';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? def) : def;
};
const ROWS = Number(opt('rows', '10000000'));
const REPS = Number(opt('reps', '30'));
const RAW_REPS = Number(opt('raw-reps', '3'));
const FLOOR_REPS = Number(opt('floor-reps', '5'));
const ADMIN_URL = opt('url', process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const DB = opt('db', 'northstar_bench_analytics');
const DAY = 86_400_000;
const END = START + DAYS * DAY;

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const ms = (v: number) => `${v.toFixed(1)} ms`;

function stats(times: number[]): { p50: number; p95: number } {
  const s = [...times].sort((a, b) => a - b);
  return {
    p50: s[Math.floor((s.length - 1) / 2)] as number,
    p95: s[Math.ceil(0.95 * s.length) - 1] as number,
  };
}

async function time<T>(
  reps: number,
  f: () => Promise<T> | T,
): Promise<{ p50: number; p95: number; last: T }> {
  let last = await f(); // warm-up
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    last = await f();
    times.push(performance.now() - t);
  }
  return { ...stats(times), last };
}

/** Day index → UTC month and Monday-week indexes and their start dates. */
function calendars() {
  const month = new Uint16Array(DAYS);
  const week = new Uint16Array(DAYS);
  const monthStart: string[] = [];
  const weekStart: string[] = [];
  const startDow = (new Date(START).getUTCDay() + 6) % 7;
  for (let d = 0; d < DAYS; d++) {
    const m = `${new Date(START + d * DAY).toISOString().slice(0, 7)}-01`;
    if (monthStart[monthStart.length - 1] !== m) monthStart.push(m);
    month[d] = monthStart.length - 1;
    const w = Math.floor((d + startDow) / 7);
    week[d] = w;
    weekStart[w] = new Date(START + (w * 7 - startDow) * DAY).toISOString().slice(0, 10);
  }
  const day = Uint16Array.from({ length: DAYS }, (_, d) => d);
  const dayStart = Array.from({ length: DAYS }, (_, d) =>
    new Date(START + d * DAY).toISOString().slice(0, 10),
  );
  return { month: [month, monthStart], week: [week, weekStart], day: [day, dayStart] } as const;
}

/** The zone's UTC offset (ms) for each hour of the data. */
function hourOffsets(zone: string): Int32Array {
  const out = new Int32Array(DAYS * 24);
  for (let h = 0; h < out.length; h++) out[h] = offsetAt(zone, START + h * 3_600_000);
  return out;
}

/** Local day index + 1 (the day before START included) → period index and period start dates. */
function zoneCalendar(zone: string, interval: 'day' | 'week' | 'month'): readonly [Uint16Array, string[]] {
  const plan = bucketPlan(zone, interval, START - DAY + 1, END + DAY);
  const ofDay = new Uint16Array(DAYS + 2);
  const labels = [...plan.labels].sort();
  for (let d = 0; d < DAYS + 2; d++) {
    const wall = START + (d - 1) * DAY;
    const iv = plan.intervals.find(
      (x) => x.start <= wall - offsetAt(zone, wall) && wall - offsetAt(zone, wall) < x.end,
    );
    ofDay[d] = labels.indexOf(plan.labels[iv?.bucket ?? 0] as string);
  }
  return [ofDay, labels] as const;
}

interface Spec {
  name: string;
  interval: 'day' | 'week' | 'month';
  byTouchpoint: boolean;
  from?: number;
  to?: number;
  /** An IANA zone the rollup does not keep (default UTC). */
  zone?: string;
  /** [generated column, code, dimension, value] */
  eq: Array<[keyof Columns, number, Dimension, string]>;
}

/** Single-threaded scan of the generated typed arrays: NPS counts per (period, touchpoint). */
function floorScan(c: Columns, spec: Spec, cal: ReturnType<typeof calendars>, tps: string[]): string[] {
  const [periodOf, starts] = spec.zone ? zoneCalendar(spec.zone, spec.interval) : cal[spec.interval];
  // Local time: the zone's offset per UTC hour (its changes fall on whole hours), days shifted by one.
  const offsets = spec.zone ? hourOffsets(spec.zone) : null;
  const shift = spec.zone ? 1 : 0;
  const groups = spec.byTouchpoint ? 20 : 1;
  const counts = new Int32Array(starts.length * groups * 3);
  const from = spec.from ?? Number.NEGATIVE_INFINITY;
  const to = spec.to ?? Number.POSITIVE_INFINITY;
  const eq = spec.eq.map(([col, code]) => [c[col] as Uint8Array, code] as const);
  const { day, second, nps, touchpoint } = c;
  for (let i = 0; i < c.rows; i++) {
    const v = nps[i] as number;
    if (v < 0) continue;
    const d = day[i] as number;
    const t = START + d * DAY + (second[i] as number) * 1000;
    if (t < from || t >= to) continue;
    let ok = true;
    for (const [col, code] of eq) if (col[i] !== code) ok = false;
    if (!ok) continue;
    const ld = offsets
      ? Math.floor((t + (offsets[Math.floor((t - START) / 3_600_000)] as number) - START) / DAY) + shift
      : d;
    const k = ((periodOf[ld] as number) * groups + (spec.byTouchpoint ? (touchpoint[i] as number) : 0)) * 3;
    const cls = v >= 9 ? 0 : v >= 7 ? 1 : 2;
    counts[k + cls] = (counts[k + cls] as number) + 1;
  }
  const out: string[] = [];
  for (let p = 0; p < starts.length; p++) {
    for (let g = 0; g < groups; g++) {
      const k = (p * groups + g) * 3;
      if ((counts[k] as number) + (counts[k + 1] as number) + (counts[k + 2] as number) > 0)
        out.push(
          `${starts[p]}|${spec.byTouchpoint ? tps[g] : null}|${counts[k]}|${counts[k + 1]}|${counts[k + 2]}`,
        );
    }
  }
  return out.sort();
}

const npsRows = (rows: SumsRow[]) =>
  rows.map((r) => `${r.period}|${r.groups[0] ?? null}|${r.hi}|${r.mid}|${r.lo}`).sort();

async function main() {
  console.log(`filter-combination bench: ${ROWS.toLocaleString('en')} rows (seed 42), database ${DB}`);
  console.log(
    `machine: ${cpus().length} cores, load average ${load()} (shared: compare ratios within a run)`,
  );
  const c = generate(ROWS);
  const u = new URL(ADMIN_URL);
  u.pathname = `/${DB}`;
  const sql = connect(u.toString(), 8);
  await migrate(sql);
  const [o] = await sql<{ id: string }[]>`select id from organisations where slug = 'bench'`;
  const orgId = o?.id as string;
  const tps = (
    await sql<
      { id: string }[]
    >`select id from touchpoints where org_id = ${orgId} order by (substr(name, 12))::int`
  ).map((t) => t.id);
  const [{ n } = { n: 0 }] = await sql<
    { n: number }[]
  >`select count(*)::int as n from feedback where org_id = ${orgId}`;
  if (n !== ROWS) throw new Error(`the database holds ${n} rows, not --rows ${ROWS}`);

  configureColumnarIndex({ enabled: true, maxRows: Math.max(ROWS * 2, 20_000_000) });
  const heap0 = process.memoryUsage();
  const t0 = performance.now();
  await warmColumnarIndex(sql, orgId);
  const loadS = (performance.now() - t0) / 1000;
  const heap1 = process.memoryUsage();
  const st = columnarIndexStats().find((s) => s.orgId === orgId);
  console.log(
    `index load: ${loadS.toFixed(1)} s (${Math.round(ROWS / loadS).toLocaleString('en')} rows/s, COPY + parse + dictionary encoding); ` +
      `arrays ${((st?.bytes ?? 0) / 2 ** 20).toFixed(0)} MiB = ${((st?.bytes ?? 0) / ROWS).toFixed(1)} bytes/row; ` +
      `process array buffers +${((heap1.arrayBuffers - heap0.arrayBuffers) / 2 ** 20).toFixed(0)} MiB, rss +${((heap1.rss - heap0.rss) / 2 ** 20).toFixed(0)} MiB`,
  );

  const last90 = END - 90 * DAY + 13 * 3_600_000 + 37 * 60_000 + 12_345; // not a midnight
  const lastYear = END - 365 * DAY;
  const code = <T extends readonly string[]>(xs: T, v: T[number]) => xs.indexOf(v);
  const specs: Spec[] = [
    { name: 'no filter, NPS by month, all time', interval: 'month', byTouchpoint: false, eq: [] },
    {
      name: '1 attribute (plan=pro), by week, last year',
      interval: 'week',
      byTouchpoint: false,
      from: lastYear,
      to: END,
      eq: [['plan', code(PLANS, 'pro'), 'attr.plan', 'pro']],
    },
    {
      name: '2 attributes (plan=pro, region=north), by month',
      interval: 'month',
      byTouchpoint: false,
      eq: [
        ['plan', code(PLANS, 'pro'), 'attr.plan', 'pro'],
        ['region', code(REGIONS, 'north'), 'attr.region', 'north'],
      ],
    },
    {
      name: '3 attributes + touchpoint 3, by month',
      interval: 'month',
      byTouchpoint: false,
      eq: [
        ['plan', code(PLANS, 'pro'), 'attr.plan', 'pro'],
        ['region', code(REGIONS, 'north'), 'attr.region', 'north'],
        ['tenure', code(TENURES, '2to5y'), 'attr.tenure', '2to5y'],
        ['touchpoint', 2, 'touchpoint', tps[2] as string],
      ],
    },
    {
      name: '2 attributes + channel + metadata, last 90 days from 13:37:12.345, by day',
      interval: 'day',
      byTouchpoint: false,
      from: last90,
      to: END,
      eq: [
        ['plan', code(PLANS, 'plus'), 'attr.plan', 'plus'],
        ['region', code(REGIONS, 'east'), 'attr.region', 'east'],
        ['channel', code(CHANNELS, 'web'), 'channel', 'web'],
        ['device', code(DEVICES, 'mobile'), 'meta.device', 'mobile'],
      ],
    },
    {
      name: 'touchpoint x week, last year, 2 attributes (plan=pro, tenure=lt1y)',
      interval: 'week',
      byTouchpoint: true,
      from: lastYear,
      to: END,
      eq: [
        ['plan', code(PLANS, 'pro'), 'attr.plan', 'pro'],
        ['tenure', code(TENURES, 'lt1y'), 'attr.tenure', 'lt1y'],
      ],
    },
    { name: 'touchpoint x week, everything', interval: 'week', byTouchpoint: true, eq: [] },
    {
      name: 'touchpoint 3 only, by week, all time',
      interval: 'week',
      byTouchpoint: false,
      eq: [['touchpoint', 2, 'touchpoint', tps[2] as string]],
    },
    {
      name: 'channel only (web), by month, all time',
      interval: 'month',
      byTouchpoint: false,
      eq: [['channel', code(CHANNELS, 'web'), 'channel', 'web']],
    },
    {
      name: 'no filter, by month, America/New_York (a zone the rollup does not keep)',
      interval: 'month',
      byTouchpoint: false,
      zone: 'America/New_York',
      eq: [],
    },
    {
      name: 'no filter, last 90 days from 13:37:12.345, by day',
      interval: 'day',
      byTouchpoint: false,
      from: last90,
      to: END,
      eq: [],
    },
  ];
  const cal = calendars();
  const table: string[] = [];
  let allSame = true;
  for (const spec of specs) {
    const q: SumsQuery = {
      metric: 'nps',
      interval: spec.interval,
      timeZone: spec.zone ?? 'UTC',
      groupBy: spec.byTouchpoint ? ['touchpoint'] : [],
      filter: {
        equals: spec.eq.map(([, , dimension, value]) => ({ dimension, value })),
        from: spec.from === undefined ? undefined : new Date(spec.from),
        to: spec.to === undefined ? undefined : new Date(spec.to),
      },
    };
    const index = await time(REPS, () => getSums(sql, orgId, q, 'index'));
    const auto = await time(REPS, () =>
      getScoreSummary(sql, orgId, {
        metric: 'nps',
        interval: q.interval,
        groupBy: q.groupBy[0],
        timeZone: q.timeZone,
        filter: q.filter,
      }),
    );
    const raw = await time(RAW_REPS, () => getSums(sql, orgId, q, 'raw'));
    const floor = await time(FLOOR_REPS, () => floorScan(c, spec, cal, tps));
    const same = isDeepStrictEqual(index.last.rows, raw.last.rows);
    const sameFloor = isDeepStrictEqual(npsRows(raw.last.rows), floor.last);
    allSame &&= same && sameFloor;
    console.log(`\n${spec.name} (${raw.last.rows.length} buckets; load average ${load()})`);
    console.log(
      `  index sums:                     p50 ${ms(index.p50)}, p95 ${ms(index.p95)}   [${REPS} warm runs]`,
    );
    console.log(
      `  score summary (auto -> ${auto.last.engine}): p50 ${ms(auto.p50)}, p95 ${ms(auto.p95)}   [with settings, mirrors, names]`,
    );
    console.log(
      `  plain SQL over feedback:        p50 ${ms(raw.p50)}, p95 ${ms(raw.p95)}   [${RAW_REPS} warm runs]`,
    );
    console.log(
      `  typed-array scan, 1 thread:     p50 ${ms(floor.p50)}, p95 ${ms(floor.p95)}   [${FLOOR_REPS} warm runs]`,
    );
    console.log(
      `  p95 ratios: plain SQL / index ${(raw.p95 / index.p95).toFixed(0)}x; typed-array scan / index ${(floor.p95 / index.p95).toFixed(1)}x`,
    );
    console.log(`  identical answers: index = plain SQL ${same}; typed arrays = plain SQL ${sameFloor}`);
    table.push(
      `| ${spec.name} | ${raw.last.rows.length} | ${index.p50.toFixed(1)} / **${index.p95.toFixed(1)}** | ` +
        `${auto.last.engine}: ${auto.p50.toFixed(1)} / ${auto.p95.toFixed(1)} | ${raw.p50.toFixed(0)} / ${raw.p95.toFixed(0)} | ` +
        `${floor.p50.toFixed(0)} / ${floor.p95.toFixed(0)} | ${same && sameFloor ? 'yes' : 'NO'} |`,
    );
  }
  console.log(
    '\n| query | buckets | index p50 / p95 ms | score summary (auto) p50 / p95 ms | plain SQL p50 / p95 ms | typed-array scan p50 / p95 ms | identical |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const line of table) console.log(line);
  if (!allSame) process.exitCode = 1;
  await sql.end();
}

await main();

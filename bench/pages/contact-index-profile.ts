// The contact index of the organisation with the most contacts in a bench database (read only): the
// memory it holds (heap and typed arrays, ids included, measured around its build with the garbage
// collected), and for the bench's segment rules the time of each part of a count (catch-up, the truths
// query, the evaluation over every contact) beside the plain SQL count of the same run.
//   node --expose-gc --import tsx bench/pages/contact-index-profile.ts --db <db> [--reps 20]
import { loadavg } from 'node:os';
import { ruleTests } from '../../src/listen/contacts/contact-index.js';
import { currentContactIndex } from '../../src/listen/contacts/contact-index-engine.js';
import { segmentCondition } from '../../src/listen/contacts/index.js';
import { attributeTestTruths } from '../../src/listen/contacts/queries/contact-index-rows.js';
import { connect } from '../../src/platform/db/index.js';
import { SEGMENT_RULES } from './load.js';
import { withDatabase } from './measure.js';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const ADMIN_URL = opt('url', process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const REPS = Number(opt('reps', '20'));
const sql = connect(withDatabase(ADMIN_URL, opt('db', 'northstar_bench_pages')), 4);

const gc = (globalThis as { gc?: () => void }).gc;
const held = () => {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, arrays: m.arrayBuffers };
};
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
};
const fmt = (xs: number[]) => `${quantile(xs, 0.5).toFixed(1)} / ${quantile(xs, 0.95).toFixed(1)}`;

const [org] = await sql<{ orgId: string; n: number }[]>`
  select org_id as "orgId", count(*)::int as n from contacts group by org_id order by 2 desc limit 1`;
if (!org) throw new Error('no contacts');
if (!gc) console.log('(run with --expose-gc for the memory figures)');
const before = held();
let t = performance.now();
const ix = await currentContactIndex(sql, org.orgId, true);
if (!ix) throw new Error('no contact index (over the budget?)');
const buildMs = performance.now() - t;
const after = held();
const heap = after.heap - before.heap;
const arrays = after.arrays - before.arrays;
console.log(
  `${org.n.toLocaleString('en')} contacts; index built in ${(buildMs / 1000).toFixed(1)} s; held: heap ${(
    heap / 2 ** 20
  ).toFixed(1)} MiB + typed arrays ${(arrays / 2 ** 20).toFixed(1)} MiB = ${((heap + arrays) / org.n).toFixed(
    0,
  )} bytes a contact; load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
console.log('\n| rules | catch-up p50 / p95 ms | truths query | evaluation | plain SQL count |');
console.log('|---|---|---|---|---|');
for (const [name, rules] of SEGMENT_RULES) {
  const parts = {
    catchUp: [] as number[],
    truths: [] as number[],
    evaluation: [] as number[],
    sql: [] as number[],
  };
  for (let r = 0; r < REPS; r++) {
    t = performance.now();
    const cur = await currentContactIndex(sql, org.orgId, true);
    parts.catchUp.push(performance.now() - t);
    if (!cur) throw new Error('no contact index');
    t = performance.now();
    const asked = [...ruleTests(rules)]
      .filter(([, test]) => test.attribute !== undefined)
      .map(([key, test]) => ({ key, test, values: cur.values(test.attribute as string).slice() }));
    const truths = await attributeTestTruths(sql, asked);
    parts.truths.push(performance.now() - t);
    t = performance.now();
    const { count } = cur.select(rules, truths, 20);
    parts.evaluation.push(performance.now() - t);
    t = performance.now();
    const [ref] = await sql<{ n: number }[]>`
      select count(*)::int as n from contacts c where c.org_id = ${org.orgId} and ${segmentCondition(sql, rules)}`;
    parts.sql.push(performance.now() - t);
    if (ref?.n !== count) throw new Error(`${name}: ${count} counted, SQL ${ref?.n}`);
  }
  console.log(
    `| ${name} | ${fmt(parts.catchUp)} | ${fmt(parts.truths)} | ${fmt(parts.evaluation)} | ${fmt(parts.sql)} |`,
  );
}
console.log(
  `\n${REPS} runs each, counts equal to SQL's; load average after ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
await sql.end();

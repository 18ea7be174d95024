// Re-tag bench: 1 M comments re-enriched in the background after a taxonomy change, beside a plain
// UPDATE of the same rows, with API latency (GET /healthz and a score query) measured while it runs.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiKey } from '../../src/platform/auth/index.js';
import { connect, migrate, type Sql } from '../../src/platform/db/index.js';
import { JobQueue } from '../../src/platform/jobs/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { createOrganisation } from '../../src/platform/tenancy/index.js';
import { buildApp } from '../../src/server/index.js';
import { mulberry32 as random } from '../../src/shared/random.js';
import {
  enrichComments,
  requestRerun,
  type StoredEnrichment,
  textRerunJob,
} from '../../src/understand/comments/index.js';
import {
  CompiledTaxonomy,
  createPipeline,
  getDefaultSentimentModel,
  STARTER_TAXONOMY,
} from '../../src/understand/text/index.js';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SEED = 42;
const DB = `northstar_bench_retag_${process.pid}`;
const here = path.dirname(fileURLToPath(import.meta.url));

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

const OPENINGS = ['', 'Honestly, ', 'Overall ', 'To be fair, ', 'Well, '];
const PARTS: Array<[string, number]> = [
  ['the delivery was late again', -3],
  ['my parcel arrived two days early', 2],
  ['the staff were friendly and helpful', 3],
  ['nobody answered the phone for forty minutes', -3],
  ['prices went up and it feels too expensive', -2],
  ['the app keeps crashing at checkout', -3],
  ['the website is easy to use', 2],
  ['the refund took weeks', -2],
  ['great choice of products in store', 2],
  ['the queue at the till was long', -1],
  ['the invoice was wrong twice', -2],
  ['the shop was clean and tidy', 1],
  ['the size guide was spot on', 2],
  ['communication about my order was poor', -2],
];
const PII = [' Call me on 06 12 34 56 78.', ' My email is jane.doe@example.com.', ' My name is Tom Baker.'];

function comment(r: () => number): { text: string; nps: number } {
  const n = 1 + Math.floor(r() * 3);
  let text = OPENINGS[Math.floor(r() * OPENINGS.length)] as string;
  let tone = 0;
  for (let k = 0; k < n; k++) {
    const [p, v] = PARTS[Math.floor(r() * PARTS.length)] as [string, number];
    text += `${k === 0 ? '' : k === n - 1 ? ' and ' : ', '}${p}`;
    tone += v;
  }
  text = `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  if (r() < 0.05) text += PII[Math.floor(r() * PII.length)];
  const nps = Math.max(0, Math.min(10, Math.round(7 + tone * 0.8 + (r() - 0.5) * 4)));
  return { text, nps };
}

async function loadComments(sql: Sql, orgId: string, touchpointId: string): Promise<number> {
  const r = random(SEED);
  const start = Date.UTC(2026, 0, 1);
  const t = performance.now();
  const stream = await sql
    .unsafe(
      'copy feedback (org_id, source, source_id, touchpoint_id, channel, occurred_at, nps, text) from stdin',
    )
    .writable();
  const step = 20_000;
  for (let s = 0; s < ROWS; s += step) {
    const lines: string[] = [];
    for (let i = s; i < Math.min(ROWS, s + step); i++) {
      const c = comment(r);
      const at = new Date(start + Math.floor(r() * 330 * 86_400_000)).toISOString();
      lines.push(`${orgId}\timport\t${i}\t${touchpointId}\tweb\t${at}\t${c.nps}\t${c.text}\n`);
    }
    if (!stream.write(lines.join(''))) await once(stream, 'drain');
  }
  stream.end();
  await once(stream, 'finish');
  return performance.now() - t;
}

function summary(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? Number.NaN;
  return { n: s.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: s[s.length - 1] ?? Number.NaN };
}

async function probe(url: string, key: string, touchpoint: string, during: () => Promise<void>) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(here, 'probe.ts'), url, key, touchpoint],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  await new Promise((r) => setTimeout(r, 1_500));
  await during();
  child.kill('SIGTERM');
  await once(child, 'exit');
  const t = JSON.parse(out) as { healthz: number[]; scores: number[] };
  return { healthz: summary(t.healthz), scores: summary(t.scores) };
}

const fmt = (x: number) => Math.round(x).toLocaleString('en');
const ms = (s: { p50: number; p95: number; p99: number; max: number; n: number }) =>
  `p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, max ${s.max.toFixed(1)} ms (${s.n} requests)`;

async function main() {
  const admin = connect(ADMIN_URL, 1);
  await admin.unsafe(`create database ${DB}`);
  await admin.end();
  const sql = connect(withDatabase(ADMIN_URL, DB), 10);
  const log = createLogger('error');
  const jobs = new JobQueue({ sql, log, pollingIntervalSeconds: 0.5 });
  try {
    await migrate(sql);
    const org = await createOrganisation(sql, { slug: 'bench', name: 'Bench' });
    const [j] = await sql<
      { id: string }[]
    >`insert into journeys (org_id, name) values (${org.id}, 'Customer') returning id`;
    const [tp] = await sql<{ id: string }[]>`
      insert into touchpoints (org_id, journey_id, name, channel) values (${org.id}, ${j?.id as string}, 'Web shop', 'web') returning id`;
    const touchpointId = tp?.id as string;
    const { key } = await createApiKey(sql, org.id, 'bench');

    const copyMs = await loadComments(sql, org.id, touchpointId);
    await sql`analyze feedback`;
    console.log(
      `loaded ${fmt(ROWS)} comments by COPY in ${(copyMs / 1000).toFixed(1)} s (${fmt(ROWS / (copyMs / 1000))} rows/s)`,
    );

    // CPU only: the pipeline on 20,000 of the same comments, one thread.
    const pipeline = createPipeline({
      sentiment: getDefaultSentimentModel(),
      taxonomy: new CompiledTaxonomy(STARTER_TAXONOMY),
    });
    const sample = await sql<
      { id: string; text: string }[]
    >`select id, text from feedback order by id limit 20000`;
    const config = {
      revision: 1,
      keepOriginalText: false,
      taxonomy: STARTER_TAXONOMY,
      pipeline,
      version: 'bench',
      themeNames: new Map<string, string>(),
    };
    enrichComments(
      config,
      sample.slice(0, 2_000).map((s) => ({ ...s, manualThemes: null })),
    );
    const tc = performance.now();
    const enriched = enrichComments(
      config,
      sample.map((s) => ({ ...s, manualThemes: null })),
    );
    const cpuRate = sample.length / ((performance.now() - tc) / 1000);
    const typical = JSON.stringify(enriched[0]?.enrichment as StoredEnrichment);
    console.log(
      `pipeline alone (no database): ${fmt(cpuRate)} comments/s; a stored enrichment is about ${typical.length} bytes`,
    );

    // Baseline: one plain UPDATE writing a constant enrichment of the same size to the same rows.
    const tb = performance.now();
    const updated =
      await sql`update feedback set enrichment = ${sql.json(JSON.parse(typical))} where org_id = ${org.id} and text is not null`;
    const baseMs = performance.now() - tb;
    const baseRate = updated.count / (baseMs / 1000);
    console.log(
      `plain UPDATE feedback SET enrichment = <constant> of ${fmt(updated.count)} rows: ${(baseMs / 1000).toFixed(1)} s (${fmt(baseRate)} rows/s), one statement holding every row lock`,
    );
    await sql`vacuum feedback`;

    // The server as NORTHSTAR_ROLE=both runs it: API and worker in one process, on one pool.
    const app = await buildApp({ sql, logger: log, rateLimitPerMinute: 10_000_000, jobs });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    await jobs.work([textRerunJob], { concurrency: 1 });

    const idle = await probe(url, key, touchpointId, () => new Promise((r) => setTimeout(r, 8_000)));
    let runId = '';
    const during = await probe(url, key, touchpointId, async () => {
      const run = await requestRerun(sql, jobs, org.id, 'bench: taxonomy changed');
      runId = run.id;
      for (;;) {
        await new Promise((r) => setTimeout(r, 5_000));
        const res = await fetch(`${url}/api/v1/text/runs/${runId}`, {
          headers: { authorization: `Bearer ${key}` },
        });
        const r = (await res.json()) as { status: string; done: number; total: number | null };
        console.log(`  run ${r.status}: ${fmt(r.done)} of ${r.total === null ? '?' : fmt(r.total)}`);
        if (r.status !== 'queued' && r.status !== 'running') break;
      }
    });
    const [run] = await sql<{ done: number; seconds: number; status: string }[]>`
      select done, status, extract(epoch from finished_at - started_at)::float8 as seconds from text_runs where id = ${runId}`;
    const rate = (run?.done ?? 0) / (run?.seconds ?? 1);
    console.log(
      `re-run (job pages of 1,000, one short transaction each): ${run?.status}, ${fmt(run?.done ?? 0)} comments in ${(run?.seconds ?? 0).toFixed(1)} s = ${fmt(rate)} rows/s`,
    );
    console.log(
      `  ratio to the plain UPDATE: ${(rate / baseRate).toFixed(2)}; to the pipeline alone: ${(rate / cpuRate).toFixed(2)}`,
    );
    console.log(`API idle:        GET /healthz ${ms(idle.healthz)}`);
    console.log(`                 GET /api/v1/scores ${ms(idle.scores)}`);
    console.log(`API during run:  GET /healthz ${ms(during.healthz)}`);
    console.log(`                 GET /api/v1/scores ${ms(during.scores)}`);
    // Reads over the re-tagged comments, warm, median of 5 (each after one warm-up call).
    for (const path of [
      '/api/v1/text/themes/impact?metric=nps',
      `/api/v1/text/themes/impact?metric=nps&touchpoint=${touchpointId}&from=2026-06-01`,
      '/api/v1/text/search?q=refund%20weeks&limit=50',
      '/api/v1/text/search?theme=delivery.late&sentiment=negative&scoreMin=0&scoreMax=6&limit=50',
      '/api/v1/text/themes/delivery.late/verbatims',
      '/api/v1/text/themes/trend?interval=week',
    ]) {
      const times: number[] = [];
      for (let i = 0; i < 6; i++) {
        const t = performance.now();
        const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${key}` } });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`${path}: ${res.status}`);
        if (i > 0) times.push(performance.now() - t);
      }
      console.log(`GET ${path}: median ${summary(times).p50.toFixed(0)} ms`);
    }
    await app.close();
    await jobs.stop();
  } finally {
    await sql.end({ timeout: 5 });
    const a = connect(ADMIN_URL, 1);
    await a.unsafe(`drop database if exists ${DB} with (force)`);
    await a.end();
  }
}

await main();

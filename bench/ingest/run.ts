// Ingestion benchmarks: batch intake beside raw COPY of the same rows, and single submissions at 200
// connections beside the bare /healthz of the same server, on the embedded and the local PostgreSQL.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import autocannon from 'autocannon';
import { connect, startEmbeddedPostgres } from '../../src/platform/db/index.js';
import { createLogger } from '../../src/platform/log/index.js';

// The sources through tsx: a dist/ build may be older than the checkout.
const CLI = ['--import', 'tsx', path.resolve('src/cli/main.ts')];
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 40);
const BATCH = 1_000;
// `embedded` or `external` runs one target only.
const ONLY = process.env.BENCH_ONLY;
const ADMIN = { email: 'bench@example.com', password: 'bench password 1' };

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

async function startServer(env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  // BENCH_PROFILE_DIR: write the server's CPU profile there (open it in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
    : [];
  // BENCH_NODE_ARGS: extra Node.js flags for the server (e.g. --max-semi-space-size=32).
  const extra = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...profile, ...extra, ...CLI, 'serve'], {
    env: {
      ...env,
      PORT: String(port),
      NORTHSTAR_RATE_LIMIT: '100000000',
      LOG_LEVEL: 'error',
      NORTHSTAR_ADMIN_EMAIL: ADMIN.email,
      NORTHSTAR_ADMIN_PASSWORD: ADMIN.password,
      NORTHSTAR_ORG_SLUG: 'bench',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error('the server exited');
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
}

// CPU seconds used so far by a process (user + system), from /proc; 0 where /proc is missing.
function cpuOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

// CPU seconds of every PostgreSQL process on the machine (the benchmark's server is the busy one).
function postgresCpu(): number {
  let total = 0;
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      if (readFileSync(`/proc/${name}/comm`, 'utf8').trim() === 'postgres') total += cpuOf(Number(name));
    } catch {}
  }
  return total;
}

async function post(base: string, url: string, headers: Record<string, string>, body: unknown) {
  const res = await fetch(`${base}${url}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
}

// A fixed sequence (seeded) so every run ingests the same rows.
function rows(seed: number, n: number) {
  let x = seed;
  const next = () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return x / 2 ** 31;
  };
  return Array.from({ length: n }, (_, i) => ({
    answers: { nps: Math.floor(next() * 11), reason: `Comment ${i} about the delivery and the support` },
    metadata: { page: '/checkout', device: next() < 0.5 ? 'mobile' : 'desktop' },
  }));
}

async function benchTarget(
  name: string,
  env: NodeJS.ProcessEnv,
  dbUrl: () => Promise<string>,
): Promise<void> {
  const port = await freePort();
  const server = await startServer(env, port);
  const base = `http://127.0.0.1:${port}`;
  try {
    const key = JSON.parse(
      execFileSync(process.execPath, [...CLI, 'apikey', 'create', '--org', 'bench', '--json'], {
        env: { ...env, LOG_LEVEL: 'error' },
        encoding: 'utf8',
      }),
    ).key as string;
    const headers = { authorization: `Bearer ${key}` };
    const journey = await post(base, '/api/v1/journeys', headers, {
      name: `Bench ${Date.now()}`,
      stages: ['buy'],
    });
    const touchpoint = await post(base, '/api/v1/touchpoints', headers, {
      journeyId: journey.id,
      name: 'Checkout',
    });
    const survey = await post(base, '/api/v1/surveys', headers, {
      name: 'Bench NPS',
      touchpointId: touchpoint.id,
      definition: {
        title: { en: 'Bench' },
        questions: [
          { id: 'nps', type: 'nps', text: { en: 'Recommend?' }, required: true },
          { id: 'reason', type: 'text', text: { en: 'Why?' } },
        ],
      },
    });
    console.log(`\n## ${name}`);

    // Batch intake over HTTP: BATCHES calls of 1,000, four at a time.
    const data = rows(42, BATCHES * BATCH);
    const t0 = performance.now();
    for (let i = 0; i < BATCHES; i += 4) {
      await Promise.all(
        Array.from({ length: Math.min(4, BATCHES - i) }, (_, k) =>
          post(base, `/api/v1/surveys/${survey.id}/responses/batch`, headers, {
            items: data.slice((i + k) * BATCH, (i + k + 1) * BATCH),
          }),
        ),
      );
    }
    const batchRate = data.length / ((performance.now() - t0) / 1000);

    // Raw COPY of the same rows into the same two tables (responses and their feedback records).
    const sql = connect(await dbUrl(), 2);
    const [org] = await sql<{ id: string }[]>`select id from organisations where slug = 'bench'`;
    const [tp] = await sql<
      { journeyId: string }[]
    >`select journey_id as "journeyId" from touchpoints where id = ${touchpoint.id as string}`;
    const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
    const now = new Date().toISOString();
    const ids = data.map(() => randomUUID());
    const t1 = performance.now();
    await pipeline(
      Readable.from(
        data.map(
          (r, i) =>
            `${org!.id}\t${ids[i]}\t${survey.id}\t1\t${touchpoint.id}\tapi\t${esc(JSON.stringify(r.answers))}\t${esc(JSON.stringify(r.metadata))}\t${now}\n`,
        ),
      ),
      await sql`copy responses (org_id, id, survey_id, survey_version, touchpoint_id, channel, answers, metadata, submitted_at) from stdin`.writable(),
    );
    await pipeline(
      Readable.from(
        data.map(
          (r, i) =>
            `${org!.id}\tsurvey\t${ids[i]}\t${ids[i]}\t${survey.id}\t${tp!.journeyId}\t${touchpoint.id}\tapi\t${now}\t${r.answers.nps}\t${esc(r.answers.reason)}\t${esc(JSON.stringify(r.metadata))}\n`,
        ),
      ),
      await sql`copy feedback (org_id, source, source_id, response_id, survey_id, journey_id, touchpoint_id, channel, occurred_at, nps, text, metadata) from stdin`.writable(),
    );
    const copyRate = data.length / ((performance.now() - t1) / 1000);
    await sql.end();
    console.log(
      `batch intake (${BATCHES} x ${BATCH} over HTTP, 4 in flight): ${batchRate.toFixed(0)} responses/s; raw COPY of the same rows: ${copyRate.toFixed(0)} rows/s -> ${((100 * batchRate) / copyRate).toFixed(1)}% of COPY (goal >= 30%)`,
    );

    // The batch's comments are being enriched in the background (role both): let that finish so
    // it does not share the cores with the loads below.
    const waiter = connect(await dbUrl(), 1);
    const t2 = performance.now();
    for (;;) {
      const [left] = await waiter<{ n: number }[]>`
        select count(*)::int as n from northstar_jobs.job
        where name = 'enrich-feedback' and state in ('created', 'retry', 'active')`;
      if (!left?.n || performance.now() - t2 > 300_000) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    await waiter.end();
    console.log(
      `background enrichment of the batch's comments finished ${((performance.now() - t2) / 1000).toFixed(1)} s after the COPY`,
    );

    // Single submissions at CONNECTIONS connections beside the bare endpoint of the same server.
    // Where the CPU went, per request: the server process, PostgreSQL, and the load generator (this
    // process), to read the ratio against: all three share the machine's cores.
    const load = async (
      url: string,
      opts: { method?: 'POST'; headers?: Record<string, string>; body?: string },
    ) => {
      const before = { server: cpuOf(server.pid!), pg: postgresCpu(), me: process.cpuUsage() };
      const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, ...opts });
      const me = process.cpuUsage(before.me);
      const n = Math.max(1, result['2xx']);
      const us = (s: number) => ((s * 1e6) / n).toFixed(0);
      const cpu = `CPU per request: server ${us(cpuOf(server.pid!) - before.server)} us, PostgreSQL ${us(postgresCpu() - before.pg)} us, load generator ${us((me.user + me.system) / 1e6)} us`;
      return {
        rps: result['2xx'] / SECONDS,
        p99: result.latency.p99,
        errors: result.non2xx + result.errors,
        cpu,
      };
    };
    await load(`${base}/healthz`, {}); // warm-up
    const bare = await load(`${base}/healthz`, {});
    const single = await load(`${base}/api/v1/surveys/${survey.id}/responses`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ answers: { nps: 8 }, metadata: { page: '/bench' } }),
    });
    console.log(
      `bare /healthz, ${CONNECTIONS} connections: ${bare.rps.toFixed(0)} req/s, p99 ${bare.p99} ms (${bare.cpu})`,
    );
    console.log(
      `single submission, ${CONNECTIONS} connections: ${single.rps.toFixed(0)} req/s, p99 ${single.p99} ms, errors ${single.errors} -> ${((100 * single.rps) / bare.rps).toFixed(1)}% of the bare rate (goal >= 40%, p99 < 50 ms)`,
    );
    console.log(`  ${single.cpu}`);
    // The same load with the analytics rollup trigger switched off, to show what it costs: every
    // submission of a survey updates the same rollup row, whose lock is held until commit.
    const admin = connect(await dbUrl(), 1);
    const [trigger] = await admin`select 1 from pg_trigger where tgname = 'feedback_rollup_insert'`;
    if (trigger) {
      await admin`alter table feedback disable trigger feedback_rollup_insert`;
      try {
        const plain = await load(`${base}/api/v1/surveys/${survey.id}/responses`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ answers: { nps: 8 }, metadata: { page: '/bench' } }),
        });
        console.log(
          `  same, rollup trigger off: ${plain.rps.toFixed(0)} req/s, p99 ${plain.p99} ms -> ${((100 * plain.rps) / bare.rps).toFixed(1)}% of the bare rate`,
        );
        console.log(`  ${plain.cpu}`);
      } finally {
        await admin`alter table feedback enable trigger feedback_rollup_insert`;
      }
    }
    await admin.end();
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'northstar-bench-ingest-'));
const { DATABASE_URL: _unset, ...env } = process.env;
if (ONLY !== 'external')
  try {
    // The server process owns the embedded server; a second starter on the same folder shares it.
    const embeddedUrl = async () => (await startEmbeddedPostgres(dataDir, createLogger('error'))).url;
    await benchTarget('embedded PostgreSQL', { ...env, NORTHSTAR_DATA_DIR: dataDir }, embeddedUrl);
  } catch (err) {
    console.error(err);
  }
const external = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const admin = connect(external, 1);
const reachable =
  ONLY !== 'embedded' &&
  (await admin`select 1`.then(
    () => true,
    () => false,
  ));
if (reachable) {
  const scratch = `northstar_bench_ingest_${process.pid}`;
  await admin.unsafe(`create database ${scratch}`);
  const u = new URL(external);
  u.pathname = `/${scratch}`;
  try {
    await benchTarget(`local PostgreSQL (${u.host})`, { ...env, DATABASE_URL: u.toString() }, async () =>
      u.toString(),
    );
  } finally {
    await admin.unsafe(`drop database if exists ${scratch} with (force)`);
  }
} else if (ONLY !== 'embedded') console.log(`\n(local PostgreSQL at ${external} not reachable: skipped)`);
await admin.end();
rmSync(dataDir, { recursive: true, force: true });

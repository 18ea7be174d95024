// Foundation benchmarks: demo start time, score summary latency, single-response submission throughput.
// Each figure is printed beside a baseline measured in the same run.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { connect } from '../../src/platform/db/index.js';

const CLI = [path.resolve('bin/northstar.js')];
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

async function startDemo(
  env: NodeJS.ProcessEnv,
  port: number,
): Promise<{ child: ChildProcess; apiKey: string; ms: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [...CLI, 'demo'], {
    env: { ...env, PORT: String(port), NORTHSTAR_RATE_LIMIT: '100000000', LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  for (;;) {
    const key = /API key: (\S+)/.exec(out)?.[1];
    if (key) {
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) return { child, apiKey: key, ms: performance.now() - t0 };
    }
    if (child.exitCode !== null) throw new Error(`demo exited: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

async function timeRequests(
  url: string,
  headers: Record<string, string>,
  n: number,
): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < n + 3; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    if (i >= 3) times.push(performance.now() - t); // the first calls warm caches
  }
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
}

async function load(url: string, opts: { method?: 'POST'; headers?: Record<string, string>; body?: string }) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, ...opts });
  const ok = result['2xx'];
  return { rps: ok / SECONDS, p99: result.latency.p99, errors: result.non2xx + result.errors };
}

async function benchTarget(name: string, env: NodeJS.ProcessEnv): Promise<void> {
  const port = await freePort();
  const demo = await startDemo(env, port);
  const base = `http://127.0.0.1:${port}`;
  const headers = { authorization: `Bearer ${demo.apiKey}` };
  try {
    console.log(`\n## ${name}`);
    console.log(`northstar demo, empty to serving: ${(demo.ms / 1000).toFixed(1)} s (goal < 30 s)`);

    const byMonthTouchpoint = await timeRequests(
      `${base}/api/v1/scores?metric=nps&interval=month&groupBy=touchpoint`,
      headers,
      30,
    );
    const bare = await timeRequests(`${base}/healthz`, {}, 30);
    console.log(
      `score summary, month x touchpoint over the demo (warm): p50 ${byMonthTouchpoint.p50.toFixed(1)} ms, p95 ${byMonthTouchpoint.p95.toFixed(1)} ms (goal < 100 ms); bare endpoint p50 ${bare.p50.toFixed(1)} ms`,
    );

    const surveys = (await (await fetch(`${base}/api/v1/surveys`, { headers })).json()) as {
      items: Array<{
        id: string;
        definition: { questions: Array<{ id: string; type: string; required: boolean }> };
      }>;
    };
    const survey = surveys.items.find((s) => s.definition.questions.some((q) => q.type === 'nps'))!;
    const npsQ = survey.definition.questions.find((q) => q.type === 'nps')!;
    const body = JSON.stringify({ answers: { [npsQ.id]: 8 } });
    const bareLoad = await load(`${base}/healthz`, {});
    const submitLoad = await load(`${base}/api/v1/surveys/${survey.id}/responses`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body,
    });
    console.log(
      `bare endpoint (/healthz), ${CONNECTIONS} connections: ${bareLoad.rps.toFixed(0)} req/s, p99 ${bareLoad.p99} ms`,
    );
    console.log(
      `single response submission, ${CONNECTIONS} connections: ${submitLoad.rps.toFixed(0)} req/s, p99 ${submitLoad.p99} ms, errors ${submitLoad.errors} -> ${((100 * submitLoad.rps) / bareLoad.rps).toFixed(1)}% of the bare rate`,
    );
  } finally {
    demo.child.kill('SIGTERM');
    await new Promise((r) => demo.child.once('exit', r));
  }
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'northstar-bench-'));
try {
  const { DATABASE_URL: _unset, ...env } = process.env;
  await benchTarget('embedded PostgreSQL', { ...env, NORTHSTAR_DATA_DIR: dataDir });
  const external = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const admin = connect(external, 1);
  const ok = await admin`select 1`.then(
    () => true,
    () => false,
  );
  if (ok) {
    await admin.unsafe('drop database if exists northstar_bench with (force)');
    await admin.unsafe('create database northstar_bench');
    const u = new URL(external);
    u.pathname = '/northstar_bench';
    await benchTarget(`external PostgreSQL (${u.host})`, { ...env, DATABASE_URL: u.toString() });
    await admin.unsafe('drop database if exists northstar_bench with (force)');
  } else {
    console.log(`\n(external PostgreSQL at ${external} not reachable: skipped)`);
  }
  await admin.end();
} finally {
  // The embedded server was stopped by the demo process on SIGTERM.
  rmSync(dataDir, { recursive: true, force: true });
}

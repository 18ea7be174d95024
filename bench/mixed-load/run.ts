// Mixed load: 100 connections of dashboard and intake traffic against a real `northstar demo` process
// (web and worker in one process, embedded PostgreSQL): 60% score reads with various groupings, 30%
// single submissions with a comment, 10% batches of 50. Measured twice, clients ignoring ETags
// ("before") and clients revalidating with If-None-Match as browsers do ("after"), beside a bare
// Node HTTP handler in the same run.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const SEED = 20_260_315;
// Optional: a folder for a CPU profile of the server (--cpu-prof), and a data folder to reuse (kept).
const CPU_PROF = process.env.BENCH_CPU_PROF;
const DATA_DIR = process.env.BENCH_DATA_DIR;
// Optional: a comma-separated subset of phases (bare, mixed, mixed-etag, reads, reads-etag, singles).
const PHASES = new Set(
  (process.env.BENCH_PHASES ?? 'bare,mixed,mixed-etag,reads,reads-etag,singles')
    .split(',')
    .map((s) => s.trim()),
);

const METRICS_TOKEN = 'mixed-load-bench-metrics';

/**
 * Background jobs of the server (from its /metrics): the enrichment jobs waiting, and all the work of
 * the queues that take CPU (enrichment, re-runs, the demo's first churn model) waiting or running.
 */
async function jobCounts(base: string): Promise<{ enrichWaiting: number; busy: number } | null> {
  const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  if (!res.ok) return null;
  const text = await res.text();
  let enrichWaiting = 0;
  let busy = 0;
  for (const m of text.matchAll(/^northstar_jobs\{queue="([^"]+)",state="([a-z]+)"\} (\d+)/gm)) {
    const [, queue, state, n] = m;
    if (queue === 'enrich-feedback' && state !== 'active') enrichWaiting += Number(n);
    if (['enrich-feedback', 'text-rerun', 'prove.churn-train'].includes(queue ?? '')) busy += Number(n);
  }
  return { enrichWaiting, busy };
}

/** CPU seconds (user + system) used so far by a process, from /proc (Linux); null elsewhere. */
function cpuOf(pid: number, withChildren = false): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields 14-17 of stat (utime, stime, cutime, cstime), here from index 11, in clock ticks of 1/100 s
    const ticks = Number(f[11]) + Number(f[12]) + (withChildren ? Number(f[13]) + Number(f[14]) : 0);
    return ticks / 100;
  } catch {
    return null;
  }
}

/** CPU seconds of the embedded PostgreSQL of a data folder: the postmaster, its ended and its live backends. */
function postgresCpu(dataDir: string): number | null {
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  let total = cpuOf(postmaster, true);
  if (total === null) return null;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === postmaster) total += cpuOf(Number(entry)) ?? 0;
    } catch {
      // ended meanwhile: its time is in the postmaster's children's time
    }
  }
  return total;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** mulberry32: a small seeded generator, so every run sends the same sequence of requests. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

async function waitFor(url: string, child: ChildProcess, out: () => string): Promise<void> {
  for (;;) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    if (child.exitCode !== null) throw new Error(`exited: ${out()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function startDemo(dataDir: string, port: number): Promise<{ child: ChildProcess; apiKey: string }> {
  const { DATABASE_URL: _embedded, ...env } = process.env;
  const prof = CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROF)}`] : [];
  const child = spawn(process.execPath, [...prof, path.resolve('bin/northstar.js'), 'demo'], {
    env: {
      ...env,
      NORTHSTAR_DATA_DIR: dataDir,
      PORT: String(port),
      NORTHSTAR_RATE_LIMIT: '100000000',
      NORTHSTAR_METRICS_TOKEN: METRICS_TOKEN,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  for (;;) {
    const key = /API key: (\S+)/.exec(out)?.[1];
    if (key) {
      await waitFor(`http://127.0.0.1:${port}/readyz`, child, () => out);
      return { child, apiKey: key };
    }
    if (child.exitCode !== null) throw new Error(`demo exited: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A bare Node HTTP handler in its own process: what the machine serves with no framework, no database. */
async function startBare(port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `require('node:http').createServer((q, s) => { s.setHeader('content-type', 'application/json'); s.end('{"status":"ok"}'); }).listen(${port}, '127.0.0.1')`,
    ],
    { stdio: 'inherit' },
  );
  await waitFor(`http://127.0.0.1:${port}/`, child, () => '');
  return child;
}

const stop = async (child: ChildProcess) => {
  // Ended already: by itself (an exit code) or by a signal (a signal code, the exit code stays null).
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  // A second signal makes the server exit at once, should its graceful shutdown stall (SIGINT: the
  // server's own handler exits, so a CPU profile is still written).
  const late = setTimeout(() => child.kill('SIGINT'), 30_000);
  await exited;
  clearTimeout(late);
};

/** Wait (at most `ms`) for the demo's own background work, the re-enrichment of its comments, to end. */
async function settle(base: string, auth: Record<string, string>, ms: number): Promise<string> {
  const t0 = performance.now();
  for (;;) {
    const runs = (await (await fetch(`${base}/api/v1/text/runs`, { headers: auth })).json()) as {
      items: Array<{ status: string; done: number; total: number | null }>;
    };
    const busy = runs.items.filter((r) => r.status === 'queued' || r.status === 'running');
    const s = ((performance.now() - t0) / 1000).toFixed(0);
    if (busy.length === 0) return `background re-enrichment finished after ${s} s`;
    if (performance.now() - t0 > ms)
      return `background re-enrichment still running after ${s} s (${busy.map((r) => `${r.done}/${r.total}`).join(', ')}): it shares the cores with the load`;
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

/** Wait (at most `ms`) until the server's CPU-heavy background jobs are done. */
async function settleJobs(base: string, ms: number): Promise<void> {
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    const n = await jobCounts(base);
    if (!n?.busy) return;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  notModified: number;
  errors: number;
  /** CPU milliseconds per answered request in the server's Node process and in its PostgreSQL. */
  cpu?: { node: number; pg: number } | undefined;
  /** Enrichment jobs left waiting at the end of the phase (they run once the load eases). */
  backlog?: number | null;
  /** CPU (Node and PostgreSQL) at the start of the phase, and per request with the enrichment done after it. */
  cpuStart?: { node: number; pg: number } | undefined;
  cpuWithEnrichment?: number;
}

/** CPU seconds of the server's Node process and of its PostgreSQL so far. */
type CpuMeter = () => { node: number; pg: number } | null;

async function run(
  url: string,
  requests: autocannon.Request[] | undefined,
  headers: Record<string, string> = {},
  meter?: CpuMeter,
): Promise<Figures> {
  const cpu0 = meter?.();
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers,
    ...(requests ? { requests } : {}),
  });
  const ok = r['2xx'] + r['3xx'];
  const cpu1 = meter?.();
  const perRequest = (a: number, b: number) => (1000 * (b - a)) / Math.max(ok, 1);
  return {
    cpu:
      cpu0 && cpu1 ? { node: perRequest(cpu0.node, cpu1.node), pg: perRequest(cpu0.pg, cpu1.pg) } : undefined,
    cpuStart: cpu0 ?? undefined,
    rps: ok / SECONDS,
    p50: r.latency.p50,
    p99: r.latency.p99,
    notModified: r['3xx'],
    errors: r.errors + r.timeouts + r['4xx'] + r['5xx'],
  };
}

const COMMENTS = [
  'The agent was quick and kind, sorted in five minutes.',
  'Waited forty minutes on hold, then the line dropped. Not good enough.',
  'Delivery was late again and nobody told me why.',
  'Great app, but the checkout keeps asking for my address.',
  'Billing charged me twice; refund took two weeks.',
  'Friendly staff in the store, long queue at the till.',
];

/** The score reads a dashboard makes: metrics × groupings × intervals × ranges. */
function scoreUrls(): string[] {
  const urls: string[] = [];
  for (const metric of ['nps', 'csat', 'ces'])
    for (const groupBy of ['', 'touchpoint', 'journey', 'stage', 'survey', 'channel'])
      for (const interval of ['', 'week', 'month'])
        for (const from of ['', '2025-01-01T00:00:00Z'])
          urls.push(
            `/api/v1/scores?metric=${metric}${groupBy && `&groupBy=${groupBy}`}${interval && `&interval=${interval}`}${from && `&from=${from}`}`,
          );
  return urls;
}

function mixedRequests(
  auth: Record<string, string>,
  readAuth: Record<string, string>,
  surveyId: string,
  answers: (n: number) => Record<string, unknown>,
  revalidate: boolean,
  readShare = 0.6,
  /** Of the writes, the share of single submissions (the rest are batches of 50). */
  singleShare = 0.75,
): autocannon.Request[] {
  const next = rng(SEED);
  const urls = scoreUrls();
  const tags = new Map<string, string>();
  let n = 0;
  const json = { ...auth, 'content-type': 'application/json' };
  return [
    {
      setupRequest: (req, context) => {
        const pick = next();
        n++;
        // Which read this connection is waiting for (one request at a time per connection).
        const sent = context as { path?: string };
        sent.path = undefined;
        if (pick < readShare) {
          const url = urls[Math.floor(next() * urls.length)]!;
          sent.path = url;
          const tag = revalidate ? tags.get(url) : undefined;
          return {
            ...req,
            method: 'GET',
            path: url,
            headers: tag ? { ...readAuth, 'if-none-match': tag } : readAuth,
            body: undefined,
          };
        }
        if (pick < readShare + (1 - readShare) * singleShare) {
          return {
            ...req,
            method: 'POST',
            path: `/api/v1/surveys/${surveyId}/responses`,
            headers: json,
            body: JSON.stringify({ answers: answers(n) }),
          };
        }
        const items = Array.from({ length: 50 }, (_, i) => ({ answers: answers(n * 50 + i) }));
        return {
          ...req,
          method: 'POST',
          path: `/api/v1/surveys/${surveyId}/responses/batch`,
          headers: json,
          body: JSON.stringify({ items }),
        };
      },
      onResponse: (status, _body, context, headers) => {
        // Keep each read's latest tag, as a browser's cache does.
        const etag = (headers as Record<string, string> | undefined)?.etag;
        const path = (context as { path?: string }).path;
        if (status === 200 && etag && path) tags.set(path, etag);
      },
    },
  ];
}

const line = (name: string, f: Figures, bare: Figures | undefined) =>
  console.log(
    `${name.padEnd(44)} ${f.rps.toFixed(0).padStart(6)} req/s  p50 ${String(f.p50).padStart(5)} ms  p99 ${String(f.p99).padStart(5)} ms  ` +
      `304s ${String(f.notModified).padStart(6)}  errors ${f.errors}` +
      (f.cpu ? `  CPU/request: Node ${f.cpu.node.toFixed(2)} ms, PostgreSQL ${f.cpu.pg.toFixed(2)} ms` : '') +
      (f.backlog ? `  enrichment jobs left ${f.backlog}` : '') +
      (f.cpuWithEnrichment !== undefined ? `, with enrichment ${f.cpuWithEnrichment.toFixed(2)} ms` : '') +
      (bare ? `  (${((100 * f.rps) / bare.rps).toFixed(1)}% of bare)` : ''),
  );

const dataDir = DATA_DIR ? path.resolve(DATA_DIR) : mkdtempSync(path.join(tmpdir(), 'northstar-mixed-'));
const children: ChildProcess[] = [];
// Interrupted (Ctrl-C, a timeout's SIGTERM): stop the servers first, as the end of a run does, or they
// and their embedded PostgreSQL outlive the bench and keep using the cores.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.once(signal, () => {
    console.error(`${signal}: stopping the servers`);
    void Promise.all(children.map(stop)).finally(() => {
      if (!DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
      process.exit(130);
    });
  });
try {
  const load = (await import('node:os')).loadavg().map((l) => l.toFixed(1));
  let bare: Figures | undefined;
  if (PHASES.has('bare')) {
    const barePort = await freePort();
    const bareServer = await startBare(barePort);
    children.push(bareServer);
    bare = await run(`http://127.0.0.1:${barePort}/`, undefined);
    await stop(bareServer);
  }

  const port = await freePort();
  const demo = await startDemo(dataDir, port);
  children.push(demo.child);
  const base = `http://127.0.0.1:${port}`;
  const auth = { authorization: `Bearer ${demo.apiKey}` };
  const surveys = (await (await fetch(`${base}/api/v1/surveys`, { headers: auth })).json()) as {
    items: Array<{
      id: string;
      status?: string;
      definition: { questions: Array<{ id: string; type: string }> };
    }>;
  };
  const survey = surveys.items.find(
    (s) =>
      s.definition.questions.some((q) => q.type === 'nps') &&
      s.definition.questions.some((q) => q.type === 'text'),
  )!;
  const nps = survey.definition.questions.find((q) => q.type === 'nps')!.id;
  const text = survey.definition.questions.find((q) => q.type === 'text')!.id;
  const answers = (i: number) => ({ [nps]: i % 11, [text]: COMMENTS[i % COMMENTS.length] });

  // The dashboard reads with its own key (a viewer), as a person at a dashboard does, while an
  // integration submits with the demo's key: a caller's own writes are always in its reads, so reads
  // by the writing key itself are exact (phase mixed-one-key).
  const viewer = (await (
    await fetch(`${base}/api/v1/api-keys`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'mixed-load dashboard', role: 'viewer' }),
    })
  ).json()) as { key: string };
  const readAuth = { authorization: `Bearer ${viewer.key}` };
  const settled = await settle(base, auth, Number(process.env.BENCH_SETTLE_SECONDS ?? 240) * 1000);
  // The demo's first churn model trains in the background too: it would take the phases' CPU.
  await settleJobs(base, Number(process.env.BENCH_SETTLE_SECONDS ?? 240) * 1000);
  // Warm the caches both phases share (plans, rollup pages), so neither phase pays for them alone.
  for (const url of scoreUrls().slice(0, 12)) await fetch(`${base}${url}`, { headers: auth });

  const pid = demo.child.pid ?? 0;
  const meter: CpuMeter = () => {
    const node = cpuOf(pid);
    const pg = postgresCpu(dataDir);
    return node === null || pg === null ? null : { node, pg };
  };
  const phase = async (
    name: string,
    readShare: number,
    revalidate: boolean,
    singleShare = 0.75,
    oneKey = false,
  ): Promise<Figures | undefined> => {
    if (!PHASES.has(name)) return undefined;
    const figures = await run(
      base,
      mixedRequests(auth, oneKey ? auth : readAuth, survey.id, answers, revalidate, readShare, singleShare),
      {},
      meter,
    );
    figures.backlog = (await jobCounts(base))?.enrichWaiting ?? null;
    // Each phase starts once the enrichment of the last one is done, so it pays only for its own;
    // the CPU that enrichment took after the phase is counted to it too.
    await settleJobs(base, Number(process.env.BENCH_SETTLE_SECONDS ?? 240) * 1000);
    const end = meter();
    if (figures.cpu && figures.cpuStart && end) {
      const ok = figures.rps * SECONDS;
      figures.cpuWithEnrichment =
        (1000 * (end.node - figures.cpuStart.node + end.pg - figures.cpuStart.pg)) / Math.max(ok, 1);
    }
    return figures;
  };
  const before = await phase('mixed', 0.6, false);
  const after = await phase('mixed-etag', 0.6, true);
  // The same reads with no writes in between: what revalidation saves when the data holds still.
  const readsBefore = await phase('reads', 1, false);
  const readsAfter = await phase('reads-etag', 1, true);
  // Single submissions with a comment only, and batches only: the cost of each kind of write.
  const singles = await phase('singles', 0, false, 1);
  const batches = await phase('batches', 0, false, 0);
  // The mix with one key for reads and writes (not run unless named): every read is exact.
  const oneKey = await phase('mixed-one-key', 0.6, true, 0.75, true);

  console.log(
    `\nMixed load, ${CONNECTIONS} connections, ${SECONDS} s per phase: 60% score reads (108 URLs), 30% single submissions with a comment, 10% batches of 50`,
  );
  console.log(`(${settled}; load average before the run ${load.join(', ')}; CPU per answered request)`);
  if (bare) line('bare Node HTTP handler (baseline)', bare, bare);
  if (before) line('mixed, clients ignore ETags (before)', before, bare);
  if (after) line('mixed, clients send If-None-Match (after)', after, bare);
  if (readsBefore) line('score reads only, clients ignore ETags', readsBefore, bare);
  if (readsAfter) line('score reads only, clients send If-None-Match', readsAfter, bare);
  if (singles) line('single submissions with a comment only', singles, bare);
  if (batches) line('batches of 50 with comments only', batches, bare);
  if (oneKey) line('mixed, one key reads and writes, If-None-Match', oneKey, bare);
  console.log('goal: >= 500 req/s at p99 <= 1000 ms (issue: 84 req/s, p99 2.8 s before this work)');
} finally {
  for (const c of children) await stop(c);
  if (!DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
}

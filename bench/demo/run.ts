// Demo-load bench: loadDemoData into a fresh database, beside a raw COPY of as many plain rows.
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { generateDemoData, loadDemoData } from '../../src/demo/index.js';
import { connect, migrate, type Sql } from '../../src/platform/db/index.js';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? def) : def;
};
const REPS = Number(opt('reps', '3'));
const SEED = Number(opt('seed', '42'));
const NOW = new Date('2026-06-01T00:00:00Z');
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TEMPLATE = 'northstar_bench_demo_template';
const SCRATCH = 'northstar_bench_demo';

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] as number;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function freshDatabase(admin: Sql): Promise<Sql> {
  await admin.unsafe(`DROP DATABASE IF EXISTS ${SCRATCH} WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE ${SCRATCH} TEMPLATE ${TEMPLATE}`);
  // One connection: the load's transaction then runs on the backend whose CPU time we read.
  return connect(withDatabase(SERVER_URL, SCRATCH), 1);
}

/**
 * CPU seconds a server backend has used, read from /proc when the server runs on this machine
 * (null otherwise). CPU time is much less disturbed than wall time when other work shares the machine.
 */
function backendCpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (USER_HZ 100)
  } catch {
    return null;
  }
}

/** Baseline: one COPY of `rows` plain rows (uuid, timestamp, small int, short text) into a bare table. */
async function rawCopy(sql: Sql, rows: number): Promise<number> {
  await sql`CREATE TABLE bare (id uuid, at timestamptz, score smallint, note text)`;
  const base = Date.parse('2025-01-01T00:00:00Z');
  function* chunks(): Generator<string> {
    let buffer = '';
    for (let i = 0; i < rows; i++) {
      const id = `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
      buffer += `${id}\t${new Date(base + i * 60_000).toISOString()}\t${i % 11}\tplain row ${i}\n`;
      if (buffer.length >= 1 << 18) {
        yield buffer;
        buffer = '';
      }
    }
    if (buffer) yield buffer;
  }
  const t = performance.now();
  await sql.begin(async (tx) => {
    await pipeline(Readable.from(chunks()), await tx`COPY bare FROM STDIN`.writable());
  });
  return performance.now() - t;
}

async function main(): Promise<void> {
  const admin = connect(SERVER_URL, 1);
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE ${TEMPLATE}`);
    const template = connect(withDatabase(SERVER_URL, TEMPLATE), 1);
    await migrate(template);
    await template.end();

    let t = performance.now();
    const data = generateDemoData({ seed: SEED, now: NOW });
    const generateMs = performance.now() - t;
    const rows = data.contacts.length + data.responses.length + data.feedback.length;

    const loads: number[] = [];
    const baselines: number[] = [];
    const clientCpu: number[] = [];
    const serverCpu: number[] = [];
    const stageTimes = new Map<string, number[]>();
    const record = (stage: string, ms: number) =>
      stageTimes.set(stage, [...(stageTimes.get(stage) ?? []), ms]);
    const stageCpuTimes = new Map<string, number[]>();
    const recordCpu = (stage: string, ms: number) =>
      stageCpuTimes.set(stage, [...(stageCpuTimes.get(stage) ?? []), ms]);
    for (let rep = 0; rep < REPS; rep++) {
      // Alternate the order so neither side always runs on a warmer server.
      for (const which of rep % 2 === 0 ? ['load', 'baseline'] : ['baseline', 'load']) {
        const sql = await freshDatabase(admin);
        try {
          if (which === 'baseline') {
            baselines.push(await rawCopy(sql, rows));
            continue;
          }
          let stage = '';
          let stageStart = 0;
          let stageCpu: number | null = null;
          const [backend] = await sql<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
          const pid = backend?.pid ?? 0;
          const serverBefore = backendCpuSeconds(pid);
          const clientBefore = process.cpuUsage();
          t = performance.now();
          await loadDemoData(sql, {
            seed: SEED,
            now: NOW,
            onProgress: (_done, _total, s) => {
              if (s === stage) return;
              const now = performance.now();
              const cpuNow = backendCpuSeconds(pid);
              if (stage) record(stage, now - stageStart);
              if (stage && cpuNow !== null && stageCpu !== null) recordCpu(stage, (cpuNow - stageCpu) * 1000);
              stage = s;
              stageStart = now;
              stageCpu = cpuNow;
            },
          });
          const end = performance.now();
          record(`${stage} + commit`, end - stageStart);
          const cpuEnd = backendCpuSeconds(pid);
          if (cpuEnd !== null && stageCpu !== null)
            recordCpu(`${stage} + commit`, (cpuEnd - stageCpu) * 1000);
          loads.push(end - t);
          const client = process.cpuUsage(clientBefore);
          clientCpu.push((client.user + client.system) / 1000);
          const serverAfter = backendCpuSeconds(pid);
          if (serverBefore !== null && serverAfter !== null)
            serverCpu.push((serverAfter - serverBefore) * 1000);
        } finally {
          await sql.end();
        }
      }
    }

    const load = median(loads);
    const baseline = median(baselines);
    const load1 = (readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? '?').trim();
    console.log(
      `demo load bench: seed ${SEED}, ${rows.toLocaleString('en')} bulk rows, median of ${REPS} (load average now ${load1})`,
    );
    console.log(`  generate only (no I/O)          ${seconds(generateMs)}`);
    console.log(
      `  loadDemoData (generate + load)  ${seconds(load)}   runs: ${loads.map(seconds).join(', ')}`,
    );
    for (const [stage, times] of stageTimes) {
      const cpu = stageCpuTimes.get(stage);
      console.log(
        `    ${stage.padEnd(29)} ${seconds(median(times))}${cpu ? `   (server CPU ${seconds(median(cpu))})` : ''}`,
      );
    }
    const cpu = `    CPU used: Node ${seconds(median(clientCpu))}`;
    console.log(
      serverCpu.length > 0
        ? `${cpu}, server backend ${seconds(median(serverCpu))} (less disturbed by other work than wall time)`
        : `${cpu} (server not on this machine: backend CPU not read)`,
    );
    console.log(
      `  baseline: raw COPY of ${rows.toLocaleString('en')} plain rows into a bare table  ${seconds(baseline)}`,
    );
    console.log(`  ratio load / baseline           ${(load / baseline).toFixed(1)}x`);
  } finally {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${SCRATCH} WITH (FORCE)`);
    await admin.unsafe(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
    await admin.end();
  }
}

await main();

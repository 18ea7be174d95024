// The embedded server outlives a killed Northstar; the next start reuses it and nothing acknowledged is lost.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const CLI = ['--import', 'tsx', 'src/cli/main.ts'];
const dataDir = mkdtempSync(path.join(tmpdir(), 'northstar-crash-'));
const children: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

function env(port: number): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  return {
    ...rest,
    NORTHSTAR_DATA_DIR: dataDir,
    PORT: String(port),
    NORTHSTAR_ADMIN_EMAIL: 'owner@crash.test',
    NORTHSTAR_ADMIN_PASSWORD: 'a long enough password',
    NORTHSTAR_ORG_SLUG: 'crash',
    NORTHSTAR_RATE_LIMIT: '100000',
    LOG_LEVEL: 'warn',
  };
}

async function serve(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...CLI, 'serve'], {
    env: env(port),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`serve exited early: ${output}`);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`serve did not become ready: ${output}`);
}

const postmasterPid = () =>
  Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  if (existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))) {
    const pid = postmasterPid();
    process.kill(pid, 'SIGINT');
    for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('embedded PostgreSQL across a crash', () => {
  it('keeps every acknowledged response after kill -9, reusing the orphaned server', async () => {
    const port = await freePort();
    const first = await serve(port);
    const pgPid = postmasterPid();

    // A second Northstar process on the same folder joins the running server instead of starting one.
    const { stdout } = await run(process.execPath, [...CLI, 'apikey', 'create', '--org', 'crash', '--json'], {
      env: env(port),
    });
    const key = JSON.parse(stdout).key as string;
    expect(postmasterPid()).toBe(pgPid);
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

    const survey = await fetch(`http://127.0.0.1:${port}/api/v1/surveys`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        name: 'Crash NPS',
        definition: {
          title: 'T',
          questions: [{ id: 'nps', type: 'nps', text: 'Recommend?', required: true }],
        },
      }),
    }).then((r) => r.json() as Promise<{ id: string }>);

    const acknowledged: string[] = [];
    let stop = false;
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/api/v1/surveys/${survey.id}/responses`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ answers: { nps: (w + i) % 11 } }),
          });
          if (res.status === 201) acknowledged.push(((await res.json()) as { id: string }).id);
        } catch {
          return; // the server is gone
        }
      }
    };
    const workers = Promise.all([0, 1, 2, 3].map(worker));
    await new Promise((r) => setTimeout(r, 1500));
    first.kill('SIGKILL');
    await workers;
    stop = true;
    expect(acknowledged.length).toBeGreaterThan(20);
    expect(alive(pgPid)).toBe(true);

    await serve(port);
    expect(postmasterPid()).toBe(pgPid);
    const missing: string[] = [];
    for (const id of acknowledged) {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/responses/${id}`, { headers });
      if (res.status !== 200) missing.push(id);
    }
    expect(missing).toEqual([]);
  });
});

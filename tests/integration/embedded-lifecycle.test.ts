// The embedded server's life cycle: crash recovery, concurrent starters, clear failures.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { connect, startEmbeddedPostgres } from '../../src/platform/db/index.js';
import { createLogger } from '../../src/platform/log/index.js';

const log = createLogger('silent');
const dirs: string[] = [];
const stops: Array<() => Promise<void>> = [];
function dataDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'northstar-life-'));
  dirs.push(d);
  return d;
}
const pidOf = (dir: string) =>
  Number(readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

afterEach(() => vi.restoreAllMocks());
afterAll(async () => {
  for (const stop of stops) await stop().catch(() => {});
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('embedded PostgreSQL life cycle', () => {
  it('starts again after the server itself was killed (stale postmaster.pid)', async () => {
    const dir = dataDir();
    const first = await startEmbeddedPostgres(dir, log);
    const sql = connect(first.url, 1);
    await sql`create table survivor (id int)`;
    await sql`insert into survivor values (1)`;
    await sql.end();
    const pid = pidOf(dir);
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    const second = await startEmbeddedPostgres(dir, log);
    stops.push(second.stop);
    expect(second.owner).toBe(true);
    const again = connect(second.url, 1);
    expect(await again`select id from survivor`).toEqual([{ id: 1 }]);
    await again.end();
  });

  it('does not outlive a process that exits without stopping it (a second Ctrl-C)', async () => {
    const dir = dataDir();
    const script = path.join(dir, 'owner.mts');
    const embedded = path.resolve('src/platform/db/index.js');
    const logs = path.resolve('src/platform/log/index.js');
    writeFileSync(
      script,
      `import { startEmbeddedPostgres } from ${JSON.stringify(embedded)};
import { createLogger } from ${JSON.stringify(logs)};
import { readFileSync, writeSync } from 'node:fs';
await startEmbeddedPostgres(${JSON.stringify(dir)}, createLogger('silent'));
writeSync(1, readFileSync(${JSON.stringify(path.join(dir, 'pg', 'postmaster.pid'))}, 'utf8').split('\\n')[0]);
process.exit(1);
`,
    );
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(child.status, child.stderr).toBe(1);
    const pid = Number(child.stdout.trim());
    expect(pid).toBeGreaterThan(0);
    for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    expect(alive(pid)).toBe(false);
    // And the next start finds the folder clean.
    const again = await startEmbeddedPostgres(dir, log);
    stops.push(again.stop);
    expect(again.owner).toBe(true);
  });

  it('lets two starters on one folder share one server', async () => {
    const dir = dataDir();
    const [a, b] = await Promise.all([startEmbeddedPostgres(dir, log), startEmbeddedPostgres(dir, log)]);
    stops.push(a.stop, b.stop);
    expect(a.port).toBe(b.port);
    expect([a.owner, b.owner].filter(Boolean)).toHaveLength(1);
    const sql = connect(b.url, 1);
    expect(await sql`select 1 as ok`).toEqual([{ ok: 1 }]);
    await sql.end();
  });

  it('keeps its password in a file only the owner can read', async () => {
    const dir = dataDir();
    const s = await startEmbeddedPostgres(dir, log);
    stops.push(s.stop);
    const { statSync } = await import('node:fs');
    expect(statSync(path.join(dir, 'pg-password')).mode & 0o077).toBe(0);
    expect(new URL(s.url).hostname).toBe('127.0.0.1');
  });
});

describe('startup failures', () => {
  it('refuses to start with a clear message when the database is unreachable', async () => {
    let err = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
      err += String(s);
      return true;
    });
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = 'postgres://nobody@127.0.0.1:1/nowhere';
    try {
      expect(await main(['migrate'])).toBe(1);
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
    expect(err).toMatch(/Cannot reach PostgreSQL at 127\.0\.0\.1:1\/nowhere/);
  });
});

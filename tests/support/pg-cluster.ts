// A throwaway PostgreSQL cluster of Debian's server binaries (postgresql-15), for tests that must kill,
// restart or replicate a server of their own: initdb into a temporary folder, start on a free port of
// 127.0.0.1 (trust authentication, loopback only), stop and remove. PostgreSQL refuses to run as root:
// as root, every command runs as the `postgres` account (runuser).
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { connect, type Sql } from '../../src/platform/db/index.js';
import { available } from './require.js';

const run = promisify(execFile);

/** Where Debian puts the server binaries. */
export const PG_BIN = '/usr/lib/postgresql/15/bin';

/** Whether Debian's PostgreSQL is installed (see `available`). */
export function hasDebianPostgres(suite: string): boolean {
  return available(suite, [path.join(PG_BIN, 'initdb')], 'install it with: apt-get install -y postgresql-15');
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Run one of the server binaries, as `postgres` when this process is root. */
async function pg(bin: string, args: string[]): Promise<string> {
  const cmd = path.join(PG_BIN, bin);
  const { stdout } = asRoot
    ? await run('runuser', ['-u', 'postgres', '--', cmd, ...args])
    : await run(cmd, args);
  return stdout;
}

function ownedByPostgres(dir: string): void {
  if (!asRoot) return;
  const uid = Number(readFileSync('/etc/passwd', 'utf8').match(/^postgres:[^:]*:(\d+):(\d+):/m)?.[1]);
  const gid = Number(readFileSync('/etc/passwd', 'utf8').match(/^postgres:[^:]*:(\d+):(\d+):/m)?.[2]);
  chownSync(dir, uid, gid);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A running (or stopped) test cluster. */
export interface Cluster {
  port: number;
  dir: string;
  /** URL of a database on it (default `postgres`), user postgres, no password (trust on loopback). */
  url(db?: string): string;
  /** A pool on it (closed by the caller). */
  sql(db?: string, max?: number): Sql;
  /** The postmaster's pid (from postmaster.pid). */
  pid(): number;
  /** SIGKILL the postmaster, as the out-of-memory killer would; waits until the port refuses. */
  kill(): Promise<void>;
  /** Start it again on the same port (after a kill or a stop); retries while the old backends exit. */
  start(): Promise<void>;
  /** Stop it (immediate) and remove its folder. */
  destroy(): Promise<void>;
}

function cluster(dir: string, port: number): Cluster {
  const url = (db = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${db}`;
  const pid = () => Number(readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const start = async () => {
    let last: unknown;
    for (let i = 0; i < 40; i++) {
      try {
        await pg('pg_ctl', [
          '-D',
          dir,
          '-l',
          path.join(dir, 'server.log'),
          '-w',
          '-t',
          '30',
          '-o',
          `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`,
          'start',
        ]);
        return;
      } catch (err) {
        // After a kill, the old backends hold the shared memory for a moment.
        last = err;
        await sleep(250);
      }
    }
    throw last;
  };
  return {
    port,
    dir,
    url,
    sql: (db = 'postgres', max = 2) => connect(url(db), max),
    pid,
    start,
    kill: async () => {
      const p = pid();
      process.kill(p, 'SIGKILL');
      for (let i = 0; i < 100; i++) {
        try {
          process.kill(p, 0);
          await sleep(50);
        } catch {
          break;
        }
      }
    },
    destroy: async () => {
      if (existsSync(path.join(dir, 'postmaster.pid'))) {
        await pg('pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop']).catch(() => {});
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** initdb a new cluster and start it; `conf` lines are appended to postgresql.conf. */
export async function startCluster(conf: string[] = []): Promise<Cluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'northstar-pg15-'));
  ownedByPostgres(dir);
  await pg('initdb', ['-D', dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale']);
  if (conf.length > 0) {
    const file = path.join(dir, 'postgresql.conf');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n${conf.join('\n')}\n`);
  }
  // Replication connections from loopback (initdb's default allows them too; said here plainly).
  const hba = path.join(dir, 'pg_hba.conf');
  writeFileSync(hba, `${readFileSync(hba, 'utf8')}\nhost replication all 127.0.0.1/32 trust\n`);
  const c = cluster(dir, await freePort());
  await c.start();
  return c;
}

/**
 * A hot standby of `primary`: pg_basebackup -R (streaming, standby.signal written) into a new folder,
 * started on its own port; `name` is its application_name on the primary (pg_stat_replication).
 */
export async function startStandby(primary: Cluster, name = 'northstar_standby'): Promise<Cluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'northstar-pg15-standby-'));
  ownedByPostgres(dir);
  await pg('pg_basebackup', [
    '-h',
    '127.0.0.1',
    '-p',
    String(primary.port),
    '-U',
    'postgres',
    '-D',
    dir,
    '-R',
    '-X',
    'stream',
    '-c',
    'fast',
    '-d',
    `application_name=${name}`,
  ]);
  const c = cluster(dir, await freePort());
  await c.start();
  return c;
}

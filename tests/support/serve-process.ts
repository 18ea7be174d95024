// `northstar serve` as a separate process (through tsx, as a user runs it from a checkout), and a load
// of survey submissions against it that remembers every idempotency key it sent and which were
// acknowledged, so a test can count acknowledged against stored after a crash.
import { type ChildProcess, spawn } from 'node:child_process';
import type { Sql } from '../../src/platform/db/index.js';

export { freePort } from './pg-cluster.js';

const CLI = ['--import', 'tsx', 'src/cli/main.ts'];

/** A running `northstar serve`. */
export interface ServeProcess {
  child: ChildProcess;
  /** Set before the test kills it on purpose. */
  killed: { byTest: boolean };
  url: string;
  /** stdout and stderr so far (for failure messages). */
  output(): string;
  alive(): boolean;
}

/**
 * Start `northstar serve` on `port` with these variables (DATABASE_URL or NORTHSTAR_DATA_DIR among
 * them; any DATABASE_URL of this process is not inherited) and wait until /readyz answers 200.
 */
export async function startServe(port: number, vars: Record<string, string>): Promise<ServeProcess> {
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  const child = spawn(process.execPath, [...CLI, 'serve'], {
    env: { ...rest, PORT: String(port), NORTHSTAR_RATE_LIMIT: '1000000', LOG_LEVEL: 'warn', ...vars },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  // A death the test did not cause is shown with what the process said last.
  const killed = { byTest: false };
  child.once('exit', (code, signal) => {
    if (!killed.byTest)
      console.error(`serve exited unexpectedly (${code ?? signal}):\n${output.slice(-4_000)}`);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`serve exited early: ${output}`);
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) {
      return {
        child,
        killed,
        url,
        output: () => output,
        alive: () => child.exitCode === null && child.signalCode === null,
      };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  killed.byTest = true;
  child.kill('SIGKILL');
  throw new Error(`serve did not become ready: ${output}`);
}

/** SIGKILL a serve process and wait until it is gone. */
export async function killServe(p: ServeProcess): Promise<void> {
  if (!p.alive()) return;
  p.killed.byTest = true;
  const gone = new Promise((r) => p.child.once('exit', r));
  p.child.kill('SIGKILL');
  await gone;
}

/** What a load saw: keys sent and acknowledged, answers by status, transport errors. */
export interface LoadTally {
  sent: string[];
  acknowledged: Set<string>;
  statuses: Record<string, number>;
  /** Problem codes of the 5xx answers. */
  codes: Record<string, number>;
  transportErrors: number;
  batchesAcknowledged: number;
  singlesAcknowledged: number;
}

/**
 * Submit responses until `stop()` says so: `singles` workers post one response each time, `batchers`
 * post batches of `batchSize`, every item with its own idempotency key (`<prefix>s<w>-<i>`,
 * `<prefix>b<w>-<i>-<j>`). A worker whose request fails at the transport level (the server is gone)
 * ends when `endOnTransportError`, else waits a moment and goes on.
 */
export function startLoad(opts: {
  url: () => string;
  headers: Record<string, string>;
  surveyId: string;
  prefix: string;
  singles: number;
  batchers: number;
  batchSize?: number;
  endOnTransportError: boolean;
}): { tally: LoadTally; stop(): Promise<void> } {
  const tally: LoadTally = {
    sent: [],
    acknowledged: new Set(),
    statuses: {},
    codes: {},
    transportErrors: 0,
    batchesAcknowledged: 0,
    singlesAcknowledged: 0,
  };
  let stopped = false;
  const headers = { ...opts.headers, 'content-type': 'application/json' };
  const note = async (res: Response): Promise<unknown> => {
    tally.statuses[res.status] = (tally.statuses[res.status] ?? 0) + 1;
    const body = await res.json().catch(() => ({}));
    if (res.status >= 500) {
      const code = String((body as { code?: string }).code);
      tally.codes[code] = (tally.codes[code] ?? 0) + 1;
    }
    return body;
  };
  const single = async (w: number) => {
    for (let i = 0; !stopped; i++) {
      const key = `${opts.prefix}s${w}-${i}`;
      tally.sent.push(key);
      try {
        const res = await fetch(`${opts.url()}/api/v1/surveys/${opts.surveyId}/responses`, {
          method: 'POST',
          headers: { ...headers, 'idempotency-key': key },
          body: JSON.stringify({ answers: { nps: (w + i) % 11, reason: `single ${key}` } }),
        });
        await note(res);
        if (res.status === 201 || res.status === 200) {
          tally.acknowledged.add(key);
          tally.singlesAcknowledged++;
        }
      } catch {
        tally.transportErrors++;
        if (opts.endOnTransportError) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  const batch = async (w: number) => {
    const size = opts.batchSize ?? 50;
    for (let i = 0; !stopped; i++) {
      const keys = Array.from({ length: size }, (_, j) => `${opts.prefix}b${w}-${i}-${j}`);
      tally.sent.push(...keys);
      try {
        const res = await fetch(`${opts.url()}/api/v1/surveys/${opts.surveyId}/responses/batch`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            items: keys.map((k, j) => ({
              idempotencyKey: k,
              answers: { nps: j % 11, reason: `batch ${k}` },
            })),
          }),
        });
        const body = (await note(res)) as { results?: Array<{ index: number; status: string }> };
        if (res.status === 200 && body.results) {
          tally.batchesAcknowledged++;
          for (const r of body.results) {
            if (r.status === 'created' || r.status === 'duplicate') tally.acknowledged.add(keys[r.index]!);
          }
        }
      } catch {
        tally.transportErrors++;
        if (opts.endOnTransportError) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  const workers = Promise.all([
    ...Array.from({ length: opts.singles }, (_, w) => single(w)),
    ...Array.from({ length: opts.batchers }, (_, w) => batch(w)),
  ]);
  return {
    tally,
    stop: async () => {
      stopped = true;
      await workers;
    },
  };
}

/** Wait (polling every 50 ms, up to `ms`) until `cond()` holds; returns whether it did. */
export async function until(cond: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return cond();
}

/** How many responses each idempotency key of the survey has, and how many feedback records each response has. */
export async function storedCounts(
  sql: Sql,
  surveyId: string,
): Promise<{ perKey: Map<string, number>; responsesWithoutOneFeedback: number }> {
  const rows = await sql<{ key: string; n: number }[]>`
    select idempotency_key as key, count(*)::int as n from responses
    where survey_id = ${surveyId} and idempotency_key is not null group by 1`;
  const [bad] = await sql<{ n: number }[]>`
    select count(*)::int as n from responses r
    where r.survey_id = ${surveyId}
      and (select count(*) from feedback f where f.org_id = r.org_id and f.response_id = r.id) <> 1`;
  return { perKey: new Map(rows.map((r) => [r.key, r.n])), responsesWithoutOneFeedback: bad?.n ?? 0 };
}

/**
 * Send every key again (batches of 500, the same answers as the first time): the client's retry
 * after a crash. Returns the keys the server called duplicates (stored before) and created.
 */
export async function replay(
  url: string,
  headers: Record<string, string>,
  surveyId: string,
  keys: string[],
): Promise<{ duplicate: Set<string>; created: Set<string> }> {
  const duplicate = new Set<string>();
  const created = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const chunk = keys.slice(i, i + 500);
    const res = await fetch(`${url}/api/v1/surveys/${surveyId}/responses/batch`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ items: chunk.map((k) => ({ idempotencyKey: k, answers: { nps: 5 } })) }),
    });
    if (res.status !== 200) throw new Error(`replay answered ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as { results: Array<{ index: number; status: string }> };
    for (const r of body.results) {
      if (r.status === 'duplicate') duplicate.add(chunk[r.index]!);
      else if (r.status === 'created') created.add(chunk[r.index]!);
    }
  }
  return { duplicate, created };
}

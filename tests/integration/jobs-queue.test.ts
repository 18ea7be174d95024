import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJob, JOBS_SCHEMA, JobQueue, processRole } from '../../src/platform/jobs/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

let db: TestDatabase;
let queue: JobQueue;
const seen: Array<{ orgId: string; n: number }> = [];
let failuresLeft = 1;

const echo = defineJob({
  name: 'test.echo',
  schema: z.object({ orgId: z.uuid(), n: z.number().int() }),
  retry: { limit: 2, delaySeconds: 0, backoff: false },
  handle: async (payload) => {
    seen.push(payload);
  },
});
const flaky = defineJob({
  name: 'test.flaky',
  schema: z.object({ orgId: z.uuid() }),
  retry: { limit: 3, delaySeconds: 0, backoff: false },
  handle: async () => {
    if (failuresLeft-- > 0) throw new Error('transient');
  },
});
const orgId = '00000000-0000-4000-8000-000000000001';

beforeAll(async () => {
  db = await createTestDatabase();
  queue = new JobQueue({ sql: db.sql, log: createLogger('silent'), pollingIntervalSeconds: 0.5 });
});
afterAll(async () => {
  await queue.stop();
  await db.drop();
});

describe('job queue', () => {
  it('keeps its tables in their own schema', async () => {
    await queue.start();
    const [row] =
      await db.sql`select count(*)::int as n from information_schema.tables where table_schema = ${JOBS_SCHEMA}`;
    expect(row!.n).toBeGreaterThan(0);
  });

  it('refuses an invalid payload when enqueued, naming the field', async () => {
    await expect(queue.enqueue(echo, { orgId, n: 'x' as never })).rejects.toMatchObject({
      code: 'validation_failed',
      invalidParams: [{ name: 'n' }],
    });
  });

  it('refuses to run a stored payload that no longer fits the schema', async () => {
    await queue.enqueue(echo, { orgId, n: 1 });
    // A payload changed in storage (an older version, a hand edit) is checked again when run.
    await db.sql.unsafe(
      `update ${JOBS_SCHEMA}.job set data = '{"orgId":"${orgId}","n":"bad"}' where name = 'test.echo'`,
    );
    const result = await queue.drain([echo]);
    expect(result).toEqual({ ran: 0, failed: 1 });
    expect(seen).toEqual([]);
  });

  it('runs jobs in a worker, retrying failures under the job policy', async () => {
    await queue.work([echo, flaky], { concurrency: 1 });
    await queue.enqueue(echo, { orgId, n: 7 });
    await queue.enqueue(flaky, { orgId });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const [done] = await db.sql.unsafe(
        `select count(*)::int as n from ${JOBS_SCHEMA}.job where name = 'test.flaky' and state = 'completed'`,
      );
      if (seen.some((s) => s.n === 7) && done!.n === 1) break;
      if (Date.now() > deadline) throw new Error('jobs did not run in time');
      await new Promise((r) => setTimeout(r, 100));
    }
    const [flakyJob] = await db.sql.unsafe(
      `select retry_count from ${JOBS_SCHEMA}.job where name = 'test.flaky'`,
    );
    expect(flakyJob!.retry_count).toBe(1);
  });

  it('drains a backlog without waiting out the polling interval between jobs', async () => {
    // One worker polling every 5 s: 12 queued jobs would take a minute at one job per interval.
    const slow = new JobQueue({ sql: db.sql, log: createLogger('silent'), pollingIntervalSeconds: 5 });
    const ran: number[] = [];
    const tick = defineJob({
      name: 'test.tick',
      schema: z.object({ orgId: z.uuid(), n: z.number().int() }),
      retry: { limit: 0, delaySeconds: 0, backoff: false },
      handle: async (payload) => {
        ran.push(payload.n);
      },
    });
    try {
      for (let n = 0; n < 12; n++) await slow.enqueue(tick, { orgId, n });
      await slow.work([tick], { concurrency: 1 });
      const deadline = Date.now() + 15_000;
      while (ran.length < 12 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(ran.sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, n) => n));
    } finally {
      await slow.stop();
    }
  });

  it('creates a job’s queue once when many enqueue it at the same moment', async () => {
    const fresh = new JobQueue({ sql: db.sql, log: createLogger('silent'), maintenance: false });
    const burst = defineJob({
      name: 'test.burst',
      schema: z.object({ orgId: z.uuid(), n: z.number().int() }),
      retry: { limit: 0, delaySeconds: 0, backoff: false },
      handle: async () => {},
    });
    try {
      const ids = await Promise.all(Array.from({ length: 10 }, (_, n) => fresh.enqueue(burst, { orgId, n })));
      expect(ids.every((id) => typeof id === 'string')).toBe(true);
      expect(await fresh.queueSize(burst)).toBe(10);
    } finally {
      await fresh.stop();
    }
  });

  it('enqueues inside a transaction: a rolled-back transaction leaves no job', async () => {
    const before = await queue.queueSize(echo);
    await db.sql
      .begin(async (tx) => {
        await queue.enqueue(echo, { orgId, n: 99 }, { tx });
        throw new Error('roll back');
      })
      .catch(() => {});
    expect(await queue.queueSize(echo)).toBe(before);
  });

  it('reads the process role', () => {
    expect(processRole({})).toBe('both');
    expect(processRole({ NORTHSTAR_ROLE: 'worker' })).toBe('worker');
    expect(() => processRole({ NORTHSTAR_ROLE: 'x' })).toThrow(/web, worker or both/);
  });
});

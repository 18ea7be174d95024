// The app in process on a fresh database, and a real listening server with the demo data for browser tests.
import type { FastifyInstance } from 'fastify';
import { prepareDemo } from '../../src/cli/demo.js';
import { type JobDefinition, JobQueue } from '../../src/platform/jobs/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { churnTrainJob } from '../../src/prove/index.js';
import { buildApp } from '../../src/server/index.js';
import { createTestDatabase, type TestDatabase } from './db.js';

/** An in-process app (use `app.inject`) on its own database. */
export async function createTestApp(
  opts: { bodyLimit?: number; rateLimitPerMinute?: number; analyticsStalenessMs?: number } = {},
): Promise<{
  app: FastifyInstance;
  db: TestDatabase;
  close(): Promise<void>;
}> {
  const db = await createTestDatabase();
  const app = await buildApp({ sql: db.sql, logger: createLogger('silent'), checkResponses: true, ...opts });
  await app.ready();
  return {
    app,
    db,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

/**
 * A listening server on 127.0.0.1 with the demo organisation loaded. As on `npm start`, the demo's
 * churn model is trained at load (its queued job run by a worker here), so the value pages show risk.
 */
export async function startTestServer(opts: {
  demo: boolean;
  /** Jobs a worker in the same process runs (none: no worker; with the demo, the churn training too). */
  worker?: JobDefinition[];
}): Promise<{
  url: string;
  adminEmail: string;
  adminPassword: string;
  apiKey: string;
  close(): Promise<void>;
}> {
  const db = await createTestDatabase();
  const jobs = new JobQueue({ sql: db.sql, log: createLogger('silent'), maintenance: false });
  const worker = opts.demo
    ? [
        ...(opts.worker ?? []).filter((j) => j.name !== churnTrainJob.name),
        churnTrainJob as unknown as JobDefinition,
      ]
    : opts.worker;
  if (worker) await jobs.work(worker);
  const app = await buildApp({
    sql: db.sql,
    logger: createLogger('silent'),
    rateLimitPerMinute: 100_000,
    jobs,
    checkResponses: true,
  });
  let creds = { email: '', password: '', apiKey: '' };
  if (opts.demo) {
    const demo = await prepareDemo(db.database);
    creds = demo;
    await waitForChurnModel(db, demo.orgId);
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    adminEmail: creds.email,
    adminPassword: creds.password,
    apiKey: creds.apiKey,
    close: async () => {
      await app.close();
      await jobs.stop();
      await db.drop();
    },
  };
}

/** Wait until the organisation has a trained churn model (the demo's queued training, run by the worker). */
async function waitForChurnModel(db: TestDatabase, orgId: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const [row] = await db.sql`select 1 from churn_models where org_id = ${orgId} limit 1`;
    if (row) return;
    if (Date.now() > deadline) throw new Error('the demo churn model was not trained in 120 s');
    await new Promise((r) => setTimeout(r, 250));
  }
}

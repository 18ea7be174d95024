// Prometheus metrics at GET /metrics (prom-client), behind a bearer token: request rates and latencies
// by route, job queue depths and ages, and the process's own (CPU, memory, event loop).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Sql } from '../platform/db/index.js';
import type { ReplicaStatus } from '../platform/replica/index.js';
import { answerStoreTotals, columnarIndexTotals } from '../understand/index.js';
import { sendProblem } from './problem.js';

const sha = (s: string) => createHash('sha256').update(s).digest();

/**
 * Register /metrics. Without a token the route is not there (404): metrics name routes and volumes,
 * which an operator should choose to expose.
 */
export function registerMetrics(
  app: FastifyInstance,
  sql: Sql,
  token: string | undefined,
  replica: () => ReplicaStatus = () => ({ configured: false, lagSeconds: null }),
): void {
  if (!token) return;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'northstar_' });
  const requests = new Histogram({
    name: 'northstar_http_request_duration_seconds',
    help: 'HTTP requests by method, route (the pattern, not the URL) and status, with their latency',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const jobs = new Gauge({
    name: 'northstar_jobs',
    help: 'Background jobs waiting or running, by queue and state',
    labelNames: ['queue', 'state'],
    registers: [registry],
  });
  const jobAge = new Gauge({
    name: 'northstar_job_oldest_waiting_seconds',
    help: 'Age of the oldest job waiting in each queue',
    labelNames: ['queue'],
    registers: [registry],
  });
  new Gauge({
    name: 'northstar_replica_lag_seconds',
    help: 'How far the read replica is behind the primary (seconds; absent without a replica, NaN while it does not answer)',
    registers: [registry],
    collect() {
      const r = replica();
      if (r.configured) this.set(r.lagSeconds ?? Number.NaN);
    },
  });
  new Gauge({
    name: 'northstar_analytics_index_organisations',
    help: 'Organisations whose in-memory analytics index is ready, building, or still to warm up at start',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const t = columnarIndexTotals();
      this.set({ state: 'ready' }, t.ready);
      this.set({ state: 'building' }, t.building);
      this.set({ state: 'warm_pending' }, t.warmPending);
    },
  });
  new Gauge({
    name: 'northstar_analytics_index_rows',
    help: 'Feedback rows held by the in-memory analytics indexes of this process',
    registers: [registry],
    collect() {
      this.set(columnarIndexTotals().rows);
    },
  });
  new Gauge({
    name: 'northstar_analytics_index_bytes',
    help: 'Bytes of typed arrays, bitmaps and pre-sums held by the in-memory analytics indexes',
    registers: [registry],
    collect() {
      this.set(columnarIndexTotals().bytes);
    },
  });
  new Gauge({
    name: 'northstar_analytics_answer_store_surveys',
    help: 'Surveys whose in-memory answer store is ready, loading, or still to warm up at start',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const t = answerStoreTotals();
      this.set({ state: 'ready' }, t.ready);
      this.set({ state: 'building' }, t.building);
      this.set({ state: 'warm_pending' }, t.warmPending);
    },
  });
  new Gauge({
    name: 'northstar_analytics_answer_store_rows',
    help: 'Survey responses held by the in-memory answer stores of this process',
    registers: [registry],
    collect() {
      this.set(answerStoreTotals().rows);
    },
  });
  new Gauge({
    name: 'northstar_analytics_answer_store_bytes',
    help: 'Bytes of typed arrays held by the in-memory answer stores of this process',
    registers: [registry],
    collect() {
      this.set(answerStoreTotals().bytes);
    },
  });
  const up = new Gauge({
    name: 'northstar_database_up',
    help: '1 when the database answered the last scrape, else 0',
    registers: [registry],
  });

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    requests.observe(
      { method: req.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  const expected = sha(`Bearer ${token}`);
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (!timingSafeEqual(sha(req.headers.authorization ?? ''), expected)) {
      return sendProblem(reply, req, {
        status: 401,
        code: 'unauthorized',
        detail: 'Send "Authorization: Bearer <NORTHSTAR_METRICS_TOKEN>"',
      });
    }
    jobs.reset();
    jobAge.reset();
    try {
      await sql`select 1`;
      up.set(1);
    } catch {
      up.set(0);
    }
    try {
      const rows = await sql<{ queue: string; state: string; n: number; oldest: number | null }[]>`
        select name as queue, state::text as state, count(*)::int as n,
          extract(epoch from now() - min(created_on))::float8 as oldest
        from northstar_jobs.job where state in ('created', 'retry', 'active') group by name, state`;
      for (const r of rows) {
        jobs.set({ queue: r.queue, state: r.state }, r.n);
        if (r.state !== 'active' && r.oldest !== null) {
          const prior = (await jobAge.get()).values.find((v) => v.labels.queue === r.queue)?.value ?? 0;
          jobAge.set({ queue: r.queue }, Math.max(prior, r.oldest));
        }
      }
    } catch {
      // No job queue schema (a process that runs no workers): the queue gauges stay empty.
    }
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}

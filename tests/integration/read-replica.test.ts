// Reads from a streaming replica, against a real primary and hot standby of Debian's PostgreSQL 15
// started here (initdb, pg_basebackup -R, both on loopback). With replay paused on the standby, a
// write lands on the primary only: another caller's analytics read still shows the old count (so it
// was served by the standby), the writer's own read shows its write (the primary), and the lag shows
// in /readyz and /metrics; once replay resumes every reader catches up. Then two `northstar serve`
// web processes on the same primary and replica: submissions through either are seen through both.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApiKey } from '../../src/platform/auth/index.js';
import { connect, migrate, type Sql } from '../../src/platform/db/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { buildApp } from '../../src/server/index.js';
import { createTestOrg, createTestSurvey } from '../support/factories.js';
import { type Cluster, hasDebianPostgres, startCluster, startStandby } from '../support/pg-cluster.js';
import { freePort, killServe, type ServeProcess, startServe, until } from '../support/serve-process.js';

// The test starts its own primary and standby: once per test run (the embedded one), not per target.
const run = inject('target') === 'embedded' && hasDebianPostgres('read replica');
const METRICS_TOKEN = 'metrics-token-for-the-replica-test';

let primary: Cluster;
let standby: Cluster;
let primarySql: Sql;
let replicaSql: Sql;
let app: FastifyInstance;
let writer: Record<string, string>;
let reader: Record<string, string>;
let surveyId: string;
const serves: ServeProcess[] = [];

const count = async (sql: Sql) =>
  (await sql<{ n: number }[]>`select count(*)::int as n from feedback where survey_id = ${surveyId}`)[0]!.n;

beforeAll(async () => {
  if (!run) return;
  primary = await startCluster(['wal_level = replica', 'max_wal_senders = 10', 'hot_standby = on']);
  const admin = primary.sql();
  await admin`create database northstar`;
  await admin.end();
  primarySql = connect(primary.url('northstar'), 5);
  await migrate(primarySql);
  standby = await startStandby(primary);
  replicaSql = connect(standby.url('northstar'), 5, 'northstar-read');
  // A generous allowed lag: replay is paused on purpose below, and reads must stay on the replica.
  app = await buildApp({
    sql: primarySql,
    readSql: replicaSql,
    readMaxLagSeconds: 3_600,
    logger: createLogger('silent'),
    rateLimitPerMinute: 100_000,
    metricsToken: METRICS_TOKEN,
  });
  await app.ready();
  const org = await createTestOrg(primarySql, 'Replica');
  writer = org.headers;
  reader = { authorization: `Bearer ${(await createApiKey(primarySql, org.org.id, 'reader')).key}` };
  surveyId = (await createTestSurvey(primarySql, org.org.id)).survey.id;
}, 120_000);

afterAll(async () => {
  for (const s of serves) await killServe(s);
  await app?.close();
  await replicaSql?.end();
  await primarySql?.end();
  await standby?.destroy();
  await primary?.destroy();
});

const submit = (headers: Record<string, string>, nps: number) =>
  app.inject({
    method: 'POST',
    url: `/api/v1/surveys/${surveyId}/responses`,
    headers,
    payload: { answers: { nps } },
  });
const scoreN = async (headers: Record<string, string>) => {
  const res = await app.inject({ method: 'GET', url: '/api/v1/scores?metric=nps', headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().overall.n as number;
};
const readyz = async () => (await app.inject({ method: 'GET', url: '/readyz' })).json();

describe.skipIf(!run)('read replica (primary + hot standby of PostgreSQL 15)', () => {
  it('serves analytics reads from the standby, the writer’s own reads from the primary, and shows the lag', async () => {
    // The pool used for reads is a standby, named northstar-read there.
    expect((await replicaSql<{ r: boolean }[]>`select pg_is_in_recovery() as r`)[0]?.r).toBe(true);
    expect((await primarySql<{ r: boolean }[]>`select pg_is_in_recovery() as r`)[0]?.r).toBe(false);
    for (const nps of [9, 10, 3]) expect((await submit(writer, nps)).statusCode).toBe(201);
    expect(await until(async () => (await count(replicaSql)) === 3, 20_000)).toBe(true);
    expect(await until(async () => (await readyz()).replica?.lagSeconds === 0, 20_000)).toBe(true);
    expect(await scoreN(reader)).toBe(3);

    // Replay paused: what is written now exists on the primary only.
    await replicaSql`select pg_wal_replay_pause()`;
    expect(
      await until(
        async () =>
          (await replicaSql<{ s: string }[]>`select pg_get_wal_replay_pause_state() as s`)[0]?.s === 'paused',
        10_000,
      ),
    ).toBe(true);
    for (const nps of [8, 6]) expect((await submit(writer, nps)).statusCode).toBe(201);
    expect(await count(primarySql)).toBe(5);
    expect(await count(replicaSql)).toBe(3);
    // Another caller reads from the standby (still 3); the writer sees its own writes (5).
    expect(await scoreN(reader)).toBe(3);
    expect(await scoreN(writer)).toBe(5);
    const [reads] = await replicaSql<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity where application_name = 'northstar-read'`;
    expect(reads?.n).toBeGreaterThan(0);

    // The lag is shown while replay is held back: /readyz and /metrics (seconds).
    expect(await until(async () => ((await readyz()).replica?.lagSeconds ?? 0) > 0, 20_000)).toBe(true);
    const metrics = await app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    const lag = Number(/^northstar_replica_lag_seconds ([\d.e+-]+)$/m.exec(metrics.body)?.[1]);
    expect(lag).toBeGreaterThan(0);

    // Replay resumed: the standby catches up and every reader sees 5; the lag is back to 0.
    await replicaSql`select pg_wal_replay_resume()`;
    expect(await until(async () => (await count(replicaSql)) === 5, 20_000)).toBe(true);
    expect(await until(async () => (await readyz()).replica?.lagSeconds === 0, 20_000)).toBe(true);
    expect(await scoreN(reader)).toBe(5);
  }, 90_000);

  it('runs two web processes on the same primary and replica: what goes in through one is read through both', async () => {
    const vars = {
      DATABASE_URL: primary.url('northstar'),
      NORTHSTAR_READ_DATABASE_URL: standby.url('northstar'),
      NORTHSTAR_ROLE: 'web',
    };
    const [a, b] = await Promise.all([
      freePort().then((p) => startServe(p, vars)),
      freePort().then((p) => startServe(p, vars)),
    ]);
    serves.push(a!, b!);
    const before = await count(primarySql);
    const post = (base: string, i: number) =>
      fetch(`${base}/api/v1/surveys/${surveyId}/responses`, {
        method: 'POST',
        headers: { ...writer, 'content-type': 'application/json', 'idempotency-key': `two-${base}-${i}` },
        body: JSON.stringify({ answers: { nps: i % 11 } }),
      }).then((r) => r.status);
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => post(i % 2 === 0 ? a!.url : b!.url, i)),
    );
    expect(statuses.every((s) => s === 201)).toBe(true);
    expect(await count(primarySql)).toBe(before + 20);
    for (const s of [a!, b!]) {
      const seen = await until(async () => {
        const res = await fetch(`${s.url}/api/v1/scores?metric=nps`, { headers: reader });
        return (
          res.status === 200 && ((await res.json()) as { overall: { n: number } }).overall.n === before + 20
        );
      }, 30_000);
      expect(seen).toBe(true);
      const ready = (await (await fetch(`${s.url}/readyz`)).json()) as {
        replica?: { lagSeconds: number | null };
      };
      expect(typeof ready.replica?.lagSeconds).toBe('number');
    }
    expect(a!.alive() && b!.alive()).toBe(true);
  }, 120_000);
});

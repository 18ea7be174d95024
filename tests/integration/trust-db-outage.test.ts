// The database dying under a running server: the process survives (no unhandled rejection), answers
// 503 database_unreachable quickly, /readyz answers within a second, and it recovers by itself once
// the embedded server is back (restarted by Northstar on the same port).
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/platform/db/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { buildApp } from '../../src/server/index.js';
import { createTestOrg, createTestSurvey, type TestOrg } from '../support/factories.js';

let dir: string;
let db: Database;
let app: FastifyInstance;
let acme: TestOrg;
let surveyId: string;
const rejections: unknown[] = [];
const onRejection = (err: unknown) => rejections.push(err);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'northstar-outage-'));
  db = await openDatabase({ dataDir: dir, databaseUrl: undefined, dbPoolSize: 5 }, createLogger('silent'));
  app = await buildApp({ sql: db.sql, logger: createLogger('silent'), rateLimitPerMinute: 100_000 });
  await app.ready();
  acme = await createTestOrg(db.sql, 'Acme');
  surveyId = (await createTestSurvey(db.sql, acme.org.id)).survey.id;
  process.on('unhandledRejection', onRejection);
}, 120_000);
afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  await app?.close();
  await db?.close();
  await rm(dir, { recursive: true, force: true });
});

const submit = () =>
  app.inject({
    method: 'POST',
    url: `/api/v1/surveys/${surveyId}/responses`,
    headers: acme.headers,
    payload: { answers: { nps: 9 } },
  });

describe('database outage', () => {
  it('answers 503 quickly while PostgreSQL is down, then recovers by itself', async () => {
    expect((await submit()).statusCode).toBe(201);
    const pid = Number(readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGKILL');
    // Requests under way and right after: 503 with the code, within seconds, never a 500.
    const t0 = Date.now();
    const during = await Promise.all([submit(), submit(), app.inject({ method: 'GET', url: '/readyz' })]);
    const ready = during[2]!;
    for (const r of during) {
      expect([200, 201, 503], r.body).toContain(r.statusCode);
      if (r.statusCode === 503) expect(r.json().code).toBe('database_unreachable');
    }
    expect(Date.now() - t0).toBeLessThan(3_000);
    if (ready.statusCode === 503) expect(ready.headers['content-type']).toMatch(/problem\+json/);
    const readyAgain = Date.now();
    const probe = await app.inject({ method: 'GET', url: '/readyz' });
    // The server gives up after one second; the rest is this machine's load.
    expect(Date.now() - readyAgain).toBeLessThan(2_000);
    // Back by itself: the embedded server is restarted on its port and the pool reconnects.
    const deadline = Date.now() + 45_000;
    let back = probe.statusCode === 200;
    while (!back && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      back = (await app.inject({ method: 'GET', url: '/readyz' })).statusCode === 200;
    }
    expect(back).toBe(true);
    let stored = 0;
    for (let i = 0; i < 20 && stored === 0; i++) {
      if ((await submit()).statusCode === 201) stored++;
      else await new Promise((r) => setTimeout(r, 250));
    }
    expect(stored).toBe(1);
    expect(rejections).toEqual([]);
  }, 90_000);

  it('saw at least one 503 while it was down (the window is real, not skipped)', async () => {
    const pid = Number(readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGKILL');
    // Ask until the outage shows (the backends die with the postmaster, moments after the kill), and
    // before Northstar has started it again: every answer is stored (201) or 503, never anything else.
    let seen: { status: number; ms: number; code?: string } | undefined;
    const until = Date.now() + 10_000;
    while (!seen && Date.now() < until) {
      const t0 = Date.now();
      const r = await submit();
      expect([201, 503], r.body).toContain(r.statusCode);
      if (r.statusCode === 503) seen = { status: 503, ms: Date.now() - t0, code: r.json().code };
    }
    expect(seen?.code).toBe('database_unreachable');
    expect(seen!.ms).toBeLessThan(5_000);
    const deadline = Date.now() + 45_000;
    while (
      Date.now() < deadline &&
      (await app.inject({ method: 'GET', url: '/readyz' })).statusCode !== 200
    ) {
      await new Promise((r) => setTimeout(r, 250));
    }
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    expect(rejections).toEqual([]);
  }, 90_000);
});

// A server started on a database with feedback loads the organisations' analytics indexes, then the
// surveys' answer stores, in the background after it listens: the first filtered read is answered from
// the index and the first survey analysis from the store (no prior read started a load), the log says
// so, and /metrics shows their state.
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSurvey } from '../../src/listen/index.js';
import { loadConfig } from '../../src/platform/config/index.js';
import { connect } from '../../src/platform/db/index.js';
import type { Logger } from '../../src/platform/log/index.js';
import { type RunningServer, startServer } from '../../src/server/start.js';
import { answerStoreStats } from '../../src/understand/answers/index.js';
import {
  columnarIndexStats,
  columnarIndexTotals,
  configureColumnarIndex,
  DEFAULT_COLUMNAR_SETTINGS,
} from '../../src/understand/sums/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createTestOrg, insertFeedback, submitTestResponses, type TestOrg } from '../support/factories.js';

const TOKEN = 'metrics-token-0123456789';
let db: TestDatabase;
let acme: TestOrg;
let survey: string;
const RESPONSES = 80;
const rating = (id: string) => ({ id, type: 'rating', text: { en: id }, scale: { min: 1, max: 5 } });
let server: RunningServer | null = null;
const lines: Array<{ msg?: string; org?: string }> = [];
const role = process.env.NORTHSTAR_ROLE;

function rows(n: number, channel: string) {
  const start = Date.UTC(2025, 0, 1);
  return Array.from({ length: n }, (_, i) => ({
    source: 'import',
    sourceId: `${channel}-${i}`,
    channel,
    occurredAt: new Date(start + i * 3_607_000).toISOString(),
    nps: i % 11,
  }));
}

beforeAll(async () => {
  db = await createTestDatabase();
  acme = await createTestOrg(db.sql, 'Acme');
  await insertFeedback(db.sql, acme.org.id, [...rows(400, 'web'), ...rows(200, 'email')]);
  const definition = {
    title: { en: 'Visit' },
    questions: [{ id: 'nps', type: 'nps', text: { en: 'Recommend?' } }, rating('staff'), rating('speed')],
  };
  survey = (await createSurvey(db.sql, acme.org.id, { name: 'Visit', definition })).id;
  await submitTestResponses(
    db.sql,
    acme.org.id,
    survey,
    Array.from({ length: RESPONSES }, (_, i) => ({
      answers: { nps: (i * 7) % 11, staff: 1 + (i % 5), speed: 1 + ((i * 3) % 5) },
    })),
  );
  configureColumnarIndex(DEFAULT_COLUMNAR_SETTINGS);
});
afterAll(async () => {
  await server?.close();
  await db.drop();
  if (role === undefined) delete process.env.NORTHSTAR_ROLE;
  else process.env.NORTHSTAR_ROLE = role;
  configureColumnarIndex(DEFAULT_COLUMNAR_SETTINGS);
});

async function start(env: Record<string, string>): Promise<RunningServer> {
  process.env.NORTHSTAR_ROLE = 'web';
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n')) if (l) lines.push(JSON.parse(l));
      done();
    },
  });
  const log = pino({ level: 'info' }, sink) as unknown as Logger;
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', NORTHSTAR_METRICS_TOKEN: TOKEN, ...env });
  // A pool of its own, closed with the server (as `serve` does).
  const sql = connect(db.url, 10);
  return startServer({ ...db.database, sql, close: () => sql.end({ timeout: 5 }) }, config, log);
}

describe('analytics index warm-up at server start', () => {
  // This once hung about one run in four: a COPY that reached the driver in one burst left its
  // connection paused, so the build's transaction never ended (see platform/db/copy-out.ts).
  it('loads the index in the background, so the first filtered read comes from it', async () => {
    await server?.close();
    server = await start({ NODE_ENV: 'test', NORTHSTAR_ANALYTICS_INDEX_WARM: 'on' });
    const deadline = Date.now() + 30_000;
    while (!lines.some((l) => l.msg === 'answer store: warm') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(
      lines.find((l) => l.msg === 'analytics index: organisation loaded')?.org,
      JSON.stringify({ lines, stats: columnarIndexStats(), totals: columnarIndexTotals() }),
    ).toBe(acme.org.id);
    expect(columnarIndexStats().map((s) => [s.orgId, s.rows])).toEqual([[acme.org.id, 600 + RESPONSES]]);
    // The answer stores load after the indexes.
    const msgs = lines.map((l) => l.msg);
    expect(msgs.indexOf('answer store: warming up')).toBeGreaterThan(msgs.indexOf('analytics index: warm'));
    expect(lines.find((l) => l.msg === 'answer store: survey loaded')).toMatchObject({
      org: acme.org.id,
      survey,
    });
    expect(answerStoreStats().map((s) => [s.surveyId, s.rows, s.builds])).toEqual([[survey, RESPONSES, 1]]);
    // A zone the rollup does not keep and a channel filter: the index answers, the first time asked.
    const res = await fetch(
      `${server.url}/api/v1/scores?metric=nps&interval=month&tz=America/Sao_Paulo&channel=web`,
      { headers: acme.headers },
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { engine: string; buckets?: unknown[] };
    expect(body.engine).toBe('index');
    const metrics = await (
      await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).text();
    expect(metrics).toMatch(/northstar_analytics_index_organisations\{state="ready"\} 1/);
    expect(metrics).toMatch(new RegExp(`northstar_analytics_index_rows ${600 + RESPONSES}\n`));
    expect(metrics).toMatch(/northstar_analytics_index_organisations\{state="warm_pending"\} 0/);
    expect(metrics).toMatch(/northstar_analytics_answer_store_surveys\{state="ready"\} 1/);
    expect(metrics).toMatch(/northstar_analytics_answer_store_surveys\{state="building"\} 0/);
    expect(metrics).toMatch(/northstar_analytics_answer_store_surveys\{state="warm_pending"\} 0/);
    // The database answers although this server runs no job workers (no queue schema to read).
    expect(metrics).toMatch(/northstar_database_up 1\n/);
    expect(metrics).toMatch(new RegExp(`northstar_analytics_answer_store_rows ${RESPONSES}\n`));
    const bytes = Number(/northstar_analytics_answer_store_bytes (\d+)/.exec(metrics)?.[1]);
    expect(bytes).toBe(answerStoreStats()[0]?.bytes);
    expect(bytes).toBeGreaterThan(RESPONSES * 3 * 4);
  });
  it('answers the first survey analysis from the store it loaded (SQL does not read the responses)', async () => {
    if (!server) throw new Error('the first test starts the server');
    const url = `${server.url}/api/v1/analytics/drivers?source=survey&survey=${survey}&outcome=nps`;
    // With the responses table locked, only a read that does not touch it can finish.
    const stored = await db.sql.begin(async (tx) => {
      await tx`lock table responses in access exclusive mode`;
      const res = await fetch(url, { headers: acme.headers, signal: AbortSignal.timeout(10_000) });
      return { status: res.status, body: await res.json() };
    });
    expect(stored.status, JSON.stringify(stored.body)).toBe(200);
    expect(answerStoreStats().map((s) => [s.surveyId, s.builds])).toEqual([[survey, 1]]);
    const raw = await fetch(`${url}&engine=raw`, { headers: acme.headers });
    expect(raw.status).toBe(200);
    expect(stored.body).toEqual(await raw.json());
    expect((stored.body as { n?: number }).n).toBe(RESPONSES);
  });
  it('stays off under NODE_ENV=test unless asked', async () => {
    await server?.close();
    server = null;
    const seen = lines.length;
    const s = await start({ NODE_ENV: 'test' });
    await new Promise((r) => setTimeout(r, 300));
    await s.close();
    expect(lines.slice(seen).some((l) => l.msg?.startsWith('analytics index'))).toBe(false);
    expect(lines.slice(seen).some((l) => l.msg?.startsWith('answer store'))).toBe(false);
    expect(columnarIndexStats()).toEqual([]);
    expect(answerStoreStats()).toEqual([]);
  });
});

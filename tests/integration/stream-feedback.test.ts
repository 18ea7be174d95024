import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFeedbackIn } from '../../src/listen/feedback/ingest.js';
import { submitResponse } from '../../src/listen/index.js';
import { connect, type Sql } from '../../src/platform/db/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { buildApp } from '../../src/server/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createTestOrg, createTestSurvey, type TestOrg } from '../support/factories.js';

// Two server processes' worth of app, each with its own pool, on one database.
let db: TestDatabase;
let otherPool: Sql;
let streaming: FastifyInstance;
let writing: FastifyInstance;
let base: string;
let acme: TestOrg;
let rival: TestOrg;
let fixture: Awaited<ReturnType<typeof createTestSurvey>>;
let rivalFixture: Awaited<ReturnType<typeof createTestSurvey>>;

beforeAll(async () => {
  db = await createTestDatabase();
  otherPool = connect(db.url, 5);
  streaming = await buildApp({ sql: db.sql, logger: createLogger('silent') });
  writing = await buildApp({ sql: otherPool, logger: createLogger('silent') });
  await streaming.listen({ port: 0, host: '127.0.0.1' });
  await writing.ready();
  base = `http://127.0.0.1:${(streaming.server.address() as AddressInfo).port}`;
  acme = await createTestOrg(db.sql, 'Acme');
  rival = await createTestOrg(db.sql, 'Rival');
  fixture = await createTestSurvey(db.sql, acme.org.id);
  rivalFixture = await createTestSurvey(db.sql, rival.org.id);
});
afterAll(async () => {
  await streaming.close();
  await writing.close();
  await otherPool.end();
  await db.drop();
});

/** Read server-sent events until `count` feedback events arrived (or the deadline). */
async function collect(res: Response, count: number, deadlineMs: number) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: Array<{
    data: { id: string; source: string; measures: { nps: number | null } };
    at: number;
  }> = [];
  let buffer = '';
  const stop = Date.now() + deadlineMs;
  while (events.length < count && Date.now() < stop) {
    const chunk = await Promise.race([
      reader.read(),
      new Promise<{ done: true; value: undefined }>((r) =>
        setTimeout(() => r({ done: true, value: undefined }), stop - Date.now()),
      ),
    ]);
    if (chunk.done) break;
    buffer += decoder.decode(chunk.value, { stream: true });
    let cut = buffer.indexOf('\n\n');
    while (cut >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      if (/^event: feedback$/m.test(block)) {
        events.push({ data: JSON.parse(/^data: (.*)$/m.exec(block)![1]!), at: Date.now() });
      }
      cut = buffer.indexOf('\n\n');
    }
  }
  await reader.cancel();
  return events;
}

describe('GET /api/v1/feedback/stream', () => {
  it('refuses anonymous callers', async () => {
    const res = await fetch(`${base}/api/v1/feedback/stream`);
    expect(res.status).toBe(401);
  });

  it('delivers a response submitted through another process within a second, and only the caller organisation', async () => {
    const res = await fetch(`${base}/api/v1/feedback/stream`, { headers: acme.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = collect(res, 3, 5_000);
    await new Promise((r) => setTimeout(r, 200));
    const submit = async (org: TestOrg, surveyId: string, nps: number) => {
      const t0 = Date.now();
      const r = await writing.inject({
        method: 'POST',
        url: `/api/v1/surveys/${surveyId}/responses`,
        headers: org.headers,
        payload: { answers: { nps } },
      });
      expect(r.statusCode).toBe(201);
      return { id: r.json().feedbackId as string, t0 };
    };
    await submit(rival, rivalFixture.survey.id, 1);
    const first = await submit(acme, fixture.survey.id, 9);
    const batch = await writing.inject({
      method: 'POST',
      url: '/api/v1/feedback/batch',
      headers: acme.headers,
      payload: {
        items: [
          {
            source: 'review',
            sourceId: 'r1',
            channel: 'web',
            text: 'Nice',
            rating: { value: 5, min: 1, max: 5 },
          },
        ],
      },
    });
    expect(batch.json().summary.created).toBe(1);
    // Stored inside a caller's transaction, which does not announce (as imports do): found by the
    // catch-up query.
    const t2 = Date.now();
    const [stored] = (await otherPool.begin((tx) =>
      ingestFeedbackIn(tx as unknown as Sql, acme.org.id, [
        { source: 'ticket', sourceId: 't1', channel: 'email', text: 'Slow reply', csat: 2 },
      ]),
    )) as Array<{ id: string }>;
    const got = await events;
    expect(got.map((e) => e.data.source)).toEqual(['survey', 'review', 'ticket']);
    expect(got[0]!.data).toMatchObject({ id: first.id, measures: { nps: 9 } });
    expect(got[0]!.at - first.t0).toBeLessThan(1_000);
    expect(got[2]!.data.id).toBe(stored!.id);
    expect(got[2]!.at - t2).toBeLessThan(1_000);
  });

  it('is told at once of responses from every channel, not only the API', async () => {
    const heard: string[] = [];
    const listener = await db.sql.listen('northstar_feedback', (payload) => {
      heard.push(...(JSON.parse(payload) as { ids: string[] }).ids);
    });
    try {
      // The hosted page, the widget and the email one-click all store through submitResponse.
      const { response } = await submitResponse(otherPool, acme.org.id, fixture.survey.id, {
        answers: { nps: 4 },
        channel: 'link',
      });
      const deadline = Date.now() + 1_000;
      while (!heard.includes(response.feedbackId) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(heard).toContain(response.feedbackId);
    } finally {
      await listener.unlisten();
    }
  });
});

// Personal data in comments is redacted at intake, before the row is written, streamed or queued:
// a card number and a phone never appear raw in the database, the live feed or a job payload.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFeedbackIn } from '../../src/listen/feedback/ingest.js';
import { submitResponsesIn } from '../../src/listen/responses/batch.js';
import type { Sql } from '../../src/platform/db/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { buildApp } from '../../src/server/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createTestOrg, createTestSurvey, type TestOrg } from '../support/factories.js';

const CARD = '4111 1111 1111 1111';
const PHONE = '+44 20 7946 0958';
const comment = (n: number) => `Order ${n}: charge my card ${CARD} or call me on ${PHONE} please`;

let db: TestDatabase;
let app: FastifyInstance;
let base: string;
let acme: TestOrg;
let keeper: TestOrg;
let survey: Awaited<ReturnType<typeof createTestSurvey>>;
let keeperSurvey: Awaited<ReturnType<typeof createTestSurvey>>;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await buildApp({ sql: db.sql, logger: createLogger('silent'), rateLimitPerMinute: 100_000 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  acme = await createTestOrg(db.sql, 'Acme');
  keeper = await createTestOrg(db.sql, 'Keeper');
  survey = await createTestSurvey(db.sql, acme.org.id);
  keeperSurvey = await createTestSurvey(db.sql, keeper.org.id);
  await db.sql`insert into text_settings (org_id, keep_original_text) values (${keeper.org.id}, true)`;
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

/** Every place raw comment text could rest: feedback, responses, contacts, jobs, imports. */
async function rawCopies(): Promise<string[]> {
  const where: string[] = [];
  const probe = async (name: string, rows: PromiseLike<readonly unknown[]>) => {
    for (const r of await rows) {
      const s = JSON.stringify(r);
      if (s.includes('4111 1111') || s.includes('7946 0958')) where.push(`${name}: ${s.slice(0, 200)}`);
    }
  };
  await probe('feedback', db.sql`select text, metadata from feedback where org_id = ${acme.org.id}`);
  await probe('responses', db.sql`select answers from responses where org_id = ${acme.org.id}`);
  await probe('jobs', db.sql`select data from northstar_jobs.job`);
  return where;
}

/** Read the stream until `count` feedback events arrived or `ms` passed. */
async function readStream(res: Response, count: number, ms: number): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const stop = Date.now() + ms;
  // One read in flight at a time: a read abandoned to a timeout would swallow its chunk.
  let pending = reader.read();
  while (Date.now() < stop && (text.match(/event: feedback/g) ?? []).length < count) {
    const chunk = await Promise.race([pending, new Promise<null>((r) => setTimeout(() => r(null), 200))]);
    if (chunk === null) continue;
    if (chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
    pending = reader.read();
  }
  await reader.cancel();
  return text;
}

describe('PII redaction at intake', () => {
  it('never stores, streams or queues a card number or phone raw, on any intake path', async () => {
    const res = await fetch(`${base}/api/v1/feedback/stream`, { headers: acme.headers });
    expect(res.status).toBe(200);
    const streamed = readStream(res, 9, 8_000);
    await new Promise((r) => setTimeout(r, 200));
    const post = (url: string, payload: unknown) =>
      app.inject({ method: 'POST', url, headers: acme.headers, payload: payload as object });
    // single (alone), two at once (group commit), batch, feedback single and batch
    const single = await post(`/api/v1/surveys/${survey.survey.id}/responses`, {
      answers: { nps: 3, reason: comment(1) },
    });
    expect(single.statusCode).toBe(201);
    expect(JSON.stringify(single.json())).not.toContain('4111 1111');
    const together = await Promise.all(
      [2, 3, 4].map((n) =>
        post(`/api/v1/surveys/${survey.survey.id}/responses`, { answers: { nps: 5, reason: comment(n) } }),
      ),
    );
    for (const r of together) {
      expect(r.statusCode).toBe(201);
      expect(JSON.stringify(r.json())).not.toContain('4111 1111');
    }
    const batch = await post(`/api/v1/surveys/${survey.survey.id}/responses/batch`, {
      items: [{ answers: { nps: 7, reason: comment(5) } }],
    });
    expect(batch.statusCode).toBe(200);
    expect(
      (await post('/api/v1/feedback', { source: 'review', channel: 'web', text: comment(6) })).statusCode,
    ).toBe(201);
    expect(
      (
        await post('/api/v1/feedback/batch', {
          items: [{ source: 'ticket', channel: 'email', text: comment(7) }],
        })
      ).statusCode,
    ).toBe(200);
    // The paths imports take (inside the import's transaction).
    await db.sql.begin(async (tx) => {
      await submitResponsesIn(tx as unknown as Sql, acme.org.id, survey.survey.id, [
        { answers: { nps: 8, reason: comment(8) }, channel: 'import' },
      ]);
      await ingestFeedbackIn(tx as unknown as Sql, acme.org.id, [
        { source: 'import', channel: 'import', text: comment(9) },
      ]);
    });
    const text = await streamed;
    expect((text.match(/event: feedback/g) ?? []).length).toBe(9);
    expect(text).not.toContain('4111 1111');
    expect(text).not.toContain('7946 0958');
    expect(text).toContain('[CARD]');
    expect(await rawCopies()).toEqual([]);
    const rows = await db.sql<{ text: string; textOriginal: string | null }[]>`
      select text, text_original as "textOriginal" from feedback where org_id = ${acme.org.id} and text is not null`;
    expect(rows).toHaveLength(9);
    for (const r of rows) {
      expect(r.text).toMatch(/\[CARD\].*\[PHONE\]/);
      expect(r.textOriginal).toBeNull();
    }
  });

  it('keeps the original aside, never in the streamed text, where the organisation keeps originals', async () => {
    const r = await app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${keeperSurvey.survey.id}/responses`,
      headers: keeper.headers,
      payload: { answers: { nps: 2, reason: comment(10) } },
    });
    expect(r.statusCode).toBe(201);
    const [row] = await db.sql<{ text: string; textOriginal: string }[]>`
      select text, text_original as "textOriginal" from feedback where org_id = ${keeper.org.id}`;
    expect(row!.text).not.toContain('4111 1111');
    expect(row!.textOriginal).toBe(comment(10));
    const list = await app.inject({ method: 'GET', url: '/api/v1/feedback', headers: keeper.headers });
    expect(list.body).not.toContain('4111 1111');
  });
});

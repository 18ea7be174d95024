// Comment enrichment gives way to requests: a job waits while the process is answering requests (at
// most a second), then runs; with no request in flight it starts at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobQueue, requestStarted, requestsInFlight } from '../../src/platform/jobs/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { enrichFeedbackJob } from '../../src/understand/comments/index.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, createTestSurvey, type TestOrg } from '../support/factories.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let fixture: Awaited<ReturnType<typeof createTestSurvey>>;
let queue: JobQueue;

beforeAll(async () => {
  ctx = await createTestApp();
  acme = await createTestOrg(ctx.db.sql, 'Acme');
  fixture = await createTestSurvey(ctx.db.sql, acme.org.id);
  queue = new JobQueue({ sql: ctx.db.sql, log: createLogger('silent'), maintenance: false });
});
afterAll(async () => {
  await queue.stop();
  await ctx.close();
});

const submit = async (reason: string) => {
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/surveys/${fixture.survey.id}/responses`,
    headers: acme.headers,
    payload: { answers: { nps: 4, reason } },
  });
  expect(res.statusCode).toBe(201);
  return res.json().feedbackId as string;
};
const enriched = async (id: string) =>
  (await ctx.db.sql<{ enrichment: unknown }[]>`select enrichment from feedback where id = ${id}`)[0]
    ?.enrichment != null;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('enrichment yields to requests', () => {
  it('waits while a request is in flight and runs once it has been answered', async () => {
    const id = await submit('The courier left the parcel in the rain.');
    // The submission itself was answered: nothing is in flight now.
    expect(requestsInFlight()).toBe(0);
    const end = requestStarted();
    const t0 = performance.now();
    const drained = queue.drain([enrichFeedbackJob]);
    await sleep(200);
    expect(await enriched(id)).toBe(false);
    end();
    const { ran } = await drained;
    expect(ran).toBe(1);
    expect(await enriched(id)).toBe(true);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(200);
  });

  it('waits a second at most under requests that never stop, and at once without any', async () => {
    const busy = await submit('Kind staff, slow checkout.');
    const end = requestStarted();
    const t0 = performance.now();
    expect((await queue.drain([enrichFeedbackJob])).ran).toBe(1);
    const waited = performance.now() - t0;
    end();
    expect(await enriched(busy)).toBe(true);
    expect(waited).toBeGreaterThanOrEqual(950);

    const idle = await submit('Great app.');
    const t1 = performance.now();
    expect((await queue.drain([enrichFeedbackJob])).ran).toBe(1);
    expect(await enriched(idle)).toBe(true);
    // Without the second's wait: only the work itself.
    expect(performance.now() - t1).toBeLessThan(waited);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobQueue } from '../../src/platform/jobs/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import {
  enrichFeedback,
  enrichFeedbackJob,
  textRerunJob,
  textTrainJob,
} from '../../src/understand/comments/index.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, insertFeedback, type TestOrg } from '../support/factories.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let queue: JobQueue;

// Words the default model has never seen carry this organisation's sentiment: only its own model learns them.
const POSITIVE = [
  'The zorp visit was brill',
  'Zorp again, brill team',
  'Such a zorp brill stay',
  'Zorp zorp',
];
const NEGATIVE = [
  'The blik visit was florg',
  'Blik again, florg team',
  'Such a blik florg stay',
  'Blik blik',
];

beforeAll(async () => {
  ctx = await createTestApp();
  acme = await createTestOrg(ctx.db.sql, 'Acme');
  queue = new JobQueue({ sql: ctx.db.sql, log: createLogger('silent'), maintenance: false });
  const ids = await insertFeedback(
    ctx.db.sql,
    acme.org.id,
    Array.from({ length: 160 }, (_, i) => {
      const good = i % 2 === 0;
      return {
        sourceId: `t${i}`,
        nps: good ? 9 + (i % 2) : i % 7,
        text: `${(good ? POSITIVE : NEGATIVE)[i % 4]} number ${i}`,
      };
    }),
  );
  await enrichFeedback(ctx.db.sql, acme.org.id, ids);
  // Hand tags for a theme classifier: "team" comments are about staff.
  for (const [k, id] of ids.entries()) {
    if (k % 4 === 1) {
      await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/feedback/${id}/themes`,
        headers: acme.headers,
        payload: { themes: ['team'] },
      });
    } else if (k % 4 === 2) {
      await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/feedback/${id}/themes`,
        headers: acme.headers,
        payload: { themes: ['stay'] },
      });
    }
  }
});
afterAll(async () => {
  await queue.stop();
  await ctx.close();
});

const drain = () => queue.drain([textTrainJob, textRerunJob, enrichFeedbackJob]);

describe('organisation models', () => {
  it('trains a sentiment model on the organisation’s scores, cross-validated, and switches to it when it beats the default', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/text/models/train',
      headers: acme.headers,
      payload: { kind: 'sentiment', metric: 'nps', folds: 5 },
    });
    expect(res.statusCode).toBe(202);
    const run = res.json();
    expect(run).toMatchObject({ kind: 'train', status: 'queued' });
    expect((await drain()).failed).toBe(0);
    const done = (
      await ctx.app.inject({ method: 'GET', url: `/api/v1/text/runs/${run.id}`, headers: acme.headers })
    ).json();
    expect(done.status).toBe('done');
    expect(done.result.switched).toBe(true);
    expect(done.result.cv.rocAuc).toBeGreaterThan(0.95);
    expect(done.result.comparison.candidateAuc).toBeGreaterThan(done.result.comparison.defaultAuc + 0.005);
    const settings = (
      await ctx.app.inject({ method: 'GET', url: '/api/v1/text/settings', headers: acme.headers })
    ).json();
    expect(settings.sentimentModelId).toBe(done.result.modelId);
    // Switching started a re-run that brought every comment to the new model.
    const [counts] = await ctx.db.sql<{ org: number; all: number }[]>`
      select count(*) filter (where enrichment -> 'versions' ->> 'sentiment' like 'org-sentiment@%')::int as org,
        count(*)::int as all
      from feedback where org_id = ${acme.org.id}`;
    expect(counts?.org).toBe(counts?.all);
    const [blik] = await ctx.db.sql<{ label: string }[]>`
      select enrichment -> 'sentiment' ->> 'label' as label from feedback
      where org_id = ${acme.org.id} and text like 'Blik blik%' limit 1`;
    expect(blik?.label).toBe('negative');
  });

  it('trains a theme classifier from hand-tagged comments and reports each theme', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/text/models/train',
      headers: acme.headers,
      payload: { kind: 'themes', folds: 3 },
    });
    expect(res.statusCode).toBe(202);
    await drain();
    const done = (
      await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/text/runs/${res.json().id}`,
        headers: acme.headers,
      })
    ).json();
    expect(done.error).toBeNull();
    expect(done.status).toBe('done');
    expect(done.result.cv.themes.map((t: { theme: string }) => t.theme)).toEqual(['stay', 'team']);
    expect(typeof done.result.cv.macroF1).toBe('number');
  });

  it('refuses bad training requests with problem+json naming the field', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/text/models/train',
      headers: acme.headers,
      payload: { kind: 'sentiment', folds: 1 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().invalid_params[0].name).toBe('body.folds');
  });
});

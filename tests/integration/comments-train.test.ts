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
let beta: TestOrg;
let queue: JobQueue;

// Beta's comments carry categorical labels in imported metadata: three-class sentiment (mixed casing)
// in words the default model has never seen, and a root cause.
const BETA = [
  { text: 'The zorp visit was brill', sentiment: 'Positive', cause: 'staff' },
  { text: 'Blik florg, the blik invoice', sentiment: 'NEGATIVE', cause: 'billing' },
  { text: 'Quib the parcel on quib day', sentiment: 'neutral', cause: 'delivery' },
  { text: 'Brill zorp crew at the desk', sentiment: 'positive', cause: 'staff' },
  { text: 'Florg blik charge on my invoice', sentiment: 'negative', cause: 'billing' },
  { text: 'Quib parcel tracking quib', sentiment: 'Neutral', cause: 'delivery' },
];

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
  beta = await createTestOrg(ctx.db.sql, 'Beta');
  for (let i = 0; i < 120; i++) {
    const b = BETA[i % BETA.length] as (typeof BETA)[number];
    await ctx.db.sql`
      insert into feedback (org_id, source, source_id, channel, occurred_at, text, metadata)
      values (${beta.org.id}, 'api', ${`b${i}`}, 'web', now(), ${`${b.text} ${i}`},
        ${ctx.db.sql.json({ sentiment: b.sentiment, cause: b.cause })})`;
  }
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

  const trainBeta = async (payload: Record<string, unknown>) => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/text/models/train',
      headers: beta.headers,
      payload,
    });
    expect(res.statusCode).toBe(202);
    await drain();
    return (
      await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/text/runs/${res.json().id}`,
        headers: beta.headers,
      })
    ).json();
  };

  it('trains three-class sentiment from categorical labels (any casing) and switches when it beats the default', async () => {
    const done = await trainBeta({ kind: 'sentiment', labelField: 'metadata.sentiment', folds: 5 });
    expect(done.error).toBeNull();
    expect(done.status).toBe('done');
    expect(done.result.rule).toBe('sentiment3');
    expect(done.result.classes).toEqual(['negative', 'neutral', 'positive']);
    expect(done.result.cv.macroF1).toBeGreaterThan(0.95);
    expect(
      done.result.cv.perClass.map((c: { label: string; support: number }) => [c.label, c.support]),
    ).toEqual([
      ['negative', 40],
      ['neutral', 40],
      ['positive', 40],
    ]);
    expect(done.result.cv.confusion).toHaveLength(3);
    expect(done.result.comparison.candidateMacroF1).toBeGreaterThan(done.result.comparison.defaultMacroF1);
    expect(done.result.switched).toBe(true);
    const settings = (
      await ctx.app.inject({ method: 'GET', url: '/api/v1/text/settings', headers: beta.headers })
    ).json();
    expect(settings.sentimentModelId).toBe(done.result.modelId);
    const [quib] = await ctx.db.sql<{ label: string }[]>`
      select enrichment -> 'sentiment' ->> 'label' as label from feedback
      where org_id = ${beta.org.id} and text like 'Quib the parcel%' limit 1`;
    expect(quib?.label).toBe('neutral');
  });

  it('trains a model on any set of categories with per-class precision, recall and F1', async () => {
    const done = await trainBeta({ kind: 'categories', labelField: 'metadata.cause', folds: 4 });
    expect(done.error).toBeNull();
    expect(done.result.rule).toBe('categories');
    expect(done.result.classes).toEqual(['billing', 'delivery', 'staff']);
    expect(done.result.cv.macroF1).toBeGreaterThan(0.9);
    expect(done.result.switched).toBe(false);
    const [model] = await ctx.db.sql<{ kind: string }[]>`
      select kind from text_models where org_id = ${beta.org.id} and id = ${done.result.modelId}`;
    expect(model?.kind).toBe('categories');
  });

  it('a sentiment run on labels that are not sentiment fails with a message', async () => {
    const done = await trainBeta({ kind: 'sentiment', labelField: 'metadata.cause', folds: 4 });
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/not sentiment/);
  });

  it('refuses categories without labelField, naming the field', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/text/models/train',
      headers: beta.headers,
      payload: { kind: 'categories' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().invalid_params[0].name).toBe('body.labelField');
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

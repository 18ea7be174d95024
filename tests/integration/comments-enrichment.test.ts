import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../src/listen/imports/index.js';
import { JobQueue } from '../../src/platform/jobs/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import {
  enrichFeedbackJob,
  type StoredEnrichment,
  textRerunJob,
  writeEnrichments,
} from '../../src/understand/comments/index.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, createTestSurvey, type TestOrg } from '../support/factories.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let other: TestOrg;
let fixture: Awaited<ReturnType<typeof createTestSurvey>>;
let queue: JobQueue;

beforeAll(async () => {
  ctx = await createTestApp();
  acme = await createTestOrg(ctx.db.sql, 'Acme');
  other = await createTestOrg(ctx.db.sql, 'Other');
  fixture = await createTestSurvey(ctx.db.sql, acme.org.id);
  queue = new JobQueue({ sql: ctx.db.sql, log: createLogger('silent'), maintenance: false });
});
afterAll(async () => {
  await queue.stop();
  await ctx.close();
});

const drain = () => queue.drain([enrichFeedbackJob, textRerunJob]);
const submit = async (nps: number, reason: string) => {
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/surveys/${fixture.survey.id}/responses`,
    headers: acme.headers,
    payload: { answers: { nps, reason } },
  });
  expect(res.statusCode).toBe(201);
  return res.json().feedbackId as string;
};
type Row = {
  text: string;
  text_original: string | null;
  language: string | null;
  enrichment: StoredEnrichment | null;
  enrichment_version: string | null;
  enrichment_revision: number | null;
};
const row = async (id: string) =>
  (
    await ctx.db.sql<Row[]>`
      select text, text_original, language, enrichment, enrichment_version, enrichment_revision
      from feedback where id = ${id}`
  )[0] as Row;

const answers = async (feedbackId: string) =>
  (
    await ctx.db.sql<{ answers: Record<string, unknown> }[]>`
      select r.answers from responses r join feedback f on f.org_id = r.org_id and f.response_id = r.id
      where f.id = ${feedbackId}`
  )[0]?.answers ?? {};

describe('enrichment of new feedback', () => {
  it('enriches a comment from a survey response in a background job and stores it with its versions', async () => {
    const id = await submit(
      2,
      'The delivery was late and the staff were rude. Call me on 06 12 34 56 78 or write to jane.doe@example.com',
    );
    expect((await row(id)).enrichment).toBeNull();
    const { ran, failed } = await drain();
    expect(failed).toBe(0);
    expect(ran).toBeGreaterThanOrEqual(1);
    const r = await row(id);
    expect(r.enrichment_revision).toBe(1);
    // Every spec and its version, in pipeline order.
    expect((r.enrichment_version as string).split(';').sort()).toEqual([
      expect.stringMatching(/^language=function-words@\d+$/),
      expect.stringMatching(/^pii=pii@\d+$/),
      expect.stringMatching(/^sentiment=default-en@/),
      expect.stringMatching(/^themes=starter@/),
    ]);
    const e = r.enrichment as StoredEnrichment;
    expect(e.versions.themes).toMatch(/^starter@/);
    expect(e.language?.code).toBe('en');
    expect(r.language).toBe('en');
    expect(e.sentiment?.label).toBe('negative');
    expect(e.sentiment?.sentences.length).toBe(2);
    expect(e.themeIds).toEqual(expect.arrayContaining(['delivery', 'delivery.late', 'staff']));
    expect(e.redactions).toEqual({ email: 1, phone: 1 });
    // Only the redacted text is kept by default.
    expect(r.text).toContain('[EMAIL]');
    expect(r.text).toContain('[PHONE]');
    expect(r.text).not.toContain('jane.doe');
    expect(r.text_original).toBeNull();
    // The survey answer behind it is redacted too.
    expect((await answers(id)).reason).toBe(r.text);
  });

  it('enriches comments that arrive in a batch of responses', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${fixture.survey.id}/responses/batch`,
      headers: acme.headers,
      payload: { items: [{ answers: { nps: 10, reason: 'Lovely staff' } }, { answers: { nps: 4 } }] },
    });
    expect(res.statusCode).toBeLessThan(300);
    const ids = res.json().results.map((i: { feedbackId: string }) => i.feedbackId);
    await drain();
    expect((await row(ids[0])).enrichment?.themeIds).toContain('staff');
    expect((await row(ids[1])).enrichment).toBeNull();
  });

  it('enriches reviews and tickets from the feedback API and from a CSV import', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/feedback/batch',
      headers: acme.headers,
      payload: {
        items: [
          { source: 'review', sourceId: 'rv-1', channel: 'web', text: 'The staff were lovely' },
          { source: 'ticket', sourceId: 'tk-1', channel: 'email', csat: 4 },
        ],
      },
    });
    expect(res.statusCode).toBe(200);
    const [review, ticket] = res.json().results.map((i: { id: string }) => i.id);
    const dir = mkdtempSync(path.join(tmpdir(), 'northstar-enrich-'));
    try {
      writeFileSync(path.join(dir, 'tickets.csv'), 'ticket,body\nimp-1,Delivery was late again\n');
      const status = await runImport(ctx.db.sql, acme.org.id, {
        kind: 'tickets',
        file: { path: path.join(dir, 'tickets.csv') },
        mapping: { columns: { ticket: 'sourceId', body: 'text' } },
        skipInvalid: false,
      });
      expect(status).toMatchObject({ status: 'done', imported: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await drain();
    expect((await row(review)).enrichment?.themeIds).toContain('staff');
    expect((await row(ticket)).enrichment).toBeNull();
    const [fromFile] = await ctx.db.sql<{ id: string }[]>`
      select id from feedback where org_id = ${acme.org.id} and source_id = 'imp-1'`;
    expect(fromFile).toBeDefined();
    expect((await row(fromFile!.id)).enrichment?.themeIds).toContain('delivery');
  });

  it('keeps the original text only where the organisation allows it', async () => {
    const put = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/text/settings',
      headers: acme.headers,
      payload: { keepOriginalText: true },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ keepOriginalText: true });
    const id = await submit(9, 'Great advice from Tom, mail me at tom@example.org');
    await drain();
    const r = await row(id);
    expect(r.text).toBe('Great advice from Tom, mail me at [EMAIL]');
    expect(r.text_original).toBe('Great advice from Tom, mail me at tom@example.org');
    expect((await answers(id)).reason).toBe('Great advice from Tom, mail me at tom@example.org');
    await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/text/settings',
      headers: acme.headers,
      payload: { keepOriginalText: false },
    });
  });

  it('never lets a stale result overwrite a newer one', async () => {
    const id = await submit(6, 'Prices are too high');
    await drain();
    const before = await row(id);
    expect(before.enrichment_revision).toBe(1);
    // A taxonomy change moves the organisation to revision 2 and re-tags in the background.
    const run = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/text/runs',
      headers: acme.headers,
      payload: { reason: 'test' },
    });
    expect(run.statusCode).toBe(202);
    await drain();
    const after = await row(id);
    expect(after.enrichment_revision).toBe(2);
    // A slow job that computed its result at revision 1 arrives late: the UPDATE's guard refuses it.
    const written = await writeEnrichments(ctx.db.sql, acme.org.id, 1, 'stale', false, [
      { id, enrichment: { stale: true }, text: 'stale', language: null },
    ]);
    expect(written).toEqual([]);
    const still = await row(id);
    expect(still.enrichment_revision).toBe(2);
    expect(still.text).toBe('Prices are too high');
    expect(still.enrichment_version).not.toBe('stale');
    // The same write at a newer revision goes through.
    expect(
      await writeEnrichments(ctx.db.sql, acme.org.id, 3, 'newer', false, [
        { id, enrichment: after.enrichment, text: after.text, language: 'en' },
      ]),
    ).toEqual([id]);
  });

  it('never touches another organisation’s rows', async () => {
    const id = await submit(8, 'Fine');
    expect(
      await writeEnrichments(ctx.db.sql, other.org.id, 99, 'x', false, [
        { id, enrichment: {}, text: 'hijacked', language: null },
      ]),
    ).toEqual([]);
    expect((await row(id)).text).toBe('Fine');
  });
});

describe('taxonomy edits and re-runs', () => {
  it('starts from the starter taxonomy', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/text/taxonomy', headers: other.headers });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.custom).toBe(false);
    expect(body.taxonomy.version).toMatch(/^starter@/);
    expect(body.taxonomy.themes.map((t: { id: string }) => t.id)).toContain('delivery');
  });

  it('re-tags every comment in the background after an edit, with progress to completion', async () => {
    for (let i = 0; i < 12; i++) await submit(i % 11, `Parking was impossible, visit ${i}`);
    await drain();
    const put = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/text/taxonomy',
      headers: acme.headers,
      payload: {
        themes: [
          {
            id: 'parking',
            name: { en: 'Parking', fr: 'Parking' },
            keywords: ['parking', 'car park'],
            subthemes: [
              { id: 'parking.full', name: { en: 'Parking full' }, keywords: ['impossible', 'no space*'] },
            ],
          },
          { id: 'price', name: { en: 'Price' }, keywords: ['price', 'expensive'] },
        ],
      },
    });
    expect(put.statusCode).toBe(202);
    const run = put.json().run;
    expect(run).toMatchObject({ kind: 'rerun', status: 'queued', done: 0 });
    const queued = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/text/runs/${run.id}`,
      headers: acme.headers,
    });
    expect(queued.json().status).toBe('queued');
    await drain();
    const done = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/text/runs/${run.id}`,
      headers: acme.headers,
    });
    expect(done.statusCode).toBe(200);
    // Every comment not yet at the new revision: all of Acme's but the one the stale-guard test moved ahead.
    const total = (
      await ctx.db.sql<{ n: number }[]>`
        select count(*)::int as n from feedback where org_id = ${acme.org.id} and text is not null`
    )[0]?.n as number;
    expect(done.json()).toMatchObject({ status: 'done', progress: 1, done: total - 1, total: total - 1 });
    expect(done.json().finishedAt).not.toBeNull();
    const tagged = await ctx.db.sql<{ ids: string[]; version: string }[]>`
      select enrichment -> 'themeIds' as ids, enrichment_version as version from feedback
      where org_id = ${acme.org.id} and text like 'Parking%'`;
    expect(tagged).toHaveLength(12);
    for (const t of tagged) {
      expect(t.ids).toEqual(['parking', 'parking.full']);
      expect(t.version).toContain('themes=org-taxonomy@1');
    }
    const got = await ctx.app.inject({ method: 'GET', url: '/api/v1/text/taxonomy', headers: acme.headers });
    expect(got.json()).toMatchObject({ custom: true, taxonomy: { version: 'org-taxonomy@1' } });
    // Another organisation's run is not visible.
    const foreign = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/text/runs/${run.id}`,
      headers: other.headers,
    });
    expect(foreign.statusCode).toBe(404);
  });

  it('keeps hand-assigned themes across re-runs', async () => {
    const id = await submit(3, 'The checkout took ages');
    await drain();
    const tag = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/feedback/${id}/themes`,
      headers: acme.headers,
      payload: { themes: ['waiting'] },
    });
    expect(tag.statusCode).toBe(200);
    expect((await row(id)).enrichment?.themeIds).toContain('waiting');
    await ctx.app.inject({ method: 'POST', url: '/api/v1/text/runs', headers: acme.headers, payload: {} });
    await drain();
    const e = (await row(id)).enrichment as StoredEnrichment;
    expect(e.themes.find((t) => t.id === 'waiting')).toMatchObject({ source: 'manual' });
    const foreign = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/feedback/${id}/themes`,
      headers: other.headers,
      payload: { themes: ['waiting'] },
    });
    expect(foreign.statusCode).toBe(404);
  });

  it('answers bad taxonomies with problem+json naming the field', async () => {
    const bad = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/text/taxonomy',
      headers: acme.headers,
      payload: { themes: [{ id: 'Bad Id', name: { en: 'x' }, keywords: [] }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().invalid_params[0].name).toBe('body.themes.0.id');
    const dup = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/text/taxonomy',
      headers: acme.headers,
      payload: {
        themes: [
          { id: 'a', name: { en: 'A' }, keywords: ['a'] },
          { id: 'a', name: { en: 'A again' }, keywords: ['b'] },
        ],
      },
    });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().invalid_params[0]).toMatchObject({ name: 'themes.1.id' });
    const noEnglish = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/text/taxonomy',
      headers: acme.headers,
      payload: { themes: [{ id: 'a', name: { fr: 'A' }, keywords: ['a'] }] },
    });
    expect(noEnglish.statusCode).toBe(400);
    expect(noEnglish.json().invalid_params[0].name).toBe('body.themes.0.name');
    // A sub-theme with neither keywords nor context words could never be given.
    const bare = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/text/taxonomy',
      headers: acme.headers,
      payload: {
        themes: [
          {
            id: 'a',
            name: { en: 'A' },
            keywords: ['a'],
            subthemes: [
              { id: 'a.x', name: { en: 'X' }, keywords: [], contextKeywords: ['only with a'] },
              { id: 'a.y', name: { en: 'Y' }, keywords: [] },
            ],
          },
        ],
      },
    });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().invalid_params).toEqual([
      { name: 'themes.0.subthemes.1.keywords', reason: 'a sub-theme needs at least one keyword' },
    ]);
  });
});

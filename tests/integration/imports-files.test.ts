import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runImport, runImportJob } from '../../src/listen/imports/index.js';
import { JobQueue } from '../../src/platform/jobs/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, createTestSurvey, type TestOrg } from '../support/factories.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let fixture: Awaited<ReturnType<typeof createTestSurvey>>;
let dir: string;

beforeAll(async () => {
  ctx = await createTestApp();
  acme = await createTestOrg(ctx.db.sql, 'Acme');
  fixture = await createTestSurvey(ctx.db.sql, acme.org.id);
  dir = mkdtempSync(path.join(tmpdir(), 'northstar-import-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await ctx.close();
});

const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
const feedbackCount = async (source: string) =>
  (
    await ctx.db.sql<{ n: number }[]>`
      select count(*)::int as n from feedback where org_id = ${acme.org.id} and source = ${source}`
  )[0]!.n;

// A lounge-like file: a mostly 1-5 overall rating with a few 1-10 rows, a quoted multi-line comment.
const LOUNGE = `id,date,title,content,overall_rating,airline
L1,2014-03-09,Fine,"Clean and quiet.
Good coffee.",4,Adria
L2,2015-06-13,Dark,Small and windowless,2,Aegean
L3,2015-07-01,Superb,Best lounge this year,9,Qatar
L4,2015-07-02,Poor,Crowded,1,Qatar
L5,2015-07-03,OK,Average,3,Emirates
L6,2013-01-01,Nice,Friendly staff,5,Swiss
L7,2013-01-02,Meh,,3,Swiss
L8,2013-01-03,Good,Tasty food,4,KLM
L9,2013-01-04,Bad,Dirty,2,KLM
L10,2013-01-05,Great,Spacious,5,KLM
L11,2013-01-06,Fine,Quiet,4,KLM
`;
const MAPPING = {
  columns: {
    id: 'sourceId',
    date: 'occurredAt',
    title: 'text',
    content: 'text',
    overall_rating: 'rating',
    airline: 'metadata.airline',
  },
  channel: 'skytrax',
};

describe('importing reviews', () => {
  it('normalises a mixed rating column to 0-1, keeping the original scale', async () => {
    const status = await runImport(ctx.db.sql, acme.org.id, {
      kind: 'reviews',
      file: { path: file('lounge.csv', LOUNGE) },
      mapping: MAPPING,
      skipInvalid: false,
    });
    expect(status).toMatchObject({ status: 'done', totalRows: 11, imported: 11, skipped: 0 });
    expect(status.message).toMatch(/mixed: 10 values read on 1-5, 1 above 5 read on 1-10/);
    const rows = await ctx.db.sql<
      {
        sourceId: string;
        rating: number;
        ratingScale: number;
        text: string;
        metadata: Record<string, unknown>;
      }[]
    >`
      select source_id as "sourceId", rating, rating_scale as "ratingScale", text, metadata from feedback
      where org_id = ${acme.org.id} and source = 'review' order by source_id`;
    const byId = Object.fromEntries(rows.map((r) => [r.sourceId, r]));
    expect(byId.L1).toMatchObject({
      rating: 0.75,
      ratingScale: 5,
      text: 'Fine\n\nClean and quiet.\nGood coffee.',
    });
    expect(byId.L3).toMatchObject({
      ratingScale: 10,
      metadata: { airline: 'Qatar', ratingOriginal: { value: 9, min: 1, max: 10 } },
    });
    expect(byId.L3!.rating).toBeCloseTo(8 / 9, 5);
    // importing the same file again adds nothing
    const again = await runImport(ctx.db.sql, acme.org.id, {
      kind: 'reviews',
      file: { path: file('lounge.csv', LOUNGE) },
      mapping: MAPPING,
      skipInvalid: false,
    });
    expect(again).toMatchObject({ imported: 0, duplicates: 11 });
  });

  it('applies explicit scale rules before detection (a site that switched to 1-10 on a date)', async () => {
    const status = await runImport(ctx.db.sql, acme.org.id, {
      kind: 'reviews',
      file: { path: file('lounge2.csv', LOUNGE.replaceAll(',L', ',R').replace(/^L/gm, 'R')) },
      mapping: { ...MAPPING, rating: { rules: [{ column: 'date', from: '2015-06-09', min: 1, max: 10 }] } },
      skipInvalid: false,
    });
    expect(status.status).toBe('done');
    const [r4] = await ctx.db
      .sql`select rating, rating_scale from feedback where org_id = ${acme.org.id} and source_id = 'R4'`;
    expect(r4).toMatchObject({ rating: 0, rating_scale: 10 });
    const [r5] = await ctx.db
      .sql`select rating from feedback where org_id = ${acme.org.id} and source_id = 'R5'`;
    expect(r5!.rating).toBeCloseTo(2 / 9, 5);
  });

  it('rejects a file with a bad row, writing nothing and naming row, line, column and reason', async () => {
    const before = await feedbackCount('ticket');
    const bad = `ticket,opened,csat,body
T1,2024-01-02,5,Solved
T2,not a date,4,Slow
T3,2024-01-04,9,Rude
T4,2024-01-05,,
`;
    const mapping = { columns: { ticket: 'sourceId', opened: 'occurredAt', csat: 'csat', body: 'text' } };
    const status = await runImport(ctx.db.sql, acme.org.id, {
      kind: 'tickets',
      file: { path: file('tickets.csv', bad) },
      mapping,
      skipInvalid: false,
    });
    expect(status.status).toBe('rejected');
    expect(status.errors).toEqual([
      { row: 2, line: 3, column: 'opened', reason: 'is not a date (YYYY-MM-DD or DD-MM-YYYY)' },
      { row: 3, line: 4, column: 'csat', reason: 'must be a whole number from 1 to 5' },
      { row: 4, line: 5, column: 'body', reason: 'a record needs text or a score' },
    ]);
    expect(await feedbackCount('ticket')).toBe(before);

    const skipped = await runImport(ctx.db.sql, acme.org.id, {
      kind: 'tickets',
      file: { path: file('tickets.csv', bad) },
      mapping,
      skipInvalid: true,
    });
    expect(skipped).toMatchObject({ status: 'done', imported: 1, skipped: 3, errorCount: 3 });
    expect(await feedbackCount('ticket')).toBe(before + 1);
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${skipped.id}`,
      headers: acme.headers,
    });
    expect(res.json()).toMatchObject({ status: 'done', totalRows: 4, processedRows: 1, skipped: 3 });
  });

  it('refuses a mapping that names a missing column or an unknown field', async () => {
    await expect(
      runImport(ctx.db.sql, acme.org.id, {
        kind: 'reviews',
        file: { path: file('m.csv', 'a,b\n1,2\n') },
        mapping: { columns: { a: 'rating', zz: 'text', b: 'frobnicate' } },
        skipInvalid: false,
      }),
    ).rejects.toMatchObject({
      invalidParams: [
        { name: 'columns.zz', reason: 'no such column in the file' },
        { name: 'columns.b', reason: 'unknown field "frobnicate" for reviews' },
      ],
    });
  });
});

describe('importing responses and JSON lines', () => {
  it('imports historical responses to a survey from JSON lines, checked against the survey', async () => {
    const lines = [
      { when: '2023-05-01', score: 9, why: 'Great', customer: 'c-1' },
      { when: '2023-05-02', score: 3, why: 'Slow', customer: 'c-2' },
    ]
      .map((l) => JSON.stringify(l))
      .join('\n');
    const status = await runImport(ctx.db.sql, acme.org.id, {
      kind: 'responses',
      file: { path: file('hist.jsonl', lines) },
      mapping: {
        surveyId: fixture.survey.id,
        columns: {
          when: 'submittedAt',
          score: 'answers.nps',
          why: 'answers.reason',
          customer: 'contact.externalId',
        },
      },
      skipInvalid: false,
    });
    expect(status).toMatchObject({ status: 'done', imported: 2 });
    const rows = await ctx.db.sql`
      select f.nps, f.channel, f.occurred_at, c.external_id from feedback f join contacts c on c.id = f.contact_id
      where f.org_id = ${acme.org.id} and f.survey_id = ${fixture.survey.id} order by f.occurred_at`;
    expect(rows.map((r) => [r.nps, r.channel, r.external_id])).toEqual([
      [9, 'import', 'c-1'],
      [3, 'import', 'c-2'],
    ]);
    expect((rows[0]!.occurred_at as Date).toISOString()).toBe('2023-05-01T00:00:00.000Z');
  });
});

describe('POST /api/v1/imports', () => {
  it('runs the import on a worker and shows its progress and row errors', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: acme.headers,
      payload: {
        kind: 'reviews',
        fileName: 'api.csv',
        content: 'id,stars,comment\nW1,4,Good\nW2,9,Odd scale\nW3,,\n',
        mapping: {
          columns: { id: 'sourceId', stars: 'rating', comment: 'text' },
          rating: { scale: { min: 1, max: 5 } },
        },
        skipInvalid: true,
      },
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ status: 'validating', fileName: 'api.csv' });
    const id = res.json().id as string;
    // The file waits in the database, not in the job's payload (pg-boss archives payloads for days).
    const fileRows = () =>
      ctx.db.sql<{ n: number }[]>`select count(*)::int as n from import_files where import_id = ${id}`;
    expect((await fileRows())[0]!.n).toBe(1);
    const [job] = await ctx.db.sql.unsafe(
      `select data from northstar_jobs.job where name = 'imports.run' and data ->> 'importId' = $1`,
      [id],
    );
    expect(job!.data).not.toHaveProperty('content');
    const worker = new JobQueue({ sql: ctx.db.sql, log: createLogger('silent') });
    try {
      expect(await worker.drain([runImportJob as never])).toEqual({ ran: 1, failed: 0 });
    } finally {
      await worker.stop();
    }
    const done = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${res.json().id}`,
      headers: acme.headers,
    });
    expect(done.json()).toMatchObject({
      status: 'done',
      totalRows: 3,
      imported: 1,
      skipped: 2,
      errors: [
        { row: 2, line: 3, column: 'stars', reason: 'must be between 1 and 5' },
        { row: 3, line: 4, column: 'comment', reason: 'a record needs text or a score' },
      ],
    });
    // Ended: the file is gone.
    expect((await fileRows())[0]!.n).toBe(0);
  });

  it('takes files larger than the API body limit (up to 32 MB), which other routes refuse', async () => {
    const rows = Array.from(
      { length: 30_000 },
      (_, i) => `BIG-${i},4,"A long comment about delivery number ${i}"`,
    );
    const content = `id,stars,comment\n${rows.join('\n')}\n`;
    expect(content.length).toBeGreaterThan(1_048_576);
    const big = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: acme.headers,
      payload: {
        kind: 'reviews',
        fileName: 'big.csv',
        content,
        mapping: {
          columns: { id: 'sourceId', stars: 'rating', comment: 'text' },
          rating: { scale: { min: 1, max: 5 } },
        },
      },
    });
    expect(big.statusCode).toBe(202);
    const worker = new JobQueue({ sql: ctx.db.sql, log: createLogger('silent') });
    try {
      expect(await worker.drain([runImportJob as never])).toEqual({ ran: 1, failed: 0 });
    } finally {
      await worker.stop();
    }
    const done = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${big.json().id}`,
      headers: acme.headers,
    });
    expect(done.json()).toMatchObject({ status: 'done', imported: 30_000 });
    const elsewhere = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      headers: acme.headers,
      payload: { source: 'review', channel: 'web', text: content },
    });
    expect(elsewhere.statusCode).toBe(413);
  });

  it('still runs a job queued with the file in its payload (by an earlier version)', async () => {
    const [row] = await ctx.db.sql<{ id: string }[]>`
      insert into imports (org_id, kind, file_name, skip_invalid) values (${acme.org.id}, 'reviews', 'old.csv', false)
      returning id`;
    const worker = new JobQueue({ sql: ctx.db.sql, log: createLogger('silent') });
    try {
      await worker.enqueue(runImportJob, {
        orgId: acme.org.id,
        importId: row!.id,
        kind: 'reviews',
        fileName: 'old.csv',
        content: 'id,comment\nOLD-1,Still works\n',
        skipInvalid: false,
        mapping: { columns: { id: 'sourceId', comment: 'text' } },
      });
      expect(await worker.drain([runImportJob as never])).toEqual({ ran: 1, failed: 0 });
    } finally {
      await worker.stop();
    }
    const done = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${row!.id}`,
      headers: acme.headers,
    });
    expect(done.json()).toMatchObject({ status: 'done', imported: 1 });
  });
});

describe('northstar import', () => {
  it('imports with --map flags and exits 1 listing the bad rows when a row is invalid', async () => {
    const env = { ...process.env };
    process.env.DATABASE_URL = ctx.db.url;
    process.env.NORTHSTAR_ORG_SLUG = acme.org.slug;
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
      out += String(s);
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    vi.spyOn(console, 'log').mockImplementation((s: unknown) => {
      out += `${String(s)}\n`;
    });
    try {
      const f = file('cli.csv', 'id,stars,comment\nA,5,Lovely\nB,six,Odd\n');
      const args = [
        'import',
        'reviews',
        '--file',
        f,
        '--map',
        'id=sourceId',
        '--map',
        'stars=rating',
        '--map',
        'comment=text',
      ];
      expect(await main(args)).toBe(1);
      expect(out).toMatch(/rejected/);
      expect(out).toMatch(/3\tstars\tmust be a number/);
      out = '';
      expect(await main([...args, '--skip-invalid'])).toBe(0);
      expect(out).toMatch(/imported: 1 .*skipped: 1/);
    } finally {
      vi.restoreAllMocks();
      process.env = env;
    }
  });
});

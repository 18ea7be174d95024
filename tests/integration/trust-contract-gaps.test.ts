// Contract gaps closed: an import naming another organisation's survey is refused at once naming the
// field; a CSV with a stray quote is rejected with the row named (not a bare failure); a training request
// with too few labels is a 400 naming the field (not a queued run that fails); answers saved part-way on
// the hosted page are redacted at intake like completed ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImportJob } from '../../src/listen/imports/index.js';
import { JobQueue } from '../../src/platform/jobs/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, createTestSurvey, insertFeedback, type TestOrg } from '../support/factories.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let rival: TestOrg;
let acmeSurvey: string;
let rivalSurvey: string;

beforeAll(async () => {
  t = await createTestApp({ rateLimitPerMinute: 100_000 });
  acme = await createTestOrg(t.db.sql, 'Acme');
  rival = await createTestOrg(t.db.sql, 'Rival');
  acmeSurvey = (await createTestSurvey(t.db.sql, acme.org.id)).survey.id;
  rivalSurvey = (await createTestSurvey(t.db.sql, rival.org.id)).survey.id;
});
afterAll(async () => t.close());

const post = (url: string, payload: unknown, headers: Record<string, string> = acme.headers) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { ...headers, 'content-type': 'application/json' },
    payload: JSON.stringify(payload),
  });

async function drainImports(): Promise<void> {
  const worker = new JobQueue({ sql: t.db.sql, log: createLogger('silent') });
  try {
    await worker.drain([runImportJob as never]);
  } finally {
    await worker.stop();
  }
}

describe('imports', () => {
  it("refuses another organisation's survey at once, naming the field, and queues nothing", async () => {
    const before = await t.db.sql`select count(*)::int as n from imports`;
    const res = await post('/api/v1/imports', {
      kind: 'responses',
      fileName: 'answers.csv',
      content: 'nps,reason\n9,great\n',
      mapping: { surveyId: rivalSurvey },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().invalid_params).toEqual([
      { name: 'body.mapping.surveyId', reason: 'no such survey in this organisation' },
    ]);
    const after = await t.db.sql`select count(*)::int as n from imports`;
    expect(after[0]!.n).toBe(before[0]!.n);
    // The organisation's own survey is accepted.
    const own = await post('/api/v1/imports', {
      kind: 'responses',
      fileName: 'answers.csv',
      content: 'nps,reason\n9,great\n',
      mapping: { surveyId: acmeSurvey },
    });
    expect(own.statusCode).toBe(202);
  });

  it('rejects a CSV with a stray quote naming the row and line, without quoting the cell', async () => {
    const content = 'source_id,text,rating\nr1,fine,5\nr2,he said "wow" loudly,4\nr3,ok,3\n';
    const res = await post('/api/v1/imports', { kind: 'reviews', fileName: 'reviews.csv', content });
    expect(res.statusCode).toBe(202);
    await drainImports();
    const done = await t.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${res.json().id}`,
      headers: acme.headers,
    });
    expect(done.statusCode).toBe(200);
    const status = done.json();
    expect(status.status).toBe('rejected');
    expect(status.errors).toHaveLength(1);
    expect(status.errors[0]).toMatchObject({ row: 2, line: 3, column: '(row)' });
    expect(status.errors[0].reason).toMatch(/malformed CSV: a quote inside an unquoted field/);
    expect(JSON.stringify(status)).not.toContain('wow');
    const stored = await t.db
      .sql`select count(*)::int as n from feedback where org_id = ${acme.org.id} and source = 'review'`;
    expect(stored[0]!.n).toBe(0);
  });

  it('refuses a file whose header cannot be read, naming the file and line', async () => {
    const res = await post('/api/v1/imports', {
      kind: 'reviews',
      fileName: 'reviews.csv',
      content: 'source_id,"text\nr1,fine\n',
    });
    expect(res.statusCode).toBe(202);
    await drainImports();
    const done = (
      await t.app.inject({ method: 'GET', url: `/api/v1/imports/${res.json().id}`, headers: acme.headers })
    ).json();
    expect(done.status).toBe('failed');
    expect(done.message).toMatch(/file line \d+: malformed CSV: a quoted field is never closed/);
  });
});

describe('training', () => {
  it('refuses a sentiment run with too few scored comments as a 400 naming the field; no run is queued', async () => {
    await insertFeedback(t.db.sql, acme.org.id, [
      { nps: 10, text: 'Lovely staff' },
      { nps: 9, text: 'Quick and kind' },
      { nps: 2, text: 'Slow and rude' },
    ]);
    const res = await post('/api/v1/text/models/train', { kind: 'sentiment', metric: 'nps', folds: 3 });
    expect(res.statusCode).toBe(400);
    expect(res.json().invalid_params).toEqual([
      {
        name: 'body.metric',
        reason: 'comments scored on nps: 2 positive and 1 negative (need at least 3 of each)',
      },
    ]);
    const runs = await t.db.sql`select count(*)::int as n from text_runs where org_id = ${acme.org.id}`;
    expect(runs[0]!.n).toBe(0);
  });

  it('refuses categories with fewer than two labels of enough comments, and themes without tags', async () => {
    const labels = await post('/api/v1/text/models/train', {
      kind: 'categories',
      labelField: 'metadata.cause',
    });
    expect(labels.statusCode).toBe(400);
    expect(labels.json().invalid_params[0]).toMatchObject({ name: 'body.labelField' });
    const themes = await post('/api/v1/text/models/train', { kind: 'themes', folds: 2 });
    expect(themes.statusCode).toBe(400);
    expect(themes.json().invalid_params).toEqual([
      { name: 'body.kind', reason: 'themes needs at least 2 hand-tagged comments (found 0)' },
    ]);
  });
});

describe('the hosted page', () => {
  it('redacts personal data in partial answers before they are saved', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/s/${acmeSurvey}` });
    const set = page.headers['set-cookie'];
    const cookie = String(Array.isArray(set) ? set[0] : set).split(';')[0] as string;
    const ft = /name="ft" value="([^"]*)"/.exec(page.body)?.[1] ?? '';
    const partial = await t.app.inject({
      method: 'POST',
      url: `/s/${acmeSurvey}/partial`,
      headers: { cookie, 'content-type': 'application/json' },
      payload: JSON.stringify({
        ft,
        answers: { nps: 3, reason: 'Charge card 4111 1111 1111 1111 or ring +44 20 7946 0958' },
        done: ['nps'],
      }),
    });
    expect(partial.statusCode).toBe(204);
    const [session] = await t.db.sql<{ answers: Record<string, unknown> }[]>`
      select answers from respondent_sessions where org_id = ${acme.org.id} and survey_id = ${acmeSurvey}`;
    const saved = JSON.stringify(session?.answers);
    expect(saved).not.toContain('4111');
    expect(saved).not.toContain('7946');
    expect(session?.answers.nps).toBe(3);
    expect(String(session?.answers.reason)).toMatch(/^Charge card .+ or ring .+$/);
  });
});

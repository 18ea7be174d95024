// Real data: the garden-centre NPS export through the API gives +53.4 overall and surfaces the commenter bias.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { createTestOrg, insertFeedback, type TestOrg } from '../support/factories.js';
import { hasSharedData, SHARED_DATA } from '../support/require.js';

const FILE = path.join(SHARED_DATA, 'nps-botanic-garden-centre/nps.csv');
const present = hasSharedData('garden-centre NPS export', ['nps-botanic-garden-centre/nps.csv']);

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let org: TestOrg;

beforeAll(async () => {
  if (!present) return;
  ctx = await createTestApp();
  org = await createTestOrg(ctx.db.sql, 'Garden');
  const rows = parse(readFileSync(FILE).toString('latin1'), {
    columns: true,
    skip_empty_lines: true,
  }) as Array<Record<string, string>>;
  const data = rows
    .filter((r) => r.nps !== 'NA' && r.nps !== '')
    .map((r, i) => ({
      source: 'import',
      sourceId: `garden-${i}`,
      channel: 'store',
      // `t` is the survey wave (NA for a few); one month per wave.
      occurredAt: new Date(Date.UTC(2020, Number.isFinite(Number(r.t)) ? Number(r.t) : 0, 15)),
      nps: Number(r.nps),
      text: r.explication && r.explication !== 'NA' && r.explication.trim() !== '' ? r.explication : null,
    }));
  await insertFeedback(ctx.db.sql, org.org.id, data);
});
afterAll(async () => {
  if (present) await ctx.close();
});

describe.skipIf(!present)('garden-centre NPS export', () => {
  it('gives NPS +53.4 on 13,612 answers, +39.2 among commenters, and says the gap is real', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/analytics/coverage?metric=nps',
      headers: org.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const { commenters } = res.json();
    expect(commenters.all.n).toBe(13_612);
    expect(commenters.all.score).toBeCloseTo(53.4, 1);
    expect(commenters.commenters.score).toBeCloseTo(39.2, 1);
    expect(commenters.bias).toBeCloseTo(-14.2, 0);
    expect(commenters.significant).toBe(true);
  });
});

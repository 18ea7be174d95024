import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/platform/db/index.js';
import { enrichFeedback } from '../../src/understand/comments/index.js';
import { compareProportions, summariseProportion } from '../../src/understand/stats/index.js';
import { computeThemeImpact } from '../../src/understand/text/index.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, createTestSurvey, insertFeedback, type TestOrg } from '../support/factories.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let other: TestOrg;
let fixture: Awaited<ReturnType<typeof createTestSurvey>>;

interface Seed {
  text: string;
  nps: number;
  csat: number;
  segment: string;
  atTouchpoint: boolean;
  day: number;
}

// Deterministic comments: late deliveries and high prices come with low scores, friendly staff with high ones.
const TEMPLATES: Array<{ text: string; nps: number; csat: number }> = [
  { text: 'The delivery was late again and nobody told me.', nps: 2, csat: 1 },
  { text: 'Delivery arrived three days late.', nps: 5, csat: 2 },
  { text: 'Prices are far too expensive for what you get.', nps: 6, csat: 3 },
  { text: 'The staff were lovely and very helpful.', nps: 10, csat: 5 },
  { text: 'Friendly staff, quick service, great experience overall.', nps: 9, csat: 5 },
  { text: 'All good, nothing to add.', nps: 8, csat: 4 },
  { text: 'Refund took weeks, the delivery was late and the price too high.', nps: 1, csat: 1 },
];

function seeds(n: number): Seed[] {
  return Array.from({ length: n }, (_, i) => {
    const t = TEMPLATES[i % TEMPLATES.length] as (typeof TEMPLATES)[number];
    return {
      text: `${t.text} (#${i})`,
      nps: Math.max(0, Math.min(10, t.nps + ((i * 7) % 3) - 1)),
      csat: t.csat,
      segment: i % 3 === 0 ? 'enterprise' : 'smb',
      atTouchpoint: i % 2 === 0,
      day: i % 21,
    };
  });
}

async function insertComments(sql: Sql, orgId: string, touchpointId: string | null, rows: Seed[]) {
  const ids = await insertFeedback(
    sql,
    orgId,
    rows.map((r) => ({
      touchpointId: r.atTouchpoint ? touchpointId : null,
      occurredAt: new Date(Date.UTC(2026, 9, 1 + r.day, 12)),
      nps: r.nps,
      csat: r.csat,
      text: r.text,
      attributes: { segment: r.segment },
    })),
  );
  await enrichFeedback(sql, orgId, ids);
  return ids;
}

beforeAll(async () => {
  ctx = await createTestApp();
  acme = await createTestOrg(ctx.db.sql, 'Acme');
  other = await createTestOrg(ctx.db.sql, 'Other');
  fixture = await createTestSurvey(ctx.db.sql, acme.org.id);
  await insertComments(ctx.db.sql, acme.org.id, fixture.touchpoint.id, seeds(140));
  // The other organisation talks about deliveries too, with a secret word in every comment.
  await insertComments(
    ctx.db.sql,
    other.org.id,
    null,
    seeds(30).map((s) => ({ ...s, text: `zanzibar ${s.text}` })),
  );
});
afterAll(() => ctx.close());

const get = (url: string, org: TestOrg = acme) =>
  ctx.app.inject({ method: 'GET', url, headers: org.headers });

async function storedRows(filter: { touchpoint?: boolean; segment?: string } = {}) {
  return ctx.db.sql<{ themes: string[]; nps: number; csat: number }[]>`
    select enrichment -> 'themeIds' as themes, nps, csat from feedback
    where org_id = ${acme.org.id} and text is not null
      ${filter.touchpoint ? ctx.db.sql`and touchpoint_id = ${fixture.touchpoint.id}` : ctx.db.sql``}
      ${filter.segment ? ctx.db.sql`and attributes ->> 'segment' = ${filter.segment}` : ctx.db.sql``}`;
}

describe('theme impact', () => {
  it('equals the pure statistics functions on the same comments (NPS), ranked fix-first', async () => {
    const res = await get('/api/v1/text/themes/impact?metric=nps');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const rows = await storedRows();
    const expected = computeThemeImpact(
      rows.map((r) => r.themes),
      rows.map((r) => r.nps),
      'nps',
    );
    expect(body.comments).toBe(rows.length);
    expect(body.themes.map((t: { theme: string }) => t.theme)).toEqual(expected.map((t) => t.theme));
    for (const e of expected) {
      const got = body.themes.find((t: { theme: string }) => t.theme === e.theme);
      expect(got.mentions).toBe(e.mentions);
      expect(got.share).toBeCloseTo(e.share, 12);
      expect(got.scoreWith).toBeCloseTo(e.scoreWith as number, 9);
      expect(got.scoreWithout).toBeCloseTo(e.scoreWithout as number, 9);
      expect(got.comparison.difference).toBeCloseTo(e.comparison.difference as number, 9);
      expect(got.comparison.ci.low).toBeCloseTo(e.comparison.ci?.low as number, 9);
      expect(got.comparison.ci.high).toBeCloseTo(e.comparison.ci?.high as number, 9);
      expect(got.comparison.p).toBeCloseTo(e.comparison.p as number, 9);
    }
    // Late deliveries cost the most.
    expect(body.themes[0].theme).toMatch(/^delivery/);
    expect(body.themes[0].comparison.difference).toBeLessThan(0);
    expect(body.themes[0].pAdjusted).toBeGreaterThanOrEqual(body.themes[0].comparison.p);
  });

  it('per touchpoint and segment (CSAT as top-2-box, as compareProportions gives it)', async () => {
    const res = await get(
      `/api/v1/text/themes/impact?metric=csat&touchpoint=${fixture.touchpoint.id}&attr.segment=smb`,
    );
    expect(res.statusCode).toBe(200);
    const rows = await storedRows({ touchpoint: true, segment: 'smb' });
    const body = res.json();
    expect(body.comments).toBe(rows.length);
    const staff = body.themes.find((t: { theme: string }) => t.theme === 'staff');
    const withIt = rows.filter((r) => r.themes.includes('staff'));
    const without = rows.filter((r) => !r.themes.includes('staff'));
    const a = { successes: withIt.filter((r) => r.csat >= 4).length, n: withIt.length };
    const b = { successes: without.filter((r) => r.csat >= 4).length, n: without.length };
    expect(staff.mentions).toBe(a.n);
    expect(staff.scoreWith).toBeCloseTo(summariseProportion(a).estimate as number, 9);
    expect(staff.comparison).toEqual(compareProportions(a, b));
  });

  it('refuses unknown metrics and parameters with problem+json naming the field', async () => {
    const bad = await get('/api/v1/text/themes/impact?metric=happiness');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().invalid_params[0].name).toBe('query.metric');
    const unknown = await get('/api/v1/text/themes/impact?colour=blue');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().invalid_params[0].name).toBe('query.colour');
    const tp = await get('/api/v1/text/themes/impact?touchpoint=nope');
    expect(tp.json().invalid_params[0].name).toBe('query.touchpoint');
  });

  it('within a word search: the comments the search matches, on impact, trend and verbatims', async () => {
    const [matched] = await ctx.db.sql<{ n: number }[]>`
      select count(*)::int as n from feedback where org_id = ${acme.org.id} and enrichment is not null
        and to_tsvector('simple', text) @@ websearch_to_tsquery('simple', 'refund')`;
    const impact = await get('/api/v1/text/themes/impact?q=refund');
    expect(impact.statusCode).toBe(200);
    expect(impact.json().comments).toBe(matched?.n);
    expect(matched?.n).toBeGreaterThan(0);
    const trend = (await get('/api/v1/text/themes/trend?q=refund&interval=month')).json();
    expect(trend.periods.reduce((a: number, p: { comments: number }) => a + p.comments, 0)).toBe(matched?.n);
    const verbatims = (await get('/api/v1/text/themes/delivery.late/verbatims?q=refund')).json();
    expect(verbatims.items.length).toBeGreaterThan(0);
    for (const i of verbatims.items) expect(i.text).toMatch(/^Refund/);
    // Another organisation's word matches nothing here.
    expect((await get('/api/v1/text/themes/impact?q=zanzibar')).json().comments).toBe(0);
    for (const url of ['/api/v1/text/themes/impact?q=', `/api/v1/text/themes/trend?q=${'x'.repeat(201)}`]) {
      const bad = await get(url);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().invalid_params[0].name).toBe('query.q');
    }
  });
});

describe('search', () => {
  it('finds comments by words, newest first, as plain text with sentiment and themes', async () => {
    const res = await get('/api/v1/text/search?q=refund&limit=5');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.items).toHaveLength(5);
    for (const item of body.items) {
      expect(item.text).toMatch(/^Refund took weeks/);
      expect(item.sentiment.label).toBe('negative');
      expect(item.themes.map((t: { id: string }) => t.id)).toContain('delivery.late');
    }
    const times = body.items.map((i: { occurredAt: string }) => i.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
    // Paging walks every match exactly once.
    const seen = new Set(body.items.map((i: { id: string }) => i.id));
    let cursor = body.nextCursor;
    while (cursor) {
      const next = (await get(`/api/v1/text/search?q=refund&limit=5&cursor=${cursor}`)).json();
      for (const i of next.items) seen.add(i.id);
      cursor = next.nextCursor;
    }
    expect(seen.size).toBe(20);
  });

  it('filters by theme, sentiment, score range, touchpoint, segment and date', async () => {
    const url =
      `/api/v1/text/search?theme=staff&sentiment=positive&scoreMetric=nps&scoreMin=9&scoreMax=10` +
      `&touchpoint=${fixture.touchpoint.id}&attr.segment=enterprise&from=2026-10-01&to=2026-10-15&limit=200`;
    const res = await get(url);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{
      id: string;
      themes: Array<{ id: string }>;
      sentiment: { label: string };
      scores: { nps: number };
      touchpointId: string;
      occurredAt: string;
    }>;
    const [expected] = await ctx.db.sql<{ n: number }[]>`
      select count(*)::int as n from feedback
      where org_id = ${acme.org.id} and enrichment -> 'themeIds' ? 'staff'
        and enrichment -> 'sentiment' ->> 'label' = 'positive' and nps between 9 and 10
        and touchpoint_id = ${fixture.touchpoint.id} and attributes ->> 'segment' = 'enterprise'
        and occurred_at >= '2026-10-01' and occurred_at < '2026-10-15'`;
    expect(expected?.n).toBeGreaterThan(0);
    expect(items).toHaveLength(expected?.n as number);
    for (const i of items) {
      expect(i.themes.map((t) => t.id)).toContain('staff');
      expect(i.sentiment.label).toBe('positive');
      expect(i.scores.nps).toBeGreaterThanOrEqual(9);
      expect(i.touchpointId).toBe(fixture.touchpoint.id);
      expect(i.occurredAt < '2026-10-15').toBe(true);
    }
  });

  it("never returns another organisation's comments", async () => {
    const mine = (await get('/api/v1/text/search?q=zanzibar')).json();
    expect(mine.items).toEqual([]);
    const theirs = (await get('/api/v1/text/search?q=zanzibar&limit=200', other)).json();
    expect(theirs.items).toHaveLength(30);
    const impact = (await get('/api/v1/text/themes/impact', other)).json();
    expect(impact.comments).toBe(30);
  });

  it('answers bad filters with problem+json naming the field', async () => {
    const range = await get('/api/v1/text/search?scoreMin=9&scoreMax=2');
    expect(range.statusCode).toBe(400);
    expect(range.json().invalid_params[0].name).toBe('query.scoreMax');
    const sentiment = await get('/api/v1/text/search?sentiment=angry');
    expect(sentiment.json().invalid_params[0].name).toBe('query.sentiment');
    const cursor = await get('/api/v1/text/search?cursor=garbage');
    expect(cursor.json().invalid_params[0].name).toBe('query.cursor');
    const segment = await get('/api/v1/text/search?segment=smb');
    expect(segment.json().invalid_params[0]).toMatchObject({ name: 'query.segment' });
  });

  it('returns comment text as plain text, exactly as stored (never rendered HTML)', async () => {
    await insertComments(ctx.db.sql, acme.org.id, null, [
      {
        text: '<script>alert(1)</script> the xylophone delivery was late <b>again</b>',
        nps: 3,
        csat: 2,
        segment: 'smb',
        atTouchpoint: false,
        day: 1,
      },
    ]);
    const res = await get('/api/v1/text/search?q=xylophone');
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.json().items[0].text).toBe(
      '<script>alert(1)</script> the xylophone delivery was late <b>again</b>',
    );
  });
});

describe('verbatims, trend and suggestions', () => {
  it('gives representative comments of a theme', async () => {
    const res = await get('/api/v1/text/themes/delivery.late/verbatims?limit=3');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.theme).toEqual({ id: 'delivery.late', name: expect.any(String) });
    expect(body.items).toHaveLength(3);
    for (const i of body.items) expect(i.themes.map((t: { id: string }) => t.id)).toContain('delivery.late');
    const negative = (await get('/api/v1/text/themes/staff/verbatims?sentiment=negative')).json();
    for (const i of negative.items) expect(i.sentiment.label).toBe('negative');
    expect((await get('/api/v1/text/themes/no-such-theme/verbatims')).statusCode).toBe(404);
    expect((await get('/api/v1/text/themes/Bad%20Id/verbatims')).json().invalid_params[0].name).toBe(
      'params.id',
    );
  });

  it('gives the weekly volume of each theme with its share of the week', async () => {
    const res = await get('/api/v1/text/themes/trend?interval=week');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const total = body.periods.reduce((a: number, p: { comments: number }) => a + p.comments, 0);
    const [stored] = await ctx.db.sql<{ n: number }[]>`
      select count(*)::int as n from feedback where org_id = ${acme.org.id} and enrichment is not null`;
    expect(total).toBe(stored?.n);
    const staff = body.themes.find((t: { theme: string }) => t.theme === 'staff');
    for (const p of staff.points) expect(p.share).toBeGreaterThan(0);
    expect(body.periods.every((p: { period: string }) => /^\d{4}-\d{2}-\d{2}$/.test(p.period))).toBe(true);
    expect((await get('/api/v1/text/themes/trend?interval=hour')).statusCode).toBe(400);
  });

  it('suggests themes from comments that no theme matched', async () => {
    const untagged = Array.from({ length: 60 }, (_, i) => ({
      text:
        i % 2 === 0
          ? `The garden terrace views were amazing, lovely terrace (${i})`
          : `Loved the music playlist, great music (${i})`,
      nps: 7,
      csat: 4,
      segment: 'smb',
      atTouchpoint: false,
      day: 3,
    }));
    await insertComments(ctx.db.sql, acme.org.id, null, untagged);
    const res = await get('/api/v1/text/themes/suggestions?k=2');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.comments).toBeGreaterThanOrEqual(60);
    const labels = body.suggestions.map((s: { terms: string[] }) => s.terms.join(' ')).join(' | ');
    expect(labels).toMatch(/terrace/);
    expect(labels).toMatch(/music/);
    expect(body.suggestions[0].examples.length).toBeGreaterThan(0);
  });
});

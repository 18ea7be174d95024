// The in-memory comment index answers theme impact, theme trend (in UTC and other zones) and theme
// verbatims exactly as the scans of comments do, for random filters (bounds off midnight, attribute pairs, themes, sentiment,
// scores), and follows what changes after it was built: new comments, their enrichment, re-tags (caught
// up in place) and edits of analysed columns (rebuilt). Theme trend with bounds off local midnight reads
// the rollup for the whole days and comments for the edges, with the scan's answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/platform/db/index.js';
import { mulberry32 } from '../../src/shared/random.js';
import {
  type CommentFilter,
  commentIndexStats,
  configureCommentIndex,
  getThemeImpact,
  getThemeVolumeTrend,
  getVerbatims,
  type ImpactMeasure,
  type StoredTheme,
  tagFeedbackThemes,
  themeAspects,
  warmCommentIndex,
} from '../../src/understand/comments/index.js';
import { saveRollupSettings } from '../../src/understand/sums/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createTestOrg, createTestSurvey, insertFeedback } from '../support/factories.js';

let db: TestDatabase;
let sql: Sql;
let orgId: string;
let otherOrg: string;
let touchpoints: string[];
let surveyId: string;
let ids: string[] = [];
const rand = mulberry32(20261204);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
const THEMES = ['delivery', 'delivery.late', 'price', 'staff', 'refund', 'app'];
const TEXTS = [
  'The delivery was late again, and nobody called to say when it would come.',
  'Staff were lovely but the refund took six weeks.',
  'Too expensive.',
  'The app keeps crashing whenever I try to pay for my order with a card.',
  'All fine.',
  "Refunds are slow; I don't get why a refund takes a month. Refund me!",
  'The e-mail receipt never came, the app showed the price twice, the price was wrong.',
  'Late, late, late: the delivery was late and the driver was rude to staff at the door.',
];
// Word filters in web-search syntax: one word, another case, stemmed forms ('simple' config: none match
// each other), two words, phrases (quoted; hyphenated and apostrophe words parse as phrases), negation,
// or, a word no comment has, words only of punctuation (no lexeme: nothing matches).
const WORDS = [
  'refund',
  'REFUND',
  'refunds',
  'refunded',
  'late delivery',
  '"delivery was late"',
  '"late late"',
  '"the price"',
  "don't",
  'e-mail',
  'app -crashing',
  'staff or price',
  '-late',
  'refund or -late',
  '-"the delivery"',
  'zzyzx',
  '!!!',
  'the the',
];
const MEASURES: ImpactMeasure[] = ['nps', 'csat', 'ces', 'rating'];
const START = Date.UTC(2026, 6, 1);
const DAYS = 120;

function randomEnrichment() {
  if (rand() < 0.05) return { skipped: 'empty', themes: [], themeIds: [] };
  const ids = THEMES.filter(() => rand() < 0.3);
  const themes: StoredTheme[] = ids.map((id) => ({
    id,
    name: id,
    mentions: 1 + Math.floor(rand() * 3),
    source: 'rules',
    ...(rand() < 0.8 ? { sentiment: Math.round((rand() * 2 - 1) * 1000) / 1000 } : {}),
  }));
  // Rows written by older code may lack mentions (verbatims sort them first, as SQL sorts nulls).
  for (const t of themes) if (rand() < 0.1) delete (t as Partial<StoredTheme>).mentions;
  const label = pick(['positive', 'neutral', 'negative']);
  return {
    revision: 1,
    sentiment: { label, score: 0.5 },
    themes,
    themeIds: ids,
    ...(rand() < 0.6 ? { themeAspects: themeAspects(themes, ids) } : {}),
  };
}

/** Random comments: times to the millisecond, contact attributes plan and region (sometimes absent). */
async function insertRandom(org: string, n: number, placed = true): Promise<string[]> {
  return insertFeedback(
    sql,
    org,
    Array.from({ length: n }, () => ({
      touchpointId: placed && rand() < 0.8 ? pick(touchpoints) : null,
      surveyId: placed && rand() < 0.5 ? surveyId : null,
      channel: pick(['web', 'email', 'phone']),
      occurredAt: new Date(START + Math.floor(rand() * DAYS * 86_400_000)),
      nps: rand() < 0.7 ? Math.floor(rand() * 11) : null,
      csat: rand() < 0.5 ? 1 + Math.floor(rand() * 5) : null,
      ces: rand() < 0.4 ? 1 + Math.floor(rand() * 7) : null,
      rating: rand() < 0.4 ? Math.round(rand() * 1000) / 1000 : null,
      text: rand() < 0.9 ? pick(TEXTS) : null,
      attributes: {
        ...(rand() < 0.9 ? { plan: pick(['free', 'pro', 'team']) } : {}),
        ...(rand() < 0.9 ? { region: pick(['north', 'south', 'east', 'west']) } : {}),
      },
    })),
  );
}

async function enrichRandom(which: readonly string[]) {
  const rows = which.map((id) => ({ id, enrichment: randomEnrichment() }));
  await sql`
    update feedback f set enrichment = x.enrichment
    from jsonb_to_recordset(${sql.json(rows as never)}::jsonb) as x(id uuid, enrichment jsonb)
    where f.id = x.id`;
}

/** A bound anywhere in the range, to the millisecond (almost never a midnight). */
const instant = () => new Date(START + Math.floor(rand() * DAYS * 86_400_000));

function randomFilter(): CommentFilter {
  const f: CommentFilter = {};
  if (rand() < 0.2) f.touchpointId = pick(touchpoints);
  if (rand() < 0.15) f.surveyId = surveyId;
  if (rand() < 0.3) f.channel = pick(['web', 'email', 'phone', 'fax']);
  if (rand() < 0.5) {
    const [a, b] = [instant(), instant()].sort((x, y) => x.getTime() - y.getTime()) as [Date, Date];
    if (rand() < 0.8) f.from = a;
    if (rand() < 0.6 && b.getTime() > a.getTime()) f.to = b;
  }
  const r = rand();
  if (r < 0.3) f.attributes = { plan: pick(['free', 'pro', 'team']), region: pick(['north', 'south']) };
  else if (r < 0.5) f.attributes = { plan: pick(['pro', 'enterprise']) };
  if (rand() < 0.15) f.theme = pick([...THEMES, 'unknown']);
  if (rand() < 0.15) f.sentiment = pick(['positive', 'neutral', 'negative']);
  if (rand() < 0.15) {
    const metric = pick(['nps', 'csat', 'ces', 'rating'] as const);
    f.score = metric === 'rating' ? { metric, min: 0.25, max: 0.8 } : { metric, min: 3 };
  }
  return f;
}

/** `actual` equals `expected`, numbers within 1e-9 relative (integers exactly). */
function expectClose(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Number.isInteger(expected) && Number.isInteger(actual)) {
      expect(actual, path).toBe(expected);
      return;
    }
    const tolerance = 1e-9 * Math.max(Math.abs(expected), Math.abs(actual), 1e-300);
    expect(Math.abs(actual - expected) <= tolerance, `${path}: ${actual} vs ${expected}`).toBe(true);
    return;
  }
  if (expected && typeof expected === 'object' && actual && typeof actual === 'object') {
    expect(Object.keys(actual).sort(), path).toEqual(Object.keys(expected).sort());
    for (const k of Object.keys(expected))
      expectClose(
        (actual as Record<string, unknown>)[k],
        (expected as Record<string, unknown>)[k],
        `${path}.${k}`,
      );
    return;
  }
  expect(actual, path).toEqual(expected);
}

/** Impact (every measure) and trend (every interval, in `zones`) from the index equal the scans'. */
async function expectIndexEqualsScan(filter: CommentFilter, zones = ['UTC']): Promise<void> {
  const label = JSON.stringify(filter);
  for (const measure of MEASURES) {
    const scan = await getThemeImpact(sql, orgId, measure, filter, 'raw');
    const auto = await getThemeImpact(sql, orgId, measure, filter);
    // The exact rollup still answers what it can (no segment, midnight bounds): the index is next.
    if (auto.engine === 'rollup') continue;
    expect(auto.engine, label).toBe('index');
    expectClose({ ...auto, engine: 'raw' }, scan, `${label} ${measure}`);
  }
  for (const zone of zones)
    for (const interval of ['day', 'week', 'month'] as const) {
      const scan = await getThemeVolumeTrend(sql, orgId, interval, zone, filter, 'raw');
      const auto = await getThemeVolumeTrend(sql, orgId, interval, zone, filter);
      if (auto.engine === 'rollup') continue;
      expect(auto.engine, `${label} ${zone}`).toBe('index');
      expect({ ...auto, engine: 'raw' }, `${label} ${zone} ${interval}`).toEqual(scan);
    }
}

/** Verbatims of every theme for each filter: with the index, then from SQL alone. */
async function verbatims(filters: CommentFilter[]) {
  const out: unknown[] = [];
  for (const f of filters)
    for (const theme of ['price', 'delivery', 'staff'])
      out.push((await getVerbatims(sql, orgId, theme, f, 5)).items.map((c) => c.id));
  return out;
}

async function expectVerbatimsEqualSql(filters: CommentFilter[]) {
  await warmCommentIndex(sql, orgId);
  const fromIndex = await verbatims(filters);
  configureCommentIndex({ enabled: false });
  const fromSql = await verbatims(filters);
  configureCommentIndex({ enabled: true });
  await warmCommentIndex(sql, orgId);
  expect(fromIndex).toEqual(fromSql);
  expect(fromIndex.some((x) => (x as string[]).length > 0)).toBe(true);
}

beforeAll(async () => {
  db = await createTestDatabase();
  sql = db.sql;
  orgId = (await createTestOrg(sql, 'Acme')).org.id;
  otherOrg = (await createTestOrg(sql, 'Other')).org.id;
  const a = await createTestSurvey(sql, orgId);
  const b = await createTestSurvey(sql, orgId);
  touchpoints = [a.touchpoint.id, b.touchpoint.id];
  surveyId = a.survey.id;
  configureCommentIndex({ enabled: true, maxBytes: 1_073_741_824 });
  ids = await insertRandom(orgId, 1500);
  await enrichRandom(ids.slice(0, 1400));
  await insertRandom(otherOrg, 300, false).then(enrichRandom);
}, 60_000);
afterAll(() => db.drop());

describe('comment index', () => {
  it('answers impact, trend and verbatims as the scans do, for random filter combinations', async () => {
    expect(await warmCommentIndex(sql, orgId)).toBe(true);
    const filters = Array.from({ length: 40 }, randomFilter);
    filters.push(
      { attributes: { plan: 'pro', region: 'north' } },
      { from: new Date(START + 9 * 86_400_000 + 49_012_345), channel: 'web', attributes: { plan: 'pro' } },
    );
    for (const [k, f] of filters.entries())
      await expectIndexEqualsScan(f, k % 4 === 0 ? ['UTC', 'America/New_York', 'Asia/Kolkata'] : ['UTC']);
    // A zone whose clocks jump at midnight within the data (Santiago, 6 September 2026): not from the
    // index, the same answer.
    for (const f of [{}, { attributes: { plan: 'pro' } }]) {
      const scan = await getThemeVolumeTrend(sql, orgId, 'day', 'America/Santiago', f, 'raw');
      const auto = await getThemeVolumeTrend(sql, orgId, 'day', 'America/Santiago', f);
      expect(auto.engine).not.toBe('index');
      expect({ ...auto, engine: 'raw' }).toEqual(scan);
    }
    await expectVerbatimsEqualSql(filters.slice(0, 12));
  }, 120_000);

  it('answers word filters as the scans do: lexemes, case, unstemmed forms, phrases, negation, or', async () => {
    expect(await warmCommentIndex(sql, orgId)).toBe(true);
    const filters: CommentFilter[] = [];
    for (const [k, q] of WORDS.entries()) {
      filters.push({ q }, { ...randomFilter(), q });
      await expectIndexEqualsScan({ q }, k % 5 === 0 ? ['UTC', 'Asia/Kolkata'] : ['UTC']);
      await expectIndexEqualsScan({ ...randomFilter(), q });
      await expectIndexEqualsScan({ q, attributes: { plan: pick(['free', 'pro']) }, channel: 'web' });
    }
    // The words split comments: some match, some do not, and a stemmed form is a different word.
    const count = async (q: string) => (await getThemeImpact(sql, orgId, 'nps', { q })).comments;
    const all = (await getThemeImpact(sql, orgId, 'nps', {})).comments;
    expect(await count('refund')).toBeGreaterThan(0);
    expect(await count('refund')).toBeLessThan(all);
    expect(await count('refunds')).toBeGreaterThan(0);
    expect(await count('refunded')).toBe(0);
    expect(await count('zzyzx')).toBe(0);
    expect(await count('-zzyzx')).toBe(all);
    await expectVerbatimsEqualSql(filters.slice(0, 14));
  }, 180_000);

  it('follows words through new comments and text edits without a rebuild', async () => {
    expect(await warmCommentIndex(sql, orgId)).toBe(true);
    const builds = () => commentIndexStats().find((s) => s.orgId === orgId)?.builds;
    const before = builds();
    const impact = (q: string) => getThemeImpact(sql, orgId, 'nps', { q });
    expect((await impact('quokka')).comments).toBe(0);
    // A new comment with the word, enriched.
    const [fresh] = await insertFeedback(sql, orgId, [
      { occurredAt: new Date(START + 86_400_000), nps: 9, text: 'A quokka-shaped parcel arrived late.' },
    ]);
    await enrichRandom([fresh as string]);
    for (const q of ['quokka', 'quokka-shaped', '"quokka shaped parcel"', 'late -quokka'])
      await expectIndexEqualsScan({ q });
    expect((await impact('quokka')).comments).toBe(1);
    // Edits: the new comment loses the word, an old one gains it (redaction rewrites texts so).
    await sql`update feedback set text = 'A parcel arrived late.' where id = ${fresh as string}`;
    await sql`update feedback set text = 'Quokka! Quokka? The staff were a quokka.'
      where id = any(${ids.slice(10, 13)}::uuid[]) and text is not null`;
    for (const q of ['quokka', 'parcel', 'late -quokka', '"quokka the"', '"the staff"'])
      await expectIndexEqualsScan({ q });
    expect((await impact('parcel')).comments).toBe(1);
    expect((await impact('quokka')).comments).toBe(
      (await getThemeImpact(sql, orgId, 'nps', { q: 'quokka' }, 'raw')).comments,
    );
    await expectVerbatimsEqualSql([{ q: 'quokka' }, { q: 'late' }]);
    expect(builds()).toBe(before);
  }, 120_000);

  it('sees new comments, their enrichment and re-tags without a rebuild; rebuilds after an edit', async () => {
    const pair = { attributes: { plan: 'pro', region: 'north' } };
    const late = { from: new Date(START + 30 * 86_400_000 + 3_723_456), attributes: { plan: 'team' } };
    expect(await warmCommentIndex(sql, orgId)).toBe(true);
    const builds = () => commentIndexStats().find((s) => s.orgId === orgId)?.builds;
    const before = builds();
    const first = await getThemeImpact(sql, orgId, 'nps', pair);

    // New comments, not yet enriched, then enriched (the job runs after intake).
    const fresh = await insertRandom(orgId, 200);
    await expectIndexEqualsScan(pair);
    await enrichRandom(fresh);
    const after = await getThemeImpact(sql, orgId, 'nps', pair);
    expect(after.engine).toBe('index');
    expect(after.comments).toBeGreaterThan(first.comments);
    await expectIndexEqualsScan(pair);
    await expectIndexEqualsScan(late);

    // Re-tags: a new enrichment of old comments, and a hand tag.
    await enrichRandom(ids.slice(0, 500));
    await tagFeedbackThemes(sql, orgId, ids[3] as string, ['price', 'hand-tagged'], 'analyst');
    await expectIndexEqualsScan(pair);
    await expectIndexEqualsScan(late);
    await expectIndexEqualsScan({ theme: 'hand-tagged' });
    await expectVerbatimsEqualSql([{}, pair, late]);
    expect(builds()).toBe(before);

    // An analysed column changes: the index is dropped and rebuilt, the scan answering meanwhile.
    await sql`update feedback set attributes = attributes || '{"plan": "pro"}'
      where id = any(${ids.slice(500, 700)}::uuid[])`;
    const meanwhile = await getThemeImpact(sql, orgId, 'nps', pair);
    expect(meanwhile.engine).not.toBe('index');
    expectClose({ ...meanwhile, engine: 'raw' }, await getThemeImpact(sql, orgId, 'nps', pair, 'raw'));
    expect(await warmCommentIndex(sql, orgId)).toBe(true);
    await expectIndexEqualsScan(pair);
    expect(builds()).toBeGreaterThan(before ?? 0);
  }, 120_000);

  it('leaves an organisation past its byte budget to SQL, with the answers the index gave', async () => {
    const filters: CommentFilter[] = [
      { q: 'refund' },
      { q: '"the price"', attributes: { plan: 'pro' } },
      { q: 'late delivery', channel: 'web' },
      { attributes: { plan: 'pro', region: 'north' } },
    ];
    const answers = async () => {
      const out: unknown[] = [];
      for (const f of filters) {
        const impact = await getThemeImpact(sql, orgId, 'nps', f);
        const trend = await getThemeVolumeTrend(sql, orgId, 'week', 'UTC', f);
        out.push({ ...impact, engine: 'any' }, { ...trend, engine: 'any' }, impact.engine, trend.engine);
      }
      return out;
    };
    expect(await warmCommentIndex(sql, orgId)).toBe(true);
    const held = commentIndexStats().find((s) => s.orgId === orgId)?.bytes as number;
    const fromIndex = await answers();
    expect(fromIndex.filter((x) => x === 'index')).toHaveLength(filters.length * 2);
    // A budget a tenth below what the organisation's index holds: not built, SQL answers.
    configureCommentIndex({ maxBytes: Math.floor(held * 0.9) });
    try {
      expect(await warmCommentIndex(sql, orgId)).toBe(false);
      const fromSql = await answers();
      expect(fromSql.filter((x) => x === 'index')).toHaveLength(0);
      for (let k = 0; k < fromIndex.length; k += 4) {
        expectClose(fromSql[k], fromIndex[k], String(k));
        expect(fromSql[k + 1]).toEqual(fromIndex[k + 1]);
      }
      // Within the budget by a few bytes (as freshly built, before any query's bitmaps): built; comments
      // added past it drop it at the next read.
      configureCommentIndex({ maxBytes: 1_073_741_824 });
      expect(await warmCommentIndex(sql, orgId)).toBe(true);
      const fresh = commentIndexStats().find((s) => s.orgId === orgId)?.bytes as number;
      configureCommentIndex({ maxBytes: fresh + 64 });
      expect(await warmCommentIndex(sql, orgId)).toBe(true);
      await enrichRandom(await insertRandom(orgId, 40));
      const f = { q: 'refund' };
      const past = await getThemeImpact(sql, orgId, 'nps', f);
      expect(past.engine).not.toBe('index');
      expectClose({ ...past, engine: 'raw' }, await getThemeImpact(sql, orgId, 'nps', f, 'raw'));
      expect(commentIndexStats().find((s) => s.orgId === orgId)).toBeUndefined();
    } finally {
      configureCommentIndex({ maxBytes: 1_073_741_824 });
    }
    expect(await warmCommentIndex(sql, orgId)).toBe(true);
  }, 120_000);

  it('theme trend with bounds off local midnight: the rollup for whole days, comments at the edges', async () => {
    configureCommentIndex({ enabled: false });
    try {
      await saveRollupSettings(sql, orgId, { timeZones: ['America/New_York'], dimensions: [] });
      for (let k = 0; k < 12; k++) {
        const f = randomFilter();
        delete f.attributes;
        delete f.theme;
        delete f.sentiment;
        delete f.score;
        f.from = instant();
        // A random `to` may fall before the new `from` (an empty range, which a scan answers).
        delete f.to;
        if (rand() < 0.5)
          f.to = new Date(f.from.getTime() + Math.floor(rand() * 40 * 86_400_000) + 2 * 86_400_000);
        for (const zone of ['UTC', 'America/New_York'])
          for (const interval of ['day', 'week', 'month'] as const) {
            const scan = await getThemeVolumeTrend(sql, orgId, interval, zone, f, 'raw');
            const auto = await getThemeVolumeTrend(sql, orgId, interval, zone, f);
            expect(auto.engine, `${zone} ${JSON.stringify(f)}`).toBe('rollup');
            expect({ ...auto, engine: 'raw' }).toEqual(scan);
          }
      }
    } finally {
      configureCommentIndex({ enabled: true });
    }
  }, 120_000);
});

// The theme rollup (kept by triggers) answers theme impact and theme trend exactly as a scan of the
// comments does, through enrichment, re-enrichment, hand tags, score and place changes, deletion and
// erasure, small writes (pending deltas) and large ones, folds, and a change of rollup time zones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eraseContact } from '../../src/listen/privacy/index.js';
import type { Sql } from '../../src/platform/db/index.js';
import { mulberry32 } from '../../src/shared/random.js';
import {
  type CommentFilter,
  configureCommentIndex,
  enrichFeedback,
  getThemeImpact,
  getThemeVolumeTrend,
  type ImpactMeasure,
  type StoredTheme,
  tagFeedbackThemes,
  themeAspects,
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
const rand = mulberry32(20261203);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
const THEMES = ['delivery', 'delivery.late', 'price', 'staff', 'refund', 'app', 'x-custom'];
const TEXTS = [
  'The delivery was late again.',
  'Staff were lovely but the refund took six weeks.',
  'Too expensive for what it is.',
  'The app keeps crashing.',
  'All fine.',
];
const MEASURES: ImpactMeasure[] = ['nps', 'csat', 'ces', 'rating'];

/**
 * A random stored enrichment: themes with aspect scores (3 decimals, or none), sometimes skipped, with or
 * without themeAspects.
 */
function randomEnrichment() {
  if (rand() < 0.05) return { skipped: 'empty', themes: [], themeIds: [] };
  const ids = THEMES.filter(() => rand() < 0.25);
  const themes: StoredTheme[] = ids.map((id) => ({
    id,
    name: id,
    mentions: 1,
    source: 'rules',
    ...(rand() < 0.8 ? { sentiment: Math.round((rand() * 2 - 1) * 1000) / 1000 } : {}),
  }));
  // Sometimes the same id again, first without an aspect score: the first score that is a number counts.
  if (themes.length > 0 && rand() < 0.2) {
    const first = themes[0] as StoredTheme;
    themes.unshift({ id: first.id, name: first.id, mentions: 1, source: 'model' });
  }
  // Written by the application since 0031 (the triggers read it); older rows lack it.
  return {
    revision: 1,
    sentiment: null,
    themes,
    themeIds: ids,
    ...(rand() < 0.6 ? { themeAspects: themeAspects(themes, ids) } : {}),
  };
}

async function insertRandom(org: string, n: number, placed = true): Promise<string[]> {
  return insertFeedback(
    sql,
    org,
    Array.from({ length: n }, () => ({
      touchpointId: placed && rand() < 0.8 ? pick(touchpoints) : null,
      surveyId: placed && rand() < 0.5 ? surveyId : null,
      channel: pick(['web', 'email', 'phone']),
      occurredAt: new Date(Date.UTC(2026, 6, 1) + Math.floor(rand() * 120 * 86_400_000)),
      nps: rand() < 0.7 ? Math.floor(rand() * 11) : null,
      csat: rand() < 0.5 ? 1 + Math.floor(rand() * 5) : null,
      ces: rand() < 0.4 ? 1 + Math.floor(rand() * 7) : null,
      rating: rand() < 0.4 ? Math.round(rand() * 1000) / 1000 : null,
      text: rand() < 0.92 ? pick(TEXTS) : null,
    })),
  );
}

/** Write random enrichments to `ids` in one statement (more than 32: upserted; fewer: pending deltas). */
async function enrichRandom(ids: readonly string[]) {
  const rows = ids.map((id) => ({ id, enrichment: randomEnrichment() }));
  await sql`
    update feedback f set enrichment = x.enrichment
    from jsonb_to_recordset(${sql.json(rows as never)}::jsonb) as x(id uuid, enrichment jsonb)
    where f.id = x.id`;
}

const FILTERS = (): CommentFilter[] => [
  {},
  { touchpointId: touchpoints[0] },
  { surveyId },
  { channel: 'email' },
  { from: new Date(Date.UTC(2026, 7, 3)), to: new Date(Date.UTC(2026, 9, 14)) },
  { from: new Date(Date.UTC(2026, 6, 15)), touchpointId: touchpoints[1], channel: 'web' },
];

/** Every impact and trend answer from the rollup equals the scan's. Returns how many were compared. */
async function expectRollupEqualsScan(zones: string[] = ['UTC']): Promise<number> {
  let compared = 0;
  for (const filter of FILTERS()) {
    for (const measure of MEASURES) {
      const scan = await getThemeImpact(sql, orgId, measure, filter, 'raw');
      const rollup = await getThemeImpact(sql, orgId, measure, filter, 'rollup');
      expect(rollup.engine).toBe('rollup');
      expect({ ...rollup, engine: 'raw' }).toEqual(scan);
      compared++;
    }
    for (const zone of zones) {
      // Bounds at UTC midnights are not local midnights elsewhere (those are scanned).
      if (zone !== 'UTC' && (filter.from || filter.to)) continue;
      for (const interval of ['day', 'week', 'month'] as const) {
        const scan = await getThemeVolumeTrend(sql, orgId, interval, zone, filter, 'raw');
        const rollup = await getThemeVolumeTrend(sql, orgId, interval, zone, filter, 'rollup');
        expect({ ...rollup, engine: 'raw' }).toEqual(scan);
        compared++;
      }
    }
  }
  return compared;
}

/** `actual` equals `expected`, numbers within 1e-9 relative (integers exactly). */
function expectClose(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Number.isInteger(expected) && Number.isInteger(actual)) {
      expect(actual, path).toBe(expected);
      return;
    }
    const tolerance = 1e-9 * Math.max(Math.abs(expected), Math.abs(actual), 1e-300);
    expect(
      Math.abs(actual - expected) <= tolerance || actual === expected,
      `${path}: ${actual} vs ${expected}`,
    ).toBe(true);
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

beforeAll(async () => {
  db = await createTestDatabase();
  sql = db.sql;
  const org = await createTestOrg(sql, 'Acme');
  orgId = org.org.id;
  otherOrg = (await createTestOrg(sql, 'Other')).org.id;
  const a = await createTestSurvey(sql, orgId);
  const b = await createTestSurvey(sql, orgId);
  touchpoints = [a.touchpoint.id, b.touchpoint.id];
  surveyId = a.survey.id;
  // The rollup and the scan are compared here; the comment index has its own test.
  configureCommentIndex({ enabled: false });
}, 60_000);
afterAll(() => configureCommentIndex({ enabled: true }));
afterAll(() => db.drop());

describe('theme rollup', () => {
  it('equals the scan after enrichment, re-enrichment, edits, deletion, erasure and a zone change', async () => {
    const ids = await insertRandom(orgId, 900);
    await insertRandom(otherOrg, 200, false).then(enrichRandom);
    // Large enrichment statements (the upsert path) and many small ones (pending deltas).
    await enrichRandom(ids.slice(0, 600));
    for (let i = 600; i < 800; i += 20) await enrichRandom(ids.slice(i, i + 20));
    const first = await getThemeImpact(sql, orgId, 'nps', {}, 'rollup');
    expect(first.comments).toBeGreaterThan(300);
    expect(first.themes.length).toBeGreaterThanOrEqual(6);
    expect(first.themes.some((t) => t.aspect && t.aspect.mentions > 0)).toBe(true);
    expect(await expectRollupEqualsScan()).toBeGreaterThan(0);

    // Re-enrichment changes themes and aspect scores; the real pipeline enriches a few too.
    await enrichRandom(ids.slice(100, 500));
    for (let i = 0; i < 5; i++) await enrichRandom(ids.slice(820 + i * 10, 830 + i * 10));
    await enrichFeedback(sql, orgId, ids.slice(870, 900));
    await tagFeedbackThemes(sql, orgId, ids[870] as string, ['price', 'hand-tagged'], 'analyst');
    // Scores, time and place move; a comment loses its text.
    await sql`update feedback set nps = (nps + 3) % 11, occurred_at = occurred_at + interval '9 days'
      where id = any(${ids.slice(0, 200)}::uuid[])`;
    await sql`update feedback set touchpoint_id = ${touchpoints[1] as string}, channel = 'email'
      where id = any(${ids.slice(300, 310)}::uuid[])`;
    await sql`update feedback set text = null where id = ${ids[5] as string}`;
    await expectRollupEqualsScan();

    // Deletion, small and large, and erasure of a contact's feedback.
    await sql`delete from feedback where id = any(${ids.slice(200, 260)}::uuid[])`;
    await sql`delete from feedback where id = any(${ids.slice(260, 265)}::uuid[])`;
    const [contact] = await sql<{ id: string }[]>`
      insert into contacts (org_id, email) values (${orgId}, 'erase-me@example.com') returning id`;
    await sql`update feedback set contact_id = ${contact?.id as string} where id = any(${ids.slice(400, 450)}::uuid[])`;
    await sql.begin((tx) => eraseContact(tx, orgId, contact?.id as string));
    await expectRollupEqualsScan();

    // Folding the pending deltas moves nothing in the answers; nor does keeping another zone.
    await sql`select feedback_theme_rollup_fold()`;
    await saveRollupSettings(sql, orgId, { timeZones: ['America/New_York'], dimensions: [] });
    await expectRollupEqualsScan(['UTC', 'America/New_York']);
    const local = { from: new Date('2026-08-01T04:00:00Z'), to: new Date('2026-09-01T04:00:00Z') };
    for (const interval of ['day', 'week', 'month'] as const) {
      const scan = await getThemeVolumeTrend(sql, orgId, interval, 'America/New_York', local, 'raw');
      const rollup = await getThemeVolumeTrend(sql, orgId, interval, 'America/New_York', local, 'rollup');
      expect({ ...rollup, engine: 'raw' }).toEqual(scan);
    }
    const [{ pending }] = (await sql`
      select count(*)::int as pending from feedback_theme_rollup_delta where org_id = ${orgId}`) as unknown as [
      { pending: number },
    ];
    expect(pending).toBe(0);
  }, 120_000);

  it('falls back to the scan for filters the rollup cannot answer, and says which engine answered', async () => {
    const byTheme = await getThemeImpact(sql, orgId, 'nps', { theme: 'price' });
    expect(byTheme.engine).toBe('raw');
    // A bound off midnight: the rollup for the whole days, the edge day from comments.
    const noonFilter = { from: new Date(Date.UTC(2026, 7, 3, 12)) };
    const noon = await getThemeVolumeTrend(sql, orgId, 'week', 'UTC', noonFilter);
    expect(noon.engine).toBe('rollup');
    expect({ ...noon, engine: 'raw' }).toEqual(
      await getThemeVolumeTrend(sql, orgId, 'week', 'UTC', noonFilter, 'raw'),
    );
    expect((await getThemeImpact(sql, orgId, 'csat', { channel: 'web' })).engine).toBe('rollup');
    await expect(getThemeImpact(sql, orgId, 'nps', { q: 'refund' }, 'rollup')).rejects.toThrow(/rollup/);
    // An unkept zone is scanned.
    expect((await getThemeVolumeTrend(sql, orgId, 'day', 'Asia/Tokyo', {})).engine).toBe('raw');
  });

  it('answers bounds off midnight from the rollup and the edge days, as the scan does', async () => {
    // Some pending deltas too (small writes), beside the folded rows.
    const fresh = await insertRandom(orgId, 60);
    for (let i = 0; i < 60; i += 15) await enrichRandom(fresh.slice(i, i + 15));
    const start = Date.UTC(2026, 5, 25);
    const span = 140 * 86_400_000;
    const instant = () => new Date(start + Math.floor(rand() * span));
    const filters: CommentFilter[] = [];
    for (let i = 0; i < 14; i++) {
      const [a, b] = [instant(), instant()].sort((x, y) => x.getTime() - y.getTime()) as [Date, Date];
      const place = pick<CommentFilter>([
        {},
        { channel: 'web' },
        { touchpointId: touchpoints[0] },
        { surveyId },
      ]);
      filters.push(
        i % 3 === 0
          ? { ...place, from: a }
          : i % 3 === 1
            ? { ...place, to: b }
            : { ...place, from: a, to: b },
      );
    }
    // Within one day, and a bound on a midnight with the other off it.
    filters.push({ from: new Date(Date.UTC(2026, 7, 3, 5)), to: new Date(Date.UTC(2026, 7, 3, 20)) });
    filters.push({ from: new Date(Date.UTC(2026, 7, 3)), to: new Date(Date.UTC(2026, 8, 9, 7, 30, 0, 1)) });
    let split = 0;
    for (const filter of filters) {
      for (const measure of MEASURES) {
        const scan = await getThemeImpact(sql, orgId, measure, filter, 'raw');
        const auto = await getThemeImpact(sql, orgId, measure, filter);
        if (auto.engine === 'rollup') split++;
        // Counts are equal; sums of floats (CES, rating, aspect scores) added in another order may differ
        // in their last bits.
        expectClose({ ...auto, engine: 'raw' }, scan);
      }
    }
    // Every range holding a whole UTC day was answered by the rollup and the edges.
    const day = 86_400_000;
    const whole = filters.filter(
      (f) => !f.from || !f.to || Math.ceil(f.from.getTime() / day) < Math.floor(f.to.getTime() / day),
    );
    expect(whole.length).toBeGreaterThanOrEqual(filters.length - 2);
    expect(split).toBe(whole.length * MEASURES.length);
  }, 120_000);

  it('deleting an organisation empties its theme rollup', async () => {
    await sql`delete from organisations where id = ${otherOrg}`;
    await sql`select feedback_theme_rollup_fold()`;
    const [{ n }] = (await sql`
      select count(*)::int as n from feedback_theme_rollup where org_id = ${otherOrg} and comments <> 0`) as unknown as [
      { n: number },
    ];
    expect(Number(n)).toBe(0);
  });
});

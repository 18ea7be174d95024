// Comment search walks the newest comments first and checks channel, segment and content filters on
// the rows it reads (windows of 2,000 then 20,000 comments, then the indexes): every page, through every
// window size, equals a reference computed here from all the organisation's comments. Theme suggestions
// read the newest untagged comments through their own index and keep a clustering by its input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/platform/db/index.js';
import { mulberry32 } from '../../src/shared/random.js';
import {
  type CommentFilter,
  enrichFeedback,
  searchTextComments,
  suggestThemes,
  tagFeedbackThemes,
} from '../../src/understand/comments/index.js';
import { searchComments } from '../../src/understand/comments/queries/search-comments.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createTestOrg, insertFeedback } from '../support/factories.js';

let db: TestDatabase;
let sql: Sql;
let orgId: string;
let otherOrg: string;
const rand = mulberry32(20261204);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
const TEXTS = [
  'The delivery was late again.',
  'Staff were lovely but the refund took six weeks.',
  'Too expensive for what it is, the price went up.',
  'The app keeps crashing.',
  'All fine.',
];

interface Stored {
  id: string;
  occurredAt: Date;
  channel: string;
  attributes: Record<string, string>;
  themes: string[];
}

/** Every comment of the organisation, newest first (occurred_at, then id, descending). */
async function reference(filter: CommentFilter): Promise<string[]> {
  const all = await sql<Stored[]>`
    select id, occurred_at as "occurredAt", channel, attributes,
      coalesce(enrichment -> 'themeIds', '[]') as themes
    from feedback where org_id = ${orgId} and text is not null`;
  return all
    .filter(
      (r) =>
        (!filter.channel || r.channel === filter.channel) &&
        (!filter.from || r.occurredAt >= filter.from) &&
        (!filter.to || r.occurredAt < filter.to) &&
        (!filter.theme || r.themes.includes(filter.theme)) &&
        Object.entries(filter.attributes ?? {}).every(([k, v]) => r.attributes[k] === v),
    )
    .sort(
      (a, b) => b.occurredAt.getTime() - a.occurredAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
    )
    .map((r) => r.id);
}

beforeAll(async () => {
  db = await createTestDatabase();
  sql = db.sql;
  orgId = (await createTestOrg(sql, 'Acme')).org.id;
  otherOrg = (await createTestOrg(sql, 'Other')).org.id;
  const rows = (n: number) =>
    Array.from({ length: n }, () => ({
      channel: pick(['web', 'email', 'phone']),
      // Some records share an instant: the id breaks the tie.
      occurredAt: new Date(Date.UTC(2026, 8, 1) + Math.floor(rand() * 60) * 3_600_000 * 12),
      nps: Math.floor(rand() * 11),
      text: rand() < 0.85 ? pick(TEXTS) : null,
      attributes: { plan: pick(['basic', 'plus', 'pro']), region: pick(['north', 'south']) },
    }));
  const ids = await insertFeedback(sql, orgId, rows(420));
  await enrichFeedback(sql, orgId, ids);
  const others = await insertFeedback(sql, otherOrg, rows(80));
  await enrichFeedback(sql, otherOrg, others);
}, 60_000);
afterAll(() => db.drop());

const FILTERS: CommentFilter[] = [
  {},
  { channel: 'web' },
  { attributes: { plan: 'pro', region: 'north' } },
  { channel: 'email', attributes: { plan: 'basic' } },
  { from: new Date('2026-09-05T13:37:12.345Z'), channel: 'phone', attributes: { plan: 'plus' } },
  { theme: 'delivery', attributes: { region: 'south' } },
  // Nothing matches.
  { attributes: { plan: 'none' } },
];

describe('comment search with channel and segment filters', () => {
  it('pages through exactly the reference rows, newest first', async () => {
    for (const filter of FILTERS) {
      const expected = await reference(filter);
      const got: string[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 100; i++) {
        const page = await searchTextComments(sql, orgId, filter, { limit: 9, cursor });
        got.push(...page.items.map((r) => r.id));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(got, JSON.stringify(filter)).toEqual(expected);
    }
    expect((await reference(FILTERS[2] as CommentFilter)).length).toBeGreaterThan(9);
  });

  it('gives the same rows from any window that holds a page, and from the indexes', async () => {
    for (const filter of FILTERS) {
      const expected = (await reference(filter)).slice(0, 6);
      const full = await searchComments(sql, orgId, filter, { limit: 6 });
      expect(full.map((r) => r.id)).toEqual(expected);
      for (const window of [3, 17, 60, 2_000]) {
        const rows = await searchComments(sql, orgId, filter, { limit: 6, window });
        // A window holds the newest `window` comments of the dates: its matches are the first ones overall.
        expect(
          rows.map((r) => r.id),
          `${JSON.stringify(filter)} window ${window}`,
        ).toEqual(expected.slice(0, rows.length));
      }
    }
  });
});

describe('theme suggestions', () => {
  it('cluster the newest untagged comments, again from memory, and follow re-tagging', async () => {
    const untagged = await insertFeedback(
      sql,
      orgId,
      Array.from({ length: 60 }, (_, i) => ({
        occurredAt: new Date(Date.UTC(2026, 9, 1) + i * 60_000),
        text:
          i % 2 === 0
            ? `The garden terrace views were amazing, lovely terrace (${i})`
            : `Loved the music playlist, great music (${i})`,
        attributes: { plan: 'pro' },
      })),
    );
    await enrichFeedback(sql, orgId, untagged);
    const [{ n }] = (await sql`
      select count(*)::int as n from feedback where org_id = ${orgId} and text is not null
        and enrichment is not null and enrichment ->> 'skipped' is null
        and jsonb_array_length(enrichment -> 'themeIds') = 0`) as unknown as [{ n: number }];
    expect(n).toBeGreaterThanOrEqual(60);
    const first = await suggestThemes(sql, orgId, {}, 2);
    expect(first.comments).toBe(n);
    const labels = first.suggestions.map((s) => s.terms.join(' ')).join(' | ');
    expect(labels).toMatch(/terrace/);
    expect(labels).toMatch(/music/);
    // The same comments: the same answer (kept), and a copy (changing it changes nothing kept).
    const again = await suggestThemes(sql, orgId, {}, 2);
    expect(again).toEqual(first);
    (again.suggestions[0] as { label: string }).label = 'changed';
    expect(await suggestThemes(sql, orgId, {}, 2)).toEqual(first);
    // Hand tags rewrite the enrichment (no analytics version moves): those comments drop out.
    for (const id of untagged.slice(0, 10)) await tagFeedbackThemes(sql, orgId, id, ['price'], 'analyst');
    const after = await suggestThemes(sql, orgId, {}, 2);
    expect(after.comments).toBe(n - 10);
    const shown = new Set(after.suggestions.flatMap((s) => s.examples.map((e) => e.id)));
    for (const id of untagged.slice(0, 10)) expect(shown.has(id)).toBe(false);
    // A filter narrows the sample; the other organisation's comments never enter it.
    const [{ m }] = (await sql`
      select count(*)::int as m from feedback where org_id = ${orgId} and text is not null
        and attributes ->> 'plan' = 'pro' and enrichment is not null and enrichment ->> 'skipped' is null
        and jsonb_array_length(enrichment -> 'themeIds') = 0`) as unknown as [{ m: number }];
    const pro = await suggestThemes(sql, orgId, { attributes: { plan: 'pro' } }, 2);
    expect(pro.comments).toBe(m);
    expect(m).toBeGreaterThanOrEqual(50);
    expect(m).toBeLessThan(n - 10);
  });
});

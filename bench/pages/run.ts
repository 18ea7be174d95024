// Pages bench: the data of /journeys, /drivers, /gaps, /text and /responses over HTTP (app.inject) with 0-3
// filters at 1 M feedback records (--rows), beside a plain SQL aggregate over the same filtered records.
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { type SegmentRule, segmentCondition, warmContactIndex } from '../../src/listen/contacts/index.js';
import { createApiKey } from '../../src/platform/auth/index.js';
import { connect } from '../../src/platform/db/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { buildApp } from '../../src/server/index.js';
import { warmAnswerStore } from '../../src/understand/answers/index.js';
import { warmCommentIndex } from '../../src/understand/comments/index.js';
import { generate, START } from '../analytics/generate.js';
import { createScratch, dropScratch } from '../analytics/setup.js';
import { loadPagesOrg, SEGMENT_RULES } from './load.js';
import { close, ids, timed, withDatabase } from './measure.js';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? def) : def;
};
const ROWS = Number(opt('rows', '1000000'));
const REPS = Number(opt('reps', '20'));
const ADMIN_URL = opt('url', process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const DB = opt('db', 'northstar_bench_pages');
const KEEP = args.includes('--keep') || args.includes('--reuse');
const REUSE = args.includes('--reuse');
const ONLY = opt('only', '');
const SERVED_REPS = Number(opt('served-reps', '5'));
/** Keep the computed answers in a file, or compare them with a kept file (same database). */
const SAVE = opt('save-answers', '');
const CHECK = opt('check-answers', '');
const saved: Record<string, unknown> = {};
const checked: Record<string, unknown> = CHECK ? JSON.parse(readFileSync(CHECK, 'utf8')) : {};
const END = START + 730 * 86_400_000;

type Level = { name: string; q: Record<string, string> };

const sql = REUSE
  ? connect(withDatabase(ADMIN_URL, DB), 8)
  : await (async () => {
      const s = await createScratch(ADMIN_URL, DB, 8);
      const g = performance.now();
      const c = generate(ROWS);
      console.log(
        `generated ${ROWS.toLocaleString('en')} rows in ${((performance.now() - g) / 1000).toFixed(1)} s`,
      );
      await loadPagesOrg(s, c);
      return s;
    })();
try {
  if (args.includes('--load-only')) process.exit(0);
  const o = await ids(sql);
  const { key } = await createApiKey(sql, o.orgId, 'bench', { role: 'admin' });
  const headers = { authorization: `Bearer ${key}` };
  const app = await buildApp({ sql, logger: createLogger('error'), rateLimitPerMinute: 100_000_000 });
  const from = new Date(END - 90 * 86_400_000 + 13 * 3600_000 + 37 * 60_000 + 12_345).toISOString();
  const levels: Level[] = [
    { name: '0', q: {} },
    { name: '1 date', q: { from } },
    { name: '2 date+channel', q: { from, channel: 'web' } },
    { name: '3 date+channel+plan', q: { from, channel: 'web', 'attr.plan': 'pro' } },
    {
      name: '3 plan+region+device',
      q: { 'attr.plan': 'pro', 'attr.region': 'north', 'meta.device': 'mobile' },
    },
  ];
  // The audience previews' plain SQL: the count and the first 20 of the rules' condition (as before 0039).
  const EVERYONE: SegmentRule = {
    any: [
      { field: 'email', op: 'exists' },
      { field: 'email', op: 'not_exists' },
    ],
  };
  const plainPreview = async (rules: SegmentRule) => {
    const where = segmentCondition(sql, rules);
    await sql`select count(*)::int as n from contacts c where c.org_id = ${o.orgId} and ${where}`;
    return sql`select c.id, c.email, c.external_id from contacts c where c.org_id = ${o.orgId} and ${where}
      order by c.id limit 20`;
  };
  // What each filter means for routes that take fewer kinds (the responses list has no attribute filters;
  // the text routes no metadata): the closest the page offers.
  const only = (keys: string[]) => (l: Level) =>
    Object.fromEntries(Object.entries(l.q).filter(([k]) => keys.some((x) => k === x || k.startsWith(x))));
  const slice = (l: Level) => l.q;
  const text = only(['from', 'channel', 'attr.', 'touchpoint']);
  const list = (l: Level) => {
    const q = only(['from', 'channel'])(l);
    if (l.name.startsWith('3')) q.touchpoint = o.touchpoint3;
    return q;
  };
  const moversRange = (l: Level) => ({
    ...slice(l),
    from: l.q.from ?? new Date(END - 30 * 86_400_000).toISOString(),
    to: new Date(END).toISOString(),
  });
  const requests: Array<{
    page: string;
    label: string;
    path: string;
    q: (l: Level) => Record<string, string>;
    /** The filter levels it runs at, where the route takes fewer filters than the levels set (default all). */
    at?: string[];
    /** A POST with this JSON body (default a GET). */
    body?: unknown;
    /** Its own same-run baseline instead of the feedback aggregate (the audience previews: the plain SQL count). */
    baseline?: () => Promise<unknown>;
  }> = [
    {
      page: 'journeys',
      label: 'scores by touchpoint (nps)',
      path: '/api/v1/scores',
      q: (l) => ({ metric: 'nps', groupBy: 'touchpoint', ...slice(l) }),
    },
    {
      page: 'journeys',
      label: 'scores by touchpoint x week',
      path: '/api/v1/scores',
      q: (l) => ({ metric: 'nps', groupBy: 'touchpoint', interval: 'week', ...slice(l) }),
    },
    {
      page: 'journeys',
      label: 'movers by touchpoint',
      path: '/api/v1/analytics/movers',
      q: (l) => ({ metric: 'nps', by: 'touchpoint', limit: '50', ...moversRange(l) }),
    },
    {
      page: 'drivers',
      label: 'drivers, survey items',
      path: '/api/v1/analytics/drivers',
      q: (l) => ({ source: 'survey', survey: o.survey, outcome: 'nps', ...slice(l) }),
    },
    {
      page: 'drivers',
      label: 'drivers, touchpoints per contact',
      path: '/api/v1/analytics/drivers',
      q: (l) => ({
        source: 'touchpoints',
        outcome: `survey:${o.survey}`,
        metric: 'csat',
        journey: o.journeyId,
        ...slice(l),
      }),
    },
    {
      page: 'gaps',
      label: 'delivery gap',
      path: '/api/v1/analytics/delivery-gap',
      q: (l) => ({ survey: o.survey, ...slice(l) }),
    },
    {
      page: 'gaps',
      label: 'expectation gap',
      path: '/api/v1/analytics/expectation-gap',
      q: (l) => ({ survey: o.survey, ...slice(l) }),
    },
    {
      page: 'gaps',
      label: 'importance-performance',
      path: '/api/v1/analytics/ipa',
      q: (l) => ({ survey: o.survey, ...slice(l) }),
    },
    {
      page: 'text',
      label: 'theme impact',
      path: '/api/v1/text/themes/impact',
      q: (l) => ({ metric: 'nps', ...text(l) }),
    },
    {
      page: 'text',
      label: 'verbatims (search, no term)',
      path: '/api/v1/text/search',
      q: (l) => ({ limit: '20', ...text(l) }),
    },
    {
      page: 'text',
      label: 'search "delivery"',
      path: '/api/v1/text/search',
      q: (l) => ({ q: 'delivery', limit: '20', ...text(l) }),
    },
    {
      page: 'text',
      label: 'search theme=price',
      path: '/api/v1/text/search',
      q: (l) => ({ theme: 'price', limit: '20', ...text(l) }),
    },
    {
      page: 'text',
      label: 'theme trend by week',
      path: '/api/v1/text/themes/trend',
      q: (l) => ({ interval: 'week', ...text(l) }),
    },
    {
      page: 'text',
      label: 'theme verbatims (price)',
      path: '/api/v1/text/themes/price/verbatims',
      q: (l) => ({ limit: '5', ...text(l) }),
    },
    { page: 'text', label: 'theme suggestions', path: '/api/v1/text/themes/suggestions', q: (l) => text(l) },
    // A word search with the page's filters: a word in about 60% of comments, two words, a phrase.
    {
      page: 'text',
      label: 'theme impact, word "the"',
      path: '/api/v1/text/themes/impact',
      q: (l) => ({ metric: 'nps', q: 'the', ...text(l) }),
    },
    {
      page: 'text',
      label: 'theme impact, words "price high"',
      path: '/api/v1/text/themes/impact',
      q: (l) => ({ metric: 'nps', q: 'price high', ...text(l) }),
    },
    {
      page: 'text',
      label: 'theme trend by week, word "the"',
      path: '/api/v1/text/themes/trend',
      q: (l) => ({ interval: 'week', q: 'the', ...text(l) }),
    },
    {
      page: 'text',
      label: 'theme trend by week, phrase "logging me out"',
      path: '/api/v1/text/themes/trend',
      q: (l) => ({ interval: 'week', q: '"logging me out"', ...text(l) }),
    },
    {
      page: 'text',
      label: 'theme impact, phrase "the app"',
      path: '/api/v1/text/themes/impact',
      q: (l) => ({ metric: 'nps', q: '"the app"', ...text(l) }),
    },
    {
      page: 'text',
      label: 'theme verbatims (price), word "the"',
      path: '/api/v1/text/themes/price/verbatims',
      q: (l) => ({ limit: '5', q: 'the', ...text(l) }),
    },
    {
      page: 'responses',
      label: 'feedback list, page 1',
      path: '/api/v1/feedback',
      q: (l) => ({ limit: '50', ...list(l) }),
    },
    {
      page: 'responses',
      label: 'feedback list, with text',
      path: '/api/v1/feedback',
      q: (l) => ({ limit: '50', hasText: 'true', ...list(l) }),
    },
    // The other pages' data: the overview (one request for its cards, trend and table), surveys (the
    // list and its response counts: scores by survey, which takes the filters though the page sends none),
    // contacts (list, everyone's count, one contact and its feedback), cases, initiatives, value and
    // programme. Routes that take no filter run unfiltered only; the satisfied defectors take dates.
    {
      page: 'overview',
      label: 'scores overview',
      path: '/api/v1/scores/overview',
      q: (l) => ({ interval: l.q.from ? 'week' : 'month', ...slice(l) }),
    },
    { page: 'surveys', label: 'surveys list', path: '/api/v1/surveys', q: () => ({}), at: ['0'] },
    {
      page: 'surveys',
      label: 'scores by survey (nps)',
      path: '/api/v1/scores',
      q: (l) => ({ metric: 'nps', groupBy: 'survey', ...slice(l) }),
    },
    ...(['csat', 'ces', 'rating'] as const).map((metric) => ({
      page: 'surveys',
      label: `scores by survey (${metric})`,
      path: '/api/v1/scores',
      q: () => ({ metric, groupBy: 'survey' }),
      at: ['0'],
    })),
    {
      page: 'contacts',
      label: 'contacts list',
      path: '/api/v1/contacts',
      q: () => ({ limit: '50' }),
      at: ['0'],
    },
    {
      page: 'contacts',
      label: 'audience preview, everyone',
      path: '/api/v1/audiences/preview',
      q: () => ({}),
      at: ['0'],
      body: { rules: EVERYONE },
      baseline: () => plainPreview(EVERYONE),
    },
    // The segment builder's live count.
    ...SEGMENT_RULES.map(([name, rules]) => ({
      page: 'contacts',
      label: `audience preview, ${name}`,
      path: '/api/v1/audiences/preview',
      q: () => ({}),
      at: ['0'],
      body: { rules },
      baseline: () => plainPreview(rules),
    })),
    {
      page: 'contacts',
      label: 'one contact',
      path: `/api/v1/contacts/${o.contact}`,
      q: () => ({}),
      at: ['0'],
    },
    {
      page: 'contacts',
      label: "a contact's feedback",
      path: '/api/v1/feedback',
      q: () => ({ contact: o.contact, limit: '10' }),
      at: ['0'],
    },
    { page: 'cases', label: 'cases inbox', path: '/api/v1/cases', q: () => ({ limit: '100' }), at: ['0'] },
    { page: 'initiatives', label: 'initiatives list', path: '/api/v1/initiatives', q: () => ({}), at: ['0'] },
    {
      page: 'value',
      label: 'value summary',
      path: '/api/v1/value/summary',
      q: () => ({ metric: 'nps', window: '180d', outcome: 'order' }),
      at: ['0'],
    },
    {
      page: 'value',
      label: 'satisfied defectors',
      path: '/api/v1/value/satisfied-defectors',
      // An explicit end (the data's): by default the period ends now, which moves between two runs.
      q: (l) => ({ ...only(['from'])(l), to: new Date(END).toISOString() }),
      at: ['0', '1 date'],
    },
    {
      page: 'value',
      label: 'revenue at risk by theme',
      path: '/api/v1/value/revenue-at-risk',
      q: () => ({ by: 'theme' }),
      at: ['0'],
    },
    { page: 'value', label: 'churn risk', path: '/api/v1/churn/risk', q: () => ({ limit: '10' }), at: ['0'] },
    { page: 'value', label: 'initiative ROI', path: '/api/v1/value/initiatives', q: () => ({}), at: ['0'] },
    { page: 'programme', label: 'maturity', path: '/api/v1/programme/maturity', q: () => ({}), at: ['0'] },
  ];
  const get = async (path: string, q: Record<string, string>, body?: unknown) => {
    const res = await app.inject({
      method: body === undefined ? 'GET' : 'POST',
      url: `${path}?${new URLSearchParams(q)}`,
      headers,
      ...(body === undefined ? {} : { payload: body as object }),
    });
    if (res.statusCode >= 500)
      throw new Error(`${path} ${JSON.stringify(q)}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    return res.statusCode === 200
      ? res.body
      : `{"status":${res.statusCode},"detail":${JSON.stringify(res.json().detail)}}`;
  };
  // The answer without the engine that computed it (raw SQL until the organisation's in-memory index has loaded).
  const answer = (body: unknown) => {
    const { engine: _engine, ...rest } = JSON.parse(body as string) as Record<string, unknown>;
    return rest;
  };
  // Let the in-memory analytics index load (in the background, on the first score read it could answer):
  // the journeys' score reads and the drivers across touchpoints read it. A new analytics version
  // before each run (here and below): every answer is computed, none served from memory.
  const bump = () => sql`
    insert into analytics_versions as v (org_id, shard, n) values (${o.orgId}, 15, 1)
    on conflict (org_id, shard) do update set n = v.n + 1`;
  const waitMs = ONLY && !/journeys|drivers|touchpoints|overview|surveys|programme/.test(ONLY) ? 0 : 300_000;
  for (let t = performance.now(); performance.now() - t < waitMs; ) {
    await bump(); // else the first answer (from SQL) is served again, kept by the version
    const { engine } = JSON.parse(await get('/api/v1/scores', { metric: 'nps', from }));
    if (engine === 'index') break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  // Load the survey answer stores the drivers and gaps pages read (they load in the background on a
  // first read, SQL answering meanwhile): the survey and its mirror.
  if (!ONLY || ONLY.includes('drivers') || ONLY.includes('gaps')) {
    const t = performance.now();
    const mirrors = await sql<
      { id: string }[]
    >`select id from surveys where org_id = ${o.orgId} and mirror_of = ${o.survey}`;
    for (const id of [o.survey, ...mirrors.map((m) => m.id)]) await warmAnswerStore(sql, o.orgId, id);
    console.log(`answer stores loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  // The organisation's comment index, as a server has it once the first comment read built it.
  await warmCommentIndex(sql, o.orgId);
  // The organisation's contact index, as a server has it once the first segment count built it.
  if (!ONLY || /audience/.test(ONLY)) {
    const t = performance.now();
    await warmContactIndex(sql, o.orgId);
    console.log(`contact index loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const none = async () => undefined;
  // The same-run baseline: a plain SQL aggregate over the records the filter keeps.
  const baseline = (l: Level) => {
    const q = l.q;
    return sql`select count(*)::int as n, avg(nps)::float8 as nps from feedback where org_id = ${o.orgId}
      ${q.from ? sql`and occurred_at >= ${q.from}` : sql``}
      ${q.channel ? sql`and channel = ${q.channel}` : sql``}
      ${q['attr.plan'] ? sql`and attributes ->> 'plan' = ${q['attr.plan']}` : sql``}
      ${q['attr.region'] ? sql`and attributes ->> 'region' = ${q['attr.region']}` : sql``}
      ${q['meta.device'] ? sql`and metadata ->> 'device' = ${q['meta.device']}` : sql``}`;
  };
  const bare = await timed(REPS, none, () => get('/api/v1/journeys', {}));
  console.log(
    `\n${ROWS.toLocaleString('en')} feedback records; ${REPS} warm runs each; load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}; ` +
      `bare handler (GET /api/v1/journeys) p50 ${bare.p50.toFixed(1)} / p95 ${bare.p95.toFixed(1)} ms\n`,
  );
  console.log(
    `| page | request | filters | computed p50 / p95 ms | served p50 / p95 ms | plain SQL p50 / p95 ms | computed p95 / SQL p95 | same answer${CHECK ? ' (and as kept)' : ''} |`,
  );
  console.log('|---|---|---|---|---|---|---|---|');
  const base = new Map<string, { p50: number; p95: number }>();
  let over = 0;
  for (const r of requests) {
    if (ONLY && !ONLY.split(',').some((o) => r.page.includes(o) || r.label.includes(o))) continue;
    for (const l of levels) {
      if (r.at && !r.at.includes(l.name)) continue;
      const q = r.q(l);
      const baseKey = r.baseline ? r.label : l.name;
      let b = base.get(baseKey);
      if (!b) {
        const plain = r.baseline ?? (() => baseline(l));
        b = await timed(Math.max(3, Math.floor(REPS / 4)), none, plain);
        base.set(baseKey, b);
      }
      const computed = await timed(REPS, bump, () => get(r.path, q, r.body));
      const served = await timed(SERVED_REPS, none, () => get(r.path, q, r.body));
      const id = `${r.page} | ${r.label} | ${l.name}`;
      if (SAVE) {
        saved[id] = answer(computed.first);
        // Kept after every row: at 10 M records a run takes long enough to be cut short.
        writeFileSync(SAVE, JSON.stringify(saved));
      }
      const same =
        close(answer(computed.first), answer(served.first)) &&
        (!CHECK || close(answer(computed.first), checked[id]));
      const refused = (JSON.parse(computed.first as string) as { status?: number }).status;
      if (computed.p95 > 100) over++;
      console.log(
        `| ${r.page} | ${r.label}${refused ? ` (answers ${refused})` : ''} | ${l.name} | ${computed.p50.toFixed(1)} / ${computed.p95 > 100 ? `**${computed.p95.toFixed(1)}**` : computed.p95.toFixed(1)} | ` +
          `${served.p50.toFixed(1)} / ${served.p95.toFixed(1)} | ${b.p50.toFixed(1)} / ${b.p95.toFixed(1)} | ${(computed.p95 / b.p95).toFixed(2)} | ${same ? 'yes' : 'NO'} |`,
      );
      if (!same) process.exitCode = 1;
    }
  }
  if (SAVE) writeFileSync(SAVE, JSON.stringify(saved));
  console.log(
    `\nload average after: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}; ${over} rows over 100 ms p95 (computed)`,
  );
  await app.close();
} finally {
  await sql.end();
  if (!KEEP) await dropScratch(ADMIN_URL, DB);
}

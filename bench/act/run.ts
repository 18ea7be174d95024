// Act benchmarks: (1) what case rules add to a single submission — the same submissions to an
// organisation without rules and to one with three rules and a webhook, in alternating rounds of one
// run; (2) the inbox: GET /api/v1/cases over 10,000 open cases, p95 through the HTTP layer in process.
// `npm run bench -- act [submissions per round] [rounds]`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCaseRule, createTeam, createWebhook, processCaseIntake } from '../../src/act/index.js';
import { createJourney, createSurvey, createTouchpoint, submitResponse } from '../../src/listen/index.js';
import { createApiKey } from '../../src/platform/auth/index.js';
import { openDatabase } from '../../src/platform/db/index.js';
import { JobQueue } from '../../src/platform/jobs/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { createOrganisation } from '../../src/platform/tenancy/index.js';
import { buildApp } from '../../src/server/index.js';

const PER_ROUND = Number(process.argv[2] ?? 400);
const ROUNDS = Number(process.argv[3] ?? 6);
const CONCURRENCY = 16;
const OPEN_CASES = 10_000;

const dataDir = mkdtempSync(path.join(tmpdir(), 'northstar-bench-act-'));
const log = createLogger('error');
const db = await openDatabase({ databaseUrl: undefined, dataDir, dbPoolSize: 20 }, log);
const sql = db.sql;
const jobs = new JobQueue({ sql, log, maintenance: false });

async function orgWithSurvey(name: string) {
  const org = await createOrganisation(sql, { slug: name.toLowerCase(), name });
  const journey = await createJourney(sql, org.id, { name: 'Main', stages: ['support'] });
  const touchpoint = await createTouchpoint(sql, org.id, {
    journeyId: journey.id,
    stageId: journey.stages[0]?.id ?? null,
    name: 'Phone',
    channel: 'phone',
  });
  const survey = await createSurvey(sql, org.id, {
    name: 'NPS',
    touchpointId: touchpoint.id,
    definition: {
      title: { en: 'NPS' },
      questions: [
        { id: 'nps', type: 'nps', text: { en: 'Recommend?' }, required: true },
        { id: 'why', type: 'text', text: { en: 'Why?' } },
      ],
    },
  });
  return { orgId: org.id, surveyId: survey.id, touchpointId: touchpoint.id };
}

const plain = await orgWithSurvey('Plain');
const ruled = await orgWithSurvey('Ruled');
const team = await createTeam(sql, ruled.orgId, { name: 'Support', touchpointIds: [ruled.touchpointId] });
for (const [i, when] of [
  { metric: 'nps' as const, atMost: 6 },
  { keywords: ['refund', 'lawyer'] },
  { metric: 'csat' as const, atMost: 2 },
].entries()) {
  await createCaseRule(sql, ruled.orgId, {
    name: `Rule ${i}`,
    when,
    assign: { teamId: team.id, strategy: 'round_robin' },
    priority: 'high',
    slaHours: 24,
    enabled: true,
  });
}
process.env.NORTHSTAR_WEBHOOK_ALLOW_PRIVATE = 'true';
await createWebhook(sql, ruled.orgId, {
  url: 'http://127.0.0.1:9/hook',
  events: ['case.created', 'feedback.created'],
});

let k = 0;
async function round(target: { orgId: string; surveyId: string }): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < PER_ROUND) {
        next++;
        k++;
        await submitResponse(sql, target.orgId, target.surveyId, {
          answers: { nps: k % 11, why: k % 3 === 0 ? 'The refund took weeks' : 'Fine' },
          channel: 'api',
        });
      }
    }),
  );
  return (PER_ROUND / (performance.now() - t0)) * 1000;
}

// Warm both paths, then alternate so that drift (autovacuum, cache) hits both alike.
await round(plain);
await round(ruled);
const rates = { plain: [] as number[], ruled: [] as number[] };
for (let r = 0; r < ROUNDS; r++) {
  rates.plain.push(await round(plain));
  rates.ruled.push(await round(ruled));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p = median(rates.plain);
const q = median(rates.ruled);
console.log(`single submissions, ${CONCURRENCY} concurrent, ${ROUNDS} alternating rounds of ${PER_ROUND}:`);
console.log(`  without rules  ${p.toFixed(0)}/s`);
console.log(
  `  with 3 rules + webhook  ${q.toFixed(0)}/s  (cost per submission ${p / q - 1 >= 0 ? '+' : ''}${((p / q - 1) * 100).toFixed(1)}%)`,
);

// The evaluation itself runs in the worker, after commit.
const waiting = (
  await sql<{ n: number }[]>`select count(*)::int as n from case_intake where org_id = ${ruled.orgId}`
)[0]!.n;
const e0 = performance.now();
while ((await processCaseIntake(sql, jobs, { orgId: ruled.orgId, limit: 200 })) > 0);
const evalS = (performance.now() - e0) / 1000;
const opened = (
  await sql<{ n: number }[]>`select count(*)::int as n from cases where org_id = ${ruled.orgId}`
)[0]!.n;
console.log(
  `  worker: ${waiting} records evaluated in ${evalS.toFixed(2)} s (${(waiting / evalS).toFixed(0)}/s), ${opened} cases opened`,
);

// The inbox over 10,000 open cases.
const inbox = await orgWithSurvey('Inbox');
const inboxTeam = await createTeam(sql, inbox.orgId, { name: 'Care' });
await sql`
  insert into feedback (org_id, source, source_id, channel, occurred_at, nps)
  select ${inbox.orgId}, 'api', 'b-' || g, 'api', now() - make_interval(mins => g), g % 7
  from generate_series(1, ${OPEN_CASES}) g`;
await sql`
  insert into cases (org_id, feedback_id, status, priority, team_id, nps, sla_hours, due_at, breached_at, created_at)
  select f.org_id, f.id, (array['open', 'in_progress', 'waiting'])[1 + (row_number() over () % 3)::int],
    (array['low', 'normal', 'high', 'urgent'])[1 + (row_number() over () % 4)::int],
    case when row_number() over () % 2 = 0 then ${inboxTeam.id}::uuid end, f.nps, 24,
    f.occurred_at + interval '24 hours', case when row_number() over () % 5 = 0 then now() end, f.occurred_at
  from feedback f where f.org_id = ${inbox.orgId}`;
await sql`delete from case_intake`;
await sql`analyze cases`;
const { key } = await createApiKey(sql, inbox.orgId, 'bench');
const app = await buildApp({ sql, logger: log, jobs, rateLimitPerMinute: 10_000_000 });
await app.ready();
const headers = { authorization: `Bearer ${key}` };
async function p95(url: string, n = 300): Promise<number> {
  for (let i = 0; i < 20; i++) await app.inject({ method: 'GET', url, headers });
  const times: number[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res: { statusCode: number; body: string; json(): unknown } = await app.inject({
      method: 'GET',
      url: cursor ? `${url}&cursor=${cursor}` : url,
      headers,
    });
    times.push(performance.now() - t0);
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    // Walk the pages, back to the first after the last.
    cursor = (res.json() as { nextCursor: string | null }).nextCursor;
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(0.95 * times.length)]!;
}
console.log(`inbox over ${OPEN_CASES.toLocaleString('en')} open cases (GET /api/v1/cases, 50 a page, p95):`);
for (const [label, url] of [
  ['not closed', '/api/v1/cases?status=open,in_progress,waiting&limit=50'],
  ['one team', `/api/v1/cases?teamId=${inboxTeam.id}&limit=50`],
  ['breached, urgent', '/api/v1/cases?breached=true&priority=urgent&limit=50'],
] as const) {
  console.log(`  ${label.padEnd(18)} ${(await p95(url)).toFixed(1)} ms`);
}

await app.close();
await jobs.stop();
await db.close();
rmSync(dataDir, { recursive: true, force: true });

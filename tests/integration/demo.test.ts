import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrichDemoComments } from '../../src/cli/demo.js';
import {
  DEMO_CAMPAIGNS,
  DEMO_CONTACTS,
  DEMO_PULSE_TEAMS,
  DEMO_RESPONSES,
  demoIncidentMonth,
  generateDemoData,
  type LoadDemoResult,
  loadDemoData,
} from '../../src/demo/index.js';
import { createApiKey } from '../../src/platform/auth/index.js';
import { ConflictError } from '../../src/platform/errors/index.js';
import { JobQueue } from '../../src/platform/jobs/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { buildApp } from '../../src/server/index.js';
import { enrichFeedbackJob, textRerunJob } from '../../src/understand/comments/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const NOW = new Date('2026-11-23T00:00:00Z');
let db: TestDatabase;
let result: LoadDemoResult;
let loadMs = 0;
const stages: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  const started = performance.now();
  result = await loadDemoData(db.sql, {
    now: NOW,
    onProgress: (done, total, stage) => {
      expect(done).toBeLessThanOrEqual(total);
      if (stages.at(-1) !== stage) stages.push(stage);
    },
  });
  loadMs = performance.now() - started;
}, 120_000);

afterAll(async () => {
  await db?.drop();
});

describe('loadDemoData', () => {
  // Its speed is measured by `npm run bench -- demo`, not asserted here (a loaded machine would flake).
  it('reports its stages in order', () => {
    console.log(`demo load: ${(loadMs / 1000).toFixed(2)} s`);
    expect(stages).toEqual(['generate', 'structure', 'contacts', 'responses', 'feedback', 'analyze']);
  });

  it('writes the counts it reports', async () => {
    const { orgId } = result;
    expect(result.slug).toBe('demo');
    expect(result.counts).toMatchObject({
      touchpoints: 14,
      surveys: 12,
      contacts: DEMO_CONTACTS,
      responses: DEMO_RESPONSES,
      feedback: DEMO_RESPONSES,
    });
    const [row] = await db.sql<
      {
        orgs: number;
        journeys: number;
        stages: number;
        touchpoints: number;
        attributes: number;
        contacts: number;
        surveys: number;
        versions: number;
        responses: number;
        feedback: number;
        comments: number;
      }[]
    >`
      select
        (select count(*)::int from organisations where id = ${orgId} and slug = 'demo' and name = 'Northstar Demo Retail') as orgs,
        (select count(*)::int from journeys where org_id = ${orgId}) as journeys,
        (select count(*)::int from stages where org_id = ${orgId}) as stages,
        (select count(*)::int from touchpoints where org_id = ${orgId}) as touchpoints,
        (select count(*)::int from contact_attributes where org_id = ${orgId}) as attributes,
        (select count(*)::int from contacts where org_id = ${orgId}) as contacts,
        (select count(*)::int from surveys where org_id = ${orgId} and status = 'live') as surveys,
        (select count(*)::int from survey_versions where org_id = ${orgId}) as versions,
        (select count(*)::int from responses where org_id = ${orgId}) as responses,
        (select count(*)::int from feedback where org_id = ${orgId}) as feedback,
        (select count(*)::int from feedback where org_id = ${orgId} and text is not null) as comments`;
    expect(row).toEqual({
      orgs: 1,
      journeys: 1,
      stages: 5,
      touchpoints: result.counts.touchpoints,
      attributes: 5,
      contacts: result.counts.contacts,
      surveys: result.counts.surveys,
      // and the closed employee pulse: one more survey version, and its answers as feedback
      versions: result.counts.surveys + 1,
      responses: result.counts.responses,
      feedback: result.counts.feedback + DEMO_PULSE_TEAMS.reduce((n, t) => n + t.size, 0),
      comments: result.counts.comments,
    });
  });

  it('gives every response exactly one matching survey feedback record', async () => {
    const [row] = await db.sql<{ unmatched: number; mismatched: number }[]>`
      select
        (select count(*)::int from responses r
          left join (select response_id, count(*) as n from feedback where org_id = ${result.orgId} group by 1) f
            on f.response_id = r.id
          where r.org_id = ${result.orgId} and f.n is distinct from 1) as unmatched,
        (select count(*)::int from responses r join feedback f on f.org_id = r.org_id and f.response_id = r.id
          join touchpoints t on t.org_id = r.org_id and t.id = r.touchpoint_id
          where r.org_id = ${result.orgId} and (
            f.source <> 'survey' or f.source_id <> r.id::text or f.survey_id <> r.survey_id
            or f.contact_id <> r.contact_id or f.touchpoint_id <> r.touchpoint_id or f.stage_id <> t.stage_id
            or f.journey_id <> t.journey_id or f.channel <> r.channel or f.occurred_at <> r.submitted_at
            or f.nps is distinct from (r.answers->>'nps')::int or f.csat is distinct from (r.answers->>'csat')::int
            or f.ces is distinct from (r.answers->>'ces')::int or f.language <> 'en'
            or f.attributes->>'segment' is null)) as mismatched`;
    expect(row).toEqual({ unmatched: 0, mismatched: 0 });
  });

  it('stores definitions, answers, attributes and comments as written', async () => {
    const [row] = await db.sql<{ notObjects: number }[]>`
      select
        (select count(*)::int from survey_versions where org_id = ${result.orgId} and jsonb_typeof(definition) <> 'object')
        + (select count(*)::int from responses where org_id = ${result.orgId}
            and (jsonb_typeof(answers) <> 'object' or jsonb_typeof(metadata) <> 'object'))
        + (select count(*)::int from feedback where org_id = ${result.orgId}
            and (jsonb_typeof(attributes) <> 'object' or jsonb_typeof(metadata) <> 'object'))
        + (select count(*)::int from contacts where org_id = ${result.orgId} and jsonb_typeof(attributes) <> 'object')
        as "notObjects"`;
    expect(row?.notObjects).toBe(0);
    // The stored rows are exactly the generated ones (spot check: every 500th response).
    const data = generateDemoData({ seed: 42, now: NOW, slug: 'demo' });
    const sample = data.feedback.filter((_, i) => i % 500 === 0);
    const stored = await db.sql<{ id: string; text: string | null; occurredAt: Date; attributes: unknown }[]>`
      select id, text, occurred_at as "occurredAt", attributes from feedback
      where org_id = ${result.orgId} and id = any(${sample.map((f) => f.id)}::uuid[])`;
    const byId = new Map(stored.map((r) => [r.id, r]));
    for (const f of sample) {
      const r = byId.get(f.id);
      expect(r?.text).toBe(f.text);
      expect(r?.occurredAt.getTime()).toBe(f.occurredAt.getTime());
      expect(r?.attributes).toEqual(f.attributes);
    }
  });

  it('stores realistic scores and the Delivery incident, readable by plain SQL', async () => {
    const nps = (where: ReturnType<typeof db.sql>) => db.sql<{ n: number; nps: number }[]>`
      select count(*)::int as n,
        (100.0 * (count(*) filter (where nps >= 9) - count(*) filter (where nps <= 6)) / count(*))::float8 as nps
      from feedback f where org_id = ${result.orgId} and nps is not null and ${where}`;
    const [overall] = await nps(db.sql`true`);
    expect(overall?.nps).toBeGreaterThanOrEqual(30);
    expect(overall?.nps).toBeLessThanOrEqual(45);
    const { from, to } = demoIncidentMonth(NOW);
    const delivery = db.sql`touchpoint_id = (select id from touchpoints where org_id = ${result.orgId} and name = 'Delivery')`;
    const [during] = await nps(db.sql`${delivery} and occurred_at >= ${from} and occurred_at < ${to}`);
    const [usual] = await nps(db.sql`${delivery} and not (occurred_at >= ${from} and occurred_at < ${to})`);
    expect((usual?.nps ?? 0) - (during?.nps ?? 0)).toBeGreaterThan(20);
  });

  it('has its comments enriched by a background run once `northstar demo` has loaded it', async () => {
    await enrichDemoComments(db.sql, result.orgId);
    const queue = new JobQueue({ sql: db.sql, log: createLogger('silent'), maintenance: false });
    try {
      const { failed } = await queue.drain([textRerunJob, enrichFeedbackJob], 10_000);
      expect(failed).toBe(0);
    } finally {
      await queue.stop();
    }
    const [counts] = await db.sql<{ comments: number; enriched: number; delivery: number }[]>`
      select count(*)::int as comments, count(enrichment)::int as enriched,
        count(*) filter (where enrichment -> 'themeIds' ? 'delivery')::int as delivery
      from feedback where org_id = ${result.orgId} and text is not null`;
    expect(counts!.comments).toBeGreaterThan(1_000);
    expect(counts!.enriched).toBe(counts!.comments);
    expect(counts!.delivery).toBeGreaterThan(counts!.comments / 20);
    const [run] = await db.sql<{ status: string }[]>`
      select status from text_runs where org_id = ${result.orgId} order by created_at desc limit 1`;
    expect(run?.status).toBe('done');
  }, 120_000);

  it('has finished email campaigns with real response rates, served as the Distribute page reads them', async () => {
    const app = await buildApp({ sql: db.sql, logger: createLogger('silent'), checkResponses: true });
    try {
      await app.ready();
      const { key } = await createApiKey(db.sql, result.orgId, 'demo test', { role: 'viewer' });
      const get = async <T>(url: string): Promise<T> => {
        const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
        expect(res.statusCode, url).toBe(200);
        return res.json() as T;
      };
      const lists = await get<{ items: { name: string; size: number }[] }>('/api/v1/contact-lists');
      expect(lists.items.map((l) => l.name).sort()).toEqual(DEMO_CAMPAIGNS.map((c) => c.list).sort());
      const segments = await get<{ items: { name: string }[] }>('/api/v1/segments');
      expect(segments.items.map((s) => s.name)).toContain('Enterprise customers');
      const surveys = await get<{ items: { id: string; name: string }[] }>('/api/v1/surveys');
      for (const spec of DEMO_CAMPAIGNS) {
        const survey = surveys.items.find((s) => s.name === spec.survey);
        expect(survey, spec.survey).toBeDefined();
        const { items } = await get<{
          items: { name: string; status: string; launchedAt: string; counts: Record<string, number> }[];
        }>(`/api/v1/campaigns?survey=${survey!.id}`);
        expect(items).toHaveLength(1);
        const [campaign] = items;
        expect(campaign!.name).toBe(spec.name);
        expect(campaign!.status).toBe('sent');
        expect(new Date(campaign!.launchedAt).getTime()).toBeLessThan(NOW.getTime() - 30 * 86_400_000);
        const counts = campaign!.counts;
        const invited = Object.values(counts).reduce((a, b) => a + b, 0);
        expect(invited).toBe(spec.invited);
        expect(lists.items.find((l) => l.name === spec.list)?.size).toBe(spec.invited);
        expect(counts.queued ?? 0).toBe(0);
        expect(counts.bounced).toBeGreaterThan(0);
        expect(counts.opened).toBeGreaterThan(0);
        expect(counts.suppressed).toBeGreaterThan(0);
        const rates = await get<{
          items: { channel: string; invited: number; responded: number; rr1: number; rr2: number }[];
        }>(`/api/v1/response-rates?survey=${survey!.id}`);
        expect(rates.items).toHaveLength(1);
        const email = rates.items[0]!;
        expect(email.channel).toBe('email');
        expect(email.invited).toBe(spec.invited);
        expect(email.responded).toBe(counts.responded);
        // RR1 = I / every eligible or unknown case; every invitation here is one of them.
        expect(email.rr1).toBeCloseTo(counts.responded! / spec.invited, 10);
        expect(email.rr1).toBeGreaterThanOrEqual(0.2);
        expect(email.rr1).toBeLessThanOrEqual(0.35);
        expect(email.rr2).toBeGreaterThanOrEqual(email.rr1);
      }
    } finally {
      await app.close();
    }
    // Every answered invitation is a real response of that contact to that survey, after it was sent.
    const [link] = await db.sql<{ responded: number; linked: number; reminded: number }[]>`
      select count(*) filter (where i.status = 'responded')::int as responded,
        count(r.id) filter (where r.contact_id = i.contact_id and r.survey_id = i.survey_id
          and r.submitted_at >= i.sent_at and r.submitted_at = i.responded_at)::int as linked,
        count(*) filter (where i.reminders_sent > 0)::int as reminded
      from invitations i left join responses r on r.org_id = i.org_id and r.id = i.response_id
      where i.org_id = ${result.orgId}`;
    expect(link!.responded).toBeGreaterThan(0);
    expect(link!.linked).toBe(link!.responded);
    expect(link!.reminded).toBeGreaterThan(0);
    // Nothing is waiting to be sent (the loader has no job queue, and no invitation is queued), and
    // the reminder sweep finds none due: every reminder allowed was sent in the past.
    const [pending] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from invitations i join campaigns c on c.org_id = i.org_id and c.id = i.campaign_id
      where i.org_id = ${result.orgId}
        and (i.status = 'queued' or (i.status in ('sent', 'opened') and i.reminders_sent < c.max_reminders))`;
    expect(pending!.n).toBe(0);
  });

  it('refuses to load the same organisation twice and writes nothing', async () => {
    await expect(loadDemoData(db.sql, { now: NOW })).rejects.toBeInstanceOf(ConflictError);
    const [row] = await db.sql<{ n: number }[]>`select count(*)::int as n from organisations`;
    expect(row?.n).toBe(1);
  });
});

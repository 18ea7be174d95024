// Key drivers across touchpoints over a date range and under the dashboard's filters. A 90-day range in
// which no contact met every touchpoint still gives drivers (pairwise over contacts), checked against
// the pure analysis on the matrix built by hand from the answers in the range; a range with too few
// contacts is refused with the counts; and a filtered answer (channel, contact attribute, metadata)
// equals the answer of an organisation that holds only the records the filter keeps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJourney, createSurvey, createTouchpoint, upsertContact } from '../../src/listen/index.js';
import { anonymiseOldFeedback } from '../../src/listen/privacy/queries/retention.js';
import { mulberry32 as prng } from '../../src/shared/random.js';
import { analyseDrivers } from '../../src/understand/stats/index.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, submitTestResponses, type TestOrg } from '../support/factories.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
const DAY = 86_400_000;
const NOW = Date.now();
const TPS = ['alpha', 'beta', 'gamma'] as const;
type Tp = (typeof TPS)[number];

interface Org {
  org: TestOrg;
  tp: Record<Tp, string>;
  relationship: string;
}

/** An organisation with three touchpoints (a CSAT survey each) and a relationship NPS survey. */
async function setUp(name: string): Promise<Org & { surveys: Record<Tp, string> }> {
  const org = await createTestOrg(ctx.db.sql, name);
  const orgId = org.org.id;
  const journey = await createJourney(ctx.db.sql, orgId, { name: 'Life', stages: ['use', 'renew'] });
  const tp = {} as Record<Tp, string>;
  const surveys = {} as Record<Tp, string>;
  for (const t of TPS) {
    tp[t] = (
      await createTouchpoint(ctx.db.sql, orgId, { journeyId: journey.id, name: t, channel: 'web' })
    ).id;
    surveys[t] = (
      await createSurvey(ctx.db.sql, orgId, {
        name: t,
        touchpointId: tp[t],
        definition: {
          title: { en: t },
          questions: [{ id: 'csat', type: 'csat', text: { en: 'Satisfied?' } }],
        },
      })
    ).id;
  }
  const renewal = await createTouchpoint(ctx.db.sql, orgId, {
    journeyId: journey.id,
    name: 'renewal',
    channel: 'web',
  });
  const relationship = (
    await createSurvey(ctx.db.sql, orgId, {
      name: 'Relationship',
      touchpointId: renewal.id,
      definition: {
        title: { en: 'Relationship' },
        questions: [{ id: 'nps', type: 'nps', text: { en: 'Recommend?' } }],
      },
    })
  ).id;
  return { org, tp, surveys, relationship };
}

/** One answer as the fixtures write it. */
interface Answer {
  contact: number;
  at: Tp | 'relationship';
  value: number;
  when: Date;
  channel: string;
  device: string;
}

async function load(o: Awaited<ReturnType<typeof setUp>>, answers: Answer[], plans: Map<number, string>) {
  const ids = new Map<number, string>();
  for (const [c, plan] of plans) {
    const contact = await upsertContact(ctx.db.sql, o.org.org.id, {
      externalId: `c-${c}`,
      attributes: { plan },
    });
    ids.set(c, contact.id);
  }
  for (const at of [...TPS, 'relationship'] as const) {
    const items = answers
      .filter((a) => a.at === at)
      .map((a) => ({
        answers: at === 'relationship' ? { nps: a.value } : { csat: a.value },
        channel: a.channel,
        metadata: { device: a.device },
        submittedAt: a.when,
        contact: { id: ids.get(a.contact) as string },
      }));
    if (items.length > 0)
      await submitTestResponses(
        ctx.db.sql,
        o.org.org.id,
        at === 'relationship' ? o.relationship : o.surveys[at],
        items,
      );
  }
}

const drivers = async (o: Org, query: string) =>
  ctx.app.inject({
    method: 'GET',
    url: `/api/v1/analytics/drivers?source=touchpoints&metric=csat&outcome=survey:${o.relationship}&${query}`,
    headers: o.org.headers,
  });

/** Per contact: mean of the answers kept at each touchpoint (NaN: none) and mean NPS; the pure analysis. */
function reference(answers: Answer[], present: Tp[]) {
  const contacts = [...new Set(answers.map((a) => a.contact))].filter(
    (c) =>
      answers.some((a) => a.contact === c && a.at === 'relationship') &&
      answers.some((a) => a.contact === c && a.at !== 'relationship'),
  );
  const mean = (c: number, at: Answer['at']) => {
    const xs = answers.filter((a) => a.contact === c && a.at === at).map((a) => a.value);
    return xs.length === 0 ? Number.NaN : xs.reduce((s, x) => s + x, 0) / xs.length;
  };
  return analyseDrivers(
    Float64Array.from(contacts, (c) => mean(c, 'relationship')),
    present.map((t) => ({ name: t, values: Float64Array.from(contacts, (c) => mean(c, t)) })),
    { missing: 'pairwise', sparsePairs: true, minPairRows: 10 },
  );
}

let range: Awaited<ReturnType<typeof setUp>>;
const rangeAnswers: Answer[] = [];

beforeAll(async () => {
  ctx = await createTestApp();
  range = await setUp('Range');
  const rand = prng(11);
  const plans = new Map<number, string>();
  const add = (contact: number, at: Answer['at'], value: number, daysAgo: number) =>
    rangeAnswers.push({
      contact,
      at,
      value,
      when: new Date(NOW - daysAgo * DAY),
      channel: 'web',
      device: 'web',
    });
  // Long ago: 30 contacts met every touchpoint.
  for (let c = 0; c < 30; c++) {
    plans.set(c, 'basic');
    for (const t of TPS) add(c, t, 1 + Math.floor(rand() * 5), 200);
    add(c, 'relationship', Math.floor(rand() * 11), 199);
  }
  // The last 90 days: 60 contacts, none met all three (alpha+gamma, alpha+beta, beta only); NPS follows alpha.
  for (let c = 100; c < 160; c++) {
    plans.set(c, 'basic');
    const g = c % 3;
    const a = 1 + Math.floor(rand() * 5);
    const b = 1 + Math.floor(rand() * 5);
    if (g !== 2) add(c, 'alpha', a, 10 + (c % 50));
    if (g !== 0) add(c, 'beta', b, 12 + (c % 50));
    if (g === 0) add(c, 'gamma', 1 + Math.floor(rand() * 5), 11 + (c % 50));
    const nps = g === 2 ? 2 * b : 2 * a;
    add(c, 'relationship', Math.min(10, Math.max(0, nps + Math.floor(rand() * 3) - 1)), 5 + (c % 40));
  }
  await load(range, rangeAnswers, plans);
});
afterAll(() => ctx.close());

describe('key drivers across touchpoints over a date range', () => {
  it('give drivers over 90 days where no contact met every touchpoint, as the pure pairwise analysis does', async () => {
    const from = new Date(NOW - 90 * DAY + 13 * 3_600_000 + 12_345);
    const res = await drivers(range, `from=${from.toISOString()}`);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    const inRange = rangeAnswers.filter((a) => a.when >= from);
    const order = [...TPS].sort((x, y) => (range.tp[x] < range.tp[y] ? -1 : 1));
    const ref = reference(inRange, order);
    expect(r.r2).toBeCloseTo(ref.r2, 10);
    expect(r.n).toBe(ref.n);
    // beta and gamma share no contact: the smallest count behind a touchpoint is gamma's 20.
    expect(r.n).toBe(20);
    for (const t of order) {
      const got = r.drivers.find((d: { id: string }) => d.id === range.tp[t]);
      const want = ref.drivers[order.indexOf(t)];
      expect(got.shapley, t).toBeCloseTo(want?.shapley as number, 10);
      expect(got.n, t).toBe(want?.n);
    }
    expect(r.drivers.find((d: { id: string }) => d.id === range.tp.alpha).n).toBe(40);
    expect(r.method).toContain('pairwise over contacts');
  });

  it('refuses a range with too few contacts, saying how many there were and what to do', async () => {
    const from = new Date(NOW - 20 * DAY);
    const res = await drivers(range, `from=${from.toISOString()}`);
    expect(res.statusCode).toBe(400);
    const [p] = res.json().invalid_params;
    expect(p.name).toBe('query.from');
    // The page shows the detail: it says the same.
    expect(res.json().detail).toContain(p.reason);
    expect(p.reason).toMatch(
      /^\d+ contacts have the outcome in the range and filters; the touchpoint most of them met was met by \d+; a touchpoint needs 10/,
    );
  });

  it('explains that listwise needs contacts who met every touchpoint', async () => {
    const from = new Date(NOW - 90 * DAY);
    const res = await drivers(range, `from=${from.toISOString()}&missing=listwise`);
    expect(res.statusCode).toBe(400);
    expect(res.json().invalid_params[0].reason).toContain('use missing=pairwise');
  });
});

describe('key drivers across touchpoints under filters', () => {
  it('equal the answer on the filtered data for a channel, a contact attribute and a metadata key', async () => {
    const rand = prng(5);
    const all: Answer[] = [];
    const plans = new Map<number, string>();
    for (let c = 0; c < 240; c++) {
      plans.set(c, c % 2 ? 'pro' : 'basic');
      const base = 1 + Math.floor(rand() * 5);
      for (const t of TPS) {
        if (rand() < 0.25) continue;
        const v = Math.min(5, Math.max(1, base + Math.floor(rand() * 3) - 1));
        all.push({
          contact: c,
          at: t,
          value: v,
          when: new Date(NOW - (1 + c) * 3_600_000),
          channel: rand() < 0.6 ? 'web' : 'sms',
          device: rand() < 0.7 ? 'mobile' : 'desktop',
        });
      }
      all.push({
        contact: c,
        at: 'relationship',
        value: Math.min(10, 2 * base + Math.floor(rand() * 2)),
        when: new Date(NOW - c * 3_600_000),
        channel: rand() < 0.6 ? 'web' : 'sms',
        device: rand() < 0.7 ? 'mobile' : 'desktop',
      });
    }
    const full = await setUp('Full');
    await load(full, all, plans);
    const cases: Array<{ query: string; keep: (a: Answer) => boolean }> = [
      { query: 'channel=web', keep: (a) => a.channel === 'web' },
      { query: 'attr.plan=pro', keep: (a) => plans.get(a.contact) === 'pro' },
      {
        query: 'channel=web&attr.plan=pro&meta.device=mobile',
        keep: (a) => a.channel === 'web' && plans.get(a.contact) === 'pro' && a.device === 'mobile',
      },
    ];
    for (const { query, keep } of cases) {
      const kept = await setUp(`Kept ${query}`);
      await load(kept, all.filter(keep), plans);
      const filtered = await drivers(full, query);
      const onKept = await drivers(kept, '');
      expect(filtered.statusCode, filtered.body).toBe(200);
      expect(onKept.statusCode, onKept.body).toBe(200);
      const a = filtered.json();
      const b = onKept.json();
      expect(a.n, query).toBe(b.n);
      expect(a.r2, query).toBeCloseTo(b.r2, 10);
      const byLabel = (x: { drivers: Array<{ label: string; shapley: number; n: number; mean: number }> }) =>
        Object.fromEntries(x.drivers.map((d) => [d.label, d])) as Record<
          string,
          { shapley: number; n: number; mean: number }
        >;
      const da = byLabel(a);
      const db = byLabel(b);
      expect(Object.keys(da).sort(), query).toEqual(Object.keys(db).sort());
      for (const t of Object.keys(db)) {
        expect(da[t]?.shapley, `${query} ${t}`).toBeCloseTo(db[t]?.shapley as number, 10);
        expect(da[t]?.n, `${query} ${t}`).toBe(db[t]?.n);
        expect(da[t]?.mean, `${query} ${t}`).toBeCloseTo(db[t]?.mean as number, 10);
      }
      // And the filter changed the answer: it is not the unfiltered one.
      const unfiltered = (await drivers(full, '')).json();
      expect(unfiltered.n, query).not.toBe(a.n);
    }
  });
});

describe('key drivers across touchpoints kept by the analytics version', () => {
  it('answer 304 while the data holds, and anew once retention removes contact links', async () => {
    const from = new Date(NOW - 90 * DAY).toISOString();
    const first = await drivers(range, `from=${from}`);
    const tag = first.headers.etag as string;
    expect(tag).toBeTruthy();
    const again = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/analytics/drivers?source=touchpoints&metric=csat&outcome=survey:${range.relationship}&from=${from}`,
      headers: { ...range.org.headers, 'if-none-match': tag },
    });
    expect(again.statusCode).toBe(304);
    // Retention removes contact links from feedback records: an update of feedback, which moves the version.
    // Retention removes the contact links of old feedback records (here: older than 50 days).
    const unlinked = await anonymiseOldFeedback(
      ctx.db.sql,
      range.org.org.id,
      new Date(NOW - 30 * DAY),
      10_000,
    );
    expect(unlinked).toBeGreaterThan(0);
    const after = await drivers(range, `from=${from}`);
    expect(after.headers.etag).not.toBe(tag);
    // Fewer contacts are left in the range: here too few, and the answer says so instead of the kept one.
    expect(after.statusCode).toBe(400);
    expect(after.json().invalid_params[0].reason).toMatch(/contacts have the outcome/);
  });
});

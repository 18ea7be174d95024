import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkAnswers, extractMeasures, parseDefinition } from '../listen/index.js';
import {
  DEMO_CONTACTS,
  DEMO_RESPONSES,
  type DemoDataset,
  type DemoFeedback,
  demoIncidentMonth,
} from './dataset.js';
import { generateDemoData } from './generate.js';

const NOW = new Date('2026-11-23T00:00:00Z');
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function fingerprint(data: DemoDataset): string {
  // Row by row: one JSON string of the whole set would be tens of megabytes.
  const hash = createHash('sha256');
  const { contacts, responses, feedback, ...rest } = data;
  hash.update(JSON.stringify(rest));
  for (const rows of [contacts, responses, feedback])
    for (const row of rows) hash.update(JSON.stringify(row));
  return hash.digest('hex');
}

function nps(rows: readonly DemoFeedback[]): { n: number; score: number } {
  let promoters = 0;
  let detractors = 0;
  let n = 0;
  for (const r of rows) {
    if (r.nps === null) continue;
    n++;
    if (r.nps >= 9) promoters++;
    else if (r.nps <= 6) detractors++;
  }
  return { n, score: (100 * (promoters - detractors)) / n };
}

function csatTop2(rows: readonly DemoFeedback[]): number {
  const scored = rows.filter((r) => r.csat !== null);
  return scored.filter((r) => (r.csat as number) >= 4).length / scored.length;
}

function cesMean(rows: readonly DemoFeedback[]): number {
  const scored = rows.filter((r) => r.ces !== null);
  return scored.reduce((s, r) => s + (r.ces as number), 0) / scored.length;
}

let data: DemoDataset;
beforeAll(() => {
  data = generateDemoData({ seed: 42, now: NOW });
}, 30_000);

describe('generateDemoData: determinism', () => {
  it('gives identical data for the same seed and now, and different data for another seed', () => {
    const again = generateDemoData({ seed: 42, now: NOW });
    expect(fingerprint(again)).toBe(fingerprint(data));
    const other = generateDemoData({ seed: 7, now: NOW });
    expect(other.responses[0]?.id).not.toBe(data.responses[0]?.id);
    expect(other.contacts.map((c) => c.email)).not.toEqual(data.contacts.map((c) => c.email));
  }, 30_000);

  it('salts only the ids with the slug', () => {
    const renamed = generateDemoData({ seed: 42, now: NOW, slug: 'demo-2' });
    expect(renamed.surveys[0]?.id).not.toBe(data.surveys[0]?.id);
    expect(renamed.responses[0]?.id).not.toBe(data.responses[0]?.id);
    expect(renamed.responses.map((r) => r.answers)).toEqual(data.responses.map((r) => r.answers));
    expect(renamed.contacts.map((c) => c.email)).toEqual(data.contacts.map((c) => c.email));
  }, 30_000);
});

describe('generateDemoData: shape and counts', () => {
  it('has one journey, five stages in order and 10–15 touchpoints on known channels', () => {
    expect(data.journey.name).toBe('Online shopping');
    expect(data.stages.map((s) => s.name)).toEqual(['discover', 'buy', 'deliver', 'support', 'renew']);
    expect(data.touchpoints.length).toBeGreaterThanOrEqual(10);
    expect(data.touchpoints.length).toBeLessThanOrEqual(15);
    const stageIds = new Set(data.stages.map((s) => s.id));
    for (const t of data.touchpoints) {
      expect(stageIds.has(t.stageId)).toBe(true);
      expect(['web', 'email', 'app', 'phone', 'chat']).toContain(t.channel);
    }
    expect(new Set(data.touchpoints.map((t) => t.name)).size).toBe(data.touchpoints.length);
  });

  it('binds every survey to a touchpoint with a valid minimal definition', () => {
    const tpIds = new Set(data.touchpoints.map((t) => t.id));
    const types = new Set(['nps', 'csat', 'ces', 'rating', 'single_choice', 'multiple_choice', 'text']);
    for (const s of data.surveys) {
      expect(tpIds.has(s.touchpointId)).toBe(true);
      expect(s.definition.schemaVersion).toBe(1);
      expect(s.definition.defaultLanguage).toBe('en');
      expect(s.definition.title.en).toBe(s.name);
      for (const q of s.definition.questions) {
        expect(types.has(q.type)).toBe(true);
        expect(q.text.en.length).toBeGreaterThan(5);
      }
    }
    const kinds = new Set(data.surveys.flatMap((s) => s.definition.questions.map((q) => q.type)));
    for (const k of ['nps', 'csat', 'ces']) expect(kinds.has(k as never)).toBe(true);
  });

  it('makes 5,000 contacts with unique example.com emails and valid UUIDs', () => {
    expect(data.contacts).toHaveLength(DEMO_CONTACTS);
    expect(new Set(data.contacts.map((c) => c.email)).size).toBe(DEMO_CONTACTS);
    expect(new Set(data.contacts.map((c) => c.externalId)).size).toBe(DEMO_CONTACTS);
    for (const c of data.contacts) {
      expect(c.email).toMatch(/^[a-z.]+\d*@example\.com$/);
      expect(c.id).toMatch(UUID_V4);
      expect(c.attributes.signup_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(c.attributes.lifetime_value).toBeGreaterThan(0);
    }
  });

  it('gives contacts realistic segment, region and plan proportions', () => {
    const share = (pred: (c: DemoDataset['contacts'][number]) => boolean) =>
      data.contacts.filter(pred).length / data.contacts.length;
    expect(share((c) => c.attributes.segment === 'consumer')).toBeGreaterThan(0.65);
    expect(share((c) => c.attributes.segment === 'smb')).toBeGreaterThan(0.15);
    const enterprise = share((c) => c.attributes.segment === 'enterprise');
    expect(enterprise).toBeGreaterThan(0.05);
    expect(enterprise).toBeLessThan(0.12);
    for (const region of ['North', 'South', 'East', 'West', 'International']) {
      expect(share((c) => c.attributes.region === region)).toBeGreaterThan(0.1);
    }
    // Enterprise customers are never on the free plan.
    expect(share((c) => c.attributes.segment === 'enterprise' && c.attributes.plan === 'free')).toBe(0);
    expect(share((c) => c.attributes.plan === 'free')).toBeGreaterThan(0.3);
  });

  it('makes 50,000 responses, each with exactly one matching feedback record', () => {
    expect(data.responses).toHaveLength(DEMO_RESPONSES);
    expect(data.feedback).toHaveLength(DEMO_RESPONSES);
    const ids = new Set<string>();
    let mismatched = 0;
    data.responses.forEach((r, i) => {
      const f = data.feedback[i] as DemoFeedback;
      ids.add(r.id);
      ids.add(f.id);
      const same =
        f.responseId === r.id &&
        f.surveyId === r.surveyId &&
        f.contactId === r.contactId &&
        f.touchpointId === r.touchpointId &&
        f.channel === r.channel &&
        f.occurredAt.getTime() === r.submittedAt.getTime();
      if (!same) mismatched++;
    });
    expect(mismatched).toBe(0);
    expect(ids.size).toBe(2 * DEMO_RESPONSES);
    expect(data.responses[0]?.id).toMatch(UUID_V4);
  });

  it('spreads responses over 18 months ending at now, in time order, after each signup', () => {
    const signup = new Map(data.contacts.map((c) => [c.id, c.createdAt.getTime()]));
    expect(data.from.toISOString()).toBe('2025-05-23T00:00:00.000Z');
    let previous = 0;
    const months = new Set<string>();
    const problems: string[] = [];
    for (const r of data.responses) {
      const t = r.submittedAt.getTime();
      if (t < data.from.getTime() || t >= NOW.getTime()) problems.push(`${r.id}: outside the window`);
      if (t < previous) problems.push(`${r.id}: out of order`);
      if (r.startedAt.getTime() >= t) problems.push(`${r.id}: started after submitting`);
      if (t < (signup.get(r.contactId) as number)) problems.push(`${r.id}: before the contact signed up`);
      previous = t;
      months.add(r.submittedAt.toISOString().slice(0, 7));
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(months.size).toBe(19); // 18 months plus the partial month at the start
  });
});

describe('generateDemoData: answers and feedback', () => {
  it('answers every required question within its scale, and feedback copies the measures', () => {
    const surveys = new Map(data.surveys.map((s) => [s.id, s]));
    const contacts = new Map(data.contacts.map((c) => [c.id, c]));
    const ranges: Record<string, [number, number]> = {
      nps: [0, 10],
      csat: [1, 5],
      ces: [1, 7],
      rating: [1, 5],
    };
    // Plain checks collected into a list: 50,000 rows of expect() calls would take seconds.
    const problems: string[] = [];
    data.responses.forEach((r, i) => {
      const f = data.feedback[i] as DemoFeedback;
      const definition = surveys.get(r.surveyId)?.definition;
      if (!definition) throw new Error('unknown survey');
      const questionIds = new Set(definition.questions.map((q) => q.id));
      for (const key of Object.keys(r.answers))
        if (!questionIds.has(key)) problems.push(`${r.id}: stray ${key}`);
      for (const q of definition.questions) {
        const a = r.answers[q.id];
        if (a === undefined) {
          if (q.required) problems.push(`${r.id}: ${q.id} missing`);
          continue;
        }
        const range = ranges[q.type];
        if (range && !(Number.isInteger(a) && (a as number) >= range[0] && (a as number) <= range[1])) {
          problems.push(`${r.id}: ${q.id}=${a}`);
        }
        if (q.type === 'single_choice' && !q.options?.some((c) => c.id === a))
          problems.push(`${r.id}: ${q.id}=${a}`);
        if (q.type === 'text' && f.text !== a) problems.push(`${r.id}: text differs`);
      }
      if (
        f.nps !== (r.answers.nps ?? null) ||
        f.csat !== (r.answers.csat ?? null) ||
        f.ces !== (r.answers.ces ?? null)
      ) {
        problems.push(`${r.id}: measures differ`);
      }
      if (f.rating !== null && Math.abs(f.rating - ((r.answers.rating as number) - 1) / 4) > 1e-9) {
        problems.push(`${r.id}: rating differs`);
      }
      const c = contacts.get(r.contactId)?.attributes;
      if (JSON.stringify(f.attributes) !== JSON.stringify(c)) problems.push(`${r.id}: attributes differ`);
      if (JSON.stringify(f.metadata) !== JSON.stringify(r.metadata))
        problems.push(`${r.id}: metadata differ`);
    });
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it('writes definitions and answers that the survey module accepts as they are', () => {
    const parsed = new Map(data.surveys.map((s) => [s.id, parseDefinition(s.definition)]));
    for (const s of data.surveys) expect(parsed.get(s.id)).toEqual(s.definition);
    const problems: string[] = [];
    for (let i = 0; i < data.responses.length; i += 7) {
      const r = data.responses[i]!;
      const f = data.feedback[i]!;
      const definition = parsed.get(r.surveyId)!;
      for (const p of checkAnswers(definition, r.answers)) problems.push(`${r.id}: ${p.name} ${p.reason}`);
      const m = extractMeasures(definition, r.answers);
      const mine = {
        nps: f.nps,
        csat: f.csat,
        ces: f.ces,
        rating: f.rating,
        ratingScale: f.ratingScale,
        text: f.text,
      };
      if (JSON.stringify(m) !== JSON.stringify(mine)) problems.push(`${r.id}: measures ${JSON.stringify(m)}`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it('has realistic overall scores and comment rate', () => {
    const overall = nps(data.feedback).score;
    expect(overall).toBeGreaterThanOrEqual(30);
    expect(overall).toBeLessThanOrEqual(45);
    const top2 = csatTop2(data.feedback);
    expect(top2).toBeGreaterThanOrEqual(0.75);
    expect(top2).toBeLessThanOrEqual(0.85);
    const ces = cesMean(data.feedback);
    expect(ces).toBeGreaterThan(4.6);
    expect(ces).toBeLessThan(5.4);
    const commented = data.feedback.filter((f) => f.text !== null).length / data.feedback.length;
    expect(commented).toBeGreaterThanOrEqual(0.25);
    expect(commented).toBeLessThanOrEqual(0.35);
  });

  it('writes varied comments whose tone matches the score', () => {
    const texts = data.feedback.filter((f) => f.text !== null);
    expect(new Set(texts.map((f) => f.text)).size / texts.length).toBeGreaterThan(0.5);
    const negativeWords = /disappointed|not happy|frustrating|never arrived|rude|late|charged twice/i;
    const positiveWords = /great experience|very happy|impressed|keep it up|brilliant|excellent quality/i;
    const promoters = texts.filter((f) => f.nps === 10);
    const detractors = texts.filter((f) => f.nps !== null && f.nps <= 3);
    expect(promoters.length).toBeGreaterThan(100);
    expect(detractors.length).toBeGreaterThan(100);
    expect(promoters.filter((f) => negativeWords.test(f.text as string)).length).toBe(0);
    expect(detractors.filter((f) => positiveWords.test(f.text as string)).length).toBe(0);
    for (const theme of [
      /deliver|parcel|courier/i,
      /staff|advisor|agent/i,
      /price|expensive|value/i,
      /refund|invoice|charged|payment/i,
    ]) {
      expect(texts.filter((f) => theme.test(f.text as string)).length).toBeGreaterThan(200);
    }
  });
});

describe('generateDemoData: the story', () => {
  it('places the delivery incident four months before now', () => {
    expect(demoIncidentMonth(NOW).month).toBe('2026-07');
    expect(demoIncidentMonth(new Date('2026-02-10T00:00:00Z')).month).toBe('2025-10');
    expect(data.story.incidentMonth).toBe('2026-07');
    expect(data.story.incidentTouchpointName).toBe('Delivery');
  });

  it('shows Delivery NPS dropping by about 30 points in the incident month, with more complaints', () => {
    const { incidentTouchpointId, incidentFrom, incidentTo } = data.story;
    const delivery = data.feedback.filter((f) => f.touchpointId === incidentTouchpointId);
    const inMonth = (f: DemoFeedback) => f.occurredAt >= incidentFrom && f.occurredAt < incidentTo;
    const during = delivery.filter(inMonth);
    const rest = delivery.filter((f) => !inMonth(f));
    expect(during.length).toBeGreaterThan(300);
    const drop = nps(rest).score - nps(during).score;
    expect(drop).toBeGreaterThan(22);
    expect(drop).toBeLessThan(45);
    const late = (rows: DemoFeedback[]) =>
      rows.filter((f) => f.text !== null && /late|missing|never arrived|courier|where my order/i.test(f.text))
        .length / rows.length;
    expect(late(during)).toBeGreaterThan(2 * late(rest));
    // Only Delivery degrades: other touchpoints' NPS that month stays close to their usual level.
    const app = data.feedback.filter((f) => f.touchpointId !== incidentTouchpointId && f.nps !== null);
    expect(Math.abs(nps(app.filter(inMonth)).score - nps(app.filter((f) => !inMonth(f))).score)).toBeLessThan(
      10,
    );
  });

  it('shows enterprise customers scoring clearly lower on support touchpoints only', () => {
    const support = new Set(data.story.supportTouchpointIds);
    expect(support.size).toBe(3);
    const bySegment = (segment: string, onSupport: boolean) =>
      data.feedback.filter(
        (f) => f.attributes.segment === segment && support.has(f.touchpointId) === onSupport,
      );
    const gap = csatTop2(bySegment('consumer', true)) - csatTop2(bySegment('enterprise', true));
    expect(gap).toBeGreaterThan(0.15);
    expect(cesMean(bySegment('consumer', true)) - cesMean(bySegment('enterprise', true))).toBeGreaterThan(
      0.6,
    );
    const elsewhere = csatTop2(bySegment('consumer', false)) - csatTop2(bySegment('enterprise', false));
    expect(Math.abs(elsewhere)).toBeLessThan(0.06);
  });
});

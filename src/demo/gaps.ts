// Demo data for the gap analyses: a service-quality survey with expectation–perception pairs (SERVQUAL
// dimensions), stated importance–performance pairs and attribute ratings under an overall rating (so key
// drivers have several questions to compare), and an internal mirror of the Relationship NPS survey
// answered by staff who believe customers are happier than they are (the delivery gap).
import type { Sql } from 'postgres';
import { createSurvey, listSurveys, type ResponseInput, submitResponses } from '../listen/index.js';
import { createRandom, type Random } from '../shared/random.js';
import { setMirror } from '../understand/gaps/index.js';

const ATTRIBUTES = [
  { id: 'ontime', text: 'Orders arrive when promised', dimension: 'reliability' },
  { id: 'right', text: 'Orders are right first time', dimension: 'reliability' },
  { id: 'quick', text: 'Questions answered quickly', dimension: 'responsiveness' },
  { id: 'informed', text: 'Kept informed about my order', dimension: 'responsiveness' },
  { id: 'care', text: 'Staff genuinely care', dimension: 'empathy' },
  { id: 'understand', text: 'Staff understand my needs', dimension: 'empathy' },
] as const;

/** Mean expectation, perception, importance and performance of each attribute, on 1 to 7. */
const TRUTH: Record<string, { e: number; p: number; i: number; perf: number }> = {
  ontime: { e: 6.5, p: 4.9, i: 6.4, perf: 4.8 },
  right: { e: 6.2, p: 5.8, i: 5.9, perf: 5.9 },
  quick: { e: 5.8, p: 4.6, i: 5.6, perf: 4.5 },
  informed: { e: 5.5, p: 5.1, i: 4.4, perf: 5.0 },
  care: { e: 5.0, p: 5.6, i: 3.9, perf: 5.7 },
  understand: { e: 5.2, p: 5.0, i: 4.2, perf: 4.9 },
};

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(v)));

function serviceQualityDefinition() {
  const dimension = (id: string, title: string) => ({
    id,
    type: 'expectation_perception' as const,
    text: title,
    description: 'What you expect of a good retailer, and what you experienced with us',
    attributes: ATTRIBUTES.filter((a) => a.dimension === id).map((a) => ({ id: a.id, text: a.text })),
  });
  const rating = (id: string, text: string) => ({
    id,
    type: 'rating' as const,
    text,
    scale: { min: 1, max: 5 },
  });
  return {
    title: 'Service quality',
    questions: [
      rating('overall', 'Overall, how would you rate our service?'),
      rating('delivery', 'How would you rate our delivery?'),
      rating('support', 'How would you rate our customer support?'),
      rating('range', 'How would you rate our product range?'),
      rating('price', 'How would you rate our prices?'),
      dimension('reliability', 'Reliability'),
      dimension('responsiveness', 'Responsiveness'),
      dimension('empathy', 'Empathy'),
      {
        id: 'priorities',
        type: 'importance_performance' as const,
        text: 'How important is each to you, and how well do we do it?',
        attributes: ATTRIBUTES.map((a) => ({ id: a.id, text: a.text })),
      },
    ],
  };
}

function serviceQualityAnswers(random: Random): Record<string, unknown> {
  const pair = (a: number, b: number, ka: string, kb: string) => ({
    [ka]: clamp(a + 1.1 * random.normal(), 1, 7),
    [kb]: clamp(b + 1.1 * random.normal(), 1, 7),
  });
  const answers: Record<string, unknown> = {};
  for (const dim of ['reliability', 'responsiveness', 'empathy']) {
    answers[dim] = Object.fromEntries(
      ATTRIBUTES.filter((a) => a.dimension === dim).map((a) => {
        const t = TRUTH[a.id] ?? { e: 5, p: 5, i: 5, perf: 5 };
        return [a.id, pair(t.e, t.p, 'expectation', 'perception')];
      }),
    );
  }
  answers.priorities = Object.fromEntries(
    ATTRIBUTES.map((a) => {
      const t = TRUTH[a.id] ?? { e: 5, p: 5, i: 5, perf: 5 };
      return [a.id, pair(t.i, t.perf, 'importance', 'performance')];
    }),
  );
  // Attribute ratings and an overall rating they explain (delivery weighs most, price least).
  const delivery = clamp(3.6 + 1.1 * random.normal(), 1, 5);
  const support = clamp(3.4 + 1.1 * random.normal(), 1, 5);
  const range = clamp(3.9 + 0.9 * random.normal(), 1, 5);
  const price = clamp(3.3 + 1.0 * random.normal(), 1, 5);
  const overall = clamp(
    0.45 * delivery + 0.3 * support + 0.15 * range + 0.1 * price + 0.7 * random.normal(),
    1,
    5,
  );
  Object.assign(answers, { overall, delivery, support, range, price });
  return answers;
}

/**
 * Adds the gap-analysis surveys and their answers to the demo organisation (once: it does nothing when
 * the service-quality survey is there). Answers are spread over the 180 days before `now`.
 */
export async function loadDemoGaps(
  sql: Sql,
  orgId: string,
  opts: { seed?: number; now?: Date } = {},
): Promise<void> {
  const seed = opts.seed ?? 42;
  const now = (opts.now ?? new Date()).getTime();
  const surveys = await listSurveys(sql, orgId);
  if (surveys.some((s) => s.name === 'Service quality')) return;
  const random = createRandom(seed, 'demo:gaps');
  const when = () => new Date(now - Math.floor(random.next() * 180 * 86_400_000));
  const write = async (surveyId: string, items: ResponseInput[]) => {
    for (let i = 0; i < items.length; i += 500)
      await submitResponses(sql, orgId, surveyId, items.slice(i, i + 500));
  };

  const quality = await createSurvey(sql, orgId, {
    name: 'Service quality',
    status: 'live',
    definition: serviceQualityDefinition(),
  });
  await write(
    quality.id,
    Array.from({ length: 480 }, () => ({
      answers: serviceQualityAnswers(random),
      channel: 'email',
      submittedAt: when(),
    })),
  );

  // The delivery gap: staff answer the relationship survey as they believe customers would.
  const relationship = surveys.find((s) => s.name === 'Relationship NPS');
  if (!relationship) return;
  const mirror = await createSurvey(sql, orgId, {
    name: 'Relationship NPS (staff view)',
    status: 'live',
    definition: relationship.definition,
  });
  // Marked before it has answers, so they never count as customers' scores.
  await setMirror(sql, orgId, mirror.id, relationship.id);
  await write(
    mirror.id,
    Array.from({ length: 60 }, () => ({
      answers: { nps: clamp(9.5 + 0.8 * random.normal(), 0, 10) },
      channel: 'internal',
      submittedAt: when(),
    })),
  );
}

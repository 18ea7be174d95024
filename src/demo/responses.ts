// The second pass of the demo generator: scores, choices and comments of each response, in time order.

import { createRandom, createWeightedPicker, normalCdf, type Random } from '../shared/random.js';
import type { Plan } from './catalogue.js';
import { type Tone, writeComment } from './comments.js';
import type { ContactModel } from './contacts.js';
import type { Answers, DemoFeedback, DemoPlan, DemoResponse, DemoSurvey } from './dataset.js';
import type { HeadPlan } from './head.js';
import { plantedLift } from './initiatives.js';
import { addUtcMonths, SCALES, toneOf, toScale } from './scales.js';
import { SURVEYS, type SurveySpec } from './surveys-catalogue.js';
import type { Timeline } from './timeline.js';

const COLLECTORS: Record<string, string> = {
  web: 'web-intercept',
  email: 'email-link',
  app: 'in-app',
  phone: 'ivr',
  chat: 'chat-end',
};

/** Makes the responses one at a time, in time order (see DemoPlan.next). */
export function responseMaker(
  plan: HeadPlan,
  timeline: Timeline,
  ids: { responseIds: string[]; feedbackIds: string[] },
): DemoPlan['next'] {
  const { seed, fromMs, nowMs, models, touchpointOf, incident } = plan;
  const { surveys, journey } = plan.head;
  const { count, order, surveyOf, contactOf, timeOf } = timeline;
  const { responseIds, feedbackIds } = ids;
  // Second pass, per response in time order: scores, choices and comments.
  const scores = createRandom(seed, 'scores');
  const commentRandom = createRandom(seed, 'comments');
  const afterIncident = { from: incident.to, to: addUtcMonths(incident.to, 1) };
  let i = 0;
  const next = (): { response: DemoResponse; feedback: DemoFeedback } => {
    if (i >= count) throw new Error('demo plan: all responses have been made');
    const k = order[i] as number;
    const spec = SURVEYS[surveyOf[k] as number] as SurveySpec;
    const survey = surveys[surveyOf[k] as number] as DemoSurvey;
    const tp = touchpointOf(spec.touchpoint);
    const model = models[contactOf[k] as number] as ContactModel;
    const submittedMs = timeOf[k] as number;
    const attrs = model.contact.attributes;

    // Latent satisfaction: touchpoint quality, the person, their segment and plan, a slow
    // improvement over time, seasonal strain on delivery, the story, and noise.
    const t = (submittedMs - fromMs) / (nowMs - fromMs);
    let z = tp.spec.quality + model.effect + 0.16 * (t - 0.5) + 0.893 * scores.normal();
    z += plantedLift(spec.touchpoint, submittedMs, nowMs);
    if (attrs.plan === 'premium') z += 0.1;
    else if (attrs.plan === 'plus') z += 0.05;
    else z -= 0.05;
    if (attrs.segment === 'smb') z += tp.spec.support ? -0.15 : 0.05;
    else if (attrs.segment === 'enterprise') z += tp.spec.support ? -0.8 : -0.05;
    const shipping =
      spec.touchpoint === 'delivery' || spec.touchpoint === 'tracking' || spec.touchpoint === 'returns';
    if (shipping && attrs.region === 'International') z -= 0.2;
    const month = new Date(submittedMs).getUTCMonth();
    if (shipping && month === 11) z -= 0.12;
    const inIncident = submittedMs >= incident.from.getTime() && submittedMs < incident.to.getTime();
    const inRecovery =
      submittedMs >= afterIncident.from.getTime() && submittedMs < afterIncident.to.getTime();

    const answers: Answers = {};
    let lateOrMissing = false;
    if (spec.key === 'delivery') {
      // Late and lost parcels drive delivery scores; the incident month makes them common.
      const pProblem = inIncident ? 0.5 : inRecovery ? 0.2 : 0.08;
      lateOrMissing = scores.chance(pProblem);
      if (lateOrMissing) z -= 1.1;
      else z += 0.06;
      if (inIncident) z -= 0.1;
    }
    const measures = { nps: null as number | null, csat: null as number | null, ces: null as number | null };
    let rating: number | null = null;
    let ratingScale: number | null = null;
    const tones: Tone[] = [];
    let textId: string | null = null;
    for (const q of spec.questions) {
      // Each score shares the response's latent, with a little question-specific noise.
      const zq = 0.94 * z + 0.34 * scores.normal();
      switch (q.type) {
        case 'nps':
        case 'csat':
        case 'ces': {
          const v = toScale(zq, SCALES[q.type]);
          answers[q.id] = v;
          measures[q.type] = v;
          tones.push(toneOf(q.type, v));
          break;
        }
        case 'rating': {
          if (!q.required && scores.chance(0.25)) break;
          const v = toScale(zq, SCALES.rating);
          answers[q.id] = v;
          if (rating === null) {
            rating = (v - 1) / (q.scale - 1);
            ratingScale = q.scale;
          }
          tones.push(toneOf('rating', v));
          break;
        }
        case 'single_choice': {
          answers[q.id] = chooseOne(q.id, q.choices, zq, lateOrMissing, inIncident, scores);
          break;
        }
        case 'multiple_choice': {
          const picked = chooseSome(q.id, q.choices, z, attrs.plan, scores);
          if (picked.length > 0) answers[q.id] = picked;
          break;
        }
        case 'text':
          textId = q.id;
          break;
      }
    }
    // A comment follows the most critical of the scores: one bad score is what people write about.
    const tone: Tone = tones.includes('negative')
      ? 'negative'
      : tones.length > 0 && tones.every((x) => x === 'positive')
        ? 'positive'
        : 'neutral';
    let text: string | null = null;
    if (textId !== null) {
      // People who are unhappy write more often; the relationship survey asks for a reason.
      const base = tone === 'negative' ? 0.48 : tone === 'neutral' ? 0.3 : 0.23;
      const p = textId === 'reason' ? base + 0.12 : base;
      if (commentRandom.chance(p)) {
        text = writeComment(
          {
            tone,
            themes: lateOrMissing ? [['delivery', 1]] : tp.spec.themes,
            site: tp.spec.channel === 'app' ? 'the app' : 'the website',
            deliveryIncident: inIncident && spec.key === 'delivery',
            enterpriseSupport: tp.spec.support && attrs.segment === 'enterprise',
          },
          commentRandom,
        );
        answers[textId] = text;
      }
    }
    const durationMs = 15_000 + Math.round(40_000 * Math.exp(0.6 * scores.normal())) + (text ? 30_000 : 0);
    const submittedAt = new Date(submittedMs);
    const device =
      tp.spec.channel === 'app'
        ? 'mobile'
        : tp.spec.channel === 'phone'
          ? 'phone'
          : scores.chance(0.62)
            ? 'mobile'
            : 'desktop';
    const metadata = { collector: COLLECTORS[tp.spec.channel] as string, device };
    const responseId = responseIds[i] as string;
    const feedbackId = feedbackIds[i] as string;
    i++;
    return {
      response: {
        id: responseId,
        surveyId: survey.id,
        surveyVersion: 1,
        contactId: model.contact.id,
        touchpointId: tp.row.id,
        channel: tp.spec.channel,
        answers,
        metadata,
        language: 'en',
        startedAt: new Date(submittedMs - durationMs),
        submittedAt,
      },
      feedback: {
        id: feedbackId,
        responseId,
        surveyId: survey.id,
        contactId: model.contact.id,
        journeyId: journey.id,
        stageId: tp.row.stageId,
        touchpointId: tp.row.id,
        channel: tp.spec.channel,
        occurredAt: submittedAt,
        nps: measures.nps,
        csat: measures.csat,
        ces: measures.ces,
        rating,
        ratingScale,
        text,
        attributes: attrs,
        metadata,
      },
    };
  };
  return next;
}

function chooseOne(
  questionId: string,
  choices: readonly { id: string }[],
  z: number,
  lateOrMissing: boolean,
  inIncident: boolean,
  random: Random,
): string {
  if (questionId === 'on_time') {
    if (!lateOrMissing) return 'yes';
    return random.chance(inIncident ? 0.3 : 0.15) ? 'missing' : 'late';
  }
  // Yes / (partly) / no: the happier the customer, the likelier a "yes".
  const pYes = normalCdf(1.1 + 1.2 * z);
  if (random.next() < pYes) return 'yes';
  const hasPartly = choices.some((c) => c.id === 'partly');
  return hasPartly && random.chance(0.5) ? 'partly' : 'no';
}

function chooseSome(
  questionId: string,
  choices: readonly { id: string }[],
  z: number,
  plan: Plan,
  random: Random,
): string[] {
  if (random.chance(0.35)) return [];
  if (questionId === 'improve') {
    // Unhappy customers point at delivery and service; everyone would like lower prices.
    const weights: Record<string, number> = {
      delivery: z < 0 ? 3 : 1.5,
      price: 2.5,
      range: 1,
      service: z < 0 ? 2.5 : 1,
      digital: 1,
    };
    const picker = createWeightedPicker(choices.map((c) => [c.id, weights[c.id] ?? 1] as const));
    const first = picker(random);
    const second = random.chance(0.35) ? picker(random) : first;
    return first === second ? [first] : [first, second];
  }
  const out: string[] = [];
  for (const c of choices) {
    const p = c.id === 'free_delivery' && plan === 'free' ? 0.05 : c.id === 'points' ? 0.7 : 0.35;
    if (random.chance(p)) out.push(c.id);
  }
  return out;
}

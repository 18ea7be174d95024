// Pure, deterministic generator of the demo organisation's data set (no I/O).
import {
  FIRST_NAMES,
  JOURNEY,
  LAST_NAMES,
  LTV_MEDIAN,
  PLANS_BY_SEGMENT,
  type Plan,
  type QuestionSpec,
  REGIONS,
  type Region,
  SEGMENTS,
  type Segment,
  STAGES,
  SURVEYS,
  type SurveySpec,
  TOUCHPOINTS,
  type TouchpointSpec,
} from './catalogue.js';
import { type Tone, writeComment } from './comments.js';
import {
  createRandom,
  createWeightedPicker,
  createWeightedSampler,
  normalCdf,
  type Random,
} from './random.js';

/** Sizes of the demo organisation. */
export const DEMO_CONTACTS = 5_000;
export const DEMO_RESPONSES = 50_000;
/** The responses span this many calendar months, ending at `now`. */
export const DEMO_MONTHS = 18;

/**
 * The story hidden in the data, so a demo has something to find:
 * - Delivery degrades sharply in the calendar month that starts DELIVERY_INCIDENT_MONTHS_AGO months
 *   before the month of `now` (a new carrier: late and lost parcels jump from ~8% to ~50%), and
 *   recovers partly the month after. Delivery NPS drops by about 30 points that month, and its
 *   comments turn to late and missing parcels.
 * - Enterprise customers score clearly lower on the support touchpoints (live chat, phone, help
 *   centre): CSAT top-2-box about 25 points below consumers, CES about one point lower.
 */
export const DELIVERY_INCIDENT_MONTHS_AGO = 4;

/** Where the story is in a generated data set. */
export interface DemoStory {
  /** The degraded touchpoint ('Delivery') and its id. */
  incidentTouchpointName: string;
  incidentTouchpointId: string;
  /** The degraded month, `YYYY-MM` (UTC), and its bounds [from, to). */
  incidentMonth: string;
  incidentFrom: Date;
  incidentTo: Date;
  /** Touchpoint ids where enterprise customers score lower. */
  supportTouchpointIds: string[];
}

/**
 * A survey definition in the schemaVersion 1 format of `listen/surveys`, written out in its
 * normalised form (defaults spelled out), so parsing it changes nothing.
 */
export interface SurveyDefinition {
  schemaVersion: 1;
  defaultLanguage: 'en';
  title: { en: string };
  questions: Array<{
    id: string;
    type: QuestionSpec['type'];
    text: { en: string };
    required: boolean;
    scale?: { min: number; max: number };
    display?: 'stars';
    options?: Array<{ id: string; text: { en: string } }>;
    long?: boolean;
  }>;
}

/** Answer values keyed by question id: scores are numbers, choices ids, text strings. */
export type Answers = Record<string, number | string | string[]>;

export interface DemoStage {
  id: string;
  name: string;
  position: number;
}
export interface DemoTouchpoint {
  id: string;
  key: string;
  name: string;
  stageId: string;
  channel: string;
  description: string;
}
export interface DemoContact {
  id: string;
  externalId: string;
  email: string;
  name: string;
  attributes: {
    segment: Segment;
    region: Region;
    plan: Plan;
    signup_date: string;
    lifetime_value: number;
  };
  createdAt: Date;
}
export interface DemoSurvey {
  id: string;
  key: string;
  name: string;
  touchpointId: string;
  version: 1;
  definition: SurveyDefinition;
}
export interface DemoResponse {
  id: string;
  surveyId: string;
  surveyVersion: number;
  contactId: string;
  touchpointId: string;
  channel: string;
  answers: Answers;
  metadata: { collector: string; device: string };
  language: 'en';
  startedAt: Date;
  submittedAt: Date;
}
/** One feedback row per response: the unified record analytics reads. */
export interface DemoFeedback {
  id: string;
  responseId: string;
  surveyId: string;
  contactId: string;
  journeyId: string;
  stageId: string;
  touchpointId: string;
  channel: string;
  occurredAt: Date;
  nps: number | null;
  csat: number | null;
  ces: number | null;
  /** Normalised to 0–1 from `ratingScale` points. */
  rating: number | null;
  ratingScale: number | null;
  text: string | null;
  /** The contact's attributes when the response arrived (as live intake copies them), for slicing. */
  attributes: DemoContact['attributes'];
  /** The response's metadata, as live intake copies it. */
  metadata: DemoResponse['metadata'];
}

/** Everything the loader writes for the demo organisation, apart from the organisation row. */
export interface DemoDataset {
  seed: number;
  now: Date;
  /** First instant of the response window (DEMO_MONTHS calendar months before `now`). */
  from: Date;
  createdAt: Date;
  journey: { id: string; name: string; description: string };
  stages: DemoStage[];
  touchpoints: DemoTouchpoint[];
  contactAttributes: Array<{ key: string; type: 'string' | 'number' | 'boolean' | 'date' }>;
  contacts: DemoContact[];
  surveys: DemoSurvey[];
  /** Sorted by submission time. */
  responses: DemoResponse[];
  /** Parallel to `responses`: feedback[i] is the record of responses[i]. */
  feedback: DemoFeedback[];
  story: DemoStory;
}

const DAY_MS = 86_400_000;

// Base answer distributions at latent 0 (percent per scale point, lowest first). Shifting the
// latent moves mass up or down the scale. NPS +37, CSAT top-2-box 80%, CES mean 5.1.
const NPS_BASE = [1.5, 0.8, 1, 1.5, 1.7, 3.5, 5, 12, 21, 24, 28];
const CSAT_BASE = [4, 5, 11, 38, 42];
const CES_BASE = [3, 5, 8, 14, 23, 28, 19];
const RATING_BASE = [4, 7, 15, 37, 37];

function cumulative(pmf: readonly number[]): Float64Array {
  const total = pmf.reduce((a, b) => a + b, 0);
  const out = new Float64Array(pmf.length);
  let acc = 0;
  for (let i = 0; i < pmf.length; i++) {
    acc += (pmf[i] as number) / total;
    out[i] = acc;
  }
  out[pmf.length - 1] = 1;
  return out;
}
const SCALES = {
  nps: { min: 0, cdf: cumulative(NPS_BASE) },
  csat: { min: 1, cdf: cumulative(CSAT_BASE) },
  ces: { min: 1, cdf: cumulative(CES_BASE) },
  rating: { min: 1, cdf: cumulative(RATING_BASE) },
} as const;

/** Maps a latent satisfaction (standard normal at baseline) to a point on a scale. */
function toScale(z: number, scale: { min: number; cdf: Float64Array }): number {
  const u = normalCdf(z);
  const cdf = scale.cdf;
  let i = 0;
  while (i < cdf.length - 1 && (cdf[i] as number) <= u) i++;
  return scale.min + i;
}

function startOfUtcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

function addUtcMonths(d: Date, months: number): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate()));
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Where the story falls for a given `now` (pure; the same rule the generator uses). */
export function demoIncidentMonth(now: Date): { month: string; from: Date; to: Date } {
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - DELIVERY_INCIDENT_MONTHS_AGO, 1));
  const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
  return { month: from.toISOString().slice(0, 7), from, to };
}

interface ContactModel {
  contact: DemoContact;
  /** Personal satisfaction offset: some customers are simply happier than others. */
  effect: number;
  signupMs: number;
}

function generateContacts(seed: number, ids: Random, now: Date, from: Date): ContactModel[] {
  const random = createRandom(seed, 'contacts');
  const pickSegment = createWeightedPicker(SEGMENTS);
  const pickRegion = createWeightedPicker(REGIONS);
  const pickPlan = {
    consumer: createWeightedPicker(PLANS_BY_SEGMENT.consumer),
    smb: createWeightedPicker(PLANS_BY_SEGMENT.smb),
    enterprise: createWeightedPicker(PLANS_BY_SEGMENT.enterprise),
  };
  const emails = new Set<string>();
  const oldest = addUtcMonths(now, -72).getTime();
  const recent = now.getTime() - 21 * DAY_MS;
  const out: ContactModel[] = [];
  for (let i = 0; i < DEMO_CONTACTS; i++) {
    const segment = pickSegment(random);
    const region = pickRegion(random);
    const plan = pickPlan[segment](random);
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const local = `${first}.${last}`.toLowerCase();
    let email = `${local}@example.com`;
    for (let n = 2; emails.has(email); n++) email = `${local}${n}@example.com`;
    emails.add(email);
    // Four in five customers joined before the window; the rest join during it.
    const signupMs = random.chance(0.8)
      ? oldest + random.next() * (from.getTime() - oldest)
      : from.getTime() + random.next() * (recent - from.getTime());
    const signup = startOfUtcDay(new Date(signupMs));
    const ltv = Math.round(LTV_MEDIAN[segment] * Math.exp(0.7 * random.normal()) * 100) / 100;
    out.push({
      contact: {
        id: ids.uuid(),
        externalId: `C${String(i + 1).padStart(6, '0')}`,
        email,
        name: `${first} ${last}`,
        attributes: { segment, region, plan, signup_date: isoDate(signup), lifetime_value: ltv },
        createdAt: signup,
      },
      effect: 0.45 * random.normal(),
      signupMs: signup.getTime(),
    });
  }
  return out;
}

function definitionOf(spec: SurveySpec): SurveyDefinition {
  return {
    schemaVersion: 1,
    defaultLanguage: 'en',
    title: { en: spec.name },
    questions: spec.questions.map((q) => {
      const base = { id: q.id, type: q.type, text: { en: q.text }, required: q.required };
      if (q.type === 'rating') return { ...base, scale: { min: 1, max: q.scale }, display: 'stars' as const };
      if (q.type === 'single_choice' || q.type === 'multiple_choice') {
        return { ...base, options: q.choices.map((c) => ({ id: c.id, text: { en: c.label } })) };
      }
      if (q.type === 'text') return { ...base, long: true };
      return base;
    }),
  };
}

// Response volume: a retailer growing ~40% over the window, quieter at weekends, busy around
// Black Friday and Christmas, quiet in January.
const MONTH_VOLUME = [0.85, 0.9, 0.95, 0.95, 1, 0.95, 0.9, 0.95, 1, 1.05, 1.3, 1.4];
// Hours of the day (UTC) when people answer; support surveys follow opening hours (8–20).
const HOURS_ANY = [
  1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3, 4, 4.5, 4.5, 5, 5, 4.5, 4.5, 4.5, 5, 5.5, 6.5, 7, 6, 4, 2,
];
const HOURS_OPEN = HOURS_ANY.map((w, h) => (h >= 8 && h < 20 ? w : 0));

const COLLECTORS: Record<string, string> = {
  web: 'web-intercept',
  email: 'email-link',
  app: 'in-app',
  phone: 'ivr',
  chat: 'chat-end',
};

/** Everything in the demo data set except the responses and their feedback records. */
export type DemoHead = Omit<DemoDataset, 'responses' | 'feedback'>;

/**
 * The demo in two parts, so a loader can write rows while later ones are still being made: the head
 * (all but responses and feedback), and a cursor that makes the responses one at a time, in time order.
 */
export interface DemoPlan {
  head: DemoHead;
  /** How many responses `next` makes. */
  count: number;
  /** Makes the next response and its feedback record; call it `count` times. */
  next(): { response: DemoResponse; feedback: DemoFeedback };
}

/**
 * Generates the demo organisation's data from a seed; the same seed and `now` give identical data.
 * `slug` (default 'demo') salts the ids only: two demo organisations in one database then share
 * no UUIDs (public survey links name a survey by id alone), while their contents are the same.
 */
export function generateDemoData(opts: { seed: number; now: Date; slug?: string }): DemoDataset {
  const plan = planDemoData(opts);
  const responses: DemoResponse[] = [];
  const feedback: DemoFeedback[] = [];
  for (let i = 0; i < plan.count; i++) {
    const row = plan.next();
    responses.push(row.response);
    feedback.push(row.feedback);
  }
  return { ...plan.head, responses, feedback };
}

/** The same data as generateDemoData, as a head and a cursor over the responses (see DemoPlan). */
export function planDemoData(opts: { seed: number; now: Date; slug?: string }): DemoPlan {
  const seed = opts.seed >>> 0;
  const now = new Date(opts.now.getTime());
  const nowMs = now.getTime();
  const from = addUtcMonths(now, -DEMO_MONTHS);
  const fromMs = from.getTime();
  const createdAt = new Date(fromMs - 30 * DAY_MS);
  const ids = createRandom(seed, `ids:${opts.slug ?? 'demo'}`);

  const journey = { id: ids.uuid(), name: JOURNEY.name, description: JOURNEY.description };
  const stages: DemoStage[] = STAGES.map((name, i) => ({ id: ids.uuid(), name, position: i + 1 }));
  const stageByName = new Map(stages.map((s) => [s.name, s]));
  const touchpoints: DemoTouchpoint[] = TOUCHPOINTS.map((t) => ({
    id: ids.uuid(),
    key: t.key,
    name: t.name,
    stageId: (stageByName.get(t.stage) as DemoStage).id,
    channel: t.channel,
    description: t.description,
  }));
  const tpByKey = new Map(
    touchpoints.map((t, i) => [t.key, { row: t, spec: TOUCHPOINTS[i] as TouchpointSpec }]),
  );
  const touchpointOf = (key: string): { row: DemoTouchpoint; spec: TouchpointSpec } => {
    const found = tpByKey.get(key);
    if (!found) throw new Error(`demo catalogue: unknown touchpoint '${key}'`);
    return found;
  };
  const surveys: DemoSurvey[] = SURVEYS.map((s) => ({
    id: ids.uuid(),
    key: s.key,
    name: s.name,
    touchpointId: touchpointOf(s.touchpoint).row.id,
    version: 1,
    definition: definitionOf(s),
  }));

  const models = generateContacts(seed, ids, now, from);
  const incident = demoIncidentMonth(now);
  const incidentTp = touchpointOf('delivery').row;
  const head: DemoHead = {
    seed,
    now,
    from,
    createdAt,
    journey,
    stages,
    touchpoints,
    contactAttributes: [
      { key: 'segment', type: 'string' },
      { key: 'region', type: 'string' },
      { key: 'plan', type: 'string' },
      { key: 'signup_date', type: 'date' },
      { key: 'lifetime_value', type: 'number' },
    ],
    contacts: models.map((m) => m.contact),
    surveys,
    story: {
      incidentTouchpointName: incidentTp.name,
      incidentTouchpointId: incidentTp.id,
      incidentMonth: incident.month,
      incidentFrom: incident.from,
      incidentTo: incident.to,
      supportTouchpointIds: TOUCHPOINTS.filter((t) => t.support).map((t) => touchpointOf(t.key).row.id),
    },
  };

  // First pass, cheap: which survey, when and who, for every response; then put them in time order.
  const random = createRandom(seed, 'responses');
  const dayCount = Math.round((nowMs - fromMs) / DAY_MS);
  const dayWeights: number[] = [];
  for (let d = 0; d < dayCount; d++) {
    const day = new Date(fromMs + d * DAY_MS);
    const growth = 0.8 + 0.4 * (d / dayCount);
    const weekday = day.getUTCDay() === 0 || day.getUTCDay() === 6 ? 0.75 : 1;
    dayWeights.push(
      growth * weekday * (MONTH_VOLUME[day.getUTCMonth()] as number) * (0.9 + 0.2 * random.next()),
    );
  }
  const sampleDay = createWeightedSampler(dayWeights);
  const sampleHourAny = createWeightedSampler(HOURS_ANY);
  const sampleHourOpen = createWeightedSampler(HOURS_OPEN);
  const sampleSurvey = createWeightedSampler(SURVEYS.map((s) => s.share));
  const activity = models.map((m) => {
    const s = m.contact.attributes.segment;
    return Math.exp(0.8 * random.normal()) * (s === 'enterprise' ? 1.6 : s === 'smb' ? 1.2 : 1);
  });
  const sampleContact = createWeightedSampler(activity);
  const count = DEMO_RESPONSES;
  const surveyOf = new Uint8Array(count);
  const contactOf = new Uint16Array(count);
  const timeOf = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const survey = sampleSurvey(random);
    const channel = touchpointOf((SURVEYS[survey] as SurveySpec).touchpoint).spec.channel;
    const open = channel === 'phone' || channel === 'chat';
    const day = sampleDay(random);
    const hour = (open ? sampleHourOpen : sampleHourAny)(random);
    const ms = fromMs + day * DAY_MS + hour * 3_600_000 + Math.floor(random.next() * 3_600_000);
    // A customer answers only after signing up; redraw until one qualifies (most do at once).
    let contact = sampleContact(random);
    for (let tries = 0; (models[contact] as ContactModel).signupMs > ms && tries < 100; tries++) {
      contact = sampleContact(random);
    }
    surveyOf[k] = survey;
    contactOf[k] = contact;
    timeOf[k] = ms;
  }
  const order = Uint32Array.from({ length: count }, (_, k) => k).sort(
    (a, b) => (timeOf[a] as number) - (timeOf[b] as number) || a - b,
  );
  // Ids that ascend with time: random v4 UUIDs, sorted. Rows whose keys ascend append to the
  // primary-key and source-id indexes instead of splitting pages at random: a faster bulk load.
  const responseIds = sortedUuids(ids, count);
  const feedbackIds = sortedUuids(ids, count);

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
  return { head, count, next };
}

function sortedUuids(ids: Random, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(ids.uuid());
  return out.sort();
}

function toneOf(kind: 'nps' | 'csat' | 'ces' | 'rating', v: number): Tone {
  switch (kind) {
    case 'nps':
      return v >= 9 ? 'positive' : v <= 6 ? 'negative' : 'neutral';
    case 'ces':
      return v >= 6 ? 'positive' : v <= 3 ? 'negative' : 'neutral';
    default:
      return v >= 4 ? 'positive' : v <= 2 ? 'negative' : 'neutral';
  }
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

// When the demo responses happen: volume by month, weekday and hour, and who answers which survey.

import { createRandom, createWeightedSampler, type Random } from '../shared/random.js';
import type { ContactModel } from './contacts.js';
import { DEMO_RESPONSES } from './dataset.js';
import type { HeadPlan } from './head.js';
import { DAY_MS } from './scales.js';
import { SURVEYS, type SurveySpec } from './surveys-catalogue.js';

// Black Friday and Christmas, quiet in January.
const MONTH_VOLUME = [0.85, 0.9, 0.95, 0.95, 1, 0.95, 0.9, 0.95, 1, 1.05, 1.3, 1.4];
// Hours of the day (UTC) when people answer; support surveys follow opening hours (8–20).
const HOURS_ANY = [
  1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3, 4, 4.5, 4.5, 5, 5, 4.5, 4.5, 4.5, 5, 5.5, 6.5, 7, 6, 4, 2,
];
const HOURS_OPEN = HOURS_ANY.map((w, h) => (h >= 8 && h < 20 ? w : 0));

/** Which survey, when and who, for every response; `order` puts them in time order. */
export interface Timeline {
  count: number;
  surveyOf: Uint8Array;
  contactOf: Uint16Array;
  timeOf: Float64Array;
  order: Uint32Array;
}

/** First pass, cheap: which survey, when and who, for every response; then put them in time order. */
export function planTimeline(plan: HeadPlan): Timeline {
  const { seed, models, touchpointOf, fromMs, nowMs } = plan;
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
  return { count, surveyOf, contactOf, timeOf, order };
}

/** Random v4 UUIDs, sorted. */
export function sortedUuids(ids: Random, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(ids.uuid());
  return out.sort();
}

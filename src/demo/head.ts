// The head of the demo organisation: everything but the responses and their feedback records.

import { createRandom, type Random } from '../shared/random.js';
import { JOURNEY, STAGES, TOUCHPOINTS, type TouchpointSpec } from './catalogue.js';
import { type ContactModel, generateContacts } from './contacts.js';
import {
  DEMO_MONTHS,
  type DemoHead,
  type DemoStage,
  type DemoSurvey,
  type DemoTouchpoint,
  demoIncidentMonth,
  type SurveyDefinition,
} from './dataset.js';
import { addUtcMonths, DAY_MS } from './scales.js';
import { SURVEYS, type SurveySpec } from './surveys-catalogue.js';

export function definitionOf(spec: SurveySpec): SurveyDefinition {
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

/** Finds a touchpoint of the catalogue by key, with its row. */
export type TouchpointOf = (key: string) => { row: DemoTouchpoint; spec: TouchpointSpec };

/** The head of the demo and what the responses are made from. */
export interface HeadPlan {
  seed: number;
  now: Date;
  nowMs: number;
  from: Date;
  fromMs: number;
  /** The id stream: the responses' ids are drawn from it after the head's. */
  ids: Random;
  head: DemoHead;
  models: ContactModel[];
  touchpointOf: TouchpointOf;
  incident: { month: string; from: Date; to: Date };
}

/** Journey, stages, touchpoints, surveys and contacts of the demo organisation. */
export function planHead(opts: { seed: number; now: Date; slug?: string }): HeadPlan {
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
  return { seed, now, nowMs, from, fromMs, ids, head, models, touchpointOf, incident };
}

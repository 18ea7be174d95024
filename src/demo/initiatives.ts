// Demo initiatives: one with a planted improvement (measured as a win), one without effect, one not yet
// started (too early). The planted lift is applied while responses are generated, so the answers,
// the feedback and the rollups all carry it.
import type { TransactionSql } from 'postgres';
import type { DemoTouchpoint } from './dataset.js';
import { insertDemoInitiative, insertDemoMilestone, insertDemoNote } from './queries/initiatives.js';

const DAY_MS = 86_400_000;

interface DemoInitiativeSpec {
  title: string;
  hypothesis: string;
  metric: 'nps' | 'csat' | 'ces' | 'rating';
  touchpoints: string[];
  /** Control touchpoints; empty: every other touchpoint. */
  control: string[];
  themes: string[];
  /** Start, in days before the end of the demo window (negative: in the future). */
  startDaysAgo: number;
  /** Shift of the latent satisfaction at the targeted touchpoints from the start on (0: no effect). */
  lift: number;
  milestones: Array<{ title: string; dueDaysAgo: number; done: boolean }>;
  notes: string[];
  /** What it cost, in euro cents, as its owner entered it. */
  costCents?: number;
}

/** The demo's initiatives. */
export const DEMO_INITIATIVES: readonly DemoInitiativeSpec[] = [
  {
    title: 'One-page checkout',
    hypothesis: 'Merging the address, delivery and payment steps into one page makes buying easier.',
    metric: 'ces',
    touchpoints: ['checkout'],
    control: ['live_chat', 'phone', 'help_centre'],
    themes: ['website'],
    startDaysAgo: 84,
    lift: 0.45,
    costCents: 1_800_000,
    milestones: [
      { title: 'Usability test of the prototype', dueDaysAgo: 110, done: true },
      { title: 'Roll out to all customers', dueDaysAgo: 84, done: true },
      { title: 'Review the effect with the web team', dueDaysAgo: -7, done: false },
    ],
    notes: ['Rolled out to 100% of web traffic; the app follows next quarter.'],
  },
  {
    title: 'Help centre search rewrite',
    hypothesis: 'Better search results in the help centre make answers easier to find.',
    metric: 'ces',
    touchpoints: ['help_centre'],
    control: ['live_chat', 'phone'],
    themes: ['website'],
    startDaysAgo: 70,
    lift: 0,
    milestones: [{ title: 'New search index live', dueDaysAgo: 70, done: true }],
    notes: ['Search click-through went up, but effort scores look unchanged so far.'],
  },
  {
    title: 'Delivery text alerts',
    hypothesis: 'A text message on the day of delivery cuts "where is my parcel" detractors.',
    metric: 'nps',
    touchpoints: ['delivery', 'tracking'],
    control: [],
    themes: ['delivery'],
    startDaysAgo: -14,
    lift: 0,
    milestones: [{ title: 'SMS provider contract signed', dueDaysAgo: 3, done: true }],
    notes: [],
  },
];

/** Latent-satisfaction shift for an answer at `touchpointKey` at `atMs` (0 outside a planted initiative). */
export function plantedLift(touchpointKey: string, atMs: number, nowMs: number): number {
  let lift = 0;
  for (const i of DEMO_INITIATIVES) {
    if (i.lift !== 0 && i.touchpoints.includes(touchpointKey) && atMs >= nowMs - i.startDaysAgo * DAY_MS) {
      lift += i.lift;
    }
  }
  return lift;
}

const day = (nowMs: number, daysAgo: number) => new Date(nowMs - daysAgo * DAY_MS).toISOString().slice(0, 10);

/** Insert the demo initiatives, their milestones and notes (inside the loader's transaction). */
export async function insertDemoInitiatives(
  tx: TransactionSql,
  orgId: string,
  touchpoints: readonly DemoTouchpoint[],
  now: Date,
): Promise<void> {
  const idOf = new Map(touchpoints.map((t) => [t.key, t.id]));
  const ids = (keys: string[]) => keys.map((k) => idOf.get(k)).filter((v): v is string => v !== undefined);
  const nowMs = now.getTime();
  for (const i of DEMO_INITIATIVES) {
    const status = i.startDaysAgo < 0 ? 'planned' : 'running';
    const id = await insertDemoInitiative(tx, orgId, {
      title: i.title,
      hypothesis: i.hypothesis,
      metric: i.metric,
      touchpointIds: ids(i.touchpoints),
      controlTouchpointIds: ids(i.control),
      themes: i.themes,
      status,
      startedOn: day(nowMs, i.startDaysAgo),
      costCents: i.costCents,
      createdAt: new Date(nowMs - (i.startDaysAgo + 30) * DAY_MS),
      updatedAt: now,
    });
    for (const m of i.milestones) {
      await insertDemoMilestone(tx, orgId, id, {
        title: m.title,
        dueOn: day(nowMs, m.dueDaysAgo),
        doneAt: m.done ? new Date(nowMs - m.dueDaysAgo * DAY_MS) : null,
      });
    }
    for (const [k, body] of i.notes.entries()) {
      await insertDemoNote(tx, orgId, id, body, new Date(nowMs - (i.startDaysAgo - 7 - k) * DAY_MS));
    }
  }
}

// Pure, deterministic generator of the demo organisation's data set (no I/O).
//
// dataset.ts: sizes, story, shapes · head.ts: journey, touchpoints, surveys, contacts (contacts.ts) ·
// timeline.ts: when and who · responses.ts: scores, choices, comments · scales.ts: answer scales
import type { DemoDataset, DemoFeedback, DemoPlan, DemoResponse } from './dataset.js';
import { planHead } from './head.js';
import { responseMaker } from './responses.js';
import { planTimeline, sortedUuids } from './timeline.js';

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
  const plan = planHead(opts);
  const timeline = planTimeline(plan);
  // Ids that ascend with time: random v4 UUIDs, sorted. Rows whose keys ascend append to the
  // primary-key and source-id indexes instead of splitting pages at random: a faster bulk load.
  const responseIds = sortedUuids(plan.ids, timeline.count);
  const feedbackIds = sortedUuids(plan.ids, timeline.count);
  const next = responseMaker(plan, timeline, { responseIds, feedbackIds });
  return { head: plan.head, count: timeline.count, next };
}

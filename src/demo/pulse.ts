// The demo's employee pulse: a closed eNPS survey answered by employees of the care teams, an app team
// and two back-office teams, one of them too small to be shown (4 people), so the page shows the
// threshold at work. The delivery touchpoints go to the delivery desk and the app to the app team, so
// three teams own a touchpoint with customer NPS for the employee-customer link.
import type { Sql } from 'postgres';
import { createSurvey } from '../listen/surveys/index.js';
import { createRandom } from '../shared/random.js';
import {
  closeSurvey,
  insertAppTeam,
  insertPulseFeedback,
  ownTouchpoints,
  type PulseFeedbackRow,
} from './queries/pulse.js';

const DAY_MS = 86_400_000;

/** Teams answering the pulse: size and the mean of the latent engagement (on the 0-10 scale). */
export const DEMO_PULSE_TEAMS: ReadonlyArray<{ team: string; size: number; mean: number }> = [
  { team: 'Store care', size: 14, mean: 7.9 },
  { team: 'Online care', size: 12, mean: 8.4 },
  { team: 'Delivery desk', size: 11, mean: 6.6 },
  { team: 'App team', size: 10, mean: 8.8 },
  { team: 'Warehouse', size: 9, mean: 7.0 },
  { team: 'Finance', size: 4, mean: 8.0 },
];

const PULSE = {
  title: { en: 'Employee pulse' },
  defaultLanguage: 'en',
  questions: [
    {
      id: 'enps',
      type: 'nps',
      text: { en: 'How likely are you to recommend working here to a friend?' },
      required: true,
    },
    { id: 'why', type: 'text', text: { en: 'What would make it better?' } },
  ],
};

/** Create the closed pulse survey and its answers (feedback with `kind: employee` and `team`). */
export async function loadDemoPulse(
  sql: Sql,
  opts: { orgId: string; seed: number; now: Date },
): Promise<{ surveyId: string; answers: number }> {
  const rnd = createRandom(opts.seed, 'pulse');
  const org = opts.orgId;
  await insertAppTeam(sql, org);
  const own = async (team: string, touchpoints: string[]) => {
    await ownTouchpoints(sql, org, team, touchpoints);
  };
  await own('Delivery desk', ['Delivery', 'Delivery tracking']);
  await own('App team', ['Mobile app']);
  const survey = await createSurvey(sql as never, opts.orgId, {
    name: 'Employee pulse (quarterly)',
    definition: PULSE,
  });
  const rows: PulseFeedbackRow[] = [];
  for (const t of DEMO_PULSE_TEAMS) {
    for (let i = 0; i < t.size; i++) {
      const score = Math.max(0, Math.min(10, Math.round(t.mean + 1.8 * rnd.normal())));
      rows.push({
        org_id: opts.orgId,
        source: 'survey',
        source_id: `demo-pulse-${t.team}-${i}`,
        channel: 'email',
        occurred_at: new Date(opts.now.getTime() - (20 + rnd.int(0, 9)) * DAY_MS - rnd.int(0, 86_399) * 1000),
        survey_id: survey.id,
        nps: score,
        attributes: { kind: 'employee', team: t.team },
      });
    }
  }
  await insertPulseFeedback(sql, rows);
  await closeSurvey(sql, opts.orgId, survey.id);
  return { surveyId: survey.id, answers: rows.length };
}

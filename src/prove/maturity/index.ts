// Programme maturity: the stage from evidence the product sees and the CX lead's answers, its reasons,
// the next three steps, the five-mistakes check, and the stage over time.
import { listInitiatives, measureInitiative } from '../../act/initiatives/index.js';
import type { Sql } from '../../platform/db/index.js';
import { getColumnarFeedbackFacts } from '../../understand/sums/index.js';
import {
  recordAssessment,
  selectAnswers,
  selectHistory,
  selectMaturityBounds,
  selectMaturityFacts,
  selectMaturityFactsBesideRecords,
  upsertAnswers,
} from './queries.js';
import {
  assessStage,
  checkMistakes,
  evidenceOf,
  type MaturityAnswers,
  type MaturityFacts,
  NO_ANSWERS,
  QUESTIONS,
  STAGES,
} from './rules.js';

export {
  assessStage,
  checkMistakes,
  evidenceOf,
  type MaturityAnswers,
  type MaturityFacts,
  NO_ANSWERS,
  QUESTIONS,
  STAGES,
} from './rules.js';

/** The assessment as the API shows it; recorded in the history when it changed (or daily). */
export async function getMaturity(sql: Sql, orgId: string, asOf = new Date()) {
  const [facts, saved, initiativeWins] = await Promise.all([
    maturityFacts(sql, orgId, asOf),
    selectAnswers(sql, orgId),
    countInitiativeWins(sql, orgId),
  ]);
  facts.initiativeWins = initiativeWins;
  const answers: MaturityAnswers = { ...NO_ANSWERS, ...(saved?.answers ?? {}) };
  const evidence = evidenceOf(facts, answers);
  const assessment = assessStage(evidence);
  await recordAssessment(
    sql,
    orgId,
    assessment.stage.number,
    evidence.map((e) => ({ id: e.id, met: e.met })),
  );
  const history = await selectHistory(sql, orgId);
  return {
    stage: assessment.stage,
    stages: STAGES.map((s) => ({ number: s.number, name: s.name, description: s.description })),
    ladder: assessment.ladder,
    evidence,
    questionnaire: {
      answers,
      questions: QUESTIONS,
      updatedAt: saved ? saved.updated_at.toISOString() : null,
    },
    nextSteps: assessment.nextSteps,
    mistakes: checkMistakes(evidence),
    history: history.map((h) => ({ assessedAt: h.assessed_at.toISOString(), stage: h.stage })),
  };
}

/**
 * The facts as of `asOf`: the counts over all feedback records from the organisation's columnar index
 * when it is loaded and current (the rest from SQL), else all of them from one SQL statement (which
 * starts loading the index: `wait` waits for it instead). The same numbers either way.
 */
export async function maturityFacts(
  sql: Sql,
  orgId: string,
  asOf: Date,
  wait = false,
): Promise<MaturityFacts> {
  const [beside, counts] = await Promise.all([
    selectMaturityFactsBesideRecords(sql, orgId, asOf),
    selectMaturityBounds(sql, orgId, asOf).then((b) =>
      getColumnarFeedbackFacts(
        sql,
        orgId,
        {
          recentAfter: b.after90,
          attributeAfter: b.after365,
          attribute: { key: 'kind', value: 'employee' },
          contacts: b.outcomeContacts,
        },
        wait,
      ),
    ),
  ]);
  // Not loaded (or a record at a bound's millisecond, which the index cannot place): SQL.
  if (!counts) return selectMaturityFacts(sql, orgId, asOf);
  return {
    ...beside,
    touchpointsHeard: counts.touchpointsRecent,
    channels: counts.channelsRecent,
    feedback90d: counts.recent,
    contactsAtTwoTouchpoints: counts.contactsAtTwoTouchpoints,
    contactsWithOutcomes: counts.contactsWithRecords,
    employeePulseAnswers: counts.attributeMatches,
  };
}

/** Initiatives under way or done whose measured effect is a win (null: the organisation has none). */
async function countInitiativeWins(sql: Sql, orgId: string): Promise<number | null> {
  const initiatives = (await listInitiatives(sql, orgId, { limit: 50 })).filter(
    (i) => i.status === 'running' || i.status === 'done',
  );
  if (initiatives.length === 0) return null;
  const reports = await Promise.all(initiatives.map((i) => measureInitiative(sql, orgId, i)));
  return reports.filter((r) => r.verdict === 'win').length;
}

/** Save the questionnaire (answers not given stay as they were) and return the new assessment. */
export async function saveMaturityAnswers(
  sql: Sql,
  orgId: string,
  answers: Partial<MaturityAnswers>,
  userId: string | null,
) {
  const saved = await selectAnswers(sql, orgId);
  await upsertAnswers(sql, orgId, { ...NO_ANSWERS, ...(saved?.answers ?? {}), ...answers }, userId);
  return getMaturity(sql, orgId);
}

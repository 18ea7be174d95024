// The maturity rule table: stages are cumulative, absent modules do not block, steps come in ladder order.
import { describe, expect, it } from 'vitest';
import { assessStage, checkMistakes, evidenceOf, type MaturityFacts, NO_ANSWERS } from './rules.js';

const full: MaturityFacts = {
  journeys: 1,
  touchpoints: 4,
  touchpointsHeard: 3,
  channels: 3,
  feedback90d: 500,
  invitationsSent: 1000,
  invitationsAnswered: 150,
  commentsAnalysed: 300,
  contactsAtTwoTouchpoints: 120,
  mirrorSurveys: 1,
  contactsWithOutcomes: 400,
  churnModel: true,
  casesClosedInSla: { closed: 90, total: 100 },
  initiativeWins: null,
};
const yes = Object.fromEntries(Object.keys(NO_ANSWERS).map((k) => [k, true])) as unknown as typeof NO_ANSWERS;

describe('maturity stage', () => {
  it('reaches Embed when everything holds; a module not in use (initiatives) does not block', () => {
    const a = assessStage(evidenceOf(full, yes));
    expect(a.stage.name).toBe('Embed');
    expect(a.nextSteps).toEqual([]);
    expect(checkMistakes(evidenceOf(full, yes)).every((m) => !m.atRisk)).toBe(true);
  });

  it('stops at the first stage with a missing requirement, even when later ones hold', () => {
    const e = evidenceOf({ ...full, channels: 1 }, yes);
    const a = assessStage(e);
    expect(a.stage).toMatchObject({ number: 2, name: 'Explore' });
    expect(a.ladder[2]).toMatchObject({ name: 'Mobilise', reached: false, missing: ['channels'] });
    expect(a.nextSteps[0]).toMatchObject({ evidence: 'channels', forStage: 'Mobilise', link: '/imports' });
  });

  it('starts at Ignore with nothing heard, and names the next three steps in ladder order', () => {
    const none: MaturityFacts = {
      ...full,
      journeys: 0,
      touchpoints: 0,
      touchpointsHeard: 0,
      channels: 0,
      feedback90d: 0,
      invitationsSent: 0,
      invitationsAnswered: 0,
      commentsAnalysed: 0,
      contactsAtTwoTouchpoints: 0,
      mirrorSurveys: 0,
      contactsWithOutcomes: 0,
      churnModel: false,
      casesClosedInSla: { closed: 0, total: 0 },
    };
    const a = assessStage(evidenceOf(none, NO_ANSWERS));
    expect(a.stage.name).toBe('Ignore');
    expect(a.nextSteps.map((s) => s.evidence)).toEqual(['listening', 'leadership', 'coalition']);
    const mistakes = checkMistakes(evidenceOf(none, NO_ANSWERS));
    expect(mistakes.map((m) => m.atRisk)).toEqual([true, true, true, true, true]);
  });

  it('counts a detractor closed loop only at 80% within the deadline', () => {
    const e = evidenceOf({ ...full, casesClosedInSla: { closed: 79, total: 100 } }, yes);
    expect(e.find((x) => x.id === 'closedLoop')?.met).toBe(false);
    expect(assessStage(e).stage.name).toBe('Mobilise');
  });
});

describe('employee pulse evidence', () => {
  it('is seen by the product from employee answers, else taken from the questionnaire', () => {
    const pulse = (f: MaturityFacts, a = NO_ANSWERS) =>
      evidenceOf(f, a).find((e) => e.id === 'employeePulse');
    expect(pulse({ ...full, employeePulseAnswers: 60 })).toMatchObject({
      met: true,
      source: 'product',
      value: '60 employee answers in the last year',
    });
    expect(pulse({ ...full, employeePulseAnswers: 3 })).toMatchObject({ met: false, source: 'product' });
    expect(pulse({ ...full, employeePulseAnswers: 0 })).toMatchObject({
      met: false,
      source: 'questionnaire',
    });
    expect(pulse(full, { ...NO_ANSWERS, employeePulse: true })).toMatchObject({
      met: true,
      source: 'questionnaire',
    });
  });
});

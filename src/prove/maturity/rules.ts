// Programme maturity by rules kept in one table: six stages (Temkin: Ignore, Explore, Mobilise,
// Operationalise, Align, Embed), each reached when all its requirements and those below are met; the
// five ways CX programmes fail (the "CX loser" mistakes) scored from the same evidence. Pure.

/** The questionnaire for the CX lead: yes/no answers. */
export interface MaturityAnswers {
  /** An executive sponsors CX and reviews it regularly. */
  leadership: boolean;
  /** A cross-functional coalition or a full-time CX team exists. */
  coalition: boolean;
  /** Customer journeys are mapped with the people who run them. */
  journeyMap: boolean;
  /** Operational processes have been redesigned from customer feedback. */
  processesRedesigned: boolean;
  /** CX measures are in goals, incentives or performance reviews. */
  incentives: boolean;
  /** Decisions (budget, product, hiring) routinely use customer evidence. */
  embeddedDecisions: boolean;
  /** Employees are surveyed regularly (pulse). */
  employeePulse: boolean;
}

export const QUESTIONS: Array<{ id: keyof MaturityAnswers; text: string }> = [
  { id: 'leadership', text: 'An executive sponsors customer experience and reviews it regularly' },
  { id: 'coalition', text: 'A cross-functional coalition or a full-time CX team owns the programme' },
  { id: 'journeyMap', text: 'Customer journeys are mapped together with the teams that run them' },
  { id: 'processesRedesigned', text: 'Operational processes have been redesigned from customer feedback' },
  { id: 'incentives', text: 'CX measures are part of goals, incentives or performance reviews' },
  { id: 'embeddedDecisions', text: 'Budget, product and hiring decisions routinely use customer evidence' },
  { id: 'employeePulse', text: 'Employees are surveyed regularly (an employee pulse)' },
];

export const NO_ANSWERS: MaturityAnswers = {
  leadership: false,
  coalition: false,
  journeyMap: false,
  processesRedesigned: false,
  incentives: false,
  embeddedDecisions: false,
  employeePulse: false,
};

/** What the product sees itself. Null where the figure is not available (a module not in use). */
export interface MaturityFacts {
  journeys: number;
  touchpoints: number;
  touchpointsHeard: number;
  channels: number;
  feedback90d: number;
  invitationsSent: number;
  invitationsAnswered: number;
  commentsAnalysed: number;
  contactsAtTwoTouchpoints: number;
  mirrorSurveys: number;
  contactsWithOutcomes: number;
  churnModel: boolean;
  /** Detractors with a case closed within its deadline, of all detractors with a case (null: no cases module). */
  casesClosedInSla: { closed: number; total: number } | null;
  /** Initiatives measured as wins (null: no initiatives module). */
  initiativeWins: number | null;
  /** Answers from employees (contacts of kind `employee`) in the last 365 days. */
  employeePulseAnswers?: number;
}

/** One piece of evidence with whether it holds and where to act on it. */
export interface EvidenceItem {
  id: string;
  label: string;
  value: string;
  met: boolean;
  source: 'product' | 'questionnaire';
  /** What to do to meet it, and the page that does it. */
  step: string;
  link: string;
}

const pct = (a: number, b: number) => (b === 0 ? '0%' : `${Math.round((100 * a) / b)}%`);

/** The evidence list from facts and answers. */
export function evidenceOf(f: MaturityFacts, a: MaturityAnswers): EvidenceItem[] {
  const q = (id: keyof MaturityAnswers, label: string, step: string): EvidenceItem => ({
    id,
    label,
    value: a[id] ? 'yes' : 'no',
    met: a[id],
    source: 'questionnaire',
    step,
    link: '/programme',
  });
  const rate = f.invitationsSent > 0 ? f.invitationsAnswered / f.invitationsSent : 0;
  const items: EvidenceItem[] = [
    {
      id: 'listening',
      label: 'Feedback collected in the last 90 days',
      value: String(f.feedback90d),
      met: f.feedback90d >= 1,
      source: 'product',
      step: 'Publish a first survey or import feedback you already have',
      link: '/imports',
    },
    {
      id: 'journeys',
      label: 'Customer journeys mapped',
      value: String(f.journeys),
      met: f.journeys >= 1,
      source: 'product',
      step: 'Map a customer journey with its stages and touchpoints',
      link: '/journeys',
    },
    {
      id: 'touchpoints',
      label: 'Touchpoints heard from in the last 90 days',
      value: `${f.touchpointsHeard} of ${f.touchpoints} (${pct(f.touchpointsHeard, f.touchpoints)})`,
      met: f.touchpoints > 0 && f.touchpointsHeard / f.touchpoints >= 0.5,
      source: 'product',
      step: 'Attach a survey to every touchpoint not yet heard from',
      link: '/journeys',
    },
    {
      id: 'channels',
      label: 'Listening channels in use',
      value: String(f.channels),
      met: f.channels >= 2,
      source: 'product',
      step: 'Add a second channel: email invitations, the website widget or imported reviews',
      link: '/imports',
    },
    {
      id: 'responseRate',
      label: 'Response rate of invitations (90 days)',
      value: f.invitationsSent
        ? `${pct(f.invitationsAnswered, f.invitationsSent)} of ${f.invitationsSent}`
        : 'no invitations',
      met: f.invitationsSent >= 1 && rate >= 0.1,
      source: 'product',
      step: 'Send invitations by email and follow the response rate',
      link: '/',
    },
    {
      id: 'comments',
      label: 'Comments analysed for themes and sentiment',
      value: String(f.commentsAnalysed),
      met: f.commentsAnalysed >= 1,
      source: 'product',
      step: 'Run comment analysis on the feedback you hold',
      link: '/',
    },
    {
      id: 'drivers',
      label: 'Contacts heard at two or more touchpoints (key drivers possible)',
      value: String(f.contactsAtTwoTouchpoints),
      met: f.contactsAtTwoTouchpoints >= 30,
      source: 'product',
      step: 'Survey the same customers at several touchpoints so drivers can be analysed',
      link: '/',
    },
    {
      id: 'mirror',
      label: 'Mirror surveys run (what staff believe vs customers)',
      value: String(f.mirrorSurveys),
      met: f.mirrorSurveys >= 1,
      source: 'product',
      step: 'Run a mirror survey: staff answer as they think customers do (the delivery gap)',
      link: '/',
    },
    {
      id: 'outcomes',
      label: 'Contacts with business outcomes linked',
      value: String(f.contactsWithOutcomes),
      met: f.contactsWithOutcomes >= 30,
      source: 'product',
      step: 'Import orders, revenue and churn per customer',
      link: '/value',
    },
    {
      id: 'churnModel',
      label: 'Churn risk model trained on your data',
      value: f.churnModel ? 'yes' : 'no',
      met: f.churnModel,
      source: 'product',
      step: 'Train the churn model once outcomes are linked',
      link: '/value',
    },
    q('leadership', 'Executive sponsor', 'Name an executive sponsor and put CX on their regular agenda'),
    q('coalition', 'CX coalition or team', 'Form a cross-functional CX coalition with a named owner'),
    q('journeyMap', 'Journeys mapped with the teams', 'Walk each journey with the teams that run it'),
    q(
      'processesRedesigned',
      'Processes redesigned from feedback',
      'Redesign one process from the top detractor theme and measure it',
    ),
    q(
      'incentives',
      'CX in goals and incentives',
      'Put one CX measure in the goals of the teams that move it',
    ),
    q(
      'embeddedDecisions',
      'Decisions use customer evidence',
      'Make customer evidence a required input of budget and product decisions',
    ),
    employeePulseEvidence(f, a),
  ];
  if (f.casesClosedInSla) {
    const { closed, total } = f.casesClosedInSla;
    items.push({
      id: 'closedLoop',
      label: 'Detractors with a case closed within its deadline',
      value: total ? `${pct(closed, total)} of ${total}` : 'no cases',
      met: total > 0 && closed / total >= 0.8,
      source: 'product',
      step: 'Open a case for every detractor and close it within its deadline',
      link: '/cases',
    });
  }
  if (f.initiativeWins !== null) {
    items.push({
      id: 'initiatives',
      label: 'Initiatives measured as wins',
      value: String(f.initiativeWins),
      met: f.initiativeWins >= 1,
      source: 'product',
      step: 'Measure an improvement initiative against a control group',
      link: '/initiatives',
    });
  }
  return items;
}

/** An employee pulse counts when the product sees employees' answers, or when the CX lead says one runs. */
function employeePulseEvidence(f: MaturityFacts, a: MaturityAnswers): EvidenceItem {
  const seen = f.employeePulseAnswers ?? 0;
  return {
    id: 'employeePulse',
    label: 'Employee pulse',
    value: seen > 0 ? `${seen} employee answers in the last year` : a.employeePulse ? 'yes' : 'no',
    met: seen >= 5 || a.employeePulse,
    source: seen > 0 ? 'product' : 'questionnaire',
    step: 'Run an employee pulse survey every quarter',
    link: seen > 0 ? '/initiatives' : '/programme',
  };
}

/** The six stages, each with the evidence it requires (on top of the stages below). */
export const STAGES: Array<{ number: number; name: string; description: string; requires: string[] }> = [
  { number: 1, name: 'Ignore', description: 'CX is not yet treated as something to manage', requires: [] },
  { number: 2, name: 'Explore', description: 'Feedback is gathered, ad hoc', requires: ['listening'] },
  {
    number: 3,
    name: 'Mobilise',
    description: 'A sponsored team listens across journeys and channels',
    requires: ['leadership', 'coalition', 'journeys', 'touchpoints', 'channels'],
  },
  {
    number: 4,
    name: 'Operationalise',
    description: 'Feedback changes how the work is done',
    requires: ['processesRedesigned', 'comments', 'drivers', 'responseRate', 'closedLoop'],
  },
  {
    number: 5,
    name: 'Align',
    description: 'People, incentives and money line up behind CX',
    requires: ['incentives', 'employeePulse', 'mirror', 'outcomes'],
  },
  {
    number: 6,
    name: 'Embed',
    description: 'Customer evidence is part of every decision',
    requires: ['embeddedDecisions', 'churnModel', 'initiatives', 'journeyMap'],
  },
];

/** A stage assessment with its reasons and the next concrete steps. */
export interface StageAssessment {
  stage: { number: number; name: string; description: string };
  /** Per stage: which requirements are met and which are missing. */
  ladder: Array<{ number: number; name: string; reached: boolean; met: string[]; missing: string[] }>;
  nextSteps: Array<{ evidence: string; step: string; link: string; forStage: string }>;
}

/**
 * The highest stage whose requirements, and all below, are met. A requirement with no evidence item
 * (a module not in use) does not block. Next steps: the first three unmet requirements above the stage.
 */
export function assessStage(evidence: EvidenceItem[]): StageAssessment {
  const byId = new Map(evidence.map((e) => [e.id, e]));
  let reached = 1;
  let blocked = false;
  const ladder = STAGES.map((s) => {
    const present = s.requires.filter((r) => byId.has(r));
    const met = present.filter((r) => byId.get(r)?.met);
    const missing = present.filter((r) => !byId.get(r)?.met);
    if (!blocked && missing.length === 0) reached = s.number;
    else blocked = true;
    return { number: s.number, name: s.name, reached: !blocked, met, missing };
  });
  const nextSteps: StageAssessment['nextSteps'] = [];
  for (const l of ladder) {
    if (l.reached) continue;
    for (const id of l.missing) {
      const e = byId.get(id) as EvidenceItem;
      if (nextSteps.length < 3)
        nextSteps.push({ evidence: id, step: e.step, link: e.link, forStage: l.name });
    }
  }
  const s = STAGES[reached - 1] as (typeof STAGES)[number];
  return { stage: { number: s.number, name: s.name, description: s.description }, ladder, nextSteps };
}

/** The five classic mistakes, each at risk when any of its evidence is missing. */
export const MISTAKES: Array<{ id: string; name: string; evidence: string[] }> = [
  {
    id: 'strategy',
    name: 'No CX strategy: no sponsor, no journeys',
    evidence: ['leadership', 'journeys', 'journeyMap'],
  },
  {
    id: 'culture',
    name: 'Culture: staff believe they deliver more than customers feel (the 80%/8% gap)',
    evidence: ['employeePulse', 'mirror', 'incentives'],
  },
  {
    id: 'process',
    name: 'Process and capability: listening without analysis',
    evidence: ['touchpoints', 'comments', 'drivers', 'processesRedesigned'],
  },
  {
    id: 'action',
    name: 'Action: feedback that never closes the loop',
    evidence: ['closedLoop', 'initiatives', 'processesRedesigned'],
  },
  {
    id: 'financial',
    name: 'Financial outcomes: no link from CX to money',
    evidence: ['outcomes', 'churnModel'],
  },
];

/** Score the five mistakes. */
export function checkMistakes(evidence: EvidenceItem[]) {
  const byId = new Map(evidence.map((e) => [e.id, e]));
  return MISTAKES.map((m) => {
    const items = m.evidence.filter((id) => byId.has(id)).map((id) => byId.get(id) as EvidenceItem);
    const missing = items.filter((e) => !e.met).map((e) => e.label);
    return { id: m.id, mistake: m.name, atRisk: missing.length > 0, missing, checked: items.length };
  });
}

// Employee pulse results: eNPS overall and by team from a pulse survey answered by contacts of kind
// `employee`, with no individual answer shown and no group under the threshold shown or recoverable.
import type { Sql } from '../../platform/db/index.js';
import { NotFoundError } from '../../platform/errors/index.js';
import { summariseNps } from '../../understand/stats/index.js';
import { suppressSmallGroups } from './anonymity.js';
import { selectEmployeeNpsByTeam, selectSurveyStatus } from './queries/pulse.js';

/** The smallest group ever reported (an organisation may ask for more, never less). */
export const MIN_GROUP = 5;

/** eNPS of a group: points with its adjusted-Wald 95% interval. */
export interface EnpsCell {
  n: number;
  enps: number;
  ci: { low: number; high: number } | null;
}

/** Pulse results of one survey. */
export interface PulseResult {
  surveyId: string;
  /** False while the survey is open: results are shown once it closes, so no two readings can be differenced. */
  available: boolean;
  reason: string | null;
  minGroup: number;
  overall: EnpsCell | null;
  teams: Array<{ team: string; result: EnpsCell | null }>;
  /** Respondents without a `team` attribute count in the total only (their group is treated like any other). */
  hiddenTeams: number;
}

const UNASSIGNED = '\u0000unassigned';

function cell(c: { promoters: number; passives: number; detractors: number }): EnpsCell {
  const s = summariseNps(c);
  return { n: s.n, enps: s.score as number, ci: s.ci ? { low: s.ci.low, high: s.ci.high } : null };
}

/**
 * eNPS of a closed pulse survey: answers to its NPS question from contacts whose `kind` attribute is
 * `employee`, by their `team` attribute as it was when they answered. Teams under `minGroup` (at least 5)
 * are hidden, and so is the next smallest team while the hidden ones could be worked out from the total.
 * There are no other filters, and an open survey shows nothing, so results cannot be differenced.
 */
export async function employeePulse(
  sql: Sql,
  orgId: string,
  surveyId: string,
  opts: { minGroup?: number } = {},
): Promise<PulseResult> {
  const minGroup = Math.max(MIN_GROUP, opts.minGroup ?? MIN_GROUP);
  const status = await selectSurveyStatus(sql, orgId, surveyId);
  if (status === null) throw new NotFoundError(`survey ${surveyId} not found`);
  const empty = { surveyId, minGroup, overall: null, teams: [], hiddenTeams: 0 };
  if (status !== 'closed') {
    return {
      ...empty,
      available: false,
      reason:
        'Pulse results are shown once the survey is closed, so that no two readings can be compared to single out a late answer.',
    };
  }
  const rows = await selectEmployeeNpsByTeam(sql, orgId, surveyId);
  const groups = rows.map((r) => ({
    ...r,
    key: r.team ?? UNASSIGNED,
    n: r.promoters + r.passives + r.detractors,
  }));
  const s = suppressSmallGroups(groups, minGroup);
  const total = groups.reduce(
    (a, g) => ({
      promoters: a.promoters + g.promoters,
      passives: a.passives + g.passives,
      detractors: a.detractors + g.detractors,
    }),
    { promoters: 0, passives: 0, detractors: 0 },
  );
  const named = groups
    .filter((g) => g.team !== null)
    .sort((a, b) => (a.team as string).localeCompare(b.team as string));
  return {
    surveyId,
    available: true,
    reason: null,
    minGroup,
    overall: s.totalShown ? cell(total) : null,
    teams: named.map((g) => ({ team: g.team as string, result: s.shown.has(g.key) ? cell(g) : null })),
    hiddenTeams: named.filter((g) => s.hidden.has(g.key)).length,
  };
}

// The employee-customer link: per team, employee eNPS (from a closed pulse, small groups suppressed)
// beside customer NPS at the team's touchpoints, and the correlation across teams with its Fisher z
// interval. Only teams whose eNPS may be shown take part, so the link reveals nothing the pulse hides.
import type { Sql } from '../../platform/db/index.js';
import { type Correlation, pearsonCorrelation, summariseNps } from '../../understand/stats/index.js';
import {
  selectCustomerNpsByTeam,
  selectLastEmployeeAnswer,
  selectPulseSurveys,
  selectTeamsWithTouchpoints,
} from './queries/link.js';
import { type EnpsCell, employeePulse } from './service.js';

/** Below this many teams the correlation comes with a warning (its interval is very wide). */
export const FEW_TEAMS = 10;
const DAY_MS = 86_400_000;

/** One team's employee and customer scores. */
export interface LinkRow {
  team: string;
  teamId: string | null;
  touchpoints: Array<{ id: string; name: string }>;
  /** Null: hidden (under the threshold) or no answers. */
  employee: EnpsCell | null;
  /** Customer NPS at the team's touchpoints in the window; null when none. */
  customer: EnpsCell | null;
}

/** The link of one pulse survey. */
export interface PulseLink {
  surveyId: string;
  available: boolean;
  minGroup: number;
  window: { from: string; to: string } | null;
  teams: LinkRow[];
  correlation: Correlation;
  warnings: string[];
}

const cellOf = (c: { promoters: number; passives: number; detractors: number }): EnpsCell | null => {
  const s = summariseNps(c);
  return s.n === 0 || s.score === null
    ? null
    : { n: s.n, enps: s.score, ci: s.ci ? { low: s.ci.low, high: s.ci.high } : null };
};

/** Employee eNPS beside customer NPS per team (customers over `days` before the last employee answer). */
export async function employeeCustomerLink(
  sql: Sql,
  orgId: string,
  surveyId: string,
  opts: { minGroup?: number; days?: number } = {},
): Promise<PulseLink> {
  const pulse = await employeePulse(sql, orgId, surveyId, { minGroup: opts.minGroup });
  const warnings: string[] = [];
  if (!pulse.available) {
    return {
      surveyId,
      available: false,
      minGroup: pulse.minGroup,
      window: null,
      teams: [],
      correlation: { n: 0, r: null, ci: null, p: null },
      warnings: [pulse.reason ?? 'Pulse results are not available.'],
    };
  }
  const to = new Date((await selectLastEmployeeAnswer(sql, orgId, surveyId)) ?? new Date());
  to.setTime(to.getTime() + 1);
  const from = new Date(to.getTime() - (opts.days ?? 90) * DAY_MS);
  const [teams, customers] = await Promise.all([
    selectTeamsWithTouchpoints(sql, orgId),
    selectCustomerNpsByTeam(sql, orgId, { from, to }),
  ]);
  const byName = new Map(teams.map((t) => [t.name, t]));
  const rows: LinkRow[] = pulse.teams.map((p) => {
    const team = byName.get(p.team);
    const c = team ? customers.find((x) => x.teamId === team.id) : undefined;
    return {
      team: p.team,
      teamId: team?.id ?? null,
      touchpoints: team?.touchpoints ?? [],
      employee: p.result,
      customer: c ? cellOf(c) : null,
    };
  });
  const paired = rows.filter((r) => r.employee && r.customer);
  const correlation = pearsonCorrelation(
    paired.map((r) => (r.employee as EnpsCell).enps),
    paired.map((r) => (r.customer as EnpsCell).enps),
  );
  if (paired.length < 3) {
    warnings.push(
      `Only ${paired.length} team${paired.length === 1 ? '' : 's'} with both an eNPS that may be shown and customer feedback: a correlation needs at least 3.`,
    );
  } else if (paired.length < FEW_TEAMS) {
    warnings.push(
      `Only ${paired.length} teams: the correlation is very uncertain${correlation.ci ? '' : ' (an interval needs at least 4)'}; read it as a hint, not a finding.`,
    );
  }
  if (rows.some((r) => r.employee === null)) {
    warnings.push(
      `Teams under ${pulse.minGroup} respondents (and any that would give them away) are left out.`,
    );
  }
  return {
    surveyId,
    available: true,
    minGroup: pulse.minGroup,
    window: { from: from.toISOString(), to: to.toISOString() },
    teams: rows,
    correlation,
    warnings,
  };
}

/** Surveys answered by employees. */
export function listPulseSurveys(sql: Sql, orgId: string) {
  return selectPulseSurveys(sql, orgId);
}

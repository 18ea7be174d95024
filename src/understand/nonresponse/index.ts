// Non-response and coverage: commenters vs all respondents, and AAPOR response rates where invitations exist.
import type { Sql } from '../../platform/db/index.js';
import { compareSums } from '../compare/index.js';
import { type Score, scoreFromSums } from '../scores/index.js';
import { type Comparison, compareSubgroupNps } from '../stats/index.js';
import {
  addSums,
  emptySums,
  getSums,
  type Metric,
  type SliceFilter,
  type Sums,
  subtractSums,
} from '../sums/index.js';
import { getInvitationDispositions } from './invitation-dispositions.js';
import { invitationRates } from './rates.js';

/** Commenters vs everyone who answered. */
export interface CommenterBias {
  metric: Metric;
  all: Score;
  commenters: Score;
  rest: Score;
  /** Score among commenters minus the score among all respondents. */
  bias: number | null;
  /** Commenters vs the rest (independent samples). */
  test: Comparison;
  significant: boolean;
}

/**
 * Response rates of a set of invitations, as `GET /api/v1/response-rates` gives them. AAPOR
 * RR1 = I / (I + P + R + NC + O + UH + UO), with the contacts a rule or an opt-out kept from being
 * invited counted as O (eligible, not interviewed: suppressing likely non-responders cannot raise the
 * rate); RR2 counts partial responses (P: a personal link started and not completed) with the complete
 * ones; `rr1Contacted` is RR1 over the invitations actually sent (`invited`).
 */
export interface RateCounts {
  invited: number;
  responded: number;
  partial: number;
  rr1: number | null;
  rr2: number | null;
  rr1Contacted: number | null;
  suppressed: number;
}

/** Response rates by group, with each group's share of the invited and of the respondents. */
export interface ResponseRates {
  by: string;
  overall: RateCounts;
  groups: Array<
    RateCounts & { group: string | null; shareOfInvited: number | null; shareOfRespondents: number | null }
  >;
}

function total(rows: Sums[]): Sums {
  const t = emptySums();
  for (const r of rows) addSums(t, r);
  return t;
}

/**
 * Bias of reading only the comments: the score among respondents who left a comment vs all
 * respondents, tested against those who did not (adjusted-Wald for NPS, two-proportion z for CSAT,
 * Welch t for means).
 */
export async function getCommenterBias(
  sql: Sql,
  orgId: string,
  q: {
    metric: Metric;
    filter: SliceFilter;
    timeZone: string;
    minN?: number | undefined;
    alpha?: number | undefined;
  },
): Promise<CommenterBias> {
  const minN = q.minN ?? 30;
  const base = { metric: q.metric, timeZone: q.timeZone, groupBy: [] };
  const [all, com] = await Promise.all([
    getSums(sql, orgId, { ...base, filter: q.filter }),
    getSums(sql, orgId, { ...base, filter: { ...q.filter, hasText: true } }),
  ]);
  const a = total(all.rows);
  const c = total(com.rows);
  const rest = subtractSums(a, c);
  let test: Comparison;
  let bias: number | null;
  if (q.metric === 'nps') {
    const counts = (s: Sums) => ({ promoters: s.hi, passives: s.mid, detractors: s.lo });
    const r = compareSubgroupNps(counts(c), counts(a));
    test = r.test;
    bias = r.bias;
  } else {
    test = compareSums(q.metric, c, rest);
    const sa = scoreFromSums(q.metric, a, minN).score;
    const sc = scoreFromSums(q.metric, c, minN).score;
    bias = sa !== null && sc !== null ? sc - sa : null;
  }
  return {
    metric: q.metric,
    all: scoreFromSums(q.metric, a, minN),
    commenters: scoreFromSums(q.metric, c, minN),
    rest: scoreFromSums(q.metric, rest, minN),
    bias,
    test,
    significant: test.p !== null && test.p <= (q.alpha ?? 0.05),
  };
}

/**
 * Response rates per channel or contact attribute value from invitations: responded = complete (I);
 * sent or opened with the personal link started but not completed = partial (P); other sent and
 * opened invitations count as eligible non-response; bounced and failed as unknown eligibility (UO);
 * suppressed as other eligible non-interviews (O) in RR1 and RR2, left out of `rr1Contacted`; queued
 * invitations are not yet fielded and left out. Null without an invitations table.
 */
export async function getResponseRates(
  sql: Sql,
  orgId: string,
  q: {
    surveyId?: string | undefined;
    by: 'channel' | `attr.${string}`;
    from?: Date | undefined;
    to?: Date | undefined;
  },
): Promise<ResponseRates | null> {
  const rows = await getInvitationDispositions(sql, orgId, q);
  if (!rows) return null;
  const groups = new Map<
    string | null,
    { complete: number; partial: number; nonResponse: number; unknown: number; suppressed: number }
  >();
  for (const r of rows) {
    const g = groups.get(r.group) ?? { complete: 0, partial: 0, nonResponse: 0, unknown: 0, suppressed: 0 };
    if (r.status === 'responded') g.complete += r.n;
    else if (r.status === 'partial') g.partial += r.n;
    else if (r.status === 'sent' || r.status === 'opened') g.nonResponse += r.n;
    else if (r.status === 'bounced' || r.status === 'failed') g.unknown += r.n;
    else if (r.status === 'suppressed') g.suppressed += r.n;
    groups.set(r.group, g);
  }
  const sum = { complete: 0, partial: 0, nonResponse: 0, unknown: 0, suppressed: 0 };
  for (const g of groups.values()) {
    sum.complete += g.complete;
    sum.partial += g.partial;
    sum.nonResponse += g.nonResponse;
    sum.unknown += g.unknown;
    sum.suppressed += g.suppressed;
  }
  const invited = (g: typeof sum) => g.complete + g.partial + g.nonResponse + g.unknown;
  return {
    by: q.by,
    overall: {
      invited: invited(sum),
      responded: sum.complete,
      partial: sum.partial,
      ...invitationRates(sum),
      suppressed: sum.suppressed,
    },
    groups: [...groups.entries()].map(([group, g]) => ({
      group,
      invited: invited(g),
      responded: g.complete,
      partial: g.partial,
      ...invitationRates(g),
      suppressed: g.suppressed,
      shareOfInvited: invited(sum) > 0 ? invited(g) / invited(sum) : null,
      shareOfRespondents: sum.complete > 0 ? g.complete / sum.complete : null,
    })),
  };
}

// AAPOR response rates over the invitations.
import type { Sql } from '../../../platform/db/index.js';
import { invitationRates } from '../../../understand/nonresponse/rates.js';
import { countDispositions, type DispositionCounts } from './queries/invitation-dispositions.js';

/** AAPOR response rates of one survey's invitations, by channel (see docs/api.md for the dispositions). */
export interface ResponseRate extends DispositionCounts {
  /** I / (I + P + R + NC + O + UH + UO): suppressed contacts count as eligible non-interviews. */
  rr1: number | null;
  /** (I + P) / the same denominator: partial responses count with the complete ones. */
  rr2: number | null;
  /** RR1 over contacted cases only (suppressed left out). */
  rr1Contacted: number | null;
}

/**
 * Response rates per survey and channel from the invitations table. Dispositions: responded = I;
 * sent or opened with the personal link started but not completed = P; other sent or opened = R+NC
 * (eligible, no interview); suppressed (opted out, frequency rule, no address) = O; bounced or
 * failed = UO (unknown eligibility, kept in the denominator as RR1 does); queued = not yet
 * fielded, left out.
 */
export async function responseRates(sql: Sql, orgId: string, surveyId?: string): Promise<ResponseRate[]> {
  const rows = await countDispositions(sql, orgId, surveyId);
  return rows.map((r) => ({
    ...r,
    ...invitationRates({
      complete: r.responded,
      partial: r.partial,
      nonResponse: r.noResponse,
      unknown: r.bounced,
      suppressed: r.suppressed,
    }),
  }));
}

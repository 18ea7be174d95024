// AAPOR response rates over the invitations.
import type { Sql } from '../../../platform/db/index.js';
import { invitationDisposition } from '../../../understand/nonresponse/invitation-dispositions.js';
import { invitationRates } from '../../../understand/nonresponse/rates.js';

/** AAPOR response rates of one survey's invitations, by channel (see docs/api.md for the dispositions). */
export interface ResponseRate {
  surveyId: string;
  channel: string;
  invited: number;
  responded: number;
  /** Personal link started and not completed (AAPOR P). */
  partial: number;
  noResponse: number;
  bounced: number;
  suppressed: number;
  pending: number;
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
  const rows = await sql<Omit<ResponseRate, 'rr1' | 'rr2' | 'rr1Contacted'>[]>`
    select survey_id as "surveyId", channel,
      count(*) filter (where status <> 'queued')::int as invited,
      count(*) filter (where status = 'responded')::int as responded,
      count(*) filter (where status = 'partial')::int as partial,
      count(*) filter (where status in ('sent', 'opened'))::int as "noResponse",
      count(*) filter (where status in ('bounced', 'failed'))::int as bounced,
      count(*) filter (where status = 'suppressed')::int as suppressed,
      count(*) filter (where status = 'queued')::int as pending
    from (
      select i.survey_id, i.channel, ${invitationDisposition(sql)} as status
      from invitations i
      where i.org_id = ${orgId} ${surveyId ? sql`and i.survey_id = ${surveyId}` : sql``}
    ) x
    group by survey_id, channel order by survey_id, channel`;
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

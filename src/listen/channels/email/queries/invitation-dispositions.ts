// Query: invitations counted by AAPOR disposition, per survey and channel.
import type { Sql } from '../../../../platform/db/index.js';
import { invitationDisposition } from '../../../../understand/nonresponse/invitation-dispositions.js';

/** Counts of one survey's invitations on one channel. */
export interface DispositionCounts {
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
}

/** Per survey and channel (of one survey when given), in survey then channel order. */
export async function countDispositions(
  sql: Sql,
  orgId: string,
  surveyId?: string,
): Promise<DispositionCounts[]> {
  return sql<DispositionCounts[]>`
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
}

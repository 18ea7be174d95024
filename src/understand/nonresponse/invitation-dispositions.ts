// One query: invitation counts by status per channel or contact attribute value (when invitations exist).
import type { Sql } from '../../platform/db/index.js';

/** Invitation counts of one group by final status. */
export interface DispositionRow {
  group: string | null;
  status: string;
  n: number;
}

/**
 * An invitation's status for response rates (`i` is the invitation): `partial` (AAPOR P) where it
 * was sent or opened and the respondent started its personal link without completing it, else its
 * status.
 */
export function invitationDisposition(sql: Sql) {
  return sql`case when i.status in ('sent', 'opened') and i.token_nonce is not null and exists (
      select 1 from respondent_sessions rs
      where rs.org_id = i.org_id and rs.survey_id = i.survey_id and rs.session_key = 'p:' || i.token_nonce
        and rs.completed_at is null and rs.answers <> '{}'::jsonb
    ) then 'partial' else i.status end`;
}

/**
 * Invitation counts by status (with `partial` told apart, see invitationDisposition), grouped by channel or by a contact attribute (`attr.<name>`), in the
 * range of their queueing time. Null when this database has no invitations table (no invitation
 * channel installed).
 */
export async function getInvitationDispositions(
  sql: Sql,
  orgId: string,
  q: {
    surveyId?: string | undefined;
    by: 'channel' | `attr.${string}`;
    from?: Date | undefined;
    to?: Date | undefined;
  },
): Promise<DispositionRow[] | null> {
  const [exists] = await sql<{ ok: boolean }[]>`select to_regclass('invitations') is not null as ok`;
  if (!exists?.ok) return null;
  const group = q.by === 'channel' ? sql`i.channel` : sql`coalesce(c.attributes ->> ${q.by.slice(5)}, '')`;
  return sql<DispositionRow[]>`
    select ${group} as group, ${invitationDisposition(sql)} as status, count(*)::int as n
    from invitations i
    ${q.by === 'channel' ? sql`` : sql`left join contacts c on c.org_id = i.org_id and c.id = i.contact_id`}
    where i.org_id = ${orgId}
      ${q.surveyId ? sql`and i.survey_id = ${q.surveyId}` : sql``}
      ${q.from ? sql`and i.queued_at >= ${q.from}` : sql``}
      ${q.to ? sql`and i.queued_at < ${q.to}` : sql``}
    group by 1, 2 order by 1, 2`;
}

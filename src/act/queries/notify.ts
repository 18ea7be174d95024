// Queries of case notifications: the facts a notification shows, the organisations whose daily
// digest is due (claimed once per day), and the open cases of an organisation's owners.
import type { Sql } from '../../platform/db/index.js';
import type { CaseFacts, DigestRow } from '../notify.js';

/** What a notification about the case shows, and who it goes to. */
export async function selectCaseFacts(
  sql: Sql,
  orgId: string,
  caseId: string,
): Promise<CaseFacts | undefined> {
  const [f] = await sql<CaseFacts[]>`
    select c.id, c.priority, c.due_at as "dueAt", u.email as "ownerEmail", u.name as "ownerName", t.name as "teamName",
      t.escalation, r.notify, f.nps, f.csat, f.ces, f.text, coalesce(p.name, p.email, p.external_id) as customer,
      tp.name as touchpoint
    from cases c
      join feedback f on f.org_id = c.org_id and f.id = c.feedback_id
      left join users u on u.org_id = c.org_id and u.id = c.owner_id
      left join teams t on t.org_id = c.org_id and t.id = c.team_id
      left join case_rules r on r.org_id = c.org_id and r.id = c.rule_id
      left join contacts p on p.org_id = c.org_id and p.id = c.contact_id
      left join touchpoints tp on tp.org_id = c.org_id and tp.id = c.touchpoint_id
    where c.org_id = ${orgId} and c.id = ${caseId}`;
  return f;
}

/**
 * Claim today's digest for every organisation with owned cases not closed and no digest sent today
 * (across organisations: one statement, so several workers send each digest once). Returns the
 * organisations claimed.
 */
export async function claimDigests(sql: Sql, today: string): Promise<Array<{ orgId: string }>> {
  return sql<{ orgId: string }[]>`
    insert into act_settings (org_id, digest_sent_on)
    select distinct org_id, ${today}::date from cases where status <> 'closed' and owner_id is not null
    on conflict (org_id) do update set digest_sent_on = excluded.digest_sent_on
      where act_settings.digest_sent_on is distinct from excluded.digest_sent_on
    returning org_id as "orgId"`;
}

/** The organisation's owned cases not closed, by owner, breached first, then by due time. */
export async function selectDigestRows(sql: Sql, orgId: string): Promise<DigestRow[]> {
  return sql<DigestRow[]>`
      select c.id, u.email, u.name, c.priority, c.due_at as "dueAt", c.breached_at is not null as breached, c.nps,
        coalesce(p.name, p.email, p.external_id) as customer
      from cases c join users u on u.org_id = c.org_id and u.id = c.owner_id
        left join contacts p on p.org_id = c.org_id and p.id = c.contact_id
      where c.org_id = ${orgId} and c.status <> 'closed'
      order by u.email, c.breached_at is null, c.due_at`;
}

// Queries: the retention settings of organisations, and the deletion or anonymisation of feedback
// older than a cut-off, a bounded batch per statement.
import type { Sql, TransactionSql } from '../../../platform/db/index.js';

/** An organisation's retention policy. */
export interface RetentionRow {
  months: number | null;
  mode: 'delete' | 'anonymise';
  lastRunAt: Date | null;
}

export async function selectRetention(sql: Sql, orgId: string): Promise<RetentionRow> {
  const [row] = await sql<RetentionRow[]>`
    select months, mode, last_run_at as "lastRunAt" from retention_settings where org_id = ${orgId}`;
  return row ?? { months: null, mode: 'delete', lastRunAt: null };
}

export async function upsertRetention(
  sql: Sql | TransactionSql,
  orgId: string,
  months: number | null,
  mode: RetentionRow['mode'],
): Promise<void> {
  await sql`
    insert into retention_settings (org_id, months, mode) values (${orgId}, ${months}, ${mode})
    on conflict (org_id) do update set months = excluded.months, mode = excluded.mode, updated_at = now()`;
}

/**
 * Claim today's run for every organisation with a policy not yet queued today (one claim per
 * organisation and day, however many workers ask). Returns the organisations claimed.
 */
export async function claimDueRetention(tx: TransactionSql, today: string): Promise<string[]> {
  const rows = await tx<{ orgId: string }[]>`
    update retention_settings set queued_on = ${today}::date
    where months is not null and (queued_on is null or queued_on < ${today}::date)
    returning org_id as "orgId"`;
  return rows.map((r) => r.orgId);
}

export async function markRetentionRun(sql: Sql, orgId: string): Promise<void> {
  await sql`update retention_settings set last_run_at = now() where org_id = ${orgId}`;
}

/** The cut-off: `months` calendar months before now, by the database clock. */
export async function retentionCutoff(sql: Sql, months: number): Promise<Date> {
  const [row] = await sql<{ cutoff: Date }[]>`select now() - make_interval(months => ${months}) as cutoff`;
  return row!.cutoff;
}

/** Delete up to `limit` feedback records that happened before the cut-off (rollup triggers subtract them). */
export async function deleteOldFeedback(
  sql: Sql,
  orgId: string,
  cutoff: Date,
  limit: number,
): Promise<number> {
  const res = await sql`
    delete from feedback where org_id = ${orgId} and id in (
      select id from feedback where org_id = ${orgId} and occurred_at < ${cutoff} limit ${limit})`;
  return res.count;
}

/** Delete up to `limit` responses submitted before the cut-off (any feedback of theirs goes with them). */
export async function deleteOldResponses(
  sql: Sql,
  orgId: string,
  cutoff: Date,
  limit: number,
): Promise<number> {
  const res = await sql`
    delete from responses where org_id = ${orgId} and id in (
      select id from responses where org_id = ${orgId} and submitted_at < ${cutoff} limit ${limit})`;
  return res.count;
}

/** Delete hosted-page sessions (partial answers) started before the cut-off. */
export async function deleteOldSessions(sql: Sql, orgId: string, cutoff: Date): Promise<number> {
  const res = await sql`
    delete from respondent_sessions where org_id = ${orgId} and started_at < ${cutoff}`;
  return res.count;
}

/**
 * Anonymise up to `limit` feedback records that happened before the cut-off and still hold text or
 * a contact: the comment (redacted and original) and the contact link go; scores, dates, slices and
 * the text analytics (themes, sentiment: no text of their own) stay, so no rollup changes. A contact
 * link removed moves the organisation's analytics version (in the same statement): key drivers across
 * touchpoints group feedback by contact and are kept by that version, and the version trigger on
 * feedback looks at the analysed columns only.
 */
export async function anonymiseOldFeedback(
  sql: Sql,
  orgId: string,
  cutoff: Date,
  limit: number,
): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    with due as (
      select id, contact_id is not null as linked from feedback
      where org_id = ${orgId} and occurred_at < ${cutoff}
        and (text is not null or text_original is not null or contact_id is not null)
      limit ${limit}
    ), done as (
      update feedback f set text = null, text_original = null, contact_id = null
      from due where f.org_id = ${orgId} and f.id = due.id
      returning due.linked
    ), bump as (
      insert into analytics_versions as v (org_id, shard, n)
      select ${orgId}, (pg_backend_pid() % 16)::smallint, 1 where exists (select 1 from done where linked)
      on conflict (org_id, shard) do update set n = v.n + 1
      returning 1
    )
    select (select count(*) from done)::int as n, (select count(*) from bump)::int as bumped`;
  return row?.n ?? 0;
}

/**
 * Anonymise up to `limit` responses submitted before the cut-off: the answers to free-text and
 * contact-details questions (by the survey version's definition) and the contact link go.
 */
export async function anonymiseOldResponses(
  sql: Sql,
  orgId: string,
  cutoff: Date,
  limit: number,
): Promise<number> {
  const res = await sql`
    with personal as (
      select v.survey_id, v.version,
        coalesce(array_agg(q ->> 'id') filter (where q ->> 'type' in ('text', 'contact_info')), '{}') as keys
      from survey_versions v
      cross join lateral jsonb_array_elements(coalesce(v.definition -> 'questions', '[]'::jsonb)) q
      where v.org_id = ${orgId}
      group by v.survey_id, v.version
    ), due as (
      select r.id, p.keys from responses r
      left join personal p on p.survey_id = r.survey_id and p.version = r.survey_version
      where r.org_id = ${orgId} and r.submitted_at < ${cutoff}
        and (r.contact_id is not null or r.answers ?| coalesce(p.keys, '{}'))
      limit ${limit}
    )
    update responses r set contact_id = null, answers = r.answers - coalesce(due.keys, '{}')
    from due where r.org_id = ${orgId} and r.id = due.id`;
  return res.count;
}

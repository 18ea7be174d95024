// Queries of the maturity assessment: the facts the product sees, the questionnaire, the history.
import type { Sql } from '../../platform/db/index.js';
import type { MaturityAnswers, MaturityFacts } from './rules.js';

/** Everything the assessment reads, in one round trip, as of `asOf`. */
export async function selectMaturityFacts(sql: Sql, orgId: string, asOf: Date): Promise<MaturityFacts> {
  const [r] = await sql<
    {
      journeys: number;
      touchpoints: number;
      touchpoints_heard: number;
      channels: number;
      feedback90d: number;
      sent: number;
      answered: number;
      analysed: number;
      two_touchpoints: number;
      mirrors: number;
      with_outcomes: number;
      churn_model: boolean;
      cases_total: number;
      cases_in_sla: number;
      employee_answers: number;
    }[]
  >`
    select
      (select count(*)::int from journeys where org_id = ${orgId}) as journeys,
      (select count(*)::int from touchpoints where org_id = ${orgId}) as touchpoints,
      (select count(distinct touchpoint_id)::int from feedback where org_id = ${orgId}
        and touchpoint_id is not null and occurred_at > ${asOf}::timestamptz - interval '90 days') as touchpoints_heard,
      (select count(distinct channel)::int from feedback where org_id = ${orgId}
        and occurred_at > ${asOf}::timestamptz - interval '90 days') as channels,
      (select count(*)::int from feedback where org_id = ${orgId}
        and occurred_at > ${asOf}::timestamptz - interval '90 days') as feedback90d,
      (select count(*)::int from invitations where org_id = ${orgId} and sent_at is not null
        and sent_at > ${asOf}::timestamptz - interval '90 days') as sent,
      (select count(*)::int from invitations where org_id = ${orgId} and sent_at is not null and responded_at is not null
        and sent_at > ${asOf}::timestamptz - interval '90 days') as answered,
      (select count(*)::int from feedback where org_id = ${orgId} and enrichment is not null) as analysed,
      (select count(*)::int from (select contact_id from feedback where org_id = ${orgId}
        and contact_id is not null and touchpoint_id is not null
        group by contact_id having count(distinct touchpoint_id) >= 2) x) as two_touchpoints,
      (select count(*)::int from surveys where org_id = ${orgId} and mirror_of is not null) as mirrors,
      (select count(distinct o.contact_id)::int from outcomes o where o.org_id = ${orgId}
        and exists (select 1 from feedback f where f.org_id = ${orgId} and f.contact_id = o.contact_id)) as with_outcomes,
      exists (select 1 from churn_models where org_id = ${orgId}) as churn_model,
      (select count(*)::int from cases c join feedback f on f.org_id = c.org_id and f.id = c.feedback_id
        where c.org_id = ${orgId} and (f.nps <= 6 or f.csat <= 2 or f.ces <= 3)
          and c.created_at > ${asOf}::timestamptz - interval '90 days') as cases_total,
      (select count(*)::int from cases c join feedback f on f.org_id = c.org_id and f.id = c.feedback_id
        where c.org_id = ${orgId} and (f.nps <= 6 or f.csat <= 2 or f.ces <= 3) and c.closed_within_sla
          and c.created_at > ${asOf}::timestamptz - interval '90 days') as cases_in_sla,
      (select count(*)::int from feedback where org_id = ${orgId} and attributes->>'kind' = 'employee'
        and occurred_at > ${asOf}::timestamptz - interval '365 days') as employee_answers`;
  const row = r as NonNullable<typeof r>;
  return {
    journeys: row.journeys,
    touchpoints: row.touchpoints,
    touchpointsHeard: row.touchpoints_heard,
    channels: row.channels,
    feedback90d: row.feedback90d,
    invitationsSent: row.sent,
    invitationsAnswered: row.answered,
    commentsAnalysed: row.analysed,
    contactsAtTwoTouchpoints: row.two_touchpoints,
    mirrorSurveys: row.mirrors,
    contactsWithOutcomes: row.with_outcomes,
    churnModel: row.churn_model,
    casesClosedInSla: { closed: row.cases_in_sla, total: row.cases_total },
    // measured by the initiatives module (see getMaturity)
    initiativeWins: null,
    employeePulseAnswers: row.employee_answers,
  };
}

/**
 * The facts that are not counts over all feedback records (those come from the columnar index, see
 * `maturityFacts`), the comments analysed, and the contacts that have outcomes, as of `asOf`.
 */
export async function selectMaturityFactsBesideRecords(
  sql: Sql,
  orgId: string,
  asOf: Date,
): Promise<
  Omit<
    MaturityFacts,
    | 'touchpointsHeard'
    | 'channels'
    | 'feedback90d'
    | 'contactsAtTwoTouchpoints'
    | 'contactsWithOutcomes'
    | 'employeePulseAnswers'
  >
> {
  const [r] = await sql<
    {
      journeys: number;
      touchpoints: number;
      sent: number;
      answered: number;
      analysed: number;
      mirrors: number;
      churn_model: boolean;
      cases_total: number;
      cases_in_sla: number;
    }[]
  >`
    select
      (select count(*)::int from journeys where org_id = ${orgId}) as journeys,
      (select count(*)::int from touchpoints where org_id = ${orgId}) as touchpoints,
      (select count(*)::int from invitations where org_id = ${orgId} and sent_at is not null
        and sent_at > ${asOf}::timestamptz - interval '90 days') as sent,
      (select count(*)::int from invitations where org_id = ${orgId} and sent_at is not null and responded_at is not null
        and sent_at > ${asOf}::timestamptz - interval '90 days') as answered,
      (select count(*)::int from feedback where org_id = ${orgId} and enrichment is not null) as analysed,
      (select count(*)::int from surveys where org_id = ${orgId} and mirror_of is not null) as mirrors,
      exists (select 1 from churn_models where org_id = ${orgId}) as churn_model,
      (select count(*)::int from cases c join feedback f on f.org_id = c.org_id and f.id = c.feedback_id
        where c.org_id = ${orgId} and (f.nps <= 6 or f.csat <= 2 or f.ces <= 3)
          and c.created_at > ${asOf}::timestamptz - interval '90 days') as cases_total,
      (select count(*)::int from cases c join feedback f on f.org_id = c.org_id and f.id = c.feedback_id
        where c.org_id = ${orgId} and (f.nps <= 6 or f.csat <= 2 or f.ces <= 3) and c.closed_within_sla
          and c.created_at > ${asOf}::timestamptz - interval '90 days') as cases_in_sla`;
  const row = r as NonNullable<typeof r>;
  return {
    journeys: row.journeys,
    touchpoints: row.touchpoints,
    invitationsSent: row.sent,
    invitationsAnswered: row.answered,
    commentsAnalysed: row.analysed,
    mirrorSurveys: row.mirrors,
    churnModel: row.churn_model,
    casesClosedInSla: { closed: row.cases_in_sla, total: row.cases_total },
    initiativeWins: null,
  };
}

/**
 * The bounds `asOf - 90 days` and `asOf - 365 days` as SQL computes them (in the session's time zone),
 * in epoch ms, and the contacts that have outcomes.
 */
export async function selectMaturityBounds(
  sql: Sql,
  orgId: string,
  asOf: Date,
): Promise<{ after90: number; after365: number; outcomeContacts: string[] }> {
  const [[b], contacts] = await Promise.all([
    sql<{ after90: number; after365: number }[]>`
      select round(extract(epoch from ${asOf}::timestamptz - interval '90 days') * 1000)::float8 as after90,
        round(extract(epoch from ${asOf}::timestamptz - interval '365 days') * 1000)::float8 as after365`,
    sql<{ contact_id: string }[]>`
      select distinct contact_id::text from outcomes where org_id = ${orgId} and contact_id is not null`,
  ]);
  const bounds = b as NonNullable<typeof b>;
  return {
    after90: bounds.after90,
    after365: bounds.after365,
    outcomeContacts: contacts.map((c) => c.contact_id),
  };
}

/** The saved answers, or null. */
export async function selectAnswers(
  sql: Sql,
  orgId: string,
): Promise<{ answers: Partial<MaturityAnswers>; updated_at: Date } | null> {
  const [row] = await sql<{ answers: Partial<MaturityAnswers>; updated_at: Date }[]>`
    select answers, updated_at from maturity_questionnaires where org_id = ${orgId}`;
  return row ?? null;
}

/** Save the answers. */
export async function upsertAnswers(
  sql: Sql,
  orgId: string,
  answers: MaturityAnswers,
  userId: string | null,
) {
  await sql`
    insert into maturity_questionnaires (org_id, answers, updated_at, updated_by)
    values (${orgId}, ${sql.json(answers as never)}, now(), ${userId})
    on conflict (org_id) do update set answers = excluded.answers, updated_at = now(), updated_by = excluded.updated_by`;
}

/** Record an assessment unless the latest one, less than a day old, has the same stage and evidence. */
export async function recordAssessment(
  sql: Sql,
  orgId: string,
  stage: number,
  evidence: unknown,
): Promise<void> {
  await sql`
    insert into maturity_assessments (org_id, stage, evidence)
    select ${orgId}, ${stage}, ${sql.json(evidence as never)}
    where not exists (
      select 1 from (select stage, evidence, assessed_at from maturity_assessments where org_id = ${orgId}
        order by assessed_at desc limit 1) last
      where last.stage = ${stage} and last.evidence = ${sql.json(evidence as never)}
        and last.assessed_at > now() - interval '1 day')`;
}

/** Stage over time, oldest first (the last 100 assessments). */
export async function selectHistory(
  sql: Sql,
  orgId: string,
): Promise<Array<{ assessed_at: Date; stage: number }>> {
  return sql<Array<{ assessed_at: Date; stage: number }>>`
    select assessed_at, stage from (
      select assessed_at, stage from maturity_assessments where org_id = ${orgId}
      order by assessed_at desc limit 100) h
    order by assessed_at`;
}

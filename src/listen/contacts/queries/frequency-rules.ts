// Statements on `contact_frequency_rules`: add, list, delete; and whether a survey exists for a rule.
import type { Sql } from '../../../platform/db/index.js';
import type { FrequencyRule } from '../fatigue.js';

const RULE_COLUMNS = `id, survey_id as "surveyId", max_invitations as "maxInvitations", window_days as "windowDays",
  created_at as "createdAt"`;

/** Whether the survey exists in the organisation. */
export async function surveyExists(sql: Sql, orgId: string, surveyId: string): Promise<boolean> {
  const [s] = await sql`select 1 from surveys where org_id = ${orgId} and id = ${surveyId}`;
  return Boolean(s);
}

/** Insert a rule (`surveyId` null: every survey). */
export async function insertFrequencyRule(
  sql: Sql,
  orgId: string,
  rule: { surveyId: string | null; maxInvitations: number; windowDays: number },
): Promise<FrequencyRule> {
  const [row] = await sql<FrequencyRule[]>`
    insert into contact_frequency_rules (org_id, survey_id, max_invitations, window_days)
    values (${orgId}, ${rule.surveyId}, ${rule.maxInvitations}, ${rule.windowDays})
    returning ${sql.unsafe(RULE_COLUMNS)}`;
  return row!;
}

/** Every rule of the organisation, oldest first. */
export async function selectFrequencyRules(sql: Sql, orgId: string): Promise<FrequencyRule[]> {
  return sql<FrequencyRule[]>`
    select ${sql.unsafe(RULE_COLUMNS)}
    from contact_frequency_rules where org_id = ${orgId} order by created_at`;
}

/** Delete a rule; false when there is none. */
export async function deleteFrequencyRuleRow(sql: Sql, orgId: string, ruleId: string): Promise<boolean> {
  const rows =
    await sql`delete from contact_frequency_rules where org_id = ${orgId} and id = ${ruleId} returning id`;
  return rows.length > 0;
}

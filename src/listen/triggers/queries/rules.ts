// Statements on `trigger_rules`, and the checks a new rule needs.
import type { Sql } from '../../../platform/db/index.js';
import type { TriggerRule, TriggerRuleInput } from '../index.js';

const COLUMNS = (sql: Sql) => sql`id, touchpoint_id as "touchpointId", survey_id as "surveyId", channel,
  sample_rate as "sampleRate", quiet_start as "quietStart", quiet_end as "quietEnd",
  default_time_zone as "defaultTimeZone", conditions, enabled, created_at as "createdAt"`;

/** Whether the touchpoint is the organisation's. */
export async function touchpointExists(sql: Sql, orgId: string, touchpointId: string): Promise<boolean> {
  const [tp] = await sql`select 1 from touchpoints where org_id = ${orgId} and id = ${touchpointId}`;
  return Boolean(tp);
}

/** Whether the survey is the organisation's (in any status). */
export async function surveyExists(sql: Sql, orgId: string, surveyId: string): Promise<boolean> {
  const [sv] = await sql`select 1 from surveys where org_id = ${orgId} and id = ${surveyId}`;
  return Boolean(sv);
}

/** Insert a rule with its defaults (email, everyone, no quiet hours, UTC). */
export async function insertTriggerRule(
  sql: Sql,
  orgId: string,
  input: TriggerRuleInput,
): Promise<TriggerRule> {
  const [row] = await sql<TriggerRule[]>`
    insert into trigger_rules (org_id, touchpoint_id, survey_id, channel, sample_rate, quiet_start, quiet_end,
      default_time_zone, conditions)
    values (${orgId}, ${input.touchpointId}, ${input.surveyId}, ${input.channel ?? 'email'}, ${input.sampleRate ?? 1},
      ${input.quietHours?.start ?? null}, ${input.quietHours?.end ?? null}, ${input.defaultTimeZone ?? 'UTC'},
      ${input.conditions ? sql.json(input.conditions as never) : null})
    returning ${COLUMNS(sql)}`;
  return row!;
}

/** Every rule, oldest first. */
export async function selectTriggerRules(sql: Sql, orgId: string): Promise<TriggerRule[]> {
  return sql<
    TriggerRule[]
  >`select ${COLUMNS(sql)} from trigger_rules where org_id = ${orgId} order by created_at`;
}

/** The enabled rules of a touchpoint, oldest first. */
export async function selectEnabledRules(
  sql: Sql,
  orgId: string,
  touchpointId: string,
): Promise<TriggerRule[]> {
  return sql<TriggerRule[]>`
    select ${COLUMNS(sql)} from trigger_rules
    where org_id = ${orgId} and touchpoint_id = ${touchpointId} and enabled order by created_at`;
}

// Statements on `case_rules`, and the checks a rule needs (the touchpoints, surveys, users and teams
// it names are the organisation's).
import type { Sql, TransactionSql } from '../../platform/db/index.js';
import type { CaseRule, CaseRuleInput, RuleWhen } from '../rules.js';
import type { BusinessHours } from '../sla.js';

type Tx = Sql | TransactionSql;

/** Which of these ids are rows of the organisation in the table. */
export async function selectOrgIds(
  sql: Tx,
  orgId: string,
  table: 'touchpoints' | 'surveys' | 'users' | 'teams',
  ids: string[],
): Promise<Array<{ id: string }>> {
  return sql<{ id: string }[]>`
      select id from ${sql(table)} where org_id = ${orgId} and id = any(${ids}::uuid[])`;
}

/** Whether the user or team is the organisation's. */
export async function orgRowExists(
  sql: Tx,
  orgId: string,
  table: 'users' | 'teams',
  id: string,
): Promise<boolean> {
  const rows = await sql`select 1 from ${sql(table)} where org_id = ${orgId} and id = ${id}`;
  return rows.length > 0;
}

const SELECT = (sql: Sql, orgId: string) => sql`
  select id, name, position, enabled, conditions as "when",
    json_build_object('teamId', assign_team_id, 'userId', assign_user_id, 'strategy', assign_strategy) as assign,
    priority, sla_hours::float8 as "slaHours", business_hours as "businessHours", notify,
    created_at as "createdAt", updated_at as "updatedAt"
  from case_rules where org_id = ${orgId}`;

/** Insert a rule (no position: after the last); returns its id. */
export async function insertCaseRule(
  sql: Sql,
  orgId: string,
  input: CaseRuleInput,
  needsEnrichment: boolean,
): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into case_rules (org_id, name, position, enabled, conditions, needs_enrichment, assign_team_id,
      assign_user_id, assign_strategy, priority, sla_hours, business_hours, notify)
    values (${orgId}, ${input.name},
      ${input.position ?? sql`(select coalesce(max(position) + 1, 0) from case_rules where org_id = ${orgId})`},
      ${input.enabled}, ${sql.json(input.when as never)}, ${needsEnrichment},
      ${input.assign.teamId ?? null}, ${input.assign.userId ?? null}, ${input.assign.strategy ?? 'round_robin'}, ${input.priority},
      ${input.slaHours}, ${input.businessHours ? sql.json(input.businessHours as never) : null},
      ${sql.json((input.notify ?? {}) as never)})
    returning id`;
  return row!.id;
}

/** One rule, if it is the organisation's. */
export async function selectCaseRule(sql: Sql, orgId: string, ruleId: string): Promise<CaseRule | undefined> {
  const [rule] = await sql<CaseRule[]>`${SELECT(sql, orgId)} and id = ${ruleId}`;
  return rule;
}

/** Every rule of the organisation, in the order they are tried. */
export async function selectCaseRules(sql: Sql, orgId: string): Promise<CaseRule[]> {
  return sql<CaseRule[]>`${SELECT(sql, orgId)} order by position, created_at`;
}

/** Write every field of a rule. */
export async function updateCaseRuleRow(
  sql: Sql,
  orgId: string,
  ruleId: string,
  r: {
    name: string;
    position: number;
    enabled: boolean;
    when: RuleWhen;
    needsEnrichment: boolean;
    assign: CaseRule['assign'];
    priority: CaseRule['priority'];
    slaHours: number;
    businessHours: BusinessHours | null;
    notify: CaseRule['notify'];
  },
): Promise<void> {
  await sql`
    update case_rules set name = ${r.name}, position = ${r.position},
      enabled = ${r.enabled}, conditions = ${sql.json(r.when as never)},
      needs_enrichment = ${r.needsEnrichment}, assign_team_id = ${r.assign.teamId},
      assign_user_id = ${r.assign.userId}, assign_strategy = ${r.assign.strategy},
      priority = ${r.priority}, sla_hours = ${r.slaHours},
      business_hours = ${r.businessHours ? sql.json(r.businessHours as never) : null},
      notify = ${sql.json(r.notify as never)}, updated_at = now()
    where org_id = ${orgId} and id = ${ruleId}`;
}

/** Delete a rule; whether it existed. */
export async function deleteCaseRuleRow(sql: Sql, orgId: string, ruleId: string): Promise<boolean> {
  const rows = await sql`delete from case_rules where org_id = ${orgId} and id = ${ruleId} returning id`;
  return rows.length > 0;
}

// Case rules: which feedback opens a case, who gets it, how urgent, and by when.
import { z } from 'zod';
import { SegmentRule, segmentCondition } from '../listen/contacts/index.js';
import type { Sql, TransactionSql } from '../platform/db/index.js';
import { NotFoundError, ValidationError } from '../platform/errors/index.js';
import {
  deleteCaseRuleRow,
  insertCaseRule,
  orgRowExists,
  selectCaseRule,
  selectCaseRules,
  selectOrgIds,
  updateCaseRuleRow,
} from './queries/rules.js';
import { type BusinessHours, isTimeZone } from './sla.js';
import { checkWebhookUrl } from './url-guard.js';

/** Ranges of each metric, as stored on feedback (rating normalised to 0–1). */
export const METRIC_RANGE = { nps: [0, 10], csat: [1, 5], ces: [1, 7], rating: [0, 1] } as const;
/** A metric a rule can test. */
export type Metric = keyof typeof METRIC_RANGE;

const Id = z.uuid({ message: 'must be a UUID' });
const Words = z.array(z.string().trim().min(1).max(100)).min(1).max(100);

/** The conditions of a rule; all given must hold. */
export const RuleWhen = z
  .object({
    metric: z.enum(['nps', 'csat', 'ces', 'rating']).optional(),
    atMost: z.number().optional(),
    atLeast: z.number().optional(),
    sentiment: z.literal('negative').optional(),
    themes: Words.optional(),
    keywords: Words.optional(),
    touchpointIds: z.array(Id).min(1).max(200).optional(),
    surveyIds: z.array(Id).min(1).max(200).optional(),
    channels: z.array(z.string().trim().min(1).max(50)).min(1).max(50).optional(),
    rules: SegmentRule.optional(),
  })
  .strict()
  .superRefine((w, ctx) => {
    const bounded = w.atMost !== undefined || w.atLeast !== undefined;
    if (w.metric && !bounded)
      ctx.addIssue({ code: 'custom', path: ['atMost'], message: 'give atMost or atLeast with metric' });
    if (!w.metric && bounded)
      ctx.addIssue({
        code: 'custom',
        path: ['metric'],
        message: 'name the metric that atMost/atLeast bound',
      });
    if (w.metric) {
      const [lo, hi] = METRIC_RANGE[w.metric];
      for (const key of ['atMost', 'atLeast'] as const) {
        const v = w[key];
        if (v !== undefined && (v < lo || v > hi))
          ctx.addIssue({ code: 'custom', path: [key], message: `${w.metric} runs from ${lo} to ${hi}` });
      }
      if (w.atMost !== undefined && w.atLeast !== undefined && w.atLeast > w.atMost)
        ctx.addIssue({
          code: 'custom',
          path: ['atLeast'],
          message: 'atLeast is above atMost: nothing can match',
        });
    }
    if (Object.values(w).every((v) => v === undefined))
      ctx.addIssue({ code: 'custom', path: [], message: 'give at least one condition' });
  });
/** Rule conditions. */
export type RuleWhen = z.infer<typeof RuleWhen>;

const Hour = z.number().int().min(0).max(24);
/** Working hours of a rule's SLA. */
export const BusinessHoursSchema = z
  .object({
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris'),
    days: z.array(z.number().int().min(1).max(7)).min(1).max(7).default([1, 2, 3, 4, 5]),
    start: Hour.default(9),
    end: Hour.default(17),
  })
  .strict()
  .refine((b) => b.end > b.start, { path: ['end'], message: 'end after start' });

/** Who is told when a rule opens a case. */
export const Notify = z
  .object({
    owner: z.boolean().optional(),
    emails: z.array(z.email()).max(20).optional(),
    slackUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  })
  .strict();

const Assign = z
  .object({
    teamId: Id.optional(),
    userId: Id.optional(),
    strategy: z.enum(['round_robin', 'least_loaded', 'none']).optional(),
  })
  .strict();

// The fields of a rule without defaults (a change names only what it changes).
const RuleFields = {
  name: z.string().trim().min(1).max(200),
  when: RuleWhen,
  assign: Assign,
  priority: z.enum(['low', 'normal', 'high', 'urgent']),
  slaHours: z.number().gt(0).max(8760),
  businessHours: BusinessHoursSchema.nullable(),
  notify: Notify,
  enabled: z.boolean(),
  position: z.number().int().min(0).max(10_000),
};

/** Create-rule body. */
export const CaseRuleCreate = z
  .object({
    ...RuleFields,
    assign: Assign.default({}),
    priority: RuleFields.priority.default('normal'),
    businessHours: RuleFields.businessHours.optional(),
    notify: Notify.optional(),
    enabled: z.boolean().default(true),
    position: RuleFields.position.optional(),
  })
  .strict();

/** Change-rule body: any field of a rule, nothing defaulted. */
export const CaseRuleUpdate = z.object(RuleFields).partial().strict();

/** Create-rule input. */
export type CaseRuleInput = z.infer<typeof CaseRuleCreate>;

/** A stored rule. */
export interface CaseRule {
  id: string;
  name: string;
  position: number;
  enabled: boolean;
  when: RuleWhen;
  assign: { teamId: string | null; userId: string | null; strategy: 'round_robin' | 'least_loaded' | 'none' };
  priority: 'low' | 'normal' | 'high' | 'urgent';
  slaHours: number;
  businessHours: BusinessHours | null;
  notify: z.infer<typeof Notify>;
  createdAt: Date;
  updatedAt: Date;
}

type Tx = Sql | TransactionSql;

/** Whether a rule's conditions wait for comment enrichment (sentiment, themes). */
export const needsEnrichment = (w: RuleWhen): boolean => w.sentiment !== undefined || w.themes !== undefined;

/** Refuse references to things that are not in this organisation, naming the field. */
async function checkRefs(sql: Tx, orgId: string, input: z.infer<typeof CaseRuleUpdate>): Promise<void> {
  const problems: { name: string; reason: string }[] = [];
  const check = async (
    table: 'touchpoints' | 'surveys' | 'users' | 'teams',
    ids: string[],
    field: string,
  ) => {
    if (ids.length === 0) return;
    const found = await selectOrgIds(sql, orgId, table, ids);
    const known = new Set(found.map((r) => r.id));
    ids.forEach((id, i) => {
      if (!known.has(id))
        problems.push({
          name: `${field}.${i}`,
          reason: `no such ${table.slice(0, -1)} in this organisation`,
        });
    });
  };
  if (input.when?.touchpointIds) await check('touchpoints', input.when.touchpointIds, 'when.touchpointIds');
  if (input.when?.surveyIds) await check('surveys', input.when.surveyIds, 'when.surveyIds');
  if (input.assign?.teamId)
    await checkOne(sql, orgId, 'teams', input.assign.teamId, 'assign.teamId', problems);
  if (input.assign?.userId)
    await checkOne(sql, orgId, 'users', input.assign.userId, 'assign.userId', problems);
  if (input.when?.rules) {
    try {
      segmentCondition(sql as Sql, input.when.rules);
    } catch (err) {
      if (err instanceof ValidationError)
        problems.push(...err.invalidParams.map((p) => ({ name: `when.${p.name}`, reason: p.reason })));
      else throw err;
    }
  }
  if (input.notify?.slackUrl) {
    const problem = checkWebhookUrl(input.notify.slackUrl);
    if (problem) problems.push({ name: 'notify.slackUrl', reason: problem });
  }
  if (problems.length > 0) throw new ValidationError('Some references are not valid', problems);
}

async function checkOne(
  sql: Tx,
  orgId: string,
  table: 'users' | 'teams',
  id: string,
  field: string,
  problems: { name: string; reason: string }[],
): Promise<void> {
  if (!(await orgRowExists(sql, orgId, table, id)))
    problems.push({ name: field, reason: `no such ${table.slice(0, -1)} in this organisation` });
}

/** Create a rule. */
export async function createCaseRule(sql: Sql, orgId: string, input: CaseRuleInput): Promise<CaseRule> {
  await checkRefs(sql, orgId, input);
  const id = await insertCaseRule(sql, orgId, input, needsEnrichment(input.when));
  return getCaseRule(sql, orgId, id);
}

/** One rule, or not found. */
export async function getCaseRule(sql: Sql, orgId: string, ruleId: string): Promise<CaseRule> {
  const rule = await selectCaseRule(sql, orgId, ruleId);
  if (!rule) throw new NotFoundError(`Case rule ${ruleId} not found`);
  return rule;
}

/** Every rule, in the order they are tried. */
export async function listCaseRules(sql: Sql, orgId: string): Promise<CaseRule[]> {
  return selectCaseRules(sql, orgId);
}

/** Change a rule: fields given replace the stored ones. */
export async function updateCaseRule(
  sql: Sql,
  orgId: string,
  ruleId: string,
  input: z.infer<typeof CaseRuleUpdate>,
): Promise<CaseRule> {
  const rule = await getCaseRule(sql, orgId, ruleId);
  await checkRefs(sql, orgId, input);
  const when = input.when ?? rule.when;
  const assign = input.assign
    ? {
        teamId: input.assign.teamId ?? null,
        userId: input.assign.userId ?? null,
        strategy: input.assign.strategy ?? rule.assign.strategy,
      }
    : rule.assign;
  await updateCaseRuleRow(sql, orgId, ruleId, {
    name: input.name ?? rule.name,
    position: input.position ?? rule.position,
    enabled: input.enabled ?? rule.enabled,
    when,
    needsEnrichment: needsEnrichment(when),
    assign,
    priority: input.priority ?? rule.priority,
    slaHours: input.slaHours ?? rule.slaHours,
    businessHours: input.businessHours !== undefined ? input.businessHours : rule.businessHours,
    notify: input.notify ?? rule.notify,
  });
  return getCaseRule(sql, orgId, ruleId);
}

/** Delete a rule (cases it opened stay). */
export async function deleteCaseRule(sql: Sql, orgId: string, ruleId: string): Promise<void> {
  if (!(await deleteCaseRuleRow(sql, orgId, ruleId)))
    throw new NotFoundError(`Case rule ${ruleId} not found`);
}

/** What a rule looks at on a feedback record. */
export interface FeedbackFacts {
  nps: number | null;
  csat: number | null;
  ces: number | null;
  rating: number | null;
  touchpointId: string | null;
  surveyId: string | null;
  channel: string;
  text: string | null;
  enrichment: {
    sentiment?: { label?: string } | null;
    themes?: Array<{ id?: string; name?: string }>;
  } | null;
}

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * Whether a rule's conditions hold for a feedback record (pure). Contact-attribute rules are
 * answered by PostgreSQL beforehand and passed as `contactMatches`.
 */
export function ruleMatches(when: RuleWhen, f: FeedbackFacts, contactMatches = true): boolean {
  if (when.metric) {
    const v = f[when.metric];
    if (v === null || v === undefined) return false;
    if (when.atMost !== undefined && v > when.atMost) return false;
    if (when.atLeast !== undefined && v < when.atLeast) return false;
  }
  if (when.sentiment && f.enrichment?.sentiment?.label !== when.sentiment) return false;
  if (when.themes) {
    const wanted = new Set(when.themes.map(fold));
    const has = (f.enrichment?.themes ?? []).some(
      (t) => (t.id && wanted.has(fold(t.id))) || (t.name && wanted.has(fold(t.name))),
    );
    if (!has) return false;
  }
  if (when.keywords) {
    const text = f.text ? fold(f.text) : '';
    const words = new Set(text.split(/[^\p{L}\p{N}]+/u).filter(Boolean));
    const hit = when.keywords.some((k) => {
      const key = fold(k);
      return key.includes(' ') ? text.includes(key) : words.has(key);
    });
    if (!hit) return false;
  }
  if (when.touchpointIds && (!f.touchpointId || !when.touchpointIds.includes(f.touchpointId))) return false;
  if (when.surveyIds && (!f.surveyId || !when.surveyIds.includes(f.surveyId))) return false;
  if (when.channels && !when.channels.includes(f.channel)) return false;
  if (when.rules && !contactMatches) return false;
  return true;
}

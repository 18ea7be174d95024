// Initiatives: create, change and read them, with milestones, notes and their measured effect.
import type { Sql } from '../../platform/db/index.js';
import { NotFoundError, ValidationError } from '../../platform/errors/index.js';
import { formatMinorUnits, toMinorUnits } from '../../prove/outcomes/money.js';
import { type EffectReport, formatDay, measureEffect, parseDay } from '../../understand/effect/index.js';
import { selectEffectDays } from './queries/effect-days.js';
import {
  insertInitiative,
  insertMilestone,
  insertNote,
  knownTouchpoints,
  knownUsers,
  selectInitiative,
  selectInitiatives,
  selectMilestones,
  selectNotes,
  teamInOrg,
  updateInitiative,
  updateMilestone,
} from './queries/initiatives.js';
import type {
  Initiative,
  InitiativeFields,
  InitiativeMetric,
  InitiativeStatus,
  Milestone,
  Note,
} from './types.js';

/** What a caller sends to create an initiative (dates YYYY-MM-DD or ISO timestamps). */
export interface InitiativeInput {
  title: string;
  ownerId?: string | null | undefined;
  teamId?: string | null | undefined;
  hypothesis?: string | undefined;
  metric: InitiativeMetric;
  touchpointIds?: string[] | undefined;
  controlTouchpointIds?: string[] | undefined;
  themes?: string[] | undefined;
  status?: InitiativeStatus | undefined;
  startedAt: string;
  endedAt?: string | null | undefined;
  interval?: 'week' | 'month' | undefined;
  minimumEffect?: number | null | undefined;
  /** What it cost: a decimal amount (text) in an ISO 4217 currency; null clears it. */
  cost?: { amount: string | number; currency: string } | null | undefined;
  milestones?: Array<{ title: string; dueOn?: string | null | undefined }> | undefined;
}

/** An initiative with its milestones and notes. */
export interface InitiativeDetail extends Initiative {
  milestones: Milestone[];
  notes: Note[];
}

/** How far before the start the baseline reaches, in periods. */
const BASELINE_PERIODS = { week: 26, month: 12 } as const;

function day(field: string, value: string): string {
  const d = parseDay(value);
  if (d === null) {
    throw new ValidationError(`${field} '${value}' is not a date; use YYYY-MM-DD or an ISO 8601 timestamp`, [
      { name: field, reason: 'not a date' },
    ]);
  }
  return formatDay(d);
}

async function checkReferences(sql: Sql, orgId: string, f: InitiativeFields): Promise<void> {
  const ids = [...new Set([...f.touchpointIds, ...f.controlTouchpointIds])];
  if (ids.length > 0) {
    const known = await knownTouchpoints(sql, orgId, ids);
    for (const [field, list] of [
      ['touchpointIds', f.touchpointIds],
      ['controlTouchpointIds', f.controlTouchpointIds],
    ] as const) {
      const missing = list.filter((id) => !known.has(id));
      if (missing.length > 0) {
        throw new ValidationError(`${field}: no touchpoint ${missing.join(', ')} in this organisation`, [
          { name: field, reason: `unknown touchpoint ${missing[0]}` },
        ]);
      }
    }
  }
  const overlap = f.controlTouchpointIds.filter((id) => f.touchpointIds.includes(id));
  if (overlap.length > 0) {
    throw new ValidationError('a touchpoint cannot be both targeted and a control', [
      { name: 'controlTouchpointIds', reason: `also in touchpointIds: ${overlap[0]}` },
    ]);
  }
  if (f.ownerId && !(await knownUsers(sql, orgId, [f.ownerId])).has(f.ownerId)) {
    throw new ValidationError(`ownerId: no user ${f.ownerId} in this organisation`, [
      { name: 'ownerId', reason: 'unknown user' },
    ]);
  }
  if (f.metric === 'theme_share' && f.themes.length === 0) {
    throw new ValidationError('metric theme_share needs the themes whose share is measured', [
      { name: 'themes', reason: 'required with metric theme_share' },
    ]);
  }
  if (f.teamId && !(await teamInOrg(sql, orgId, f.teamId))) {
    throw new ValidationError(`teamId: no team ${f.teamId} in this organisation`, [
      { name: 'teamId', reason: 'unknown team' },
    ]);
  }
  if (f.endedAt !== null && f.endedAt < f.startedAt) {
    throw new ValidationError('endedAt is before startedAt', [
      { name: 'endedAt', reason: 'before startedAt' },
    ]);
  }
}

function costOf(cost: InitiativeInput['cost']): { costMinor: string | null; costCurrency: string | null } {
  if (!cost) return { costMinor: null, costCurrency: null };
  const m = toMinorUnits(cost.amount, cost.currency);
  if ('error' in m) {
    const field = /currency/.test(m.error) ? 'cost.currency' : 'cost.amount';
    throw new ValidationError(`${field}: ${m.error}`, [{ name: field, reason: m.error }]);
  }
  if (m.minor < 0n) {
    throw new ValidationError('cost.amount: a cost cannot be negative', [
      { name: 'cost.amount', reason: 'negative' },
    ]);
  }
  return { costMinor: m.minor.toString(), costCurrency: cost.currency };
}

function fields(input: InitiativeInput, today: string): InitiativeFields {
  const startedAt = day('startedAt', input.startedAt);
  const endedAt = input.endedAt ? day('endedAt', input.endedAt) : null;
  return {
    title: input.title,
    ownerId: input.ownerId ?? null,
    teamId: input.teamId ?? null,
    hypothesis: input.hypothesis ?? '',
    metric: input.metric,
    touchpointIds: [...new Set(input.touchpointIds ?? [])],
    controlTouchpointIds: [...new Set(input.controlTouchpointIds ?? [])],
    themes: [...new Set(input.themes ?? [])],
    status:
      input.status ??
      (startedAt > today ? 'planned' : endedAt !== null && endedAt < today ? 'done' : 'running'),
    startedAt,
    endedAt,
    interval: input.interval ?? 'week',
    minimumEffect: input.minimumEffect ?? null,
    ...costOf(input.cost),
  };
}

const todayUtc = () => new Date().toISOString().slice(0, 10);

/** Create an initiative (and its first milestones). */
export async function createInitiative(
  sql: Sql,
  orgId: string,
  input: InitiativeInput,
): Promise<InitiativeDetail> {
  const f = fields(input, todayUtc());
  const milestones = (input.milestones ?? []).map((m, i) => ({
    title: m.title,
    dueOn: m.dueOn ? day(`milestones[${i}].dueOn`, m.dueOn) : null,
  }));
  await checkReferences(sql, orgId, f);
  const created = await insertInitiative(sql, orgId, f, milestones);
  return { ...created, milestones: await selectMilestones(sql, orgId, created.id), notes: [] };
}

/** Change an initiative: the fields given replace the stored ones. */
export async function patchInitiative(
  sql: Sql,
  orgId: string,
  id: string,
  patch: Partial<Omit<InitiativeInput, 'milestones'>>,
): Promise<InitiativeDetail> {
  const current = await getInitiativeRow(sql, orgId, id);
  const stored =
    current.costMinor !== null && current.costCurrency !== null
      ? { amount: formatMinorUnits(current.costMinor, current.costCurrency), currency: current.costCurrency }
      : null;
  const merged: InitiativeInput = {
    ...current,
    cost: stored,
    ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
  } as InitiativeInput;
  const f = fields({ ...merged, status: merged.status }, todayUtc());
  await checkReferences(sql, orgId, f);
  const updated = await updateInitiative(sql, orgId, id, f);
  if (!updated) throw new NotFoundError(`initiative ${id} not found`);
  return withDetail(sql, orgId, updated);
}

async function getInitiativeRow(sql: Sql, orgId: string, id: string): Promise<Initiative> {
  const row = await selectInitiative(sql, orgId, id);
  if (!row) throw new NotFoundError(`initiative ${id} not found`);
  return row;
}

async function withDetail(sql: Sql, orgId: string, i: Initiative): Promise<InitiativeDetail> {
  const [milestones, notes] = await Promise.all([
    selectMilestones(sql, orgId, i.id),
    selectNotes(sql, orgId, i.id),
  ]);
  return { ...i, milestones, notes };
}

/** One initiative with its milestones and notes. */
export async function getInitiative(sql: Sql, orgId: string, id: string): Promise<InitiativeDetail> {
  return withDetail(sql, orgId, await getInitiativeRow(sql, orgId, id));
}

/** The organisation's initiatives, newest start first. */
export async function listInitiatives(
  sql: Sql,
  orgId: string,
  filter: { status?: InitiativeStatus | undefined; limit?: number } = {},
): Promise<Initiative[]> {
  return selectInitiatives(sql, orgId, { status: filter.status, limit: filter.limit ?? 200 });
}

/**
 * The measured effect of an initiative: its metric on feedback at the targeted touchpoints against the
 * control touchpoints (default: every other touchpoint), over a baseline of 26 weeks (or 12 months)
 * before the start up to the end (or today). Never fails for lack of data: `too_early` says what is missing.
 */
export async function measureInitiative(sql: Sql, orgId: string, i: Initiative): Promise<EffectReport> {
  const start = parseDay(i.startedAt) as number;
  const from =
    i.interval === 'week'
      ? formatDay(start - 7 * BASELINE_PERIODS.week)
      : (() => {
          const d = new Date(start * 86_400_000);
          return new Date(
            Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - BASELINE_PERIODS.month, d.getUTCDate()),
          )
            .toISOString()
            .slice(0, 10);
        })();
  const cells =
    i.touchpointIds.length === 0
      ? []
      : await selectEffectDays(sql, orgId, {
          metric: i.metric,
          treated: i.touchpointIds,
          control: i.controlTouchpointIds,
          from,
          to: i.endedAt,
          themes: i.themes,
        });
  const report = measureEffect(cells, {
    metric: i.metric,
    start: i.startedAt,
    end: i.endedAt ?? undefined,
    interval: i.interval,
    minimumEffect: i.minimumEffect ?? undefined,
  });
  if (i.touchpointIds.length === 0) {
    report.warnings.unshift('The initiative targets no touchpoint yet: add touchpointIds to measure it.');
  }
  return report;
}

/** The effect of an initiative by id. */
export async function getInitiativeEffect(sql: Sql, orgId: string, id: string): Promise<EffectReport> {
  return measureInitiative(sql, orgId, await getInitiativeRow(sql, orgId, id));
}

/** Add a milestone to an initiative. */
export async function addMilestone(
  sql: Sql,
  orgId: string,
  initiativeId: string,
  m: { title: string; dueOn?: string | null | undefined },
): Promise<Milestone> {
  await getInitiativeRow(sql, orgId, initiativeId);
  return insertMilestone(sql, orgId, initiativeId, {
    title: m.title,
    dueOn: m.dueOn ? day('dueOn', m.dueOn) : null,
  });
}

/** Change a milestone (title, due date, done). */
export async function changeMilestone(
  sql: Sql,
  orgId: string,
  initiativeId: string,
  milestoneId: string,
  m: { title?: string | undefined; dueOn?: string | null | undefined; done?: boolean | undefined },
): Promise<Milestone> {
  const dueOn = m.dueOn === undefined ? undefined : m.dueOn === null ? null : day('dueOn', m.dueOn);
  const row = await updateMilestone(sql, orgId, initiativeId, milestoneId, { ...m, dueOn });
  if (!row) throw new NotFoundError(`milestone ${milestoneId} not found on initiative ${initiativeId}`);
  return row;
}

/** Add a note (author: the user, or null for an API key). */
export async function addNote(
  sql: Sql,
  orgId: string,
  initiativeId: string,
  authorId: string | null,
  body: string,
): Promise<Note> {
  await getInitiativeRow(sql, orgId, initiativeId);
  return insertNote(sql, orgId, initiativeId, authorId, body);
}

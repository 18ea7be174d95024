// Presenters of initiatives and their effects.
import type { Initiative, InitiativeDetail, Milestone, Note } from '../../../act/initiatives/index.js';
import { formatMinorUnits } from '../../../prove/outcomes/money.js';
import type { EffectReport } from '../../../understand/effect/index.js';

/** The compact effect shown in lists. */
export function presentEffectSummary(e: EffectReport) {
  return {
    verdict: e.verdict,
    estimate: e.effect.estimate,
    ci: e.effect.ci,
    p: e.effect.p,
    method: e.method,
  };
}

/** The full effect: estimate, interval, p, verdict, power, the four groups and the series. */
export function presentEffect(e: EffectReport) {
  return {
    ...presentEffectSummary(e),
    metric: e.metric,
    unit: e.unit,
    interval: e.interval,
    start: e.start,
    end: e.end,
    level: e.level,
    before: e.before,
    after: e.after,
    control: e.control,
    minimumDetectableEffect: e.minimumDetectableEffect,
    target: e.target,
    nNeeded: e.nNeeded,
    preTrend: e.preTrend,
    slopeChange: e.slopeChange,
    warnings: e.warnings,
    series: e.series,
  };
}

/** A milestone. */
export function presentMilestone(m: Milestone) {
  return {
    id: m.id,
    title: m.title,
    dueOn: m.dueOn,
    done: m.doneAt !== null,
    doneAt: m.doneAt?.toISOString() ?? null,
  };
}

/** A note. */
export function presentNote(n: Note) {
  return { id: n.id, authorId: n.authorId, body: n.body, createdAt: n.createdAt.toISOString() };
}

/** An initiative's own fields. */
export function presentInitiative(i: Initiative) {
  return {
    id: i.id,
    title: i.title,
    ownerId: i.ownerId,
    teamId: i.teamId,
    hypothesis: i.hypothesis,
    metric: i.metric,
    touchpointIds: i.touchpointIds,
    controlTouchpointIds: i.controlTouchpointIds,
    themes: i.themes,
    status: i.status,
    startedAt: i.startedAt,
    endedAt: i.endedAt,
    interval: i.interval,
    minimumEffect: i.minimumEffect,
    cost:
      i.costMinor !== null && i.costCurrency !== null
        ? {
            amount: formatMinorUnits(i.costMinor, i.costCurrency),
            amountMinor: i.costMinor,
            currency: i.costCurrency,
          }
        : null,
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
  };
}

/** An initiative with milestones and notes. */
export function presentInitiativeDetail(i: InitiativeDetail) {
  return {
    ...presentInitiative(i),
    milestones: i.milestones.map(presentMilestone),
    notes: i.notes.map(presentNote),
  };
}

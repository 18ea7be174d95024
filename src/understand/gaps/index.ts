// Gaps: expectation vs perception (SERVQUAL), stated importance-performance, and the internal-vs-customer delivery gap.
import type { Sql } from '../../platform/db/index.js';
import { ValidationError } from '../../platform/errors/index.js';
import {
  type AnswersEngine,
  type AnswerTable,
  getSurveyForAnalysis,
  numericItems,
  type PairItem,
  pairItems,
  readSurveyAnswers,
} from '../answers/index.js';
import { getGroupNames } from '../scores/index.js';
import {
  analyseDeliveryGap,
  classifyImportancePerformance,
  type DeliveryGap,
  type ExpectationGap,
  type IpaPoint,
  type MeanSummary,
  type MomentSums,
  sumMoments,
  summariseExpectationGap,
  summariseMean,
} from '../stats/index.js';
import type { SliceFilter } from '../sums/index.js';
import { getMirrorsOf } from './mirror-surveys-of.js';

export { getMirrorsOf } from './mirror-surveys-of.js';
export { setMirror } from './set-mirror.js';

/** Sufficient statistics of a column's values at the given rows (all rows when none given; NaN skipped). */
function moments(values: Float64Array, rows?: Int32Array): MomentSums {
  if (!rows) return sumMoments(values);
  const picked = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) picked[i] = values[rows[i] as number] as number;
  return sumMoments(picked);
}

/** P - E per response. */
function difference(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let k = 0; k < a.length; k++) out[k] = (a[k] as number) - (b[k] as number);
  return out;
}

/** The rows of each touchpoint, in order. */
function rowsByTouchpoint(tps: ReadonlyArray<string | null>): Map<string | null, Int32Array> {
  const lists = new Map<string | null, number[]>();
  tps.forEach((t, k) => {
    const l = lists.get(t);
    if (l) l.push(k);
    else lists.set(t, [k]);
  });
  return new Map([...lists].map(([t, l]) => [t, Int32Array.from(l)]));
}

/** Expectation-gap result: SERVQUAL scoring plus per-item expectation and perception means. */
export interface ExpectationGapResult extends ExpectationGap {
  survey: { id: string; name: string };
  responses: number;
  itemDetails: Array<{
    item: string;
    dimension: string;
    label: string;
    dimensionLabel: string;
    expectation: MeanSummary;
    perception: MeanSummary;
  }>;
  weightsFrom: 'none' | 'given' | 'stated importance';
}

/**
 * Expectation gap from expectation-perception questions: per attribute the mean of P - E with a paired
 * t interval; per dimension (one pair question = one dimension) the mean of its items' gaps; overall
 * unweighted, and weighted by given weights (e.g. a 100-point allocation per dimension) or by the mean
 * stated importance of the same attributes in an importance-performance question of the survey.
 */
export async function getExpectationGap(
  sql: Sql,
  orgId: string,
  q: {
    surveyId: string;
    filter: SliceFilter;
    weights?: Record<string, number> | undefined;
    weightByImportance?: boolean | undefined;
    engine?: AnswersEngine | undefined;
  },
): Promise<ExpectationGapResult> {
  const survey = await getSurveyForAnalysis(sql, orgId, q.surveyId);
  const items = pairItems(survey.definition, 'expectation_perception');
  if (items.length === 0) {
    throw new ValidationError('The survey has no expectation-perception question', [
      { name: 'surveyId', reason: 'needs a question of type expectation_perception' },
    ]);
  }
  const table = await readSurveyAnswers(sql, orgId, [q.surveyId], q.filter, { engine: q.engine });
  const key = (i: PairItem) => `${i.questionId}.${i.attributeId}`;
  const parts = items.map((i) => ({
    expectation: table.pair(i.questionId, i.attributeId, 'expectation'),
    perception: table.pair(i.questionId, i.attributeId, 'perception'),
  }));
  const gapItems = items.map((i, j) => ({
    item: key(i),
    dimension: i.questionId,
    gap: moments(difference(parts[j]?.perception as Float64Array, parts[j]?.expectation as Float64Array)),
  }));
  let weights = q.weights;
  let weightsFrom: ExpectationGapResult['weightsFrom'] = weights ? 'given' : 'none';
  if (!weights && q.weightByImportance) {
    // Mean stated importance of each dimension's attributes, matched by attribute id.
    const imp = pairItems(survey.definition, 'importance_performance');
    weights = {};
    for (const dim of new Set(items.map((i) => i.questionId))) {
      const ids = new Set(items.filter((i) => i.questionId === dim).map((i) => i.attributeId));
      // Response by response, each matching attribute in turn (the order the sums were taken in).
      const cols = imp
        .filter((p) => ids.has(p.attributeId))
        .map((p) => table.pair(p.questionId, p.attributeId, 'importance'));
      const values = new Float64Array(table.length * cols.length);
      cols.forEach((c, j) => {
        for (let k = 0; k < table.length; k++) values[k * cols.length + j] = c[k] as number;
      });
      const m = sumMoments(values);
      if (m.n > 0) weights[dim] = (m.shift ?? 0) + m.sum / m.n;
    }
    weightsFrom = 'stated importance';
  }
  const result = summariseExpectationGap(gapItems, { weights });
  return {
    ...result,
    survey: { id: survey.id, name: survey.name },
    responses: table.length,
    itemDetails: items.map((i, j) => ({
      item: key(i),
      dimension: i.questionId,
      label: i.label,
      dimensionLabel: i.questionLabel,
      expectation: summariseMean(moments(parts[j]?.expectation as Float64Array)),
      perception: summariseMean(moments(parts[j]?.perception as Float64Array)),
    })),
    weightsFrom,
  };
}

/** Stated importance-performance map from importance-performance questions (crosshairs at the means). */
export async function getImportancePerformance(
  sql: Sql,
  orgId: string,
  q: { surveyId: string; filter: SliceFilter; engine?: AnswersEngine | undefined },
): Promise<{
  survey: { id: string; name: string };
  responses: number;
  importanceCrosshair: number | null;
  performanceCrosshair: number | null;
  points: Array<
    IpaPoint & { label: string; importanceSummary: MeanSummary; performanceSummary: MeanSummary }
  >;
}> {
  const survey = await getSurveyForAnalysis(sql, orgId, q.surveyId);
  const items = pairItems(survey.definition, 'importance_performance');
  if (items.length === 0) {
    throw new ValidationError('The survey has no importance-performance question', [
      { name: 'surveyId', reason: 'needs a question of type importance_performance' },
    ]);
  }
  const table = await readSurveyAnswers(sql, orgId, [q.surveyId], q.filter, { engine: q.engine });
  const summaries = items.map((i) => ({
    id: `${i.questionId}.${i.attributeId}`,
    label: i.label,
    importanceSummary: summariseMean(moments(table.pair(i.questionId, i.attributeId, 'importance'))),
    performanceSummary: summariseMean(moments(table.pair(i.questionId, i.attributeId, 'performance'))),
  }));
  const scored = summaries.filter(
    (s) => s.importanceSummary.mean !== null && s.performanceSummary.mean !== null,
  );
  const map = classifyImportancePerformance(
    scored.map((s) => ({
      id: s.id,
      importance: s.importanceSummary.mean as number,
      performance: s.performanceSummary.mean as number,
    })),
  );
  return {
    survey: { id: survey.id, name: survey.name },
    responses: table.length,
    importanceCrosshair: map.importanceCrosshair,
    performanceCrosshair: map.performanceCrosshair,
    points: map.points.map((p) => {
      const s = scored.find((x) => x.id === p.id) as (typeof scored)[number];
      return {
        ...p,
        label: s.label,
        importanceSummary: s.importanceSummary,
        performanceSummary: s.performanceSummary,
      };
    }),
  };
}

/** Delivery-gap result with labels. */
export interface DeliveryGapResult {
  survey: { id: string; name: string };
  mirrors: Array<{ id: string; name: string }>;
  responses: { internal: number; customer: number };
  by: 'item' | 'touchpoint';
  items: Array<
    DeliveryGap['items'][number] & {
      itemId: string;
      label: string;
      touchpoint: { id: string | null; name: string } | null;
      n: { internal: number; customer: number };
    }
  >;
  headline: (NonNullable<DeliveryGap['headline']> & { item: string; superiorFrom: number }) | null;
  /** Share of items over-estimated by the company. */
  overEstimatedShare: number | null;
}

/**
 * Delivery gap (Bain; SERVQUAL gap 1): mirror surveys are answered internally as the company believes
 * customers would answer the customer survey. Per numeric item (and per touchpoint with `byTouchpoint`):
 * internal vs customer means, Welch t, Benjamini-Hochberg across items, classified over-estimated /
 * under-estimated / aligned. Headline: share rating the headline item "superior" (NPS 9-10 by default,
 * else the top of the item's scale, or from `superiorFrom`) internally vs among customers.
 */
export async function getDeliveryGap(
  sql: Sql,
  orgId: string,
  q: {
    surveyId: string;
    filter: SliceFilter;
    byTouchpoint?: boolean | undefined;
    superiorItem?: string | undefined;
    superiorFrom?: number | undefined;
    q?: number | undefined;
    engine?: AnswersEngine | undefined;
  },
): Promise<DeliveryGapResult> {
  const survey = await getSurveyForAnalysis(sql, orgId, q.surveyId);
  if (survey.mirrorOf) {
    throw new ValidationError('This survey is a mirror', [
      { name: 'surveyId', reason: 'give the customer survey it mirrors' },
    ]);
  }
  const mirrors = await getMirrorsOf(sql, orgId, q.surveyId);
  if (mirrors.length === 0) {
    throw new ValidationError('The survey has no mirror survey', [
      {
        name: 'surveyId',
        reason: 'mark an internal survey as its mirror first (PUT /api/v1/analytics/mirrors/{id})',
      },
    ]);
  }
  const items = numericItems(survey.definition);
  const [customer, internal, tpNames] = await Promise.all([
    readSurveyAnswers(sql, orgId, [q.surveyId], q.filter, { engine: q.engine }),
    readSurveyAnswers(
      sql,
      orgId,
      mirrors.map((m) => m.id),
      q.filter,
      { engine: q.engine },
    ),
    q.byTouchpoint ? getGroupNames(sql, orgId, 'touchpoint') : new Map<string, string>(),
  ]);
  const customerTps = q.byTouchpoint ? customer.touchpoints() : [];
  const internalTps = q.byTouchpoint ? internal.touchpoints() : [];
  const touchpoints = q.byTouchpoint
    ? [...new Set([...customerTps, ...internalTps])].sort((a, b) => String(a).localeCompare(String(b)))
    : [undefined];
  // The rows of each touchpoint (all rows when not by touchpoint).
  const internalAt = rowsByTouchpoint(internalTps);
  const customerAt = rowsByTouchpoint(customerTps);
  const none = new Int32Array(0);
  const columns = items.map((it) => ({ internal: internal.item(it.id), customer: customer.item(it.id) }));
  const cells = touchpoints
    .flatMap((tp) => {
      const internalRows = tp === undefined ? undefined : (internalAt.get(tp) ?? none);
      const customerRows = tp === undefined ? undefined : (customerAt.get(tp) ?? none);
      return items.map((it, j) => ({
        it,
        tp,
        internal: moments(columns[j]?.internal as Float64Array, internalRows),
        customer: moments(columns[j]?.customer as Float64Array, customerRows),
      }));
    })
    .filter((c) => c.internal.n > 0 && c.customer.n > 0);
  const headItem =
    (q.superiorItem ? items.find((i) => i.id === q.superiorItem) : undefined) ??
    items.find((i) => i.type === 'nps') ??
    items[0];
  if (q.superiorItem && headItem?.id !== q.superiorItem) {
    throw new ValidationError('Unknown headline item', [
      { name: 'superiorItem', reason: 'must be a numeric item of the survey' },
    ]);
  }
  const superiorFrom = q.superiorFrom ?? (headItem?.type === 'nps' ? 9 : (headItem?.scale.max ?? 0));
  const superiorShare = (table: AnswerTable) => {
    const values = table.item(headItem?.id ?? '');
    let n = 0;
    let successes = 0;
    for (let k = 0; k < values.length; k++) {
      const v = values[k] as number;
      if (Number.isNaN(v)) continue;
      n++;
      if (v >= superiorFrom) successes++;
    }
    return { successes, n };
  };
  const gap = analyseDeliveryGap(
    cells.map((c) => ({
      item: c.tp === undefined ? c.it.id : `${c.tp ?? 'none'}/${c.it.id}`,
      internal: c.internal,
      customer: c.customer,
    })),
    {
      q: q.q,
      superior: headItem
        ? { internal: superiorShare(internal), customer: superiorShare(customer) }
        : undefined,
    },
  );
  const out = gap.items.map((g, k) => {
    const c = cells[k] as (typeof cells)[number];
    return {
      ...g,
      itemId: c.it.id,
      label: c.it.label,
      touchpoint:
        c.tp === undefined
          ? null
          : { id: c.tp, name: c.tp === null ? '(none)' : (tpNames.get(c.tp) ?? c.tp) },
      n: { internal: c.internal.n, customer: c.customer.n },
    };
  });
  return {
    survey: { id: survey.id, name: survey.name },
    mirrors,
    responses: { internal: internal.length, customer: customer.length },
    by: q.byTouchpoint ? 'touchpoint' : 'item',
    items: out,
    headline: gap.headline && headItem ? { ...gap.headline, item: headItem.id, superiorFrom } : null,
    overEstimatedShare:
      out.length > 0 ? out.filter((i) => i.classification === 'over-estimated').length / out.length : null,
  };
}

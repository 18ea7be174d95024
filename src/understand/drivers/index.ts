// Key drivers over survey answers or per-contact touchpoint scores, with the importance-performance map.
import { createCache } from '../../platform/cache/index.js';
import type { Sql } from '../../platform/db/index.js';
import { ValidationError } from '../../platform/errors/index.js';
import {
  type AnswersEngine,
  attributeNumber,
  getSurveyForAnalysis,
  type NumericItem,
  numericItems,
  readSurveyAnswers,
} from '../answers/index.js';
import { getGroupNames } from '../scores/index.js';
import {
  analyseDrivers,
  type CorrelationMoments,
  classifyImportancePerformance,
  type DriverAnalysis,
  type IpaQuadrant,
  type MissingPolicy,
  shapleyFromCorrelation,
  sparsePairwiseMoments,
} from '../stats/index.js';
import {
  type ContactTouchpointTable,
  getColumnarContactTouchpoints,
  getColumnarTouchpointPairSums,
  getMirrorSurveyIds,
  type Metric,
  onPairSumsWarmed,
  type SliceFilter,
  type TouchpointPairSums,
} from '../sums/index.js';
import { getContactOutcomes } from './contact-outcomes.js';
import { getContactTouchpointSums } from './contact-touchpoint-sums.js';
import {
  momentsFromTouchpointPairs,
  tableFromRows,
  takenTouchpoints,
  touchpointColumns,
} from './touchpoint-table.js';

/** One driver in the result. */
export interface DriverResult {
  id: string;
  label: string;
  /** Shapley/LMG share of R² (null beyond the exact limit), Johnson's weight, share of R², sign. */
  shapley: number | null;
  relativeWeight: number;
  share: number;
  sign: -1 | 0 | 1;
  coefficient: number;
  correlation: number | null;
  /** Mean of the driver on its own scale. */
  mean: number;
  /** Mean as percent of its scale (0..100), the performance axis of the map. */
  performance: number;
  n: number;
  constant: boolean;
  quadrant: IpaQuadrant | null;
}

/** A key-driver result. */
export interface KeyDrivers {
  source: 'survey' | 'touchpoints';
  outcome: { id: string; label: string; kind: 'numeric' | 'binary' };
  n: number;
  r2: number;
  missing: MissingPolicy;
  method: string;
  drivers: DriverResult[];
  /** Importance (share of R², percent) x performance (percent of scale) crosshairs at the means. */
  map: { importanceCrosshair: number | null; performanceCrosshair: number | null };
  /** Across touchpoints: where the per-contact sums came from. */
  engine?: 'raw' | 'index';
}

function present(
  analysis: DriverAnalysis,
  meta: Array<{ id: string; label: string; scale: { min: number; max: number } }>,
  source: KeyDrivers['source'],
  outcome: { id: string; label: string },
): KeyDrivers {
  const drivers = analysis.drivers.map((d, i) => {
    const m = meta[i] as (typeof meta)[number];
    const performance = (100 * (d.performance - m.scale.min)) / (m.scale.max - m.scale.min);
    return {
      id: m.id,
      label: m.label,
      shapley: d.shapley,
      relativeWeight: d.relativeWeight,
      share: d.share,
      sign: d.sign,
      coefficient: d.coefficient,
      correlation: d.correlation,
      mean: d.performance,
      performance,
      n: d.n,
      constant: d.constant,
      quadrant: null as IpaQuadrant | null,
    };
  });
  const placed = drivers.filter((d) => !d.constant && Number.isFinite(d.performance));
  const map = classifyImportancePerformance(
    placed.map((d) => ({ id: d.id, importance: 100 * d.share, performance: d.performance })),
  );
  for (const p of map.points) {
    const d = drivers.find((x) => x.id === p.id);
    if (d) d.quadrant = p.quadrant;
  }
  return {
    source,
    outcome: { ...outcome, kind: analysis.outcome },
    n: analysis.n,
    r2: analysis.r2,
    missing: analysis.missing,
    method: 'Shapley/LMG (exact) and Johnson relative weights; binary outcomes as a linear probability model',
    drivers,
    map: { importanceCrosshair: map.importanceCrosshair, performanceCrosshair: map.performanceCrosshair },
  };
}

function run(
  outcome: Float64Array,
  columns: Array<{ name: string; values: Float64Array }>,
  opts: { notApplicable: number[]; missing: MissingPolicy },
): DriverAnalysis {
  try {
    return analyseDrivers(outcome, columns, opts);
  } catch (e) {
    if (e instanceof RangeError) {
      throw new ValidationError(`Driver analysis is not possible: ${e.message}`, [
        { name: 'outcome', reason: e.message },
      ]);
    }
    throw e;
  }
}

/**
 * Key drivers among the numeric answers of one survey's responses: which item ratings (questions,
 * matrix rows) explain an outcome item (e.g. NPS or overall satisfaction), or a contact attribute such
 * as `attr.churned` (true/false, 1/0). `outcomeAs: 'promoter'` turns an NPS outcome into 9-10 = 1.
 */
export async function getSurveyDrivers(
  sql: Sql,
  orgId: string,
  q: {
    surveyId: string;
    outcome: string;
    outcomeAs?: 'value' | 'promoter' | undefined;
    drivers?: string[] | undefined;
    notApplicable?: number[] | undefined;
    missing?: MissingPolicy | undefined;
    filter: SliceFilter;
    engine?: AnswersEngine | undefined;
  },
): Promise<KeyDrivers> {
  const survey = await getSurveyForAnalysis(sql, orgId, q.surveyId);
  const items = numericItems(survey.definition);
  const byId = new Map(items.map((i) => [i.id, i]));
  const outcomeAttr = q.outcome.startsWith('attr.') ? q.outcome.slice(5) : null;
  const outcomeItem = outcomeAttr ? null : byId.get(q.outcome);
  if (!outcomeAttr && !outcomeItem) {
    throw new ValidationError('Unknown outcome', [
      {
        name: 'outcome',
        reason: `must be a numeric item of the survey (${items.map((i) => i.id).join(', ')}) or attr.<name>`,
      },
    ]);
  }
  const chosen: NumericItem[] = [];
  for (const id of q.drivers ?? items.map((i) => i.id).filter((id) => id !== q.outcome)) {
    const it = byId.get(id);
    if (!it)
      throw new ValidationError('Unknown driver', [
        { name: 'drivers', reason: `"${id}" is not a numeric item of the survey` },
      ]);
    if (id !== q.outcome) chosen.push(it);
  }
  if (chosen.length === 0)
    throw new ValidationError('No drivers', [
      { name: 'drivers', reason: 'the survey has no other numeric items' },
    ]);
  const table = await readSurveyAnswers(sql, orgId, [q.surveyId], q.filter, {
    attributes: !!outcomeAttr,
    engine: q.engine,
  });
  const y = outcomeAttr ? table.attribute(outcomeAttr) : table.item(q.outcome);
  if (q.outcomeAs === 'promoter')
    for (let k = 0; k < y.length; k++)
      if (!Number.isNaN(y[k] as number)) y[k] = (y[k] as number) >= 9 ? 1 : 0;
  const cols = chosen.map((c) => ({ name: c.id, values: table.item(c.id) }));
  const analysis = run(y, cols, { notApplicable: q.notApplicable ?? [], missing: q.missing ?? 'listwise' });
  return present(analysis, chosen, 'survey', {
    id: q.outcome,
    label: outcomeAttr ? q.outcome : (outcomeItem as NumericItem).label,
  });
}

// Exact Shapley values by correlation matrix: the same matrix (a version moved by changes outside the
// slice) gives the same values without the 2^p subsets (70-150 ms at 19 touchpoints). Keyed on the
// matrix' exact bytes.
const shapleyByMatrix = createCache<{ r2: number; lmg: number[] }>({ max: 256 });

/** Exact Shapley decompositions computed and taken from the kept ones (for tests and metrics). */
const shapleyCounts = { computed: 0, kept: 0 };

/** How often the exact Shapley values across touchpoints were computed and kept ones used. */
export function touchpointShapleyCounts(): { computed: number; kept: number } {
  return { ...shapleyCounts };
}

function keptShapley(correlation: Float64Array, q: number): { r2: number; lmg: number[] } {
  const key = `${q}:${Buffer.from(correlation.buffer, correlation.byteOffset, correlation.byteLength).toString('base64')}`;
  const kept = shapleyByMatrix.get(key);
  if (kept) {
    shapleyCounts.kept++;
    return { r2: kept.r2, lmg: [...kept.lmg] };
  }
  shapleyCounts.computed++;
  const fresh = shapleyFromCorrelation(correlation, q);
  shapleyByMatrix.set(key, { r2: fresh.r2, lmg: [...fresh.lmg] });
  return fresh;
}

/** A touchpoint enters the analysis across touchpoints when at least this many contacts with the outcome met it. */
export const MIN_TOUCHPOINT_CONTACTS = 10;

/** The analysis options of pair sums (pairwise): the same on a read and as an index loads. */
function pairOptions(pairs: TouchpointPairSums, moments: CorrelationMoments) {
  return {
    notApplicable: [],
    missing: 'pairwise' as const,
    sparsePairs: true,
    minPairRows: MIN_TOUCHPOINT_CONTACTS,
    exactShapley: keptShapley,
    moments,
    binaryOutcome: pairs.nonBinary - (pairs.onlyRare?.nonBinary ?? 0) === 0,
  };
}

// The pair sums an index computes as it loads are analysed then too: the first read of the page after
// a load finds the exact Shapley values of their matrix kept (the costly part of a read).
onPairSumsWarmed((pairs, minContacts) => {
  const kept = minContacts === MIN_TOUCHPOINT_CONTACTS && momentsFromTouchpointPairs(pairs, minContacts);
  if (!kept) return;
  try {
    analyseDrivers(
      new Float64Array(0),
      kept.touchpoints.map((name) => ({ name, values: new Float64Array(0) })),
      pairOptions(pairs, kept.moments),
    );
  } catch {
    // Too few contacts: the read answers the 400 itself.
  }
});

/**
 * Key drivers across touchpoints, per contact: each contact's mean score (`metric`) at each touchpoint
 * is a driver; the outcome is a contact attribute (e.g. `attr.churned`) or the contact's mean NPS in a
 * relationship survey (whose own answers are left out of the drivers). Every slice filter applies to
 * the feedback records on both sides (dates, channel, touchpoint, stage, journey, `attr.*`, `meta.*`).
 * Contacts rarely meet every touchpoint, so the correlations are pairwise by default: a touchpoint
 * enters when MIN_TOUCHPOINT_CONTACTS contacts with the outcome met it, two touchpoints that fewer
 * than MIN_TOUCHPOINT_CONTACTS contacts met both are taken as uncorrelated, and `n` is the smallest
 * count of contacts behind a touchpoint. The per-contact sums and outcomes come from the organisation's
 * in-memory index when it is loaded and current (`engine` 'auto'), else from SQL; 'raw' reads SQL,
 * 'index' loads the index first and fails when it cannot answer.
 */
export async function getTouchpointDrivers(
  sql: Sql,
  orgId: string,
  q: {
    metric: Metric;
    outcome: { attribute: string } | { surveyId: string };
    missing?: MissingPolicy | undefined;
    filter: SliceFilter;
  },
  engine: TableEngine = 'auto',
): Promise<KeyDrivers> {
  const mirrors = await getMirrorSurveyIds(sql, orgId);
  // The outcome survey's own answers never explain it: they would be the outcome twice.
  const excluded = 'surveyId' in q.outcome ? [...mirrors, q.outcome.surveyId] : mirrors;
  const missing = q.missing ?? 'pairwise';
  // Contacts with the outcome met each touchpoint how often: the touchpoints too rarely met are left out.
  const pairwise = missing === 'pairwise';
  const [input, names] = await Promise.all([
    touchpointInput(sql, orgId, q, excluded, engine, pairwise),
    getGroupNames(sql, orgId, 'touchpoint'),
  ]);
  const { allTouchpoints: allTps, met, touchpoints: tps } = input;
  // Only contacts with the outcome are read: none at all over a range is too few contacts, not no scores.
  if (input.rows === 0 && !q.filter.from && !q.filter.to)
    throw new ValidationError('No touchpoint scores', [
      { name: 'metric', reason: `no ${q.metric} answers at touchpoints from contacts with the outcome` },
    ]);
  if (tps.length === 0)
    throw tooFewContacts(q, input.withOutcome, met, 'no touchpoint met by enough of them');
  let analysis: DriverAnalysis;
  try {
    analysis = analyseDrivers(input.outcome, input.columns, {
      notApplicable: [],
      missing,
      sparsePairs: true,
      minPairRows: MIN_TOUCHPOINT_CONTACTS,
      exactShapley: keptShapley,
      // Pairwise: the moments from the contacts' sparse rows (a contact meets few touchpoints), or kept.
      ...(pairwise ? { moments: input.moments() } : {}),
      ...(input.binaryOutcome === undefined ? {} : { binaryOutcome: input.binaryOutcome }),
    });
  } catch (e) {
    if (e instanceof RangeError && /too few/.test(e.message))
      throw tooFewContacts(q, input.withOutcome, met, e.message);
    throw e;
  }
  const scale =
    q.metric === 'nps'
      ? { min: 0, max: 10 }
      : q.metric === 'csat'
        ? { min: 1, max: 5 }
        : q.metric === 'ces'
          ? { min: 1, max: 7 }
          : { min: 0, max: 1 };
  const result = present(
    analysis,
    tps.map((t) => ({ id: t, label: names.get(t) ?? t, scale })),
    'touchpoints',
    'attribute' in q.outcome
      ? { id: `attr.${q.outcome.attribute}`, label: q.outcome.attribute }
      : { id: `survey:${q.outcome.surveyId}`, label: 'mean NPS in the survey' },
  );
  const left = allTps.length - tps.length;
  if (pairwise)
    result.method += `; pairwise over contacts: a touchpoint enters when at least ${MIN_TOUCHPOINT_CONTACTS} contacts with the outcome met it${
      left > 0 ? ` (${left} of ${allTps.length} touchpoints left out)` : ''
    }, two touchpoints fewer than ${MIN_TOUCHPOINT_CONTACTS} contacts met both count as uncorrelated`;
  result.engine = input.engine;
  return result;
}

/** What the analysis across touchpoints reads: the touchpoints taken, their columns or moments. */
interface TouchpointInput {
  allTouchpoints: string[];
  met: Map<string, number>;
  touchpoints: string[];
  columns: Array<{ name: string; values: Float64Array }>;
  outcome: Float64Array;
  /** The pairwise moments of the taken touchpoints and the outcome. */
  moments: () => CorrelationMoments;
  binaryOutcome?: boolean;
  /** Contacts with the outcome and a score at a touchpoint; contacts with the outcome. */
  rows: number;
  withOutcome: number;
  engine: 'raw' | 'index';
}

/**
 * The analysis' input: pairwise with a survey outcome, from the index's kept pair sums (caught up with
 * the rows written since, not gathered again per request) when they answer; else from the contact ×
 * touchpoint table (index or SQL).
 */
async function touchpointInput(
  sql: Sql,
  orgId: string,
  q: { metric: Metric; outcome: { attribute: string } | { surveyId: string }; filter: SliceFilter },
  excluded: readonly string[],
  engine: TableEngine,
  pairwise: boolean,
): Promise<TouchpointInput> {
  if (pairwise && engine !== 'raw' && 'surveyId' in q.outcome) {
    const pairs = await getColumnarTouchpointPairSums(
      sql,
      orgId,
      { metric: q.metric, filter: q.filter, excludeSurveys: excluded, outcome: q.outcome },
      MIN_TOUCHPOINT_CONTACTS,
      engine === 'index',
    );
    const kept = pairs && momentsFromTouchpointPairs(pairs, MIN_TOUCHPOINT_CONTACTS);
    if (pairs && !kept) {
      // No touchpoint met by enough contacts: the refusal's counts are the kept ones (no table read).
      const taken = takenTouchpoints(pairs.touchpoints, pairs.metBy, MIN_TOUCHPOINT_CONTACTS);
      return {
        ...taken,
        columns: [],
        outcome: new Float64Array(0),
        moments: () => {
          throw new Error('no touchpoint taken');
        },
        rows: pairs.rows,
        withOutcome: pairs.withOutcome,
        engine: 'index',
      };
    }
    if (pairs && kept)
      return {
        ...kept,
        columns: kept.touchpoints.map((name) => ({ name, values: new Float64Array(0) })),
        outcome: new Float64Array(0),
        moments: () => kept.moments,
        binaryOutcome: pairs.nonBinary - (pairs.onlyRare?.nonBinary ?? 0) === 0,
        rows: pairs.rows,
        withOutcome: pairs.withOutcome,
        engine: 'index',
      };
  }
  const table = await contactTouchpointTable(sql, orgId, q, excluded, engine);
  const c = touchpointColumns(table, pairwise ? MIN_TOUCHPOINT_CONTACTS : 1, !pairwise);
  return {
    ...c,
    moments: () => sparsePairwiseMoments(c.sparse, c.touchpoints.length + 1),
    rows: table.rows,
    withOutcome: table.withOutcome,
    engine: table.engine,
  };
}

/** Where the per-contact table comes from: the index when it can answer, SQL, or the index only. */
export type TableEngine = 'auto' | 'raw' | 'index';

/** Contact × touchpoint tables read for key drivers across touchpoints (for tests and metrics). */
let tablesRead = 0;

/** How many contact × touchpoint tables the analysis across touchpoints read, since the process started. */
export function touchpointTablesRead(): number {
  return tablesRead;
}

/** Each contact's touchpoint sums and outcome, from the index or from SQL (see `getTouchpointDrivers`). */
async function contactTouchpointTable(
  sql: Sql,
  orgId: string,
  q: { metric: Metric; outcome: { attribute: string } | { surveyId: string }; filter: SliceFilter },
  excluded: readonly string[],
  engine: TableEngine,
): Promise<ContactTouchpointTable & { engine: 'raw' | 'index' }> {
  tablesRead++;
  const attributes =
    'attribute' in q.outcome
      ? (await getContactOutcomes(sql, orgId, q.outcome)).map((o) => ({
          contactId: o.contactId,
          value: attributeNumber(o.value),
        }))
      : null;
  if (engine !== 'raw') {
    const table = await getColumnarContactTouchpoints(
      sql,
      orgId,
      {
        metric: q.metric,
        filter: q.filter,
        excludeSurveys: excluded,
        outcome: attributes ? { values: attributes } : (q.outcome as { surveyId: string }),
      },
      engine === 'index',
    );
    if (table) return { ...table, engine: 'index' };
    if (engine === 'index')
      throw new Error('the in-memory index cannot answer key drivers across touchpoints');
  }
  const [sums, outcomes] = await Promise.all([
    getContactTouchpointSums(sql, orgId, q.metric, q.filter, excluded, q.outcome),
    attributes ??
      getContactOutcomes(sql, orgId, { ...(q.outcome as { surveyId: string }), filter: q.filter }),
  ]);
  const outcomeOf = new Map<string, number>();
  for (const o of outcomes) {
    const v = attributeNumber(o.value);
    if (!Number.isNaN(v)) outcomeOf.set(o.contactId, v);
  }
  return { ...tableFromRows(sums, outcomeOf, outcomeOf.size), engine: 'raw' };
}

/** The 400 when the range and filters leave too few contacts: how many there were, and what to do. */
function tooFewContacts(
  q: { missing?: MissingPolicy | undefined; filter: SliceFilter },
  withOutcome: number,
  met: Map<string, number>,
  why: string,
): ValidationError {
  const most = Math.max(0, ...met.values());
  const reason =
    `${withOutcome} contacts have the outcome in the range and filters; the touchpoint most of them met was met by ${most}` +
    (q.missing === 'listwise'
      ? '; listwise keeps only contacts who met every touchpoint: use missing=pairwise, a longer range or fewer filters'
      : `; a touchpoint needs ${MIN_TOUCHPOINT_CONTACTS}: use a longer range or fewer filters`);
  const name = q.filter.from || q.filter.to ? 'query.from' : 'query.outcome';
  // The detail carries the counts too: the page shows the detail of a refusal.
  return new ValidationError(`Too few contacts for key drivers across touchpoints (${why}): ${reason}.`, [
    { name, reason },
  ]);
}

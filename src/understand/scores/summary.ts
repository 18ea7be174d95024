// Score summaries and slices: NPS, CSAT, CES and ratings per time bucket and group(s), each with n and a
// 95% interval.
import type { Sql } from '../../platform/db/index.js';
import {
  addSums,
  type Dimension,
  type Engine,
  type EngineChoice,
  emptySums,
  getSums,
  type Metric,
  type SliceFilter,
  type TimeBucket,
} from '../sums/index.js';
import { getGroupNames } from './group-names.js';
import { type Score, scoreFromSums } from './score.js';

/** A score in one time bucket and/or group. */
export interface Bucket extends Score {
  period: string | null;
  group: { id: string; name: string } | null;
}

/** The result of a score summary. */
export interface ScoreSummary {
  metric: Metric;
  interval: TimeBucket | null;
  groupBy: Dimension | null;
  minN: number;
  engine: Engine;
  overall: Score;
  buckets: Bucket[];
}

/** Summarise a metric over feedback, optionally per time bucket and per group (one dimension). */
export async function getScoreSummary(
  sql: Sql,
  orgId: string,
  q: {
    metric: Metric;
    interval?: TimeBucket | undefined;
    groupBy?: Dimension | undefined;
    timeZone?: string | undefined;
    filter: SliceFilter;
    minN?: number | undefined;
    engine?: EngineChoice | undefined;
  },
): Promise<ScoreSummary> {
  // One dimension at most: the slice over that dimension, each bucket with its one group (or none).
  const slice = await getScoreSlice(sql, orgId, {
    metric: q.metric,
    interval: q.interval,
    by: q.groupBy ? [q.groupBy] : [],
    timeZone: q.timeZone ?? 'UTC',
    filter: q.filter,
    minN: q.minN,
    engine: q.engine,
  });
  return {
    metric: slice.metric,
    interval: slice.interval,
    groupBy: q.groupBy ?? null,
    minN: slice.minN,
    engine: slice.engine,
    overall: slice.overall,
    buckets: slice.buckets.map(({ period, groups, ...score }) => {
      const g = groups[0];
      // Feedback without the grouped entity (e.g. no touchpoint) is a bucket with no group, as before.
      return { period, group: g && g.id !== null ? { id: g.id, name: g.name } : null, ...score };
    }),
  };
}

/** Display name of a group key: the entity's name, the attribute value, or '(none)'. */
export function groupName(names: Map<string, string>, key: string | null): string {
  if (key === null || key === '') return '(none)';
  return names.get(key) ?? key;
}

/** A bucket of a multi-dimensional slice. */
export interface SliceBucket extends Score {
  period: string | null;
  groups: Array<{ dimension: Dimension; id: string | null; name: string }>;
}

/** Scores per time bucket and per combination of several dimensions (a cross-tabulation), with filters. */
export async function getScoreSlice(
  sql: Sql,
  orgId: string,
  q: {
    metric: Metric;
    interval?: TimeBucket | undefined;
    by: Dimension[];
    timeZone: string;
    filter: SliceFilter;
    minN?: number | undefined;
    engine?: EngineChoice | undefined;
  },
): Promise<{
  metric: Metric;
  interval: TimeBucket | null;
  by: Dimension[];
  minN: number;
  engine: Engine;
  overall: Score;
  buckets: SliceBucket[];
}> {
  const minN = q.minN ?? 30;
  const [{ engine, rows }, ...names] = await Promise.all([
    getSums(
      sql,
      orgId,
      { metric: q.metric, interval: q.interval, timeZone: q.timeZone, groupBy: q.by, filter: q.filter },
      q.engine,
    ),
    ...q.by.map((d) => getGroupNames(sql, orgId, d)),
  ]);
  const total = emptySums();
  for (const r of rows) addSums(total, r);
  return {
    metric: q.metric,
    interval: q.interval ?? null,
    by: q.by,
    minN,
    engine,
    overall: scoreFromSums(q.metric, total, minN),
    buckets: rows.map((r) => ({
      period: r.period,
      groups: q.by.map((dimension, i) => {
        const id = r.groups[i] ?? null;
        return { dimension, id, name: groupName(names[i] ?? new Map(), id) };
      }),
      ...scoreFromSums(q.metric, r, minN),
    })),
  };
}

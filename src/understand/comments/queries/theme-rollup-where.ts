// The WHERE condition of a theme-rollup read: organisation, zone, periods at their grains, place.
import type { Sql } from '../../../platform/db/index.js';
import { type RollupRange, splitRange } from '../../sums/index.js';

/** Which rollup rows a theme read takes: a kept zone, whole local days, and place equalities. */
export interface ThemeRollupRange extends Omit<RollupRange, 'segment'> {
  touchpointId?: string | undefined;
  surveyId?: string | undefined;
  channel?: string | undefined;
}

/**
 * Condition on rollup rows: each enriched comment is counted once, at exactly one grain. Without a place
 * filter, whole weeks and months come from the rows summed over every place (grains 'week:all' and
 * 'month:all', migration 0028): one row per period and theme instead of one per period, theme and place.
 * Days are kept per place only (their rows summed over places add up to the same).
 */
export function themeRollupWhere(sql: Sql, orgId: string, range: ThemeRollupRange) {
  const { coarse, days } = splitRange({ ...range, segment: '' });
  const everyPlace = !range.touchpointId && !range.surveyId && !range.channel;
  const between = (grain: string, p: { from: string | null; to: string | null }) =>
    sql`(grain = ${grain !== 'day' && everyPlace ? `${grain}:all` : grain} ${p.from ? sql`and day >= ${p.from}::date` : sql``} ${p.to ? sql`and day < ${p.to}::date` : sql``})`;
  const parts = [...(coarse ? [between(range.grain, coarse)] : []), ...days.map((d) => between('day', d))];
  const periods = parts.slice(1).reduce((acc, p) => sql`${acc} or ${p}`, parts[0] ?? sql`false`);
  return sql`org_id = ${orgId} and zone = ${range.zone} and (${periods})
    ${range.touchpointId ? sql`and touchpoint_id = ${range.touchpointId}` : sql``}
    ${range.surveyId ? sql`and survey_id = ${range.surveyId}` : sql``}
    ${range.channel ? sql`and channel = ${range.channel}` : sql``}`;
}

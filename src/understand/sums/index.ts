// Sufficient statistics of feedback per bucket and group, from the rollup when it can answer exactly, else a scan.
import type { Sql } from '../../platform/db/index.js';
import { ValidationError } from '../../platform/errors/index.js';
import { columnarIndexLoaded, getColumnarSums } from './columnar-engine.js';
import { getMirrorSurveyIds } from './mirror-surveys.js';
import { getRawSums } from './raw-sums.js';
import { getRollupSettings, type RollupSettings } from './rollup-settings.js';
import { getRollupSums, type RollupRange } from './rollup-sums.js';
import { type Dimension, type Engine, isSegmentDimension, type SumsQuery, type SumsRow } from './types.js';

export { AnalyticsVersions, getAnalyticsVersion, versionAtLeast } from './analytics-version.js';
export { type TouchpointPairSums, touchpointPairSumsCounts } from './columnar-contact-moments.js';
export type { ContactTouchpointQuery, ContactTouchpointTable } from './columnar-contacts.js';
export {
  type ColumnarSettings,
  columnarIndexStats,
  columnarIndexTotals,
  columnarMergesDone,
  configureColumnarIndex,
  DEFAULT_COLUMNAR_SETTINGS,
  getColumnarContactTouchpoints,
  getColumnarFeedbackFacts,
  getColumnarTouchpointPairSums,
  onPairSumsWarmed,
  warmColumnarIndex,
  warmColumnarIndexes,
} from './columnar-engine.js';
export type { FeedbackFacts, FeedbackFactsQuery } from './columnar-facts.js';
// The columnar index's pieces the answer store reuses (dictionary codes, COPY text, the stamp's counters).
export { CodeColumn } from './columnar-index.js';
export {
  CopyLines,
  changedSince,
  copyUnescape,
  jsonbEntries,
  literalSnapshot,
  literalUuid,
  snapshotCovers,
} from './columnar-rows.js';
export { getIndexCounters } from './columnar-stamp.js';
export { UuidColumn } from './columnar-uuids.js';
export { getMirrorSurveyIds } from './mirror-surveys.js';
export { getRollupSettings, type RollupSettings } from './rollup-settings.js';
export { type RollupRange, splitRange } from './rollup-sums.js';
export { saveRollupSettings } from './save-rollup-settings.js';
export { evictFor, heldRows, isPool, OverBudget, RETRY_MS } from './store-budget.js';
export { currentOf, emptyEntry, entryOf, freshCatchUp, type StoreEntry, startBuild } from './store-entry.js';
export * from './types.js';

/** Which engine to use: 'auto' picks the rollup whenever it gives the same answer as a scan. */
export type EngineChoice = Engine | 'auto';

// Making an Intl.DateTimeFormat costs far more than using one: one per zone, kept (zones are few and
// checked before they get here).
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The local calendar date and whether the instant is local midnight, in an IANA zone. */
export function localDay(at: Date, timeZone: string): { day: string; midnight: boolean } {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    if (dayFormats.size < 1_000) dayFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const midnight =
    get('hour') === '00' && get('minute') === '00' && get('second') === '00' && at.getUTCMilliseconds() === 0;
  return { day: `${get('year')}-${get('month')}-${get('day')}`, midnight };
}

/**
 * Whether the rollup answers `q` exactly, and how to read it. It can when the time zone is one it keeps
 * (UTC, or a configured zone), the range starts and ends on local midnights, at most one contact
 * attribute or metadata key is involved and that one is configured, and no comment filter is set.
 */
export function planRollup(q: SumsQuery, settings: RollupSettings): RollupRange | null {
  const zone = q.timeZone;
  if (zone !== 'UTC' && !settings.timeZones.includes(zone)) return null;
  if (q.filter.hasText !== undefined) return null;
  const segments = new Set<Dimension>(
    [...q.groupBy, ...(q.filter.equals ?? []).map((e) => e.dimension)].filter(isSegmentDimension),
  );
  if (segments.size > 1) return null;
  const [segment] = [...segments];
  if (segment && !settings.dimensions.includes(segment)) return null;
  let fromDay: string | null = null;
  let toDay: string | null = null;
  if (q.filter.from) {
    const l = localDay(q.filter.from, zone);
    if (!l.midnight) return null;
    fromDay = l.day;
  }
  if (q.filter.to) {
    const l = localDay(q.filter.to, zone);
    if (!l.midnight) return null;
    toDay = l.day;
  }
  // Buckets by week are unions of whole weeks; months, quarters and years (and no buckets) of whole months.
  const grain = q.interval === 'day' ? 'day' : q.interval === 'week' ? 'week' : 'month';
  return { zone, fromDay, toDay, segment: segment ?? '', grain };
}

/**
 * Sums of a metric per bucket and group, leaving mirror surveys out. 'auto' reads the organisation's
 * columnar index when it is loaded and current (see `columnar-engine.ts`), else the rollup when it
 * answers exactly (see `planRollup`), else the index after all (the first such read starts loading
 * it; SQL answers until it is loaded), else scans feedback;
 * 'rollup' and 'index' fail when they cannot answer ('index' loads or catches up first).
 */
export async function getSums(
  sql: Sql,
  orgId: string,
  q: SumsQuery,
  engine: EngineChoice = 'auto',
): Promise<{ engine: Engine; rows: SumsRow[] }> {
  const [settings, mirrors] = await Promise.all([
    engine === 'auto' || engine === 'rollup' ? getRollupSettings(sql, orgId) : null,
    getMirrorSurveyIds(sql, orgId),
  ]);
  const plan = settings ? planRollup(q, settings) : null;
  if (engine === 'rollup' && !plan) {
    throw new ValidationError('The rollup cannot answer this query exactly', [
      {
        name: 'engine',
        reason: 'rollup needs a kept time zone, midnight bounds and at most one configured segment',
      },
    ]);
  }
  // A loaded index answers before the rollup: with its block pre-sums it reads fewer cells than the
  // rollup for wide groupings (touchpoint by week over two years: 24 ms against 72 ms at 1 M rows).
  if (plan && engine === 'auto' && columnarIndexLoaded(orgId)) {
    const rows = await getColumnarSums(sql, orgId, q, mirrors);
    if (rows) return { engine: 'index', rows };
  }
  if (plan) return { engine: 'rollup', rows: await getRollupSums(sql, orgId, q, plan, mirrors) };
  if (engine === 'index' || engine === 'auto') {
    const rows = await getColumnarSums(sql, orgId, q, mirrors, engine === 'index');
    if (rows) return { engine: 'index', rows };
    if (engine === 'index') {
      throw new ValidationError('The in-memory index cannot answer this query', [
        {
          name: 'engine',
          reason: 'the index is off, over its row budget, or the time zone or a rating is beyond it',
        },
      ]);
    }
  }
  return { engine: 'raw', rows: await getRawSums(sql, orgId, q, mirrors) };
}

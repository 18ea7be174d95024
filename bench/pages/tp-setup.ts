// What the drivers-across-touchpoints benches (tp-profile, tp-paths, tp-fresh, tp-blocks-profile) and
// the merge benches share: their command-line arguments, the pages bench's organisation on `--db`, its
// journey and its focus survey (the fifth touchpoint's, the outcome of the pages bench's drivers
// requests), its index as the engine builds one, the analysis of pair sums against the gathered table,
// and the longest slices of a merge.
import { connect, type Sql } from '../../src/platform/db/index.js';
import { MIN_TOUCHPOINT_CONTACTS } from '../../src/understand/drivers/index.js';
import {
  momentsFromTouchpointPairs,
  touchpointColumns,
} from '../../src/understand/drivers/touchpoint-table.js';
import { analyseDrivers, sparsePairwiseMoments } from '../../src/understand/stats/index.js';
import {
  columnarTouchpointPairSums,
  type PairQuery,
} from '../../src/understand/sums/columnar-contact-moments.js';
import { columnarContactTouchpoints } from '../../src/understand/sums/columnar-contacts.js';
import { ColumnarIndex, type IndexRow } from '../../src/understand/sums/columnar-index.js';
import { readIndexRows } from '../../src/understand/sums/columnar-read.js';

/** The value after `name` on the command line. */
export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
}

export interface BenchOrg {
  sql: Sql;
  orgId: string;
  /** The pages bench's focus survey. */
  focusSurvey: string;
  journeyId: string;
}

/** Connect to `--db` and find the pages bench's organisation, journey and focus survey. */
export async function benchOrg(): Promise<BenchOrg> {
  const sql = connect(`postgres://postgres@127.0.0.1:5432/${arg('--db') as string}`, 4);
  const [org] = await sql<{ id: string }[]>`select id from organisations where slug = 'bench'`;
  const orgId = org?.id as string;
  const surveys = await sql<{ id: string }[]>`
    select s.id from surveys s join touchpoints t on t.org_id = s.org_id and t.id = s.touchpoint_id
    where s.org_id = ${orgId} order by (substr(t.name, 12))::int - 1`;
  const [j] = await sql<{ id: string }[]>`select id from journeys where org_id = ${orgId}`;
  return { sql, orgId, focusSurvey: surveys[4]?.id as string, journeyId: j?.id as string };
}

/**
 * The organisation's index as the engine builds one (merged, bitmaps, pre-sums, trimmed), of the rows
 * `take` keeps (by default all; the others are for the caller to hold back and append later).
 */
export async function benchIndex(
  sql: Sql,
  orgId: string,
  take: (r: IndexRow) => boolean = () => true,
): Promise<ColumnarIndex> {
  const ix = new ColumnarIndex(1 << 16);
  await readIndexRows(sql, orgId, null, (r) => {
    if (take(r)) ix.append(r);
  });
  ix.merge();
  if (ix.bitmapRows < ix.sorted) ix.buildBitmaps();
  ix.extendPresums();
  ix.trim();
  return ix;
}

/** The three longest slices of a merge in slices (all but the last, the swap) as `#position ms`. */
export function longestSlices(times: number[]): string {
  return times
    .slice(0, -1)
    .map((v, k) => [v, k] as const)
    .sort((a, b) => b[0] - a[0])
    .slice(0, 3)
    .map(([v, k]) => `#${k} ${v.toFixed(0)}`)
    .join(', ');
}

/**
 * The analysis of a query's pair sums (kept or computed afresh) against the one from the gathered table
 * (the reference): how many touchpoints, how long the first analysis took (its exact Shapley values),
 * R², and the largest relative difference of R², the Shapley values and the relative weights; or both
 * refusals (too few contacts), or where they differ.
 */
export function compareWithTable(ix: ColumnarIndex, pq: PairQuery): string {
  const pairs = columnarTouchpointPairSums(ix, pq, MIN_TOUCHPOINT_CONTACTS);
  const kept = pairs && momentsFromTouchpointPairs(pairs, MIN_TOUCHPOINT_CONTACTS);
  const table = columnarContactTouchpoints(ix, pq);
  if (!kept || !table) return 'no answer';
  const c = touchpointColumns(table, MIN_TOUCHPOINT_CONTACTS, false);
  const opts = { missing: 'pairwise' as const, sparsePairs: true, minPairRows: MIN_TOUCHPOINT_CONTACTS };
  const cols = (names: string[]) => names.map((name) => ({ name, values: new Float64Array(0) }));
  const run = (f: () => ReturnType<typeof analyseDrivers>) => {
    try {
      return f();
    } catch (e) {
      return (e as Error).message;
    }
  };
  const t0 = performance.now();
  const a = run(() =>
    analyseDrivers(new Float64Array(0), cols(kept.touchpoints), { ...opts, moments: kept.moments }),
  );
  const analysed = performance.now() - t0;
  const b = run(() =>
    analyseDrivers(new Float64Array(0), cols(c.touchpoints), {
      ...opts,
      moments: sparsePairwiseMoments(c.sparse, c.touchpoints.length + 1),
    }),
  );
  if (typeof a === 'string' || typeof b === 'string')
    return a === b ? `both refuse (${a})` : `DIFFER: ${a} / ${b}`;
  const values = (x: typeof a) => [x.r2, ...x.drivers.flatMap((d) => [d.shapley ?? 0, d.relativeWeight])];
  const va = values(a);
  const vb = values(b);
  if (va.length !== vb.length) return 'DIFFER: other drivers';
  let worst = 0;
  for (let i = 0; i < va.length; i++) {
    const x = va[i] as number;
    const y = vb[i] as number;
    worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y), 1e-300));
  }
  return `${a.drivers.length} touchpoints analysed in ${analysed.toFixed(0)} ms, R² ${a.r2.toFixed(4)}, largest relative difference from the gathered table ${worst.toExponential(1)}`;
}

// What the drivers-across-touchpoints benches (tp-profile, tp-paths, tp-fresh) share: their command-line
// arguments, the pages bench's organisation on `--db`, its journey and its focus survey (the fifth
// touchpoint's, the outcome of the pages bench's drivers requests).
import { connect, type Sql } from '../../src/platform/db/index.js';
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

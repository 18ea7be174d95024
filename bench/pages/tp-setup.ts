// What the drivers-across-touchpoints benches (tp-profile, tp-paths, tp-fresh) share: their command-line
// arguments, the pages bench's organisation on `--db`, its journey and its focus survey (the fifth
// touchpoint's, the outcome of the pages bench's drivers requests).
import { connect, type Sql } from '../../src/platform/db/index.js';

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

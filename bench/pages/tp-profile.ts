// Where the time of key drivers across touchpoints goes on a kept bench database (`--db`): the index
// loaded once, then the per-contact table, the columns and the whole analysis timed in turn.
import { connect } from '../../src/platform/db/index.js';
import { getTouchpointDrivers } from '../../src/understand/drivers/index.js';
import { touchpointColumns } from '../../src/understand/drivers/touchpoint-table.js';
import { getColumnarContactTouchpoints } from '../../src/understand/sums/columnar-engine.js';

const db = process.argv[process.argv.indexOf('--db') + 1] as string;
const sql = connect(`postgres://postgres@127.0.0.1:5432/${db}`, 4);
const [org] = await sql<{ id: string }[]>`select id from organisations where slug = 'bench'`;
const orgId = org?.id as string;
const surveys = await sql<{ id: string }[]>`
  select s.id from surveys s join touchpoints t on t.org_id = s.org_id and t.id = s.touchpoint_id
  where s.org_id = ${orgId} order by (substr(t.name, 12))::int - 1`;
const [j] = await sql<{ id: string }[]>`select id from journeys where org_id = ${orgId}`;
const survey = surveys[4]?.id as string;
const filter = { equals: [{ dimension: 'journey' as const, value: j?.id as string }] };
const q = { metric: 'csat' as const, filter, excludeSurveys: [survey], outcome: { surveyId: survey } };
let t = performance.now();
await getColumnarContactTouchpoints(sql, orgId, q, true);
console.log(`index loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
for (let rep = 0; rep < 5; rep++) {
  t = performance.now();
  const table = await getColumnarContactTouchpoints(sql, orgId, q, true);
  const t1 = performance.now();
  if (!table) throw new Error('no table');
  touchpointColumns(table, 10, false);
  const t2 = performance.now();
  await getTouchpointDrivers(sql, orgId, { metric: 'csat', outcome: { surveyId: survey }, filter }, 'index');
  const t3 = performance.now();
  console.log(
    `table ${(t1 - t).toFixed(0)} ms (rows ${table.rows}, cells ${table.cells.length}), columns ${(t2 - t1).toFixed(0)} ms, whole ${(t3 - t2).toFixed(0)} ms`,
  );
}
await sql.end();

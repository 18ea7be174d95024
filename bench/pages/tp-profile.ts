// Where the time of key drivers across touchpoints goes on a kept bench database (`--db`): the index
// loaded once, then the per-contact table, the columns and the whole analysis timed in turn (the whole
// from the pair sums the index keeps per query, after their first computation). `--delta N`: an index of
// its own with N records held back at random, its pair sums computed afresh, then the N records
// appended and the sums caught up with them, and the analysis on the changed matrix.
import { mulberry32 } from '../../src/shared/random.js';
import { getTouchpointDrivers, MIN_TOUCHPOINT_CONTACTS } from '../../src/understand/drivers/index.js';
import {
  momentsFromTouchpointPairs,
  touchpointColumns,
} from '../../src/understand/drivers/touchpoint-table.js';
import { analyseDrivers } from '../../src/understand/stats/index.js';
import { columnarTouchpointPairSums } from '../../src/understand/sums/columnar-contact-moments.js';
import { getColumnarContactTouchpoints } from '../../src/understand/sums/columnar-engine.js';
import type { IndexRow } from '../../src/understand/sums/columnar-index.js';
import { getMirrorSurveyIds } from '../../src/understand/sums/index.js';
import { arg, benchIndex, benchOrg } from './tp-setup.js';

const delta = Number(arg('--delta') ?? 0);
const { sql, orgId, focusSurvey: survey, journeyId } = await benchOrg();
const filter = { equals: [{ dimension: 'journey' as const, value: journeyId }] };
const q = { metric: 'csat' as const, filter, excludeSurveys: [survey], outcome: { surveyId: survey } };
const drivers = { metric: 'csat' as const, outcome: { surveyId: survey }, filter };
const ms = (t: number) => (performance.now() - t).toFixed(0);
let t = performance.now();
await getColumnarContactTouchpoints(sql, orgId, q, true);
console.log(`index loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
t = performance.now();
await getTouchpointDrivers(sql, orgId, drivers, 'index');
console.log(`whole, pair sums computed afresh: ${ms(t)} ms`);
for (let rep = 0; rep < 5; rep++) {
  t = performance.now();
  const table = await getColumnarContactTouchpoints(sql, orgId, q, true);
  const t1 = performance.now();
  if (!table) throw new Error('no table');
  touchpointColumns(table, 10, false);
  const t2 = performance.now();
  await getTouchpointDrivers(sql, orgId, drivers, 'index');
  console.log(
    `table ${(t1 - t).toFixed(0)} ms (rows ${table.rows}, cells ${table.cells.length}), columns ${(t2 - t1).toFixed(0)} ms, whole from the kept pair sums ${ms(t2)} ms`,
  );
}
if (delta > 0) {
  // An index as the engine builds one, with `delta` records held back (spread over time and contacts).
  const rand = mulberry32(7);
  const held: IndexRow[] = [];
  const [{ n } = { n: 1 }] = await sql<{ n: number }[]>`
    select count(*)::float8 as n from feedback where org_id = ${orgId}`;
  const ix = await benchIndex(sql, orgId, (r) => {
    if (rand() >= delta / n) return true;
    held.push(r);
    return false;
  });
  const excluded = [...(await getMirrorSurveyIds(sql, orgId)), survey];
  const pq = { ...q, excludeSurveys: excluded };
  t = performance.now();
  columnarTouchpointPairSums(ix, pq, MIN_TOUCHPOINT_CONTACTS);
  console.log(`own index: pair sums computed afresh ${ms(t)} ms`);
  for (const r of held) ix.append(r);
  ix.settle();
  t = performance.now();
  const pairs = columnarTouchpointPairSums(ix, pq, MIN_TOUCHPOINT_CONTACTS);
  const t1 = performance.now();
  const kept = pairs && momentsFromTouchpointPairs(pairs, MIN_TOUCHPOINT_CONTACTS);
  if (!kept) throw new Error('no kept pair sums');
  const t2 = performance.now();
  analyseDrivers(
    new Float64Array(0),
    kept.touchpoints.map((name) => ({ name, values: new Float64Array(0) })),
    { missing: 'pairwise', sparsePairs: true, minPairRows: MIN_TOUCHPOINT_CONTACTS, moments: kept.moments },
  );
  console.log(
    `${held.length} records appended (merges ${ix.merges}): caught up in ${(t1 - t).toFixed(0)} ms, moments ${(t2 - t1).toFixed(0)} ms, analysis (exact Shapley of the changed matrix) ${ms(t2)} ms`,
  );
}
await sql.end();

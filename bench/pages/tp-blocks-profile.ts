// Where a fresh computation of the pair sums of key drivers across touchpoints spends its time, on a kept
// bench database (`--db`), for the broadest first read (the pages bench's journey over all time): the
// sums' selection alone, the contacts' rows from blocks without the pair sums, then `--reps` fresh pair
// sums from blocks (phase by phase) and from the gathered table, alternately, each a query of its own.
import { MIN_TOUCHPOINT_CONTACTS } from '../../src/understand/drivers/index.js';
import {
  columnarTouchpointPairSums,
  setPairSumsWay,
} from '../../src/understand/sums/columnar-contact-moments.js';
import { contactRowPhases, eachContactRow } from '../../src/understand/sums/columnar-contact-parts.js';
import { eachRow } from '../../src/understand/sums/columnar-contacts.js';
import { getMirrorSurveyIds } from '../../src/understand/sums/index.js';
import { arg, benchIndex, benchOrg } from './tp-setup.js';

const reps = Number(arg('--reps') ?? 5);
const { sql, orgId, focusSurvey: survey, journeyId } = await benchOrg();
const excluded = [...(await getMirrorSurveyIds(sql, orgId)), survey];
const ix = await benchIndex(sql, orgId);
const journeyOnly = { equals: [{ dimension: 'journey' as const, value: journeyId }] };
const ms = (t: number) => (performance.now() - t).toFixed(0);

for (let rep = 0; rep < 3; rep++) {
  let t = performance.now();
  let rows = 0;
  eachRow(ix, 'csat', journeyOnly, excluded, (_sel, k) => {
    rows += k;
  });
  const alone = ms(t);
  t = performance.now();
  let visited = 0;
  const q = {
    metric: 'csat' as const,
    filter: journeyOnly,
    excludeSurveys: excluded,
    outcome: { surveyId: survey },
  };
  eachContactRow(ix, q, () => {
    visited++;
  });
  const p = contactRowPhases();
  console.log(
    `selection alone ${alone} ms (${rows.toLocaleString('en')} rows); contacts' rows from blocks without the pair sums ${ms(t)} ms (${visited.toLocaleString('en')} contacts; the blocks ${p.blocks.toFixed(0)} ms)`,
  );
}

let shift = 0;
for (let rep = 0; rep < reps; rep++)
  for (const how of rep % 2 === 0 ? (['blocks', 'table'] as const) : (['table', 'blocks'] as const)) {
    setPairSumsWay(how);
    const to = new Date(Date.now() + 86_400_000 + ++shift);
    const pq = {
      metric: 'csat' as const,
      filter: { ...journeyOnly, to },
      excludeSurveys: excluded,
      outcome: { surveyId: survey },
    };
    const t = performance.now();
    columnarTouchpointPairSums(ix, pq, MIN_TOUCHPOINT_CONTACTS);
    const p = contactRowPhases();
    const detail =
      how === 'blocks'
        ? ` (outcome ${p.outcome.toFixed(0)}, scan ${p.scan.toFixed(0)}, partition ${p.partition.toFixed(0)}, blocks with the pair sums ${p.blocks.toFixed(0)}; ${p.scores.toLocaleString('en')} scores listed)`
        : '';
    console.log(`${how}: ${ms(t)} ms${detail}`);
  }
setPairSumsWay('blocks');
await sql.end();

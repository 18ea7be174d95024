// The three ways a read of key drivers across touchpoints used to compute its pair sums afresh, timed on
// a kept bench database (`--db`): the page's default query read first after an index load; a read after
// a merge of out-of-order records; and reads while the records grow by a third (batches of a 200th,
// each read catching up, merges as the engine makes them). Each analysis from the kept sums is compared
// with the one from the gathered table (the reference): the largest relative difference of R², the
// Shapley values and the relative weights. `refusal`: the pages bench's date-filtered views (last 90
// days; with channel=web), which answer 400 (too few contacts), five reads each on the loaded index,
// and the answer. `--parts load,refusal,merge,growth` (default all), `--delta N` (records appended
// before the merge), `--merge slices|once` (the merge in slices as the engine makes it, a read between
// every 8 of them; or at once).
import { createHash } from 'node:crypto';
import { mulberry32 } from '../../src/shared/random.js';
import { getTouchpointDrivers, MIN_TOUCHPOINT_CONTACTS } from '../../src/understand/drivers/index.js';
import { columnarTouchpointPairSums } from '../../src/understand/sums/columnar-contact-moments.js';
import { configureColumnarIndex, warmColumnarIndex } from '../../src/understand/sums/columnar-engine.js';
import type { ColumnarIndex, IndexRow } from '../../src/understand/sums/columnar-index.js';
import { getMirrorSurveyIds } from '../../src/understand/sums/index.js';
import { START } from '../analytics/generate.js';
import { arg, benchIndex, benchOrg, compareWithTable, longestSlices } from './tp-setup.js';

const parts = (arg('--parts') ?? 'load,refusal,merge,growth').split(',');
const delta = Number(arg('--delta') ?? 10_000);
/** How the merge part merges: `slices` (as the engine does, in the background) or `once`. */
const mergeHow = arg('--merge') ?? 'slices';
const { sql, orgId, focusSurvey, journeyId } = await benchOrg();
// The page's outcome: the first survey with an NPS question (a relationship survey first), in its order.
const [chosen] = await sql<{ id: string }[]>`
  select s.id::text from surveys s
  join survey_versions v on v.org_id = s.org_id and v.survey_id = s.id and v.version = s.current_version
  where s.org_id = ${orgId} and jsonb_path_exists(v.definition, '$.questions[*] ? (@.type == "nps")')
  order by s.name !~* 'relationship', s.created_at, s.name limit 1`;
const survey = chosen?.id as string;
const excluded = [...(await getMirrorSurveyIds(sql, orgId)), survey];
const pq = { metric: 'csat' as const, filter: {}, excludeSurveys: excluded, outcome: { surveyId: survey } };
const ms = (t: number) => (performance.now() - t).toFixed(0);

/** An index as the engine builds one, with a share of the records held back at random (spread over time). */
async function ownIndex(share: number): Promise<{ ix: ColumnarIndex; held: IndexRow[] }> {
  const rand = mulberry32(7);
  const held: IndexRow[] = [];
  const ix = await benchIndex(sql, orgId, (r) => {
    if (rand() >= share) return true;
    held.push(r);
    return false;
  });
  return { ix, held };
}

if (parts.includes('load')) {
  configureColumnarIndex({ enabled: true, maxRows: 20_000_000 });
  let t = performance.now();
  await warmColumnarIndex(sql, orgId);
  console.log(`load: index loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const now = new Date();
  const year = { from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)) };
  for (const [range, filter] of [
    ['all time', {}],
    ['last 12 months', year],
  ] as const) {
    const q = { metric: 'csat' as const, outcome: { surveyId: survey }, filter };
    for (const label of ['first read', 'second read', 'third read']) {
      t = performance.now();
      await getTouchpointDrivers(sql, orgId, q, 'index');
      console.log(`load: the page's default (${range}), ${label} ${ms(t)} ms`);
    }
  }
}

if (parts.includes('refusal')) {
  await warmColumnarIndex(sql, orgId);
  const from = new Date(START + 640 * 86_400_000 + 13 * 3600_000 + 37 * 60_000 + 12_345);
  const journey = { dimension: 'journey' as const, value: journeyId };
  // The pages bench's outcome (its focus survey).
  const outcome = { surveyId: focusSurvey };
  for (const [label, equals] of [
    ['1 date', [journey]],
    ['2 date+channel', [journey, { dimension: 'channel' as const, value: 'web' }]],
  ] as const) {
    const q = {
      metric: 'csat' as const,
      outcome,
      filter: { from, equals: [...equals] },
    };
    const times: number[] = [];
    let answer = '';
    for (let rep = 0; rep < 6; rep++) {
      const t = performance.now();
      answer = await getTouchpointDrivers(sql, orgId, q, 'index').then(
        (r) => JSON.stringify({ ...r, engine: undefined }),
        (e: Error) => e.message,
      );
      times.push(performance.now() - t);
    }
    const rest = times.slice(1).sort((a, b) => a - b);
    console.log(
      `refusal: ${label}, first read ${(times[0] as number).toFixed(0)} ms, then p50 ${(rest[2] as number).toFixed(0)} / max ${(rest[4] as number).toFixed(0)} ms; answer ${createHash('sha1').update(answer).digest('hex').slice(0, 12)} (${answer.slice(0, 60)}…)`,
    );
  }
}
configureColumnarIndex({ enabled: true });

if (parts.includes('merge')) {
  const [{ n } = { n: 1 }] = await sql<{ n: number }[]>`
    select count(*)::float8 as n from feedback where org_id = ${orgId}`;
  const { ix, held } = await ownIndex(delta / n);
  let t = performance.now();
  columnarTouchpointPairSums(ix, pq, MIN_TOUCHPOINT_CONTACTS);
  console.log(`merge: own index, pair sums computed afresh ${ms(t)} ms`);
  // Appended (out of time order) in batches of 1,000 with a read after each, then merged in.
  let worst = 0;
  for (let k = 0; k < held.length; k += 1000) {
    for (const r of held.slice(k, k + 1000)) ix.append(r);
    t = performance.now();
    columnarTouchpointPairSums(ix, pq, MIN_TOUCHPOINT_CONTACTS);
    worst = Math.max(worst, performance.now() - t);
  }
  const merges = ix.merges;
  t = performance.now();
  let how = 'at once';
  if (mergeHow === 'once') ix.merge();
  else {
    // As the engine runs it: in slices, a read between every 8 of them (answered from the index as it
    // is, catching up the records appended meanwhile), the last slice swapping it in.
    const slices = ix.mergeSlices();
    const times: number[] = [];
    let reads = 0;
    let slowest = 0;
    for (let done = false, k = 0; !done; k++) {
      await new Promise((r) => setImmediate(r));
      const s = performance.now();
      done = slices.next().done === true;
      times.push(performance.now() - s);
      if (!done && k % 8 === 7) {
        const r = performance.now();
        ix.append({ ...(held[k % held.length] as IndexRow) });
        columnarTouchpointPairSums(ix, pq, MIN_TOUCHPOINT_CONTACTS);
        slowest = Math.max(slowest, performance.now() - r);
        reads++;
      }
    }
    const longest = Math.max(...times.slice(0, -1));
    // The three longest, by position (the sort's first; the pre-sums' last).
    const top = longestSlices(times);
    how = `in ${times.length} slices (longest ${longest.toFixed(0)} ms: ${top}; the swap, kept sums caught up included, ${(times[times.length - 1] as number).toFixed(0)} ms; ${reads} reads between them with a record appended each, slowest ${slowest.toFixed(0)} ms)`;
  }
  const tm = performance.now() - t;
  t = performance.now();
  columnarTouchpointPairSums(ix, pq, MIN_TOUCHPOINT_CONTACTS);
  console.log(
    `merge: ${held.length} records appended (reads caught up: slowest ${worst.toFixed(0)} ms), merged (${merges} → ${ix.merges}) ${how} in ${tm.toFixed(0)} ms, first read after it ${ms(t)} ms; ${compareWithTable(ix, pq)}`,
  );
}

if (parts.includes('growth')) {
  const { ix, held } = await ownIndex(0.25);
  held.sort((a, b) => a.at - b.at);
  let t = performance.now();
  columnarTouchpointPairSums(ix, pq, MIN_TOUCHPOINT_CONTACTS);
  console.log(`growth: own index of ${ix.length} records, pair sums computed afresh ${ms(t)} ms`);
  const batch = Math.ceil(ix.length / 200);
  const reads: number[] = [];
  for (let k = 0; k < held.length; k += batch) {
    for (const r of held.slice(k, k + batch)) ix.append(r);
    ix.settle();
    t = performance.now();
    columnarTouchpointPairSums(ix, pq, MIN_TOUCHPOINT_CONTACTS);
    reads.push(performance.now() - t);
  }
  const sorted = [...reads].sort((a, b) => a - b);
  const at = (p: number) =>
    (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number).toFixed(0);
  console.log(
    `growth: ${held.length} records in ${reads.length} batches of ${batch} (merges ${ix.merges}), reads p50 ${at(0.5)} / p95 ${at(0.95)} / max ${at(1)} ms, over 300 ms: ${reads.filter((r) => r > 300).length}; ${compareWithTable(ix, pq)}`,
  );
}
await sql.end();

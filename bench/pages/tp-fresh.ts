// The first read of a filter combination in key drivers across touchpoints, timed on a kept bench
// database (`--db`) without HTTP: an index loaded once, then for each of the pages bench's filter sets
// (its journey, and: none; the last 90 days; with channel=web; with attr.plan=pro; plan+region+device)
// `--reps` first reads of the pair sums (each its own query: `to` moved past the last record, so none
// is served from kept sums), and the per-contact table (listwise views and attribute outcomes read it),
// as the read gathers it, by a scan of the range and by the contacts' row chains (the two compared).
// Each first read's analysis is compared with the one from the gathered table (the reference): the
// largest relative difference of R², the Shapley values and the relative weights.
import { MIN_TOUCHPOINT_CONTACTS } from '../../src/understand/drivers/index.js';
import {
  columnarTouchpointPairSums,
  type PairSumsWay,
  setPairSumsWay,
  type TouchpointPairSums,
  touchpointPairSumsCounts,
} from '../../src/understand/sums/columnar-contact-moments.js';
import {
  type ContactTouchpointTable,
  columnarContactTouchpoints,
} from '../../src/understand/sums/columnar-contacts.js';
import { getMirrorSurveyIds } from '../../src/understand/sums/index.js';
import type { SliceFilter } from '../../src/understand/sums/types.js';
import { START } from '../analytics/generate.js';
import { arg, benchIndex, benchOrg, compareWithTable } from './tp-setup.js';

const reps = Number(arg('--reps') ?? 5);
// The pages bench's outcome (its focus survey) and journey.
const { sql, orgId, focusSurvey: survey, journeyId } = await benchOrg();
const excluded = [...(await getMirrorSurveyIds(sql, orgId)), survey];
const ms = (t: number) => performance.now() - t;

let t = performance.now();
const ix = await benchIndex(sql, orgId);
console.log(
  `index of ${ix.length.toLocaleString('en')} records, ${(ix.contact.count - 1).toLocaleString('en')} contacts, loaded in ${(ms(t) / 1000).toFixed(1)} s`,
);

const END = START + 730 * 86_400_000;
const from = new Date(END - 90 * 86_400_000 + 13 * 3600_000 + 37 * 60_000 + 12_345);
const journey = { dimension: 'journey' as const, value: journeyId };
const levels: Array<[string, SliceFilter]> = [
  ['0', { equals: [journey] }],
  ['1 date', { from, equals: [journey] }],
  ['2 date+channel', { from, equals: [journey, { dimension: 'channel', value: 'web' }] }],
  [
    '3 date+channel+plan',
    {
      from,
      equals: [journey, { dimension: 'channel', value: 'web' }, { dimension: 'attr.plan', value: 'pro' }],
    },
  ],
  [
    '3 plan+region+device',
    {
      equals: [
        journey,
        { dimension: 'attr.plan', value: 'pro' },
        { dimension: 'attr.region', value: 'north' },
        { dimension: 'meta.device', value: 'mobile' },
      ],
    },
  ],
];

/** Whether the tables by a scan and by chains are the same, row for row. */
function sameTable(a: ContactTouchpointTable | null, b: ContactTouchpointTable | null): string {
  if (!a || !b) return a === b ? 'both none' : 'ONE IS NONE';
  const eq = (x: ArrayLike<number>, y: ArrayLike<number>) =>
    x.length === y.length && Array.prototype.every.call(x, (v: number, i: number) => Object.is(v, y[i]));
  const ok =
    a.rows === b.rows &&
    a.withOutcome === b.withOutcome &&
    eq(a.outcome, b.outcome) &&
    eq(a.cells, b.cells) &&
    eq(a.contacts ?? [], b.contacts ?? []);
  return ok ? `the same ${a.rows} rows` : 'TABLES DIFFER';
}

const WAYS: PairSumsWay[] = ['blocks', 'table'];

/** The two ways' fresh sums: equal counts, and the largest relative difference of the sums' moments. */
function sameSums(s: Partial<Record<PairSumsWay, TouchpointPairSums>>): string {
  const a = s.blocks;
  const b = s.table;
  if (!a || !b) return a === b ? 'both none' : 'ONE IS NONE';
  if (a.rows !== b.rows || a.withOutcome !== b.withOutcome || a.nonBinary !== b.nonBinary)
    return 'COUNTS DIFFER';
  if (!a.metBy.every((v, i) => v === b.metBy[i])) return 'COUNTS DIFFER';
  // Sums about different shifts: compare the centred second moments, count by count.
  const W = a.touchpoints.length + 1;
  let worst = 0;
  for (let i = 0; i < W; i++)
    for (let j = i; j < W; j++) {
      const o = 6 * (i * W + j);
      const n = a.sums[o] as number;
      if (n !== b.sums[o]) return 'COUNTS DIFFER';
      if (n === 0) continue;
      const cov = (x: TouchpointPairSums) =>
        (x.sums[o + 5] as number) / n - ((x.sums[o + 1] as number) / n) * ((x.sums[o + 2] as number) / n);
      const mean = (x: TouchpointPairSums) => (x.sums[o + 1] as number) / n + (x.shift[i] as number);
      const rel = (x: number, y: number) => Math.abs(x - y) / Math.max(Math.abs(y), 1e-12);
      worst = Math.max(worst, rel(cov(a), cov(b)), rel(mean(a), mean(b)));
    }
  return `the same counts, moments within ${worst.toExponential(1)}`;
}

let shift = 0;
for (const [label, filter] of levels) {
  const fresh: number[] = [];
  const freshTable: number[] = [];
  const firstSums: Partial<Record<PairSumsWay, TouchpointPairSums>> = {};
  const tables: number[] = [];
  const scans: number[] = [];
  const chains: number[] = [];
  let same = '';
  for (let rep = 0; rep < reps; rep++) {
    // Past the last record: the same rows, but a query of its own (its sums computed afresh).
    const to = new Date(Date.now() + 86_400_000 + 2 * ++shift);
    const pq = {
      metric: 'csat' as const,
      filter: { ...filter, to },
      excludeSurveys: excluded,
      outcome: { surveyId: survey },
    };
    // Each way of computing fresh sums, alternating which goes first (two queries of their own).
    for (const how of rep % 2 === 0 ? WAYS : [...WAYS].reverse()) {
      setPairSumsWay(how);
      const own = {
        ...pq,
        filter: { ...pq.filter, to: new Date(to.getTime() + (how === 'table' ? 1 : 0)) },
      };
      const before = touchpointPairSumsCounts().fresh;
      t = performance.now();
      const sums = columnarTouchpointPairSums(ix, own, MIN_TOUCHPOINT_CONTACTS);
      (how === 'blocks' ? fresh : freshTable).push(ms(t));
      if (touchpointPairSumsCounts().fresh !== before + 1) throw new Error('not computed afresh');
      if (rep === 0 && sums) firstSums[how] = sums;
    }
    setPairSumsWay('blocks');
    t = performance.now();
    columnarContactTouchpoints(ix, pq);
    tables.push(ms(t));
    t = performance.now();
    const a = columnarContactTouchpoints(ix, pq, 'scan');
    scans.push(ms(t));
    t = performance.now();
    const b = columnarContactTouchpoints(ix, pq, 'chains');
    chains.push(ms(t));
    if (rep === 0) same = sameTable(a, b);
  }
  const f = (xs: number[]) => {
    const s = [...xs].sort((x, y) => x - y);
    return `${(s[Math.floor(s.length / 2)] as number).toFixed(0)} / ${(s[s.length - 1] as number).toFixed(0)}`;
  };
  console.log(
    `${label}: first read of the pair sums p50 / max ${f(fresh)} ms (from the table: ${f(freshTable)} ms; ${sameSums(firstSums)}); the table ${f(tables)} ms (by a scan ${f(scans)}, by chains ${f(chains)} ms: ${same}); ${compareWithTable(ix, { metric: 'csat', filter, excludeSurveys: excluded, outcome: { surveyId: survey } })}`,
  );
}
await sql.end();

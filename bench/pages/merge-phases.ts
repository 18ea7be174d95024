// The index's merge of its unsorted tail at scale, phase by phase, on a synthetic index (no database):
// `--rows` rows (default 10 M) of which the last `--tail` (default 625,000, the tail at which a 10 M
// index merges) are unsorted, 20 touchpoints, 5 channels, 3 attributes, `--contacts` contacts. The tail's
// times are `--spread random` (spread over the whole time range: every row after the first tail time
// moves) or `recent` (after the sorted rows but for a `--late` share spread over the range). The
// merge before this change (kept here as it was), the index's merge at once, and its merge in slices (as the
// engine runs it: each slice timed, the last one swaps it in) are run alternately, `--reps` each, each on
// a freshly built index; the bracketed digest of every column shows all three give the same index.
import { readFileSync } from 'node:fs';
import { mulberry32 } from '../../src/shared/random.js';
import { ColumnarIndex, NONE, sortByTime } from '../../src/understand/sums/columnar-index.js';
import { longestSlices } from './tp-setup.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
}
const ROWS = Number(arg('--rows') ?? 10_000_000);
const TAIL = Number(arg('--tail') ?? 625_000);
const CONTACTS = Number(arg('--contacts') ?? 2_000_000);
const SPREAD = arg('--spread') ?? 'random';
const LATE = Number(arg('--late') ?? 0.01);
const REPS = Number(arg('--reps') ?? 2);
/** Which merges to run, in this order (`before,once,slices`). */
const MODES = (arg('--modes') ?? 'before,once,slices').split(',');
const START = Date.UTC(2024, 0, 1);
const SPAN = 2 * 365 * 86_400_000;

function build(): ColumnarIndex {
  const rand = mulberry32(11);
  const ix = new ColumnarIndex(ROWS, undefined, Number.MAX_SAFE_INTEGER);
  const tp = ix.entities.touchpoint;
  const ch = ix.entities.channel;
  const sv = ix.entities.survey;
  const tps = Array.from({ length: 20 }, (_, k) => tp.encode(`00000000-0000-0000-0000-0000000000${k + 10}`));
  const svs = Array.from({ length: 20 }, (_, k) => sv.encode(`00000000-0000-0000-0001-0000000000${k + 10}`));
  const chs = ['web', 'email', 'sms', 'app', 'phone'].map((c) => ch.encode(c));
  const segs = [
    ['attr.plan', ['basic', 'plus', 'pro']],
    ['attr.region', ['north', 'south', 'east', 'west', 'central']],
    ['attr.tenure', ['new', 'year', 'older']],
  ] as const;
  const segCodes = segs.map(([key, values]) => {
    const col = ix.segmentColumn(key);
    return { col, codes: values.map((v) => col.encode(v)) };
  });
  const uuid = new Uint8Array(16);
  const sorted = ROWS - TAIL;
  for (let r = 0; r < ROWS; r++) {
    const i = ix.openRow();
    let at: number;
    if (r < sorted) at = START + Math.floor((r / sorted) * SPAN);
    else if (SPREAD === 'random' || rand() < LATE) at = START + Math.floor(rand() * SPAN);
    else at = START + SPAN + Math.floor(rand() * 86_400_000 * 30);
    ix.at[i] = at;
    const t = Math.floor(rand() * 20);
    ix.entities.touchpoint.data[i] = tps[t] as number;
    ix.entities.survey.data[i] = svs[t] as number;
    ix.entities.channel.data[i] = chs[Math.floor(rand() * 5)] as number;
    ix.nps[i] = rand() < 0.5 ? Math.floor(rand() * 11) : NONE;
    ix.csat[i] = rand() < 0.4 ? 1 + Math.floor(rand() * 5) : NONE;
    ix.ces[i] = rand() < 0.2 ? 1 + Math.floor(rand() * 7) : NONE;
    ix.rating[i] = rand() < 0.1 ? Math.floor(rand() * 10_000_000) : -1;
    ix.hasText[i] = rand() < 0.3 ? 1 : 0;
    for (const { col, codes } of segCodes) col.data[i] = codes[Math.floor(rand() * codes.length)] as number;
    const c = Math.floor(rand() * CONTACTS);
    new DataView(uuid.buffer).setUint32(12, c + 1);
    ix.contact.data[i] = rand() < 0.9 ? ix.contact.encodeRaw(uuid, 0) : 0;
    ix.closeRow();
  }
  ix.buildBitmaps();
  ix.extendPresums();
  return ix;
}

type Phases = Record<string, number>;

/** The merge as it was before (a comparator sort of the tail, a gather per column, every row relinked). */
function mergeBefore(ix: ColumnarIndex): Phases {
  const p: Phases = {};
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    p[name] = now - t;
    t = now;
  };
  const at = ix.at;
  const tail = Array.from({ length: ix.length - ix.sorted }, (_, k) => ix.sorted + k);
  tail.sort((a, b) => (at[a] as number) - (at[b] as number));
  lap('sort');
  const order = new Uint32Array(ix.length);
  let i = 0;
  let j = 0;
  for (let k = 0; k < ix.length; k++) {
    const u = tail[j];
    if (i < ix.sorted && (u === undefined || (at[i] as number) <= (at[u] as number))) order[k] = i++;
    else {
      order[k] = u as number;
      j++;
    }
  }
  lap('order');
  const gather = <T extends Float64Array | Uint8Array | Uint16Array | Uint32Array | Int32Array>(a: T): T => {
    const next = new (a.constructor as new (n: number) => T)(a.length);
    for (let k = 0; k < ix.length; k++) next[k] = a[order[k] as number] as number;
    return next;
  };
  ix.at = gather(ix.at);
  ix.nps = gather(ix.nps);
  ix.csat = gather(ix.csat);
  ix.ces = gather(ix.ces);
  ix.rating = gather(ix.rating);
  ix.hasText = gather(ix.hasText);
  for (const c of Object.values(ix.entities)) c.data = gather(c.data);
  ix.contact.data = gather(ix.contact.data);
  for (const c of ix.segments.values()) c.data = gather(c.data);
  lap('gather');
  ix.contactLast.fill(0);
  const contact = ix.contact.data;
  for (let k = 0; k < ix.length; k++) {
    const c = contact[k] as number;
    if (c === 0) ix.contactPrev[k] = 0;
    else {
      ix.contactPrev[k] = ix.contactLast[c] as number;
      ix.contactLast[c] = k + 1;
    }
  }
  lap('link');
  ix.merges++;
  ix.sorted = ix.length;
  ix.buildBitmaps();
  lap('bitmaps');
  ix.presums = null;
  ix.extendPresums();
  lap('presums');
  return p;
}

/** A digest of every column (to check both merges give the same index). */
function digest(ix: ColumnarIndex): string {
  let h = 0;
  const mix = (a: ArrayLike<number>) => {
    for (let k = 0; k < ix.length; k++) h = (Math.imul(h, 31) + (a[k] as number)) | 0;
  };
  mix(ix.at);
  mix(ix.nps);
  mix(ix.rating);
  for (const c of Object.values(ix.entities)) mix(c.data);
  for (const c of ix.segments.values()) mix(c.data);
  mix(ix.contact.data);
  mix(ix.contactPrev);
  return (h >>> 0).toString(16);
}

const fmt = (p: Phases) =>
  `${Object.entries(p)
    .map(([k, v]) => `${k} ${v.toFixed(0)}`)
    .join(', ')}; total ${Object.values(p)
    .reduce((a, b) => a + b, 0)
    .toFixed(0)} ms`;

console.log(
  `rows ${ROWS}, tail ${TAIL} (${SPREAD}${SPREAD === 'recent' ? `, ${LATE} late` : ''}), load ${readFileSync('/proc/loadavg', 'utf8').trim()}`,
);
for (let rep = 0; rep < REPS; rep++) {
  for (const which of MODES) {
    let ix: ColumnarIndex | null = build();
    if (which === 'before') console.log(`${which}: ${fmt(mergeBefore(ix))} [${digest(ix)}]`);
    else if (which === 'once') {
      let t = performance.now();
      const tail = sortByTime(ix.at, ix.sorted, ix.length);
      const sort = performance.now() - t;
      t = performance.now();
      ix.merge();
      console.log(
        `${which}: merge ${(performance.now() - t).toFixed(0)} ms (its tail sort alone ${sort.toFixed(0)} ms, ${tail.length} rows) [${digest(ix)}]`,
      );
    } else {
      // Each slice as a read waiting behind it would see it; the last one swaps the merge in.
      const slices = ix.mergeSlices();
      const times: number[] = [];
      let done = false;
      const t0 = performance.now();
      while (!done) {
        const t = performance.now();
        done = slices.next().done === true;
        times.push(performance.now() - t);
      }
      const total = performance.now() - t0;
      const swap = times[times.length - 1] as number;
      const longest = Math.max(...times.slice(0, -1));
      // The three longest (by position: the sort's first, then the order, the gathers, the chains, the
      // bitmaps, the pre-sums).
      const top = longestSlices(times);
      console.log(
        `in slices: ${times.length} slices, longest ${longest.toFixed(0)} ms (${top}), the swap ${swap.toFixed(0)} ms, all ${total.toFixed(0)} ms [${digest(ix)}]`,
      );
    }
    ix = null;
  }
}

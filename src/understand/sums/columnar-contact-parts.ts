// Each contact's row of key drivers across touchpoints (its mean score at each touchpoint, its mean NPS
// in the outcome survey) computed afresh from the columnar index without the contact × touchpoint table:
// the rows the filter keeps are partitioned by contact code into blocks small enough for the cache, and
// each block's contacts are summed and handed on one by one. The table (columnar-contacts.ts) writes
// each row into a dense array of every contact with the outcome (at 10 M records, 2 M contacts × 20
// touchpoints: 320 MB, one cache miss per row); here every write lands in one block's few MB. Pure.
import { type ContactTouchpointQuery, eachRow } from './columnar-contacts.js';
import { type ColumnarIndex, RATING_DECIMALS } from './columnar-index.js';

const RATING_ONE = 10 ** RATING_DECIMALS;
/** Bytes of one block's per-contact sums (count and sum per touchpoint): within a core's L2. */
const BLOCK_BYTES = 1 << 20;

/** Contacts per block as a power of two, when set (tests: many blocks of few contacts); null: by size. */
let blockBits: number | null = null;

/** Set the contacts per block to 2^bits (null: from the touchpoints, the default); the one before returned. */
export function setContactBlockBits(bits: number | null): number | null {
  const before = blockBits;
  blockBits = bits;
  return before;
}

/** A contact's row: its touchpoints (columns, index order less one) and means, and its outcome. */
export type ContactRowVisit = (
  contact: number,
  cols: Uint16Array,
  vals: Float64Array,
  m: number,
  outcome: number,
) => void;

/** Entries (a row's contact within its block and touchpoint, and its score) partitioned by block. */
interface Parts {
  /** Per block, its first entry (block b: entries [start[b], start[b + 1])). */
  start: Uint32Array;
  /** Contact within the block · 2^16 + touchpoint (0: an outcome answer). */
  key: Uint32Array;
  value: Int32Array;
}

/**
 * Visit each contact with the outcome and a score at a touchpoint, block by block of contact codes,
 * within a block in the order the filter's rows first meet them; a survey outcome only. Returns the
 * contacts with the outcome (with or without scores), or null when the index cannot answer exactly (the
 * caller gathers the table).
 */
export function eachContactRow(
  ix: ColumnarIndex,
  q: ContactTouchpointQuery & { outcome: { surveyId: string } },
  visit: ContactRowVisit,
): { withOutcome: number } | null {
  if (q.metric === 'rating' && !ix.ratingExact) return null;
  const T = ix.entities.touchpoint.values.length - 1;
  if (T >= 1 << 16) return null;
  const C = ix.contact.count;
  // Contacts per block: a power of two whose counts and sums (12 bytes per touchpoint) fit the block bytes.
  const bits =
    blockBits ?? Math.max(6, Math.min(16, Math.floor(Math.log2(BLOCK_BYTES / (12 * Math.max(1, T))))));
  const B = 1 << bits;
  const blocks = Math.ceil(C / B);
  const contact = ix.contact.data;

  // The outcome: its answers partitioned, and a bit per contact that has one.
  const has = new Int32Array(Math.ceil(C / 32));
  const nps = ix.nps;
  const equals = [{ dimension: 'survey' as const, value: q.outcome.surveyId }, ...(q.filter.equals ?? [])];
  const outcomeFilter = { ...q.filter, equals };
  const outcome = partition(blocks, bits, (count) =>
    eachRow(ix, 'nps', outcomeFilter, [], (sel, k) => {
      for (let j = 0; j < k; j++) {
        const i = sel[j] as number;
        const c = contact[i] as number;
        if (c === 0) continue;
        has[c >>> 5] = (has[c >>> 5] as number) | (1 << (c & 31));
        count(c, 0, nps[i] as number);
      }
    }),
  );
  if (!outcome) return null;
  let withOutcome = 0;
  for (let w = 0; w < has.length; w++) withOutcome += popcount(has[w] as number);

  // The scores of the contacts with the outcome at touchpoints, partitioned the same way.
  const touchpoint = ix.entities.touchpoint.data;
  const scores = q.metric === 'rating' ? ix.rating : ix[q.metric];
  const table = partition(blocks, bits, (count) =>
    eachRow(ix, q.metric, q.filter, q.excludeSurveys, (sel, k) => {
      for (let j = 0; j < k; j++) {
        const i = sel[j] as number;
        const c = contact[i] as number;
        const t = touchpoint[i] as number;
        if (t === 0 || ((has[c >>> 5] as number) & (1 << (c & 31))) === 0) continue;
        count(c, t, scores[i] as number);
      }
    }),
  );
  if (!table) return null;

  // Block by block: the outcome's mean, then each contact's sums at touchpoints, visited as first met.
  const oCount = new Uint32Array(B);
  const oSum = new Float64Array(B);
  const n = new Uint32Array(B * T);
  const sum = new Float64Array(B * T);
  const met = new Uint8Array(B);
  const order = new Uint32Array(B);
  const cols = new Uint16Array(T + 1);
  const vals = new Float64Array(T + 1);
  const rating = q.metric === 'rating';
  for (let b = 0; b < blocks; b++) {
    for (let e = outcome.start[b] as number; e < (outcome.start[b + 1] as number); e++) {
      const l = (outcome.key[e] as number) >>> 16;
      oCount[l] = (oCount[l] as number) + 1;
      oSum[l] = (oSum[l] as number) + (outcome.value[e] as number);
    }
    let rows = 0;
    for (let e = table.start[b] as number; e < (table.start[b + 1] as number); e++) {
      const key = table.key[e] as number;
      const l = key >>> 16;
      if (met[l] === 0) {
        met[l] = 1;
        order[rows++] = l;
      }
      const cell = l * T + (key & 0xffff) - 1;
      n[cell] = (n[cell] as number) + 1;
      sum[cell] = (sum[cell] as number) + (table.value[e] as number);
    }
    for (let r = 0; r < rows; r++) {
      const l = order[r] as number;
      let m = 0;
      for (let t = 0, cell = l * T; t < T; t++, cell++) {
        const k = n[cell] as number;
        if (k === 0) continue;
        // As the table has them: a rating's sum in units of the scale, then the mean.
        const s = sum[cell] as number;
        cols[m] = t;
        vals[m++] = (rating ? s / RATING_ONE : s) / k;
        n[cell] = 0;
        sum[cell] = 0;
      }
      met[l] = 0;
      visit(b * B + l, cols, vals, m, (oSum[l] as number) / (oCount[l] as number));
    }
    oCount.fill(0);
    oSum.fill(0);
  }
  return { withOutcome };
}

/**
 * Entries partitioned by block in two passes over the same selection: `run(count)` is called twice and
 * calls `count(contact, touchpoint, value)` per entry, the same entries in the same order both times
 * (the first counts each block's entries, the second places them). Null when the selection cannot be
 * read from the index.
 */
function partition(
  blocks: number,
  bits: number,
  run: (count: (c: number, t: number, v: number) => void) => boolean,
): Parts | null {
  const sizes = new Uint32Array(blocks + 1);
  const counted = run((c) => {
    sizes[c >>> bits] = (sizes[c >>> bits] as number) + 1;
  });
  if (!counted) return null;
  const start = new Uint32Array(blocks + 1);
  for (let b = 0; b < blocks; b++) start[b + 1] = (start[b] as number) + (sizes[b] as number);
  const total = start[blocks] as number;
  const key = new Uint32Array(total);
  const value = new Int32Array(total);
  const next = start.slice(0, blocks);
  const mask = (1 << bits) - 1;
  run((c, t, v) => {
    const b = c >>> bits;
    const e = next[b] as number;
    next[b] = e + 1;
    key[e] = (c & mask) * 65_536 + t;
    value[e] = v;
  });
  return { start, key, value };
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

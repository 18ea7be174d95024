// The rows a filter keeps in one or more surveys' answer stores, merged newest first, as an AnswerTable.
// Pure.
import type { SliceFilter } from '../sums/index.js';
import type { FrozenAnswers, SurveyAnswers } from './answer-store.js';
import type { AnswerTable } from './answer-table.js';
import { attributeNumber } from './items.js';

/**
 * The table of the responses of `stores` that `getSurveyAnswers` would return for `filter` (newest
 * first, ties by id descending, at most `limit` in all); null when a store cannot tell.
 */
export function viewAnswers(
  stores: readonly SurveyAnswers[],
  filter: SliceFilter,
  limit: number,
): AnswerTable | null {
  const picks: Int32Array[] = [];
  for (const s of stores) {
    if (s.tooWide) return null;
    const p = s.select(filter, limit);
    if (!p) return null;
    picks.push(p);
  }
  if (stores.length === 1)
    return table(stores, new Uint16Array((picks[0] as Int32Array).length), picks[0] as Int32Array);
  // Merge the newest-first lists: the newest head (by time, then id) first.
  const total = Math.min(
    limit,
    picks.reduce((n, p) => n + p.length, 0),
  );
  const which = new Uint16Array(total);
  const rows = new Int32Array(total);
  const at = picks.map(() => 0);
  for (let k = 0; k < total; k++) {
    let best = -1;
    for (let s = 0; s < stores.length; s++) {
      const p = picks[s] as Int32Array;
      if ((at[s] as number) >= p.length) continue;
      if (best < 0) {
        best = s;
        continue;
      }
      const a = (stores[s] as SurveyAnswers).compareWith(
        p[at[s] as number] as number,
        stores[best] as SurveyAnswers,
        (picks[best] as Int32Array)[at[best] as number] as number,
      );
      if (a > 0) best = s;
    }
    which[k] = best;
    rows[k] = (picks[best] as Int32Array)[at[best] as number] as number;
    at[best] = (at[best] as number) + 1;
  }
  return table(stores, which, rows);
}

function table(live: readonly SurveyAnswers[], which: Uint16Array, rows: Int32Array): AnswerTable {
  // The arrays as they are now: a catch-up may re-sort the stores before the analysis reads the columns.
  const stores = live.map((s) => s.freeze());
  const gather = (columnOf: (s: FrozenAnswers) => Float32Array | Float64Array | undefined) => {
    const out = new Float64Array(rows.length).fill(Number.NaN);
    stores.forEach((s, i) => {
      const c = columnOf(s);
      if (!c) return;
      if (stores.length === 1) {
        if (c instanceof Float32Array) pick32(c, rows, out);
        else pick64(c, rows, out);
      } else
        for (let k = 0; k < rows.length; k++) if (which[k] === i) out[k] = c[rows[k] as number] as number;
    });
    return out;
  };
  return {
    length: rows.length,
    item(id) {
      const dot = id.indexOf('.');
      if (dot < 0) return gather((s) => s.column([id]));
      return gather((s) => s.column([id.slice(0, dot), id.slice(dot + 1)]));
    },
    pair: (q, a, part) => gather((s) => s.column([q, a, part])),
    attribute(name) {
      // `->>` text of a value gives the same number as the value itself (see attributeNumber).
      const maps = stores.map((s) => {
        const col = s.segments.get(`attr.${name}`);
        return col
          ? { data: col.data, byCode: Float64Array.from(col.values, (v) => attributeNumber(v ?? '')) }
          : null;
      });
      const out = new Float64Array(rows.length);
      for (let k = 0; k < rows.length; k++) {
        const m = maps[which[k] as number];
        out[k] = m ? (m.byCode[m.data[rows[k] as number] as number] as number) : Number.NaN;
      }
      return out;
    },
    touchpoints: () =>
      Array.from(rows, (r, k) => {
        const s = stores[which[k] as number] as FrozenAnswers;
        return s.touchpoint.values[s.touchpoint.data[r] as number] ?? null;
      }),
  };
}

// One loop per array type, so that each stays monomorphic.
function pick32(c: Float32Array, rows: Int32Array, out: Float64Array): void {
  for (let k = 0; k < rows.length; k++) out[k] = c[rows[k] as number] as number;
}

function pick64(c: Float64Array, rows: Int32Array, out: Float64Array): void {
  for (let k = 0; k < rows.length; k++) out[k] = c[rows[k] as number] as number;
}

// Sparse pairwise moments against the dense pass on the same rows: the same bits.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../shared/random.js';
import { correlationMoments } from './drivers.js';
import { type SparseRows, sparsePairwiseMoments } from './sparse-moments.js';

describe('sparsePairwiseMoments', () => {
  it('equals the dense pairwise pass exactly, rows meeting few of many columns', () => {
    const rand = mulberry32(7);
    for (const [k, rows, p] of [
      [6, 500, 0.3],
      [20, 3000, 0.2],
      [3, 40, 0.9],
      [12, 200, 0.05],
    ] as const) {
      const dense = Array.from({ length: k }, () => new Float64Array(rows).fill(Number.NaN));
      const start = new Uint32Array(rows + 1);
      const column: number[] = [];
      const value: number[] = [];
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < k; c++) {
          // The last column (the outcome) always; the others now and then, on a 1-5 scale or a mean.
          if (c < k - 1 && rand() > p) continue;
          const v = c === k - 1 ? Math.floor(rand() * 11) : (1 + Math.floor(rand() * 5) + rand()) / 1.5;
          (dense[c] as Float64Array)[r] = v;
          column.push(c);
          value.push(v);
        }
        start[r + 1] = column.length;
      }
      const sparse: SparseRows = {
        rows,
        start,
        column: Uint16Array.from(column),
        value: Float64Array.from(value),
      };
      expect(sparsePairwiseMoments(sparse, k)).toEqual(correlationMoments(dense, 'pairwise'));
    }
  });
});

// Correlation moments of k columns in one pass over the rows, with listwise or pairwise deletion.

/** Co-moments of k variables gathered in one pass: counts, means and the correlation matrix. */
export interface CorrelationMoments {
  /** Rows used: listwise count, or the smallest pairwise count under pairwise deletion. */
  n: number;
  /** Per-variable count of the rows that entered its statistics. */
  counts: number[];
  means: number[];
  /** Sample variances (n - 1 denominator). */
  variances: number[];
  /** k x k correlation matrix, row-major; entries involving a constant variable are 0 (diagonal 1). */
  correlation: Float64Array;
  /** Whether each variable is constant on the rows used. */
  constant: boolean[];
  /** Pairwise only: per pair (row-major k x k, i <= j filled), the rows where both are present. */
  pairCounts?: Float64Array;
}

/** How rows with missing values are handled. */
export type MissingPolicy = 'listwise' | 'pairwise';

/**
 * Correlation matrix of the given columns in one pass over the rows; NaN marks a missing value.
 * Listwise (default): a row counts only if every column is present (sums of products of the values
 * less the first complete row's, a block of rows at a time). Pairwise: each pair uses the rows where both are present (sums
 * shifted by each column's first value), as pandas `DataFrame.corr` does; the matrix may then be indefinite.
 */
export function correlationMoments(
  columns: ReadonlyArray<ArrayLike<number>>,
  missing: MissingPolicy = 'listwise',
): CorrelationMoments {
  const k = columns.length;
  const rows = k === 0 ? 0 : (columns[0] as ArrayLike<number>).length;
  for (const c of columns)
    if (c.length !== rows) throw new RangeError('all columns must have the same length');
  return missing === 'listwise' ? listwise(columns, k, rows) : pairwise(columns, k, rows);
}

/** Rows per block of the listwise pass (k columns of this many doubles stay in cache). */
const BLOCK_ROWS = 1024;

function listwise(columns: ReadonlyArray<ArrayLike<number>>, k: number, rows: number): CorrelationMoments {
  // One pass in blocks: the complete rows of a block are copied, less the first complete row (the
  // shift, for precision), into one buffer per column, then every pair's sum of products is a
  // dot product over the block. Sums of products of shifted values, as the pairwise path keeps.
  const shift = new Float64Array(k);
  const buf = new Float64Array(k * BLOCK_ROWS);
  const sum = new Float64Array(k);
  const c = new Float64Array(k * k); // sums of products of shifted values, i <= j
  let n = 0;
  let r = 0;
  while (r < rows) {
    let b = 0;
    rowLoop: for (; r < rows && b < BLOCK_ROWS; r++) {
      for (let i = 0; i < k; i++)
        if (Number.isNaN((columns[i] as ArrayLike<number>)[r] as number)) continue rowLoop;
      if (n + b === 0) for (let i = 0; i < k; i++) shift[i] = (columns[i] as ArrayLike<number>)[r] as number;
      for (let i = 0; i < k; i++)
        buf[i * BLOCK_ROWS + b] = ((columns[i] as ArrayLike<number>)[r] as number) - (shift[i] as number);
      b++;
    }
    n += b;
    for (let i = 0; i < k; i++) {
      const oi = i * BLOCK_ROWS;
      let t = 0;
      for (let m = 0; m < b; m++) t += buf[oi + m] as number;
      sum[i] = (sum[i] as number) + t;
      for (let j = i; j < k; j++) {
        const oj = j * BLOCK_ROWS;
        // Four partial sums: the additions of one do not wait on the others'.
        let u0 = 0;
        let u1 = 0;
        let u2 = 0;
        let u3 = 0;
        let m = 0;
        for (; m + 3 < b; m += 4) {
          u0 += (buf[oi + m] as number) * (buf[oj + m] as number);
          u1 += (buf[oi + m + 1] as number) * (buf[oj + m + 1] as number);
          u2 += (buf[oi + m + 2] as number) * (buf[oj + m + 2] as number);
          u3 += (buf[oi + m + 3] as number) * (buf[oj + m + 3] as number);
        }
        for (; m < b; m++) u0 += (buf[oi + m] as number) * (buf[oj + m] as number);
        c[i * k + j] = (c[i * k + j] as number) + (u0 + u1 + (u2 + u3));
      }
    }
  }
  // Centred co-moments: sum of products less the product of sums over n.
  const cov = (i: number, j: number) => {
    const [a, z] = i <= j ? [i, j] : [j, i];
    return (c[a * k + z] as number) - ((sum[a] as number) * (sum[z] as number)) / n;
  };
  const means = Array.from({ length: k }, (_, i) =>
    n > 0 ? (shift[i] as number) + (sum[i] as number) / n : 0,
  );
  const variances = Array.from({ length: k }, (_, i) => (n > 1 ? Math.max(0, cov(i, i)) / (n - 1) : 0));
  const constant = variances.map((v, i) => isConstant(v, means[i] as number));
  const correlation = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      if (i === j) correlation[i * k + j] = 1;
      else if (!constant[i] && !constant[j])
        correlation[i * k + j] = cov(i, j) / Math.sqrt(cov(i, i) * cov(j, j));
    }
  }
  return { n, counts: new Array(k).fill(n), means, variances, correlation, constant };
}

function pairwise(columns: ReadonlyArray<ArrayLike<number>>, k: number, rows: number): CorrelationMoments {
  const shift = new Float64Array(k).fill(Number.NaN);
  for (let i = 0; i < k; i++) {
    const col = columns[i] as ArrayLike<number>;
    for (let r = 0; r < rows; r++) {
      const v = col[r] as number;
      if (!Number.isNaN(v)) {
        shift[i] = v;
        break;
      }
    }
  }
  // Per pair (i <= j): count, sum_i, sum_j, sum_ii, sum_jj, sum_ij over rows where both are present.
  const s = new Float64Array(k * k * 6);
  const x = new Float64Array(k);
  const present = new Uint8Array(k);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < k; i++) {
      const v = (columns[i] as ArrayLike<number>)[r] as number;
      present[i] = Number.isNaN(v) ? 0 : 1;
      x[i] = v - (shift[i] as number);
    }
    for (let i = 0; i < k; i++) {
      if (!present[i]) continue;
      const xi = x[i] as number;
      for (let j = i; j < k; j++) {
        if (!present[j]) continue;
        const xj = x[j] as number;
        const o = (i * k + j) * 6;
        s[o] = (s[o] as number) + 1;
        s[o + 1] = (s[o + 1] as number) + xi;
        s[o + 2] = (s[o + 2] as number) + xj;
        s[o + 3] = (s[o + 3] as number) + xi * xi;
        s[o + 4] = (s[o + 4] as number) + xj * xj;
        s[o + 5] = (s[o + 5] as number) + xi * xj;
      }
    }
  }
  return momentsFromPairSums(s, shift, k);
}

/**
 * Pairwise moments from the per-pair sums (i <= j, 6 each: count, sum_i, sum_j, sum_ii, sum_jj, sum_ij
 * of the values less each column's shift) and the shifts: the dense and the sparse pass share it.
 */
export function momentsFromPairSums(s: Float64Array, shift: Float64Array, k: number): CorrelationMoments {
  const counts: number[] = [];
  const means: number[] = [];
  const variances: number[] = [];
  for (let i = 0; i < k; i++) {
    const o = (i * k + i) * 6;
    const m = s[o] as number;
    counts.push(m);
    means.push(m > 0 ? (shift[i] as number) + (s[o + 1] as number) / m : Number.NaN);
    variances.push(m > 1 ? ((s[o + 3] as number) - (s[o + 1] as number) ** 2 / m) / (m - 1) : 0);
  }
  const constant = variances.map((v, i) => isConstant(v, means[i] as number));
  const correlation = new Float64Array(k * k);
  let n = Number.POSITIVE_INFINITY;
  for (let i = 0; i < k; i++) {
    correlation[i * k + i] = 1;
    for (let j = i + 1; j < k; j++) {
      const o = (i * k + j) * 6;
      const m = s[o] as number;
      n = Math.min(n, m);
      if (constant[i] || constant[j] || m < 2) continue;
      const sxx = (s[o + 3] as number) - (s[o + 1] as number) ** 2 / m;
      const syy = (s[o + 4] as number) - (s[o + 2] as number) ** 2 / m;
      const sxy = (s[o + 5] as number) - ((s[o + 1] as number) * (s[o + 2] as number)) / m;
      const r = sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
      correlation[i * k + j] = r;
      correlation[j * k + i] = r;
    }
  }
  if (k === 1) n = counts[0] ?? 0;
  const pairCounts = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = i; j < k; j++) pairCounts[i * k + j] = s[(i * k + j) * 6] as number;
  return { n: Number.isFinite(n) ? n : 0, counts, means, variances, correlation, constant, pairCounts };
}

function isConstant(variance: number, mean: number): boolean {
  // Rounding leaves ~1e-30 of variance in constant columns; compare with the scale of the values.
  return !(variance > 1e-14 * Math.max(1, mean * mean));
}

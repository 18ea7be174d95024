// Histogram gradient-boosted decision trees for a 0/1 outcome (logistic loss), with per-row contributions.
//
// The method is the one of LightGBM and scikit-learn's HistGradientBoostingClassifier, kept small:
// - every feature is cut into at most `maxBins` bins at quantiles of its values (each distinct value
//   its own bin when there are few), so a split search reads a histogram instead of sorting;
// - each round fits one depth-limited tree to the gradients g = p - y and hessians h = p(1 - p) of the
//   log loss at the current margin; a split's gain is G_L^2/(H_L + lambda) + G_R^2/(H_R + lambda)
//   - G^2/(H + lambda) and a leaf's value is the Newton step -G/(H + lambda), shrunk by the learning rate
//   (Chen & Guestrin 2016, XGBoost, eq. 5-7);
// - the larger child's histogram is the parent's minus the smaller child's (half the work per level).
// Missing values (NaN) fall in the lowest bin and go left at every split, in training and in prediction.
// Contributions follow Saabas: along a row's path each split credits its feature with the change of the
// node value, so the contributions plus the bias add up to the row's margin exactly.

/** Training options; the defaults suit a few thousand to a few hundred thousand rows. */
export interface GbdtOptions {
  /** Boosting rounds (trees). */
  trees?: number;
  learningRate?: number;
  /** Depth of each tree (a depth-d tree has up to 2^d leaves). */
  maxDepth?: number;
  /** Fewest rows in a leaf. */
  minLeaf?: number;
  /** L2 penalty on leaf values. */
  lambda?: number;
  /** Most bins per feature (2-256). */
  maxBins?: number;
  /** Share of rows drawn (without replacement) for each tree; 1 uses every row. */
  subsample?: number;
  /** Seed of the row sampling. */
  seed?: number;
}

/** A trained tree as flat arrays; node 0 is the root, `feature[i] = -1` marks a leaf. */
export interface GbdtTree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  /** Node value (already multiplied by the learning rate): the leaf output at leaves. */
  value: number[];
}

/** A trained model: plain JSON-serialisable data. */
export interface GbdtModel {
  kind: 'gbdt';
  features: number;
  /** Initial margin: log odds of the training positives. */
  bias: number;
  trees: GbdtTree[];
  /** Total split gain per feature over all trees. */
  gain: number[];
  options: Required<GbdtOptions>;
}

const DEFAULTS: Required<GbdtOptions> = {
  trees: 300,
  learningRate: 0.05,
  maxDepth: 3,
  minLeaf: 20,
  lambda: 1,
  maxBins: 64,
  subsample: 1,
  seed: 1,
};

/** Column-major features: `columns[j][i]` is feature j of row i. */
export type Columns = ReadonlyArray<Float64Array>;

interface Binned {
  bins: Uint8Array[];
  /** Upper edge of every bin but the last, per feature: value <= edges[b] falls in bin <= b. */
  edges: Float64Array[];
}

/** Cut each column into quantile bins; exported for tests. */
export function binColumns(columns: Columns, maxBins: number): Binned {
  if (maxBins < 2 || maxBins > 256) throw new RangeError('maxBins must be in [2, 256]');
  const bins: Uint8Array[] = [];
  const edges: Float64Array[] = [];
  for (const col of columns) {
    const values = col.filter((v) => !Number.isNaN(v)).sort(); // typed arrays sort numerically
    const distinct: number[] = [];
    for (const v of values)
      if (distinct.length === 0 || distinct[distinct.length - 1] !== v) distinct.push(v);
    const e: number[] = [];
    if (distinct.length <= maxBins) {
      for (let k = 0; k + 1 < distinct.length; k++)
        e.push(((distinct[k] as number) + (distinct[k + 1] as number)) / 2);
    } else {
      for (let k = 1; k < maxBins; k++) {
        const q = values[Math.floor((k * values.length) / maxBins)] as number;
        // the edge sits midway to the next distinct value so that ties never straddle it
        const pos = upperBound(distinct, q);
        if (pos >= distinct.length) break;
        const edge = (q + (distinct[pos] as number)) / 2;
        if (e.length === 0 || edge > (e[e.length - 1] as number)) e.push(edge);
      }
    }
    const ef = Float64Array.from(e);
    const b = new Uint8Array(col.length);
    for (let i = 0; i < col.length; i++) b[i] = binOf(ef, col[i] as number);
    bins.push(b);
    edges.push(ef);
  }
  return { bins, edges };
}

function upperBound(sorted: number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function binOf(edges: Float64Array, v: number): number {
  if (Number.isNaN(v)) return 0;
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= (edges[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** sfc32-free small generator for row sampling (mulberry32): deterministic across platforms. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sigmoid = (m: number) => 1 / (1 + Math.exp(-m));

interface Histogram {
  g: Float64Array;
  h: Float64Array;
  c: Uint32Array;
}

/** Train a model on column-major features and 0/1 labels. */
export function trainGbdt(columns: Columns, labels: ArrayLike<number>, options: GbdtOptions = {}): GbdtModel {
  const o = { ...DEFAULTS, ...options };
  const n = labels.length;
  const p = columns.length;
  if (n === 0) throw new RangeError('no rows to train on');
  for (const c of columns) if (c.length !== n) throw new RangeError('every column needs one value per row');
  let positives = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (y !== 0 && y !== 1) throw new RangeError(`label ${i} is ${y}, not 0 or 1`);
    positives += y;
  }
  if (positives === 0 || positives === n) throw new RangeError('both outcomes must occur to train a model');
  const { bins, edges } = binColumns(columns, o.maxBins);
  const binCounts = edges.map((e) => e.length + 1);
  const stride = o.maxBins;
  const bias = Math.log(positives / (n - positives));
  const margin = new Float64Array(n).fill(bias);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const gain = new Array<number>(p).fill(0);
  const trees: GbdtTree[] = [];
  const rand = mulberry32(o.seed);
  const all = new Uint32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  const scratch = new Uint32Array(n);

  // row-major copy of the bins: a node's histogram reads each of its rows once, all features together
  const rowBins = new Uint8Array(n * p);
  for (let j = 0; j < p; j++) {
    const bj = bins[j] as Uint8Array;
    for (let i = 0; i < n; i++) rowBins[i * p + j] = bj[i] as number;
  }
  const histogram = (rows: Uint32Array): Histogram => {
    const hg = new Float64Array(p * stride);
    const hh = new Float64Array(p * stride);
    const hc = new Uint32Array(p * stride);
    for (let k = 0; k < rows.length; k++) {
      const i = rows[k] as number;
      const gi = g[i] as number;
      const hi = h[i] as number;
      const base = i * p;
      for (let j = 0, off = 0; j < p; j++, off += stride) {
        const b = off + (rowBins[base + j] as number);
        hg[b] = (hg[b] as number) + gi;
        hh[b] = (hh[b] as number) + hi;
        hc[b] = (hc[b] as number) + 1;
      }
    }
    return { g: hg, h: hh, c: hc };
  };
  const subtract = (parent: Histogram, child: Histogram): Histogram => {
    const out = {
      g: new Float64Array(parent.g),
      h: new Float64Array(parent.h),
      c: new Uint32Array(parent.c),
    };
    for (let k = 0; k < out.g.length; k++) {
      out.g[k] = (out.g[k] as number) - (child.g[k] as number);
      out.h[k] = (out.h[k] as number) - (child.h[k] as number);
      out.c[k] = (out.c[k] as number) - (child.c[k] as number);
    }
    return out;
  };

  for (let t = 0; t < o.trees; t++) {
    for (let i = 0; i < n; i++) {
      const q = sigmoid(margin[i] as number);
      g[i] = q - (labels[i] as number);
      h[i] = q * (1 - q);
    }
    let rows = all;
    if (o.subsample < 1) {
      const keep: number[] = [];
      for (let i = 0; i < n; i++) if (rand() < o.subsample) keep.push(i);
      rows = Uint32Array.from(keep);
    }
    const tree: GbdtTree = { feature: [], threshold: [], left: [], right: [], value: [] };
    const splitBin: number[] = []; // training-only: the bin index of each split, for the margin update
    const grow = (nodeRows: Uint32Array, hist: Histogram, depth: number): number => {
      const id = tree.feature.length;
      let G = 0;
      let H = 0;
      // totals from feature 0's histogram (every row falls in exactly one of its bins)
      for (let b = 0; b < stride; b++) {
        G += hist.g[b] as number;
        H += hist.h[b] as number;
      }
      const value = (-G / (H + o.lambda)) * o.learningRate;
      tree.feature.push(-1);
      tree.threshold.push(0);
      tree.left.push(-1);
      tree.right.push(-1);
      tree.value.push(value);
      splitBin.push(-1);
      const leaf = () => {
        for (let k = 0; k < nodeRows.length; k++) {
          const i = nodeRows[k] as number;
          margin[i] = (margin[i] as number) + value;
        }
        return id;
      };
      if (depth >= o.maxDepth || nodeRows.length < 2 * o.minLeaf) return leaf();
      const parentScore = (G * G) / (H + o.lambda);
      let best = 0;
      let bestF = -1;
      let bestB = -1;
      for (let j = 0; j < p; j++) {
        const off = j * stride;
        let gl = 0;
        let hl = 0;
        let cl = 0;
        const last = (binCounts[j] as number) - 1;
        for (let b = 0; b < last; b++) {
          gl += hist.g[off + b] as number;
          hl += hist.h[off + b] as number;
          cl += hist.c[off + b] as number;
          if (cl < o.minLeaf) continue;
          const cr = nodeRows.length - cl;
          if (cr < o.minLeaf) break;
          const gr = G - gl;
          const hr = H - hl;
          const score = (gl * gl) / (hl + o.lambda) + (gr * gr) / (hr + o.lambda) - parentScore;
          if (score > best + 1e-12) {
            best = score;
            bestF = j;
            bestB = b;
          }
        }
      }
      if (bestF < 0) return leaf();
      // stable partition of the node's rows into left (bin <= bestB) and right
      const bf = bins[bestF] as Uint8Array;
      let nl = 0;
      let nr = 0;
      for (let k = 0; k < nodeRows.length; k++) {
        const i = nodeRows[k] as number;
        if ((bf[i] as number) <= bestB) nodeRows[nl++] = i;
        else scratch[nr++] = i;
      }
      nodeRows.set(scratch.subarray(0, nr), nl);
      const leftRows = nodeRows.subarray(0, nl);
      const rightRows = nodeRows.subarray(nl);
      let leftHist: Histogram;
      let rightHist: Histogram;
      if (depth + 1 >= o.maxDepth) {
        // children will be leaves: their totals come from one feature, so skip full histograms
        leftHist = totalsOnly(leftRows, g, h, stride);
        rightHist = totalsOnly(rightRows, g, h, stride);
      } else if (leftRows.length <= rightRows.length) {
        leftHist = histogram(leftRows);
        rightHist = subtract(hist, leftHist);
      } else {
        rightHist = histogram(rightRows);
        leftHist = subtract(hist, rightHist);
      }
      gain[bestF] = (gain[bestF] as number) + best;
      tree.feature[id] = bestF;
      tree.threshold[id] = (edges[bestF] as Float64Array)[bestB] as number;
      splitBin[id] = bestB;
      tree.left[id] = grow(leftRows, leftHist, depth + 1);
      tree.right[id] = grow(rightRows, rightHist, depth + 1);
      return id;
    };
    const rootRows = Uint32Array.from(rows);
    grow(rootRows, histogram(rootRows), 0);
    trees.push(tree);
    // sampled rows got their leaf value as their leaf was made; the others walk the tree
    if (rows.length === n) continue;
    const sampled = new Uint8Array(n);
    for (let k = 0; k < rows.length; k++) sampled[rows[k] as number] = 1;
    for (let i = 0; i < n; i++) {
      if (sampled[i]) continue;
      let node = 0;
      while ((tree.feature[node] as number) >= 0) {
        const f = tree.feature[node] as number;
        node =
          ((bins[f] as Uint8Array)[i] as number) <= (splitBin[node] as number)
            ? (tree.left[node] as number)
            : (tree.right[node] as number);
      }
      margin[i] = (margin[i] as number) + (tree.value[node] as number);
    }
  }
  return { kind: 'gbdt', features: p, bias, trees, gain, options: o };
}

/** A histogram holding only the node totals (in feature 0's first bin): enough for a leaf. */
function totalsOnly(rows: Uint32Array, g: Float64Array, h: Float64Array, stride: number): Histogram {
  let G = 0;
  let H = 0;
  for (let k = 0; k < rows.length; k++) {
    G += g[rows[k] as number] as number;
    H += h[rows[k] as number] as number;
  }
  const out = { g: new Float64Array(stride), h: new Float64Array(stride), c: new Uint32Array(stride) };
  out.g[0] = G;
  out.h[0] = H;
  out.c[0] = rows.length;
  return out;
}

function leafOf(tree: GbdtTree, row: ArrayLike<number>): number {
  let node = 0;
  while ((tree.feature[node] as number) >= 0) {
    const x = row[tree.feature[node] as number] as number;
    // NaN compares false, so it goes left, as the lowest bin does in training
    node = x > (tree.threshold[node] as number) ? (tree.right[node] as number) : (tree.left[node] as number);
  }
  return node;
}

/** Margin (log odds) of one row given as an array of feature values. */
export function gbdtMargin(model: GbdtModel, row: ArrayLike<number>): number {
  let m = model.bias;
  for (const tree of model.trees) m += tree.value[leafOf(tree, row)] as number;
  return m;
}

/** Probability of the positive outcome for one row. */
export function gbdtPredict(model: GbdtModel, row: ArrayLike<number>): number {
  return sigmoid(gbdtMargin(model, row));
}

/**
 * Saabas contributions of each feature to one row's margin, in log-odds: along the row's path in every
 * tree, a split on feature j adds (child value - node value) to j. bias + sum(contributions) = margin.
 */
export function gbdtContributions(
  model: GbdtModel,
  row: ArrayLike<number>,
): { bias: number; contributions: number[] } {
  const out = new Array<number>(model.features).fill(0);
  let bias = model.bias;
  for (const tree of model.trees) {
    let node = 0;
    bias += tree.value[0] as number;
    while ((tree.feature[node] as number) >= 0) {
      const f = tree.feature[node] as number;
      const x = row[f] as number;
      const next =
        x > (tree.threshold[node] as number) ? (tree.right[node] as number) : (tree.left[node] as number);
      out[f] = (out[f] as number) + (tree.value[next] as number) - (tree.value[node] as number);
      node = next;
    }
  }
  return { bias, contributions: out };
}

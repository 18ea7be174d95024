// Automatic theme discovery on untagged comments: spherical k-means on TF-IDF, clusters labelled by c-TF-IDF.
import { createRandom } from './hashing.js';
import type { Sentence } from './tokenize.js';

/** A discovered theme: suggested label words, size, and representative comments (indices). */
export interface DiscoveredTheme {
  /** Top c-TF-IDF terms, best first. */
  terms: string[];
  /** Two-word phrases most characteristic of the theme (TF-IDF over comments), best first. */
  phrases: string[];
  /** Suggested label: its most characteristic phrase that no larger theme took, else the top terms joined. */
  label: string;
  size: number;
  /** Indices of the comments closest to the cluster centre. */
  representatives: number[];
}

/** Discovery settings. */
export interface DiscoverOptions {
  /** Number of clusters; default grows with the square root of the corpus, 4 … 20. */
  k?: number;
  iterations?: number;
  seed?: number;
  /** Terms printed per theme. */
  topTerms?: number;
  /** Ignore terms in fewer than this many comments. */
  minDocumentFrequency?: number;
  /** Extra words to ignore beyond the built-in stop words. */
  stopWords?: readonly string[];
}

// Function words of English and French carry no theme; with light stems they are compared as stems.
const STOP = new Set(
  (
    'a an the and or but if so of to in on at for with from by as is are was were be been being it its this that these those ' +
    'i me my we our you your he she they them their his her what which who whom when where why how all any both each few more most ' +
    'other some such no not only own same than too very can will just would could should do does did done have has had having ' +
    'am get got go went one also really there here about up out into over after before again then once much many well even still ' +
    'le la les un une des du de et ou mais donc car ni que qui quoi dont ou est sont etait ete etre avoir ai a as ont avez avons ' +
    'je tu il elle nous vous ils elles on ce cet cette ces mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs ' +
    'pas plus tres trop peu bien tout tous toute toutes en y au aux dans par pour sur avec sans sous chez comme si ne se sa lui'
  ).split(' '),
);

/** Cluster comments into themes and label each with its most distinctive terms (c-TF-IDF, BERTopic's formula). */
export function discoverThemes(
  comments: readonly Sentence[][],
  options: DiscoverOptions = {},
): DiscoveredTheme[] {
  const stop = new Set([...STOP, ...(options.stopWords ?? [])]);
  const minDf = options.minDocumentFrequency ?? Math.max(2, Math.ceil(comments.length * 0.002));
  // Vocabulary of stems; each stem is shown by its most frequent surface word.
  const df = new Map<string, number>();
  const surface = new Map<string, Map<string, number>>();
  const docs: Map<string, number>[] = comments.map((sentences) => {
    const tf = new Map<string, number>();
    for (const tokens of sentences) {
      for (const t of tokens) {
        if (t.word.length < 3 || stop.has(t.word) || stop.has(t.stem) || /^\d+$/.test(t.word)) continue;
        tf.set(t.stem, (tf.get(t.stem) ?? 0) + 1);
        const forms = surface.get(t.stem) ?? new Map<string, number>();
        forms.set(t.info.surface, (forms.get(t.info.surface) ?? 0) + 1);
        surface.set(t.stem, forms);
      }
    }
    for (const s of tf.keys()) df.set(s, (df.get(s) ?? 0) + 1);
    return tf;
  });
  const vocab = [...df].filter(([, n]) => n >= minDf && n <= comments.length * 0.5).map(([s]) => s);
  const index = new Map(vocab.map((s, i) => [s, i]));
  const idf = vocab.map((s) => Math.log(comments.length / (df.get(s) ?? 1)));
  // Sparse unit-length TF-IDF rows.
  const rows = docs.map((tf) => {
    const idx: number[] = [];
    const val: number[] = [];
    for (const [s, n] of tf) {
      const j = index.get(s);
      if (j === undefined) continue;
      idx.push(j);
      val.push((1 + Math.log(n)) * (idf[j] as number));
    }
    const norm = Math.sqrt(val.reduce((a, v) => a + v * v, 0)) || 1;
    return { idx, val: val.map((v) => v / norm) };
  });
  const usable = rows.flatMap((r, i) => (r.idx.length > 0 ? [i] : []));
  const k = Math.min(
    options.k ?? Math.max(4, Math.min(20, Math.round(Math.sqrt(usable.length / 10)))),
    usable.length,
  );
  if (k === 0 || vocab.length === 0) return [];
  const dim = vocab.length;
  const random = createRandom(options.seed ?? 42);
  // k-means++ seeding on cosine distance.
  const centres: Float64Array[] = [];
  const dot = (r: { idx: number[]; val: number[] }, c: Float64Array) => {
    let s = 0;
    for (let q = 0; q < r.idx.length; q++) s += (r.val[q] as number) * (c[r.idx[q] as number] as number);
    return s;
  };
  const toCentre = (r: { idx: number[]; val: number[] }) => {
    const c = new Float64Array(dim);
    r.idx.forEach((j, q) => {
      c[j] = r.val[q] as number;
    });
    return c;
  };
  centres.push(
    toCentre(
      rows[usable[Math.floor(random() * usable.length)] as number] as { idx: number[]; val: number[] },
    ),
  );
  const best = new Float64Array(rows.length).fill(Number.POSITIVE_INFINITY);
  while (centres.length < k) {
    let total = 0;
    const last = centres[centres.length - 1] as Float64Array;
    for (const i of usable) {
      const d = Math.max(0, 1 - dot(rows[i] as { idx: number[]; val: number[] }, last));
      if (d < (best[i] as number)) best[i] = d;
      total += (best[i] as number) ** 2;
    }
    let pick = random() * total;
    let chosen = usable[usable.length - 1] as number;
    for (const i of usable) {
      pick -= (best[i] as number) ** 2;
      if (pick <= 0) {
        chosen = i;
        break;
      }
    }
    centres.push(toCentre(rows[chosen] as { idx: number[]; val: number[] }));
  }
  const assign = new Int32Array(rows.length).fill(-1);
  for (let it = 0; it < (options.iterations ?? 15); it++) {
    let moved = 0;
    for (const i of usable) {
      let bi = 0;
      let bs = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < k; c++) {
        const s = dot(rows[i] as { idx: number[]; val: number[] }, centres[c] as Float64Array);
        if (s > bs) {
          bs = s;
          bi = c;
        }
      }
      if (assign[i] !== bi) moved++;
      assign[i] = bi;
    }
    for (const c of centres) c.fill(0);
    for (const i of usable) {
      const r = rows[i] as { idx: number[]; val: number[] };
      const c = centres[assign[i] as number] as Float64Array;
      r.idx.forEach((j, q) => {
        c[j] = (c[j] as number) + (r.val[q] as number);
      });
    }
    for (const c of centres) {
      const norm = Math.sqrt(c.reduce((a, v) => a + v * v, 0)) || 1;
      for (let j = 0; j < dim; j++) c[j] = (c[j] as number) / norm;
    }
    if (moved === 0) break;
  }
  // c-TF-IDF: W(x, c) = tf(x, c) / |c| · log(1 + A / f(x)), A = average words per class.
  const classTf = Array.from({ length: k }, () => new Float64Array(dim));
  const classWords = new Float64Array(k);
  const termFreq = new Float64Array(dim);
  for (const i of usable) {
    const c = assign[i] as number;
    for (const [s, n] of docs[i] as Map<string, number>) {
      const j = index.get(s);
      if (j === undefined) continue;
      (classTf[c] as Float64Array)[j] = ((classTf[c] as Float64Array)[j] as number) + n;
      classWords[c] = (classWords[c] as number) + n;
      termFreq[j] = (termFreq[j] as number) + n;
    }
  }
  const avgWords = classWords.reduce((a, b) => a + b, 0) / k;
  const top = options.topTerms ?? 5;
  const themes: DiscoveredTheme[] = [];
  for (let c = 0; c < k; c++) {
    const members = usable.filter((i) => assign[i] === c);
    if (members.length === 0) continue;
    const tf = classTf[c] as Float64Array;
    const words = classWords[c] as number;
    const scored = vocab
      .map(
        (s, j) =>
          [
            s,
            ((tf[j] as number) / (words || 1)) * Math.log(1 + avgWords / ((termFreq[j] as number) || 1)),
          ] as const,
      )
      .filter(([, w]) => w > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([s]) => {
        const forms = surface.get(s);
        return forms ? ([...forms].sort((a, b) => b[1] - a[1])[0]?.[0] ?? s) : s;
      });
    const centre = centres[c] as Float64Array;
    const representatives = members
      .map((i) => [i, dot(rows[i] as { idx: number[]; val: number[] }, centre)] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([i]) => i);
    const phrases = characteristicPhrases(comments, members, stop);
    themes.push({
      terms: scored,
      phrases,
      label: '',
      size: members.length,
      representatives,
    });
  }
  themes.sort((a, b) => b.size - a.size);
  // Largest theme first: each takes its best phrase that no larger theme took, else its top terms.
  const taken = new Set<string>();
  for (const t of themes) {
    const phrase = t.phrases.find((p) => !taken.has(p));
    t.label = phrase ?? t.terms.slice(0, 3).join(' / ');
    taken.add(t.label);
  }
  return themes;
}

/** A phrase's comment count over the corpus, cached per call of `discoverThemes` by the comments array. */
const phraseCounts = new WeakMap<
  readonly Sentence[][],
  { perComment: Array<Map<string, { form: string; n: number }>>; df: Map<string, number> }
>();

/** Adjacent content-word pairs of each comment (stem pair → surface), and in how many comments each occurs. */
function commentPhrases(comments: readonly Sentence[][], stop: ReadonlySet<string>) {
  const cached = phraseCounts.get(comments);
  if (cached) return cached;
  const df = new Map<string, number>();
  const content = (w: string, stem: string) =>
    w.length >= 3 && !stop.has(w) && !stop.has(stem) && !/^\d+$/.test(w);
  const perComment = comments.map((sentences) => {
    const found = new Map<string, { form: string; n: number }>();
    for (const sentence of sentences) {
      // Adjacent once function words are left out: "prix trop élevés" gives "prix élevés".
      const tokens = sentence.filter((t) => content(t.word, t.stem));
      for (let i = 0; i + 1 < tokens.length; i++) {
        const a = tokens[i] as Sentence[number];
        const b = tokens[i + 1] as Sentence[number];
        const key = `${a.stem} ${b.stem}`;
        const e = found.get(key);
        if (e) e.n++;
        else found.set(key, { form: `${a.info.surface} ${b.info.surface}`, n: 1 });
      }
    }
    for (const key of found.keys()) df.set(key, (df.get(key) ?? 0) + 1);
    return found;
  });
  const out = { perComment, df };
  phraseCounts.set(comments, out);
  return out;
}

/**
 * The theme's most characteristic two-word phrases (content words next to each other once function words
 * are left out), by TF-IDF over comments: the share of the theme's comments with the phrase × log(comments
 * / comments with it anywhere), keeping phrases found in at least 3 of its comments and a tenth of them,
 * each shown in its most frequent written form.
 */
function characteristicPhrases(
  comments: readonly Sentence[][],
  members: readonly number[],
  stop: ReadonlySet<string>,
): string[] {
  const { perComment, df } = commentPhrases(comments, stop);
  const inTheme = new Map<string, { n: number; tf: number; forms: Map<string, number> }>();
  for (const i of members) {
    for (const [key, { form, n }] of perComment[i] ?? []) {
      const e = inTheme.get(key) ?? { n: 0, tf: 0, forms: new Map<string, number>() };
      e.n++;
      e.tf += n;
      e.forms.set(form, (e.forms.get(form) ?? 0) + 1);
      inTheme.set(key, e);
    }
  }
  const floor = Math.max(3, Math.ceil(members.length * 0.1));
  return [...inTheme]
    .filter(([, e]) => e.n >= floor)
    .map(([key, e]) => {
      const w = (e.n / members.length) * Math.log(comments.length / (df.get(key) ?? 1));
      const form = [...e.forms].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? key;
      return [form, w] as const;
    })
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 5)
    .map(([form]) => form);
}

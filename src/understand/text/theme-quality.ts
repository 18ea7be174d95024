// Precision and recall of predicted theme sets against hand tags (multi-label, per theme and micro-averaged).

/** Counts and rates of one theme. */
export interface ThemeScore {
  theme: string;
  tagged: number;
  found: number;
  truePositives: number;
  /** null when the theme was never found (precision) or never tagged (recall). */
  precision: number | null;
  recall: number | null;
}

/** Per-theme precision and recall over every theme tagged or found, their micro averages, and a table. */
export function scoreThemeTags(
  items: ReadonlyArray<{ truth: readonly string[]; predicted: readonly string[] }>,
): {
  perTheme: ThemeScore[];
  micro: { precision: number; recall: number };
  lines: string[];
} {
  const counts = new Map<string, { tagged: number; found: number; tp: number }>();
  const get = (t: string) => {
    const c = counts.get(t) ?? { tagged: 0, found: 0, tp: 0 };
    counts.set(t, c);
    return c;
  };
  for (const { truth, predicted } of items) {
    const tagged = new Set(truth);
    for (const t of tagged) get(t).tagged++;
    for (const t of new Set(predicted)) {
      const c = get(t);
      c.found++;
      if (tagged.has(t)) c.tp++;
    }
  }
  const perTheme = [...counts]
    .map(([theme, c]) => ({
      theme,
      tagged: c.tagged,
      found: c.found,
      truePositives: c.tp,
      precision: c.found > 0 ? c.tp / c.found : null,
      recall: c.tagged > 0 ? c.tp / c.tagged : null,
    }))
    .sort((a, b) => b.tagged - a.tagged || a.theme.localeCompare(b.theme));
  const tp = perTheme.reduce((s, t) => s + t.truePositives, 0);
  const found = perTheme.reduce((s, t) => s + t.found, 0);
  const tagged = perTheme.reduce((s, t) => s + t.tagged, 0);
  const micro = { precision: found > 0 ? tp / found : 0, recall: tagged > 0 ? tp / tagged : 0 };
  const pct = (x: number | null) => (x === null ? '—' : x.toFixed(2));
  const lines = [
    ...perTheme.map(
      (t) =>
        `${t.theme.padEnd(14)} ${String(t.tagged).padStart(6)} ${String(t.found).padStart(6)} ${pct(t.precision).padStart(10)} ${pct(t.recall).padStart(7)}`,
    ),
    `${'all (micro)'.padEnd(14)} ${String(tagged).padStart(6)} ${String(found).padStart(6)} ${pct(micro.precision).padStart(10)} ${pct(micro.recall).padStart(7)}`,
  ];
  return { perTheme, micro, lines };
}

// Theme impact from analysed rows and a score column of the same table.
import type { CsvTable } from './csv.js';
import { requireColumn } from './csv.js';
import { computeThemeImpact, type ImpactMetric, summariseAspect, type ThemeImpact } from './impact.js';
import type { EnrichmentResult } from './pipeline.js';

/**
 * Impact of each theme on a score column: NPS when every score is an integer in 0–10 (some above 5) and the metric is
 * not forced, else the mean. Sub-themes are included alongside their parents. Rows without a comment
 * are left out, so "without" means "commented on something else".
 */
export function impactFromResults(
  table: CsvTable,
  results: readonly EnrichmentResult[],
  scoreColumn: string,
  metric?: ImpactMetric,
): { metric: ImpactMetric; themes: ThemeImpact[] } {
  requireColumn(table, scoreColumn);
  // Only comments count: rows without text would compare commenters with silent respondents.
  const scores = table.rows.map((r, i) => {
    const v = (r[scoreColumn] ?? '').trim();
    return v === '' || results[i]?.skipped !== undefined ? Number.NaN : Number(v);
  });
  const finite = scores.filter(Number.isFinite);
  const chosen: ImpactMetric =
    metric ??
    (finite.length > 0 &&
    finite.every((s) => Number.isInteger(s) && s >= 0 && s <= 10) &&
    Math.max(...finite) > 5
      ? 'nps'
      : 'mean');
  const themes = results.map((r) => (r.themes ?? []).map((t) => t.id));
  const impact = computeThemeImpact(themes, scores, chosen);
  // Beside the score comparison, how the comments speak of each theme itself (aspect sentiment).
  for (const t of impact) {
    const aspect = summariseAspect(
      results.flatMap((r, i) =>
        Number.isFinite(scores[i])
          ? (r.themes ?? []).filter((x) => x.id === t.theme).map((x) => x.sentiment ?? Number.NaN)
          : [],
      ),
    );
    if (aspect) t.aspect = aspect;
  }
  return { metric: chosen, themes: impact };
}

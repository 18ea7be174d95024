// Comments: the themes customers write about, how many mention each, how much each moves the score (with
// its 95% interval, only significant differences highlighted) and which to fix first; verbatims of a
// theme, full-text search under the global filters, themes discovered in comments no theme matched, and
// the taxonomy editor (save a new revision, re-tag every comment with progress).
import { type FormEvent, useId, useState } from 'react';
import { type Column, NumbersTable } from '../components/numbers.js';
import { describePeriod, filterBounds } from '../filters.js';
import { formatCount, metricName } from '../format.js';
import { errorMessage, useApi } from '../query.js';
import type { CommentPage, ThemeImpact, ThemeImpactAnswer, ThemeSuggestions } from '../text-types.js';
import type { Metric } from '../types.js';
import { useFilters, useSearchParam } from '../use-filters.js';
import { TaxonomyEditor } from './text-taxonomy.js';

const METRICS: readonly Metric[] = ['nps', 'csat', 'ces', 'rating'];

/** The comments page. */
export default function TextPage() {
  const [filters] = useFilters();
  const [metricParam, setMetric] = useSearchParam('metric');
  const [q, setQ] = useSearchParam('q');
  const [themeParam, setTheme] = useSearchParam('theme');
  const [draft, setDraft] = useState(q);
  const ids = { metric: useId(), q: useId() };
  const metric = (METRICS as readonly string[]).includes(metricParam) ? (metricParam as Metric) : 'nps';
  const base = {
    ...filterBounds(filters),
    touchpoint: filters.touchpoint ?? undefined,
    survey: filters.survey ?? undefined,
    channel: filters.channel ?? undefined,
  };
  const impact = useApi<ThemeImpactAnswer>('/api/v1/text/themes/impact', { metric, ...base });
  const search = useApi<CommentPage>('/api/v1/text/search', {
    q: q || undefined,
    theme: themeParam || undefined,
    limit: 20,
    ...base,
  });
  const suggestions = useApi<ThemeSuggestions>('/api/v1/text/themes/suggestions', base);
  const themes = [...(impact.data?.themes ?? [])].sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0));
  const max = Math.max(
    1,
    ...themes.flatMap((t) => [Math.abs(t.comparison?.ci?.low ?? 0), Math.abs(t.comparison?.ci?.high ?? 0)]),
  );
  const pos = (v: number) => 50 + (v / max) * 50;
  const busy = [impact, search, suggestions].some((x) => x.isPending);
  const chosen = themes.find((t) => t.theme === themeParam);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setQ(draft.trim());
  };

  return (
    <div className="page" aria-busy={busy}>
      <div className="page-head">
        <div>
          <h1 className="page-title">Comments</h1>
          <p className="page-subtitle">
            {describePeriod(filters)} · what customers write about, and what it does to the score
          </p>
        </div>
        <div className="filter-field">
          <label htmlFor={ids.metric}>Impact on</label>
          <select id={ids.metric} value={metric} onChange={(e) => setMetric(e.target.value)}>
            {METRICS.map((m) => (
              <option key={m} value={m}>
                {metricName(m)}
              </option>
            ))}
          </select>
        </div>
      </div>

      {impact.error ? (
        <div className="banner banner-error" role="alert">
          The themes could not be loaded: {errorMessage(impact.error)}
        </div>
      ) : null}

      <section className="card" aria-labelledby="themes-title">
        <div className="card-head">
          <div>
            <h2 className="card-title" id="themes-title">
              Themes, fix first at the top
            </h2>
            <p className="card-subtitle">
              <span data-figure>{formatCount(impact.data?.comments ?? 0)}</span> comments with a{' '}
              {metricName(metric)}; each bar is the {metricName(metric)} of comments mentioning the theme
              minus the others&apos;, with its 95% interval; faded bars are not significant
              (Benjamini–Hochberg)
            </p>
          </div>
        </div>
        {impact.data && themes.length === 0 ? (
          <p className="card-empty">No themes in these comments.</p>
        ) : null}
        <ol className="bars theme-bars">
          {themes.map((t) => {
            const d = t.comparison?.difference ?? 0;
            const significant = (t.pAdjusted ?? 1) < 0.05;
            return (
              <li key={t.theme} className={significant ? 'bar-row' : 'bar-row bar-faded'}>
                <button
                  type="button"
                  className="link-button bar-label"
                  onClick={() => setTheme(t.theme === themeParam ? '' : t.theme)}
                  aria-pressed={t.theme === themeParam}
                >
                  {t.name} <span className="muted">({formatCount(t.mentions)})</span>
                </button>
                <span className="bar-track" aria-hidden="true">
                  <span
                    className={d < 0 ? 'bar-fill bar-negative' : 'bar-fill'}
                    style={{ left: `${Math.min(pos(0), pos(d))}%`, width: `${Math.abs(pos(d) - pos(0))}%` }}
                  />
                  {t.comparison?.ci ? (
                    <span
                      className="bar-ci"
                      style={{
                        left: `${pos(t.comparison.ci.low)}%`,
                        width: `${pos(t.comparison.ci.high) - pos(t.comparison.ci.low)}%`,
                      }}
                    />
                  ) : null}
                  <span className="bar-zero" style={{ left: '50%' }} />
                </span>
                <span className="bar-value">
                  {d > 0 ? '+' : ''}
                  {d.toFixed(1)}
                  {t.mentions < 30 ? ' · low n' : ''}
                </span>
              </li>
            );
          })}
        </ol>
        <NumbersTable
          caption="Theme impact"
          rows={themes}
          rowKey={(t) => t.theme}
          csvName="theme-impact.csv"
          columns={themeColumns(metric)}
        />
      </section>

      <section className="card" aria-labelledby="search-title">
        <div className="card-head">
          <div>
            <h2 className="card-title" id="search-title">
              {chosen ? `Comments on ${chosen.name}` : 'Comments'}
            </h2>
            <p className="card-subtitle">Full-text search under the filters above; newest first</p>
          </div>
          <form className="search-form" onSubmit={submit} aria-label="Search comments">
            <label htmlFor={ids.q} className="visually-hidden">
              Search comments
            </label>
            <input
              id={ids.q}
              type="search"
              value={draft}
              placeholder="Search comments"
              onChange={(e) => setDraft(e.target.value)}
              data-testid="comment-search"
            />
            <button type="submit" className="button button-small">
              Search
            </button>
            {chosen ? (
              <button type="button" className="button button-small button-ghost" onClick={() => setTheme('')}>
                All themes
              </button>
            ) : null}
          </form>
        </div>
        {search.error ? <p className="card-empty">{errorMessage(search.error)}</p> : null}
        {search.data && search.data.items.length === 0 ? (
          <p className="card-empty">No comments match.</p>
        ) : null}
        <ul className="comment-list" data-testid="comment-list">
          {(search.data?.items ?? []).map((c) => (
            <li key={c.id}>
              <p>{c.text}</p>
              <p className="muted">
                <time dateTime={c.occurredAt}>{new Date(c.occurredAt).toLocaleDateString()}</time> ·{' '}
                {c.channel}
                {c.sentiment ? (
                  <span className={`sentiment sentiment-${c.sentiment.label}`}> · {c.sentiment.label}</span>
                ) : null}
                {c.themes.length > 0 ? ` · ${c.themes.map((t) => t.name).join(', ')}` : ''}
              </p>
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="new-themes-title">
        <div className="card-head">
          <div>
            <h2 className="card-title" id="new-themes-title">
              Discovered themes
            </h2>
            <p className="card-subtitle">
              Clusters in the {formatCount(suggestions.data?.comments ?? 0)} comments no theme matched:
              candidates for the taxonomy
            </p>
          </div>
        </div>
        <ul className="suggestions">
          {(suggestions.data?.suggestions ?? []).slice(0, 6).map((s) => (
            <li key={s.label}>
              <strong>{s.label}</strong> <span className="muted">{formatCount(s.size)} comments</span>
              {s.examples[0] ? <q className="muted">{s.examples[0].text}</q> : null}
            </li>
          ))}
        </ul>
      </section>
      <TaxonomyEditor />
    </div>
  );
}

function themeColumns(metric: Metric): Column<ThemeImpact>[] {
  const f = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(1));
  return [
    { label: 'Theme', cell: (t) => t.name },
    { label: 'Comments', numeric: true, cell: (t) => formatCount(t.mentions), csv: (t) => t.mentions },
    { label: 'Share', numeric: true, cell: (t) => `${(t.share * 100).toFixed(1)}%`, csv: (t) => t.share },
    {
      label: `${metricName(metric)} with`,
      numeric: true,
      cell: (t) => f(t.scoreWith),
      csv: (t) => t.scoreWith,
    },
    {
      label: `${metricName(metric)} without`,
      numeric: true,
      cell: (t) => f(t.scoreWithout),
      csv: (t) => t.scoreWithout,
    },
    {
      label: 'Difference',
      numeric: true,
      cell: (t) => f(t.comparison?.difference),
      csv: (t) => t.comparison?.difference ?? null,
    },
    {
      label: '95% interval',
      numeric: true,
      cell: (t) => (t.comparison?.ci ? `${f(t.comparison.ci.low)} to ${f(t.comparison.ci.high)}` : '—'),
      csv: (t) => (t.comparison?.ci ? `${t.comparison.ci.low} to ${t.comparison.ci.high}` : null),
    },
    {
      label: 'Adjusted p',
      numeric: true,
      cell: (t) => (t.pAdjusted === null ? '—' : t.pAdjusted < 0.001 ? '< 0.001' : t.pAdjusted.toFixed(3)),
      csv: (t) => t.pAdjusted,
    },
    { label: 'Priority', numeric: true, cell: (t) => f(t.priority), csv: (t) => t.priority },
  ];
}

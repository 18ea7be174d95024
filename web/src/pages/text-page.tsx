// Comments: the themes customers write about, how many mention each, how much each moves the score (with
// its 95% interval, only significant differences highlighted) and which to fix first; verbatims of a
// theme, full-text search under the global filters, themes discovered in comments no theme matched, and
// the taxonomy editor (save a new revision, re-tag every comment with progress). A word search (`q` in the
// address, sent once typing pauses) narrows the themes' impact, their trend and the comments alike.
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { type Column, NumbersTable } from '../components/numbers.js';
import { describePeriod, filterBounds } from '../filters.js';
import { formatCount, metricName } from '../format.js';

import { errorMessage, useApi } from '../query.js';
import type {
  CommentPage,
  ThemeImpact,
  ThemeImpactAnswer,
  ThemeSuggestions,
  ThemeTrend,
  Verbatims,
} from '../text-types.js';
import type { Metric } from '../types.js';
import { useFilters, useSearchParam } from '../use-filters.js';
import { TaxonomyEditor } from './text-taxonomy.js';

/** The metric after "with": an NPS, a CSAT, a CES, a rating. */
const withArticle = (m: Metric): string =>
  m === 'nps' ? 'an NPS' : m === 'rating' ? 'a rating' : `a ${metricName(m)}`;

const METRICS: readonly Metric[] = ['nps', 'csat', 'ces', 'rating'];
/** How long typing must pause before the search is sent. */
const DEBOUNCE_MS = 400;
/** The longest search the API takes. */
const MAX_SEARCH = 200;
/** Comments listed. */
const LISTED = 20;
/** Periods shown in the trend. */
const TREND_PERIODS = 12;

/** The comments page. */
export default function TextPage() {
  const [filters] = useFilters();
  const [metricParam, setMetric] = useSearchParam('metric');
  const [q, setQ] = useSearchParam('q');
  const [themeParam, setTheme] = useSearchParam('theme');
  const [draft, setDraft] = useState(q);
  const ids = { metric: useId(), q: useId() };
  const words = q.trim();
  // The search this page last wrote into the address: any other change of it (back, a shared link) shows
  // in the box, while the box keeps what is being typed.
  const sent = useRef(words);
  const send = (next: string) => {
    sent.current = next;
    setQ(next);
  };
  // Typing sends the search once it pauses, not at each key.
  useEffect(() => {
    const next = draft.trim();
    if (next === sent.current) return;
    const timer = setTimeout(() => {
      sent.current = next;
      setQ(next);
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draft, setQ]);
  useEffect(() => {
    if (words === sent.current) return;
    sent.current = words;
    setDraft(words);
  }, [words]);
  const metric = (METRICS as readonly string[]).includes(metricParam) ? (metricParam as Metric) : 'nps';
  const base = {
    ...filterBounds(filters),
    touchpoint: filters.touchpoint ?? undefined,
    survey: filters.survey ?? undefined,
    channel: filters.channel ?? undefined,
  };
  const impact = useApi<ThemeImpactAnswer>('/api/v1/text/themes/impact', {
    metric,
    q: words || undefined,
    ...base,
  });
  // Every comment (newest first) from the search; a chosen theme's from its verbatims (the most telling).
  const search = useApi<CommentPage>(
    '/api/v1/text/search',
    { q: words || undefined, limit: LISTED, ...base },
    { enabled: !themeParam },
  );
  const verbatims = useApi<Verbatims>(
    `/api/v1/text/themes/${encodeURIComponent(themeParam)}/verbatims`,
    { q: words || undefined, limit: LISTED, ...base },
    { enabled: themeParam !== '' },
  );
  const listed = themeParam ? verbatims : search;
  const suggestions = useApi<ThemeSuggestions>('/api/v1/text/themes/suggestions', base);
  const themes = [...(impact.data?.themes ?? [])].sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0));
  const max = Math.max(
    1,
    ...themes.flatMap((t) => [Math.abs(t.comparison?.ci?.low ?? 0), Math.abs(t.comparison?.ci?.high ?? 0)]),
  );
  const pos = (v: number) => 50 + (v / max) * 50;
  const chosen = themes.find((t) => t.theme === themeParam);
  // The trend of the chosen theme, else of the first to fix.
  const trendTheme = chosen ?? themes[0];
  const trend = useApi<ThemeTrend>(
    '/api/v1/text/themes/trend',
    { interval: 'week', q: words || undefined, ...base },
    { enabled: impact.data !== undefined },
  );
  const trendPoints = (trend.data?.themes.find((t) => t.theme === trendTheme?.theme)?.points ?? []).slice(
    -TREND_PERIODS,
  );
  const trendMax = Math.max(1, ...trendPoints.map((p) => p.n));
  const busy = [impact, listed, suggestions].some((x) => x.isPending);
  // The answers on screen are those of the current search (not the last one kept while loading).
  const within = words ? <>within comments matching “{words}”</> : null;
  const noneMatch =
    words !== '' && impact.data !== undefined && !impact.isPlaceholderData && impact.data.comments === 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    send(draft.trim());
  };
  const clear = () => {
    setDraft('');
    send('');
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
        <form className="search-form" onSubmit={submit} aria-label="Search comments">
          <label htmlFor={ids.q} className="visually-hidden">
            Search comments
          </label>
          <input
            id={ids.q}
            type="search"
            value={draft}
            maxLength={MAX_SEARCH}
            placeholder="Search comments"
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && draft) clear();
            }}
            data-testid="comment-search"
          />
          <button type="submit" className="button button-small">
            Search
          </button>
        </form>
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

      {words ? (
        <div className="banner banner-info" data-testid="search-scope">
          <span>
            The themes, their trend and the comments below are {within}
            {impact.data && !impact.isPlaceholderData ? (
              <>
                : <span data-figure>{formatCount(impact.data.comments)}</span> of them with{' '}
                {withArticle(metric)}
              </>
            ) : null}
          </span>
          <button type="button" className="button button-small button-ghost" onClick={clear}>
            Clear search
          </button>
        </div>
      ) : null}

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
              <span data-figure>{formatCount(impact.data?.comments ?? 0)}</span> comments{' '}
              {words ? <>matching “{words}” </> : null}with {withArticle(metric)}; each bar is the{' '}
              {metricName(metric)} of comments mentioning the theme minus the others&apos;, with its 95%
              interval; faded bars are not significant (Benjamini–Hochberg)
            </p>
          </div>
        </div>
        {noneMatch ? (
          <p className="card-empty" data-testid="themes-empty">
            No comments with {withArticle(metric)} match “{words}” under these filters, so there is no impact
            to show. Try other words or{' '}
            <button type="button" className="link-button" onClick={clear}>
              clear the search
            </button>
            .
          </p>
        ) : impact.data && themes.length === 0 ? (
          <p className="card-empty">No themes in these comments.</p>
        ) : null}
        {themes.length > 0 ? (
          <ol className="bars theme-bars" data-testid="theme-bars">
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
        ) : null}
        {themes.length > 0 ? (
          <NumbersTable
            caption={words ? `Theme impact within comments matching “${words}”` : 'Theme impact'}
            rows={themes}
            rowKey={(t) => t.theme}
            csvName="theme-impact.csv"
            columns={themeColumns(metric)}
          />
        ) : null}
      </section>

      {trendTheme ? (
        <section className="card" aria-labelledby="trend-title">
          <div className="card-head">
            <div>
              <h2 className="card-title" id="trend-title">
                {trendTheme.name}, comments per week
              </h2>
              <p className="card-subtitle">
                The last {TREND_PERIODS} weeks{within ? <> {within}</> : null}; choose a theme above to see
                its own
              </p>
            </div>
          </div>
          {trend.error ? <p className="card-empty">{errorMessage(trend.error)}</p> : null}
          {trend.data && trendPoints.length === 0 ? (
            <p className="card-empty">No comments on this theme in these weeks.</p>
          ) : null}
          <ol className="bars" data-testid="theme-trend">
            {trendPoints.map((p) => (
              <li key={p.period} className="bar-row">
                <span className="bar-label">
                  <time dateTime={p.period}>
                    {new Date(p.period).toLocaleDateString(undefined, { timeZone: 'UTC' })}
                  </time>
                </span>
                <span className="bar-track" aria-hidden="true">
                  <span className="bar-fill" style={{ width: `${(p.n / trendMax) * 100}%` }} />
                </span>
                <span className="bar-value">
                  {formatCount(p.n)} · {(p.share * 100).toFixed(0)}%
                </span>
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      <section className="card" aria-labelledby="search-title">
        <div className="card-head">
          <div>
            <h2 className="card-title" id="search-title">
              {themeParam ? `Comments on ${chosen?.name ?? themeParam}` : 'Comments'}
            </h2>
            <p className="card-subtitle">
              {words ? <>Comments matching “{words}”</> : 'Every comment'} under the filters above;{' '}
              {themeParam
                ? 'the most telling of the newest mentions (40–400 characters, most mentions, strongest sentiment)'
                : 'newest first'}
            </p>
          </div>
          {themeParam ? (
            <button type="button" className="button button-small button-ghost" onClick={() => setTheme('')}>
              All themes
            </button>
          ) : null}
        </div>
        {listed.error ? <p className="card-empty">{errorMessage(listed.error)}</p> : null}
        {listed.data && listed.data.items.length === 0 ? (
          <p className="card-empty">{words ? <>No comments match “{words}”.</> : 'No comments.'}</p>
        ) : null}
        <ul className="comment-list" data-testid="comment-list">
          {(listed.data?.items ?? []).map((c) => (
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

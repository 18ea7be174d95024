// The organisation overview: headline scores, their monthly trend, and scores by touchpoint.
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { AppHeader } from '../components/app-header.js';
import { BackgroundWork } from '../components/background-work.js';
import { KpiCard } from '../components/kpi-card.js';
import { LiveFeed } from '../components/live-feed.js';
import { SegmentedControl } from '../components/segmented-control.js';
import { TouchpointTable } from '../components/touchpoint-table.js';
import { DEFAULT_RANGE, isRangeKey, RANGES, type RangeKey } from '../range.js';
import type { Session } from '../types.js';
import { METRICS, useOverview } from '../use-overview.js';

// ECharts is most of the bundle: it loads beside the data instead of before the login page.
const TrendCard = lazy(() => import('../components/trend-card.js'));

interface Props {
  session: Session;
  onSignOut: () => void;
  onSessionExpired: () => void;
}

function initialRange(): RangeKey {
  const value = new URLSearchParams(window.location.search).get('range');
  return isRangeKey(value) ? value : DEFAULT_RANGE;
}

/** The overview page of the signed-in organisation. */
export function OverviewPage({ session, onSignOut, onSessionExpired }: Props) {
  const [range, setRange] = useState<RangeKey>(initialRange);
  const { data, loading, error, reload } = useOverview(range, onSessionExpired);

  // The range lives in the address so that a view can be shared and survives a reload.
  useEffect(() => {
    const url = new URL(window.location.href);
    if (range === DEFAULT_RANGE) url.searchParams.delete('range');
    else url.searchParams.set('range', range);
    window.history.replaceState(null, '', url);
  }, [range]);

  const changeRange = useCallback((key: RangeKey) => setRange(key), []);
  const rangeLabel = RANGES.find((r) => r.key === range)?.description ?? '';

  return (
    <div className="shell">
      <AppHeader session={session} onSignOut={onSignOut} current="overview" />
      <main className="page" id="main" aria-busy={loading}>
        <div className="page-head">
          <div>
            <h1 className="page-title">Overview</h1>
            <p className="page-subtitle">
              {session.organisation.name} · {rangeLabel}
              {loading && data ? <span className="updating"> · Updating…</span> : null}
            </p>
          </div>
          <SegmentedControl
            label="Date range"
            name="range"
            value={range}
            options={RANGES.map((r) => ({ value: r.key, label: r.label }))}
            onChange={changeRange}
          />
        </div>

        {error ? (
          <div className="banner banner-error" role="alert">
            <span>The overview could not be loaded: {error}</span>
            <button type="button" className="button button-small" onClick={reload}>
              Try again
            </button>
          </div>
        ) : null}

        <section className="kpis" aria-label="Headline scores">
          {METRICS.map((metric) => (
            <KpiCard key={metric} metric={metric} score={data?.overall[metric].overall ?? null} />
          ))}
        </section>

        <Suspense fallback={<div className="card trend-card skeleton-card" aria-hidden="true" />}>
          <TrendCard trend={data?.trend ?? null} interval={data?.trendInterval ?? 'month'} />
        </Suspense>

        <TouchpointTable
          byTouchpoint={data?.byTouchpoint ?? null}
          journeys={data?.journeys ?? []}
          touchpoints={data?.touchpoints ?? []}
        />

        <LiveFeed touchpoints={data?.touchpoints ?? []} />

        <BackgroundWork onSessionExpired={onSessionExpired} />

        <p className="footnote">
          Intervals are 95% confidence intervals: adjusted Wald for NPS, Wilson for CSAT (share of 4 and 5
          ratings), t for the CES mean (1 to 7, higher is easier). Scores marked low n rest on too few
          responses to read much into.
        </p>
      </main>
    </div>
  );
}

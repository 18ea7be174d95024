// The organisation overview: headline scores, their trend, and scores by touchpoint, for the global filters.
import { lazy, Suspense } from 'react';
import { BackgroundWork } from '../components/background-work.js';
import { KpiCard } from '../components/kpi-card.js';
import { LiveFeed } from '../components/live-feed.js';
import { Onboarding } from '../components/onboarding.js';
import { TouchpointTable } from '../components/touchpoint-table.js';
import { describePeriod } from '../filters.js';
import { errorMessage } from '../query.js';
import { useSession } from '../session.js';
import { useCatalogue } from '../use-catalogue.js';
import { useFilters } from '../use-filters.js';
import { METRICS, useOverview } from '../use-overview.js';

// ECharts is most of the bundle: it loads beside the data instead of before the login page.
const TrendCard = lazy(() => import('../components/trend-card.js'));

/** The overview page of the signed-in organisation. */
export default function OverviewPage() {
  const session = useSession();
  const [filters] = useFilters();
  const { trend, trendInterval, byTouchpoint, loading, error, reload } = useOverview(filters);
  const catalogue = useCatalogue();
  const rating = byTouchpoint?.rating.overall ?? null;
  const empty = !catalogue.loading && catalogue.journeys.length === 0 && catalogue.surveys.length === 0;

  return (
    <div className="page" aria-busy={loading}>
      <div className="page-head">
        <div>
          <h1 className="page-title">Overview</h1>
          <p className="page-subtitle">
            {session.organisation.name} · {describePeriod(filters)}
            {loading && trend ? <span className="updating"> · Updating…</span> : null}
          </p>
        </div>
      </div>

      {empty && !session.share ? <Onboarding /> : null}

      {error ? (
        <div className="banner banner-error" role="alert">
          <span>The overview could not be loaded: {errorMessage(error)}</span>
          <button type="button" className="button button-small" onClick={reload}>
            Try again
          </button>
        </div>
      ) : null}

      <section className="kpis" aria-label="Headline scores">
        {METRICS.map((metric) => (
          <KpiCard key={metric} metric={metric} score={trend?.[metric].overall ?? null} />
        ))}
        {rating && rating.n > 0 ? <KpiCard metric="rating" score={rating} /> : null}
      </section>

      <Suspense fallback={<div className="card trend-card skeleton-card" aria-hidden="true" />}>
        <TrendCard trend={trend} interval={trendInterval} />
      </Suspense>

      <TouchpointTable
        byTouchpoint={byTouchpoint}
        journeys={catalogue.journeys}
        touchpoints={catalogue.touchpoints}
      />

      {/* A shared, read-only view reads figures only: no raw feedback stream, no jobs. */}
      {session.share ? null : <LiveFeed touchpoints={catalogue.touchpoints} />}

      {session.share ? null : <BackgroundWork />}

      <p className="footnote">
        Intervals are 95% confidence intervals: adjusted Wald for NPS, Wilson for CSAT (share of 4 and 5
        ratings), t for the CES mean (1 to 7, higher is easier) and for ratings (mean in percent of each
        answer's scale). Scores marked low n rest on too few responses to read much into. The latest period of
        a trend is still running: it is marked "to date".
      </p>
    </div>
  );
}

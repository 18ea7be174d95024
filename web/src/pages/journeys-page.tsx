// Journey map: each journey's stages left to right, the touchpoints of each stage with their score, 95%
// interval, number of responses, a sparkline of the trend and a flag where the score moved significantly
// (Benjamini–Hochberg, as the API tests) against the previous period. A touchpoint opens its own view.
import type { CSSProperties } from 'react';
import { Link } from '../components/link.js';
import { type Column, NumbersTable } from '../components/numbers.js';
import { Sparkline } from '../components/sparkline.js';
import { TouchpointDetail } from '../components/touchpoint-detail.js';
import { describePeriod, filterInterval, scoreFilterParams, writeFilters } from '../filters.js';
import {
  formatCount,
  formatInterval,
  formatMargin,
  formatScoreWithUnit,
  metricName,
  scoreUnit,
} from '../format.js';
import { errorMessage, useApiMany } from '../query.js';
import { byGroup, type MoversAnswer, moversPeriod, seriesByGroup } from '../scores.js';
import type { Bucket, Metric, ScoreSummary, Touchpoint } from '../types.js';
import { useCatalogue } from '../use-catalogue.js';
import { useFilters } from '../use-filters.js';
import { JourneyForm } from './journey-form.js';

const MAP_METRICS: readonly Metric[] = ['nps', 'csat', 'ces', 'rating'];

interface Cell {
  touchpoint: Touchpoint;
  metric: Metric | null;
  score: Bucket | null;
  series: Bucket[];
  move: { difference: number; up: boolean } | null;
  /** Responses over every metric (a response with NPS and CSAT counts once per metric). */
  volume: number;
}

/** The journeys page. */
export default function JourneysPage() {
  const [filters] = useFilters();
  const catalogue = useCatalogue();
  // Without the touchpoint: the map always shows every touchpoint; a chosen one opens its view.
  const params = scoreFilterParams({ ...filters, touchpoint: null });
  const interval = filterInterval(filters);
  const period = moversPeriod(filters);
  const current = useApiMany<ScoreSummary>(
    MAP_METRICS.map((metric) => ({
      path: '/api/v1/scores',
      params: { metric, groupBy: 'touchpoint', ...params },
    })),
  );
  const trend = useApiMany<ScoreSummary>(
    MAP_METRICS.map((metric) => ({
      path: '/api/v1/scores',
      params: { metric, groupBy: 'touchpoint', interval, ...params },
    })),
  );
  const movers = useApiMany<MoversAnswer>(
    MAP_METRICS.map((metric) => ({
      path: '/api/v1/analytics/movers',
      params: {
        metric,
        by: 'touchpoint',
        from: period.from,
        to: period.to,
        limit: 50,
        journey: filters.journey ?? undefined,
        survey: filters.survey ?? undefined,
        channel: filters.channel ?? undefined,
      },
    })),
  );
  const queries = [...current, ...trend, ...movers];
  const loading = queries.some((q) => q.isPending) || catalogue.loading;
  const error = queries.find((q) => q.error)?.error;

  const cells = new Map<string, Cell>();
  if (!loading) {
    const scores = MAP_METRICS.map((_, i) => byGroup(current[i]?.data));
    const series = MAP_METRICS.map((_, i) => seriesByGroup(trend[i]?.data));
    const moves = MAP_METRICS.map(
      (_, i) =>
        new Map(
          (movers[i]?.data?.movers ?? []).flatMap((m) =>
            m.significant && m.group && m.difference !== null ? [[m.group.id, m.difference] as const] : [],
          ),
        ),
    );
    for (const tp of catalogue.touchpoints) {
      // The touchpoint's own metric: the one most of its responses carry.
      let best = -1;
      let volume = 0;
      MAP_METRICS.forEach((_, i) => {
        const n = scores[i]?.get(tp.id)?.n ?? 0;
        volume += n;
        if (n > 0 && (best < 0 || n > (scores[best]?.get(tp.id)?.n ?? 0))) best = i;
      });
      const metric = best >= 0 ? (MAP_METRICS[best] ?? null) : null;
      const move = best >= 0 ? moves[best]?.get(tp.id) : undefined;
      cells.set(tp.id, {
        touchpoint: tp,
        metric,
        score: best >= 0 ? (scores[best]?.get(tp.id) ?? null) : null,
        series: best >= 0 ? (series[best]?.get(tp.id) ?? []) : [],
        move: move !== undefined ? { difference: move, up: move > 0 } : null,
        volume,
      });
    }
  }

  const journeys = catalogue.journeys.filter((j) => !filters.journey || j.id === filters.journey);
  const chosen = filters.touchpoint
    ? catalogue.touchpoints.find((tp) => tp.id === filters.touchpoint)
    : undefined;

  return (
    <div className="page" aria-busy={loading}>
      <div className="page-head">
        <div>
          <h1 className="page-title">Journeys</h1>
          <p className="page-subtitle">
            {describePeriod(filters)} · each touchpoint&apos;s main score with its 95% interval; arrows mark
            significant moves against the previous period
          </p>
        </div>
      </div>

      {error ? (
        <div className="banner banner-error" role="alert">
          The journey map could not be loaded: {errorMessage(error)}
        </div>
      ) : null}

      {chosen ? <TouchpointDetail touchpoint={chosen} /> : null}

      {loading ? (
        <div className="card skeleton-card" aria-hidden="true" />
      ) : journeys.length === 0 ? (
        <p className="empty card">
          No journeys yet. A journey names the stages customers go through; create one below.
        </p>
      ) : (
        journeys.map((journey) => {
          const stages = [...journey.stages].sort((a, b) => a.position - b.position);
          const rows = catalogue.touchpoints
            .filter((tp) => tp.journeyId === journey.id)
            .map((tp) => cells.get(tp.id))
            .filter((c): c is Cell => !!c);
          return (
            <section key={journey.id} className="card journey" aria-labelledby={`journey-${journey.id}`}>
              <div className="card-head">
                <div>
                  <h2 className="card-title" id={`journey-${journey.id}`}>
                    {journey.name}
                  </h2>
                  <p className="card-subtitle">
                    {stages.length} stages · {rows.length} touchpoints ·{' '}
                    <span data-figure>{formatCount(rows.reduce((sum, c) => sum + c.volume, 0))}</span> scores
                  </p>
                </div>
              </div>
              <ol className="journey-stages" style={{ '--stages': stages.length } as CSSProperties}>
                {stages.map((stage) => (
                  <li key={stage.id} className="journey-stage">
                    <h3 className="journey-stage-name">{stage.name}</h3>
                    <ul className="journey-touchpoints">
                      {rows
                        .filter((c) => c.touchpoint.stageId === stage.id)
                        .map((cell) => (
                          <li key={cell.touchpoint.id}>
                            <TouchpointCard cell={cell} />
                          </li>
                        ))}
                    </ul>
                  </li>
                ))}
              </ol>
              <NumbersTable
                caption={`${journey.name}: touchpoint scores`}
                rows={rows}
                rowKey={(c) => c.touchpoint.id}
                csvName={`journey-${journey.name.toLowerCase().replace(/\W+/g, '-')}.csv`}
                columns={numberColumns(stages)}
              />
            </section>
          );
        })
      )}
      {loading ? null : (
        <section className="card" aria-labelledby="new-journey-title">
          <div className="card-head">
            <h2 className="card-title" id="new-journey-title">
              New journey
            </h2>
          </div>
          <JourneyForm />
        </section>
      )}
      <p className="footnote">
        Each touchpoint shows the score most of its responses carry. Intervals are 95% confidence intervals;
        low n marks fewer responses than the minimum the organisation set. Movers compare{' '}
        {describePeriod(filters).toLowerCase()} with the period of the same length before it; only differences
        significant after Benjamini–Hochberg are flagged.
      </p>
    </div>
  );
}

function numberColumns(stages: { id: string; name: string }[]): Column<Cell>[] {
  const stageName = new Map(stages.map((s) => [s.id, s.name]));
  return [
    { label: 'Touchpoint', cell: (c) => c.touchpoint.name },
    { label: 'Stage', cell: (c) => stageName.get(c.touchpoint.stageId ?? '') ?? '—' },
    { label: 'Metric', cell: (c) => (c.metric ? metricName(c.metric) : '—') },
    {
      label: 'Score',
      numeric: true,
      cell: (c) => (c.metric ? formatScoreWithUnit(c.metric, c.score?.score) : '—'),
      csv: (c) => c.score?.score ?? null,
    },
    {
      label: '95% interval',
      numeric: true,
      cell: (c) =>
        c.metric && c.score?.ci ? formatInterval(c.metric, c.score.ci).replace(/^\S+ CI /, '') : '—',
      csv: (c) => (c.score?.ci ? `${c.score.ci.low} to ${c.score.ci.high}` : null),
    },
    {
      label: 'Responses',
      numeric: true,
      cell: (c) => `${formatCount(c.score?.n ?? 0)}${c.score?.lowN ? ' (low n)' : ''}`,
      csv: (c) => c.score?.n ?? 0,
    },
    {
      label: 'Significant move',
      numeric: true,
      cell: (c) => (c.move && c.metric ? signed(c.move.difference, c.metric) : 'None'),
      csv: (c) => c.move?.difference ?? null,
    },
  ];
}

function signed(value: number, metric: Metric): string {
  const text = value.toFixed(metric === 'ces' ? 2 : 1);
  return `${value > 0 ? '+' : ''}${text}${scoreUnit(metric) ? ' points' : ''}`;
}

function TouchpointCard({ cell }: { cell: Cell }) {
  const [filters] = useFilters();
  const { touchpoint, metric, score, series, move } = cell;
  const href = `/journeys${writeFilters({ ...filters, touchpoint: touchpoint.id })}`;
  return (
    <Link
      href={href}
      className={score?.lowN ? 'tp-card tp-card-low' : 'tp-card'}
      data-testid="journey-touchpoint"
    >
      <span className="tp-card-name">{touchpoint.name}</span>
      {metric && score ? (
        <>
          <span className="tp-card-score">
            <span className="tp-card-metric">{metricName(metric)}</span>{' '}
            <strong data-figure>{formatScoreWithUnit(metric, score.score)}</strong>{' '}
            <span className="tp-card-margin">{formatMargin(metric, score.ci)}</span>
            <span className="visually-hidden"> ({formatInterval(metric, score.ci)})</span>
            {move ? (
              <span className={move.up ? 'mover mover-up' : 'mover mover-down'} title="Significant move">
                <span aria-hidden="true">{move.up ? '▲' : '▼'}</span>
                <span className="visually-hidden">Significant move: </span> {signed(move.difference, metric)}
              </span>
            ) : null}
          </span>
          <span className="tp-card-meta">
            n = {formatCount(score.n)}
            {score.lowN ? <span className="badge badge-warn">Low n</span> : null}
          </span>
          <Sparkline buckets={series} />
        </>
      ) : (
        <span className="tp-card-meta">No responses in this period</span>
      )}
    </Link>
  );
}

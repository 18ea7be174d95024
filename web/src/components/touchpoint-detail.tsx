// One touchpoint in depth: its scores on every metric it is measured by, the themes of its comments that
// move its score most, and its latest comments; links to its responses.
import { scoreFilterParams, writeFilters } from '../filters.js';
import { formatCount, formatInterval, formatScoreWithUnit, metricName } from '../format.js';
import { useApi, useApiMany } from '../query.js';
import type { ThemeImpactAnswer } from '../text-types.js';
import type { FeedbackItem, Metric, ScoreSummary, Touchpoint } from '../types.js';
import { useFilters } from '../use-filters.js';
import { Link } from './link.js';

const METRICS: readonly Metric[] = ['nps', 'csat', 'ces', 'rating'];

/** The detail card of a touchpoint. */
export function TouchpointDetail({ touchpoint }: { touchpoint: Touchpoint }) {
  const [filters] = useFilters();
  const params = scoreFilterParams({ ...filters, touchpoint: touchpoint.id });
  const scores = useApiMany<ScoreSummary>(
    METRICS.map((metric) => ({ path: '/api/v1/scores', params: { metric, ...params } })),
  );
  const measured = METRICS.map((metric, i) => ({ metric, score: scores[i]?.data?.overall })).filter(
    (m) => (m.score?.n ?? 0) > 0,
  );
  const main = [...measured].sort((a, b) => (b.score?.n ?? 0) - (a.score?.n ?? 0))[0]?.metric;
  const impact = useApi<ThemeImpactAnswer>(
    '/api/v1/text/themes/impact',
    { metric: main, touchpoint: touchpoint.id, from: params.from, to: params.to },
    { enabled: !!main },
  );
  const comments = useApi<{ items: FeedbackItem[] }>('/api/v1/feedback', {
    touchpoint: touchpoint.id,
    hasText: 'true',
    limit: 5,
    from: params.from,
    to: params.to,
  });
  const close = `/journeys${writeFilters({ ...filters, touchpoint: null })}`;
  const themes = (impact.data?.themes ?? []).filter((t) => t.comparison).slice(0, 5);

  return (
    <section className="card tp-detail" aria-labelledby="tp-detail-title" data-testid="touchpoint-detail">
      <div className="card-head">
        <div>
          <h2 className="card-title" id="tp-detail-title">
            {touchpoint.name}
          </h2>
          <p className="card-subtitle">
            {touchpoint.channel ?? 'No channel'} · the touchpoint in the chosen period
          </p>
        </div>
        <Link href={close} className="button button-small button-ghost">
          Back to the map
        </Link>
      </div>
      <div className="tp-detail-body">
        <dl className="tp-detail-scores">
          {measured.length === 0 ? <p className="empty">No scores in this period.</p> : null}
          {measured.map(({ metric, score }) => (
            <div key={metric}>
              <dt>{metricName(metric)}</dt>
              <dd>
                <strong data-figure>{formatScoreWithUnit(metric, score?.score)}</strong>
                <span className="muted">
                  {' '}
                  {formatInterval(metric, score?.ci)} · n = {formatCount(score?.n ?? 0)}
                  {score?.lowN ? ' · low n' : ''}
                </span>
              </dd>
            </div>
          ))}
        </dl>
        <div>
          <h3 className="subhead">Themes that move its {main ? metricName(main) : 'score'}</h3>
          {themes.length === 0 ? (
            <p className="muted">No themes with enough comments.</p>
          ) : (
            <ul className="plain-list">
              {themes.map((t) => (
                <li key={t.theme}>
                  {t.name}: {formatCount(t.mentions)} comments,{' '}
                  {t.comparison && main && t.comparison.difference !== null
                    ? `${t.comparison.difference > 0 ? '+' : ''}${t.comparison.difference.toFixed(1)} (${formatInterval(main, t.comparison.ci)})`
                    : ''}
                  {t.pAdjusted !== null && t.pAdjusted < 0.05 ? '' : ' · not significant'}
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h3 className="subhead">Latest comments</h3>
          <ul className="plain-list verbatims">
            {(comments.data?.items ?? []).map((c) => (
              <li key={c.id}>
                <q>{c.text}</q>{' '}
                <span className="muted">
                  <time dateTime={c.occurredAt}>{new Date(c.occurredAt).toLocaleDateString()}</time>
                </span>
              </li>
            ))}
          </ul>
          <Link href={`/responses${writeFilters({ ...filters, touchpoint: touchpoint.id })}`}>
            All its responses
          </Link>
        </div>
      </div>
    </section>
  );
}

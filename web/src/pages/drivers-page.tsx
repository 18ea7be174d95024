// Key drivers: which touchpoints (or which ratings of a survey) explain an outcome, as relative importance
// (exact Shapley/LMG share of R², with the sign of the effect) and on the importance–performance map,
// quadrants labelled. The API computes; this page draws and lists the same numbers.
import { useId } from 'react';
import type * as api from '../../../src/shared/api/index.js';
import { IpMap, type IpPoint } from '../components/ip-map.js';
import { type Column, NumbersTable } from '../components/numbers.js';
import { describePeriod, filterBounds } from '../filters.js';
import { formatCount } from '../format.js';
import { errorMessage, useApi } from '../query.js';
import type { SurveySummary } from '../types.js';
import { useCatalogue } from '../use-catalogue.js';
import { useFilters, useSearchParam } from '../use-filters.js';

type DriversAnswer = api.KeyDrivers;
type Driver = DriversAnswer['drivers'][number];

const NUMERIC = new Set(['nps', 'csat', 'ces', 'rating', 'number', 'scale', 'matrix']);
const MIN_N = 30;

function numericQuestions(survey: SurveySummary | undefined) {
  return (survey?.definition.questions ?? []).filter((q) => NUMERIC.has(q.type));
}

function defaultOutcomeSurvey(surveys: SurveySummary[]): SurveySummary | undefined {
  const withNps = surveys.filter((s) => s.definition.questions.some((q) => q.type === 'nps'));
  return withNps.find((s) => /relationship/i.test(s.name)) ?? withNps[0] ?? surveys[0];
}

/** The key drivers page. */
export default function DriversPage() {
  const [filters] = useFilters();
  const { surveys, loading: catalogueLoading } = useCatalogue();
  const [mode, setMode] = useSearchParam('mode');
  const [surveyParam, setSurvey] = useSearchParam('of');
  const [outcomeParam, setOutcome] = useSearchParam('outcome');
  const [metricParam, setMetric] = useSearchParam('metric');
  const ids = { mode: useId(), survey: useId(), outcome: useId(), metric: useId() };
  const byItems = mode === 'survey';
  const metric = ['nps', 'csat', 'ces', 'rating'].includes(metricParam) ? metricParam : 'csat';

  const candidates = byItems
    ? surveys.filter((s) => numericQuestions(s).length >= 2)
    : surveys.filter((s) => numericQuestions(s).length > 0);
  const survey =
    candidates.find((s) => s.id === surveyParam) ??
    (byItems ? candidates[0] : defaultOutcomeSurvey(candidates));
  const items = numericQuestions(survey);
  const outcome = byItems ? (items.find((q) => q.id === outcomeParam)?.id ?? items[0]?.id) : undefined;
  const bounds = filterBounds(filters);
  const params = byItems
    ? { source: 'survey', survey: survey?.id, outcome, ...bounds, channel: filters.channel ?? undefined }
    : {
        source: 'touchpoints',
        outcome: survey ? `survey:${survey.id}` : undefined,
        metric,
        ...bounds,
        journey: filters.journey ?? undefined,
      };
  const answer = useApi<DriversAnswer>('/api/v1/analytics/drivers', params, {
    enabled: !!survey && (!byItems || !!outcome),
  });
  const data = answer.data;
  const drivers = [...(data?.drivers ?? [])].sort((a, b) => (b.share ?? 0) - (a.share ?? 0));
  const loading = catalogueLoading || (answer.isPending && answer.fetchStatus !== 'idle');

  const points: IpPoint[] = drivers.flatMap((d) =>
    d.performance === null
      ? []
      : [
          {
            id: d.id,
            label: d.label,
            x: d.performance,
            y: (d.share ?? 0) * 100,
            lowN: d.n < MIN_N,
          },
        ],
  );

  return (
    <div className="page" aria-busy={loading}>
      <div className="page-head">
        <div>
          <h1 className="page-title">Key drivers</h1>
          <p className="page-subtitle">
            {describePeriod(filters)} · what moves the outcome, and where to act first
          </p>
        </div>
      </div>

      <div className="local-filters">
        <div className="filter-field">
          <label htmlFor={ids.mode}>Drivers</label>
          <select
            id={ids.mode}
            value={byItems ? 'survey' : 'touchpoints'}
            onChange={(e) => setMode(e.target.value === 'survey' ? 'survey' : '')}
          >
            <option value="touchpoints">Touchpoints, for a relationship score</option>
            <option value="survey">Questions of one survey</option>
          </select>
        </div>
        <div className="filter-field">
          <label htmlFor={ids.survey}>{byItems ? 'Survey' : 'Outcome: mean NPS in'}</label>
          <select id={ids.survey} value={survey?.id ?? ''} onChange={(e) => setSurvey(e.target.value)}>
            {candidates.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        {byItems ? (
          <div className="filter-field">
            <label htmlFor={ids.outcome}>Outcome question</label>
            <select id={ids.outcome} value={outcome ?? ''} onChange={(e) => setOutcome(e.target.value)}>
              {items.map((q) => (
                <option key={q.id} value={q.id}>
                  {q.id} ({q.type})
                </option>
              ))}
            </select>
          </div>
        ) : (
          <div className="filter-field">
            <label htmlFor={ids.metric}>Touchpoint score</label>
            <select id={ids.metric} value={metric} onChange={(e) => setMetric(e.target.value)}>
              <option value="csat">CSAT</option>
              <option value="ces">CES</option>
              <option value="nps">NPS</option>
              <option value="rating">Rating</option>
            </select>
          </div>
        )}
      </div>

      {answer.error ? (
        <div className="banner banner-error" role="alert">
          The drivers could not be computed: {errorMessage(answer.error)}
        </div>
      ) : null}

      {!survey && !catalogueLoading ? (
        <p className="empty card">No survey with ratings yet: key drivers need one.</p>
      ) : null}

      {data ? (
        <>
          <p className="summary-line">
            <span data-figure>{formatCount(data.n)}</span>{' '}
            {data.source === 'touchpoints' ? 'contacts' : 'responses'} · the drivers explain{' '}
            <strong data-figure>{((data.r2 ?? 0) * 100).toFixed(1)}%</strong> of the variance (R²) of{' '}
            <q>{data.outcome.label}</q>
          </p>
          <section className="card" aria-labelledby="importance-title">
            <div className="card-head">
              <div>
                <h2 className="card-title" id="importance-title">
                  Relative importance
                </h2>
                <p className="card-subtitle">
                  Share of the explained variance (Shapley/LMG); the sign says whether more of it raises or
                  lowers the outcome
                </p>
              </div>
            </div>
            <ol className="bars" aria-hidden="true">
              {drivers.map((d) => (
                <li key={d.id} className="bar-row">
                  <span className="bar-label" title={d.label}>
                    {d.label}
                  </span>
                  <span className="bar-track">
                    <span
                      className={d.sign < 0 ? 'bar-fill bar-negative' : 'bar-fill'}
                      style={{ width: `${Math.max(1, (d.share ?? 0) * 100)}%` }}
                    />
                  </span>
                  <span className="bar-value">
                    {d.sign < 0 ? '−' : '+'} {((d.share ?? 0) * 100).toFixed(1)}%
                    {d.n < MIN_N ? ' · low n' : ''}
                  </span>
                </li>
              ))}
            </ol>
            <NumbersTable
              caption="Relative importance of each driver"
              rows={drivers}
              rowKey={(d) => d.id}
              csvName="key-drivers.csv"
              columns={COLUMNS}
            />
          </section>
          <section className="card" aria-labelledby="ipm-title">
            <div className="card-head">
              <div>
                <h2 className="card-title" id="ipm-title">
                  Importance–performance map
                </h2>
                <p className="card-subtitle">
                  Importance (share of R²) against performance (mean in percent of the scale); crosshairs at
                  the means
                </p>
              </div>
            </div>
            <IpMap
              points={points}
              xCross={data.map.performanceCrosshair ?? 0}
              yCross={data.map.importanceCrosshair ?? 0}
              xLabel="Performance (% of scale)"
              yLabel="Importance (% of R²)"
            />
          </section>
        </>
      ) : loading ? (
        <div className="card skeleton-card" aria-hidden="true" />
      ) : null}

      <p className="footnote">
        Importance is the exact Shapley value (LMG) of each driver in a linear model of the outcome, as a
        share of R²; the sign is that of its coefficient in the full model. The API gives no interval for
        importance; drivers resting on fewer than {MIN_N} responses are marked low n and drawn hollow.
      </p>
    </div>
  );
}

const COLUMNS: Column<Driver>[] = [
  { label: 'Driver', cell: (d) => d.label },
  {
    label: 'Share of R²',
    numeric: true,
    cell: (d) => `${((d.share ?? 0) * 100).toFixed(1)}%`,
    csv: (d) => d.share ?? 0,
  },
  { label: 'Sign', numeric: true, cell: (d) => (d.sign < 0 ? 'negative' : 'positive'), csv: (d) => d.sign },
  {
    label: 'Correlation',
    numeric: true,
    cell: (d) => (d.correlation === null ? '—' : d.correlation.toFixed(2)),
    csv: (d) => d.correlation,
  },
  {
    label: 'Performance',
    numeric: true,
    cell: (d) => (d.performance === null ? '—' : `${d.performance.toFixed(1)}%`),
    csv: (d) => d.performance,
  },
  {
    label: 'n',
    numeric: true,
    cell: (d) => `${formatCount(d.n)}${d.n < MIN_N ? ' (low n)' : ''}`,
    csv: (d) => d.n,
  },
  { label: 'Quadrant', cell: (d) => d.quadrant },
];

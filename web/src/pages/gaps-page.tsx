// Gaps: what customers expected against what they experienced (SERVQUAL-style, per attribute and
// dimension), stated importance against performance, and the delivery gap: what the company believes
// customers think (mirror surveys answered by staff) against what customers say.
import { useId } from 'react';
import type * as api from '../../../src/shared/api/index.js';
import { IpMap } from '../components/ip-map.js';
import { type Column, NumbersTable } from '../components/numbers.js';
import { describePeriod, filterBounds } from '../filters.js';
import { formatCount } from '../format.js';
import { errorMessage, useApi } from '../query.js';
import type { Interval, SurveySummary } from '../types.js';
import { useCatalogue } from '../use-catalogue.js';
import { useFilters, useSearchParam } from '../use-filters.js';
import { MirrorForm } from './gaps-mirror.js';

type Summary = api.MeanSummary;
type ExpectationGap = api.ExpectationGapResult;
type Ipa = api.ImportancePerformance;
type DeliveryGap = api.DeliveryGapResult;

const hasType = (s: SurveySummary, type: string) => s.definition.questions.some((q) => q.type === type);
const f1 = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined ? '—' : v.toFixed(digits);
const signed = (v: number | null | undefined, digits = 2) =>
  v === null || v === undefined ? '—' : `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v).toFixed(digits)}`;
const ciText = (ci: Interval | null | undefined, digits = 2) =>
  ci ? `${signed(ci.low, digits)} to ${signed(ci.high, digits)}` : '—';

/** The gaps page. */
export default function GapsPage() {
  const [filters] = useFilters();
  const { surveys, loading } = useCatalogue();
  const [epParam, setEp] = useSearchParam('servqual');
  const [dgParam, setDg] = useSearchParam('delivery');
  const ids = { ep: useId(), dg: useId() };
  const bounds = filterBounds(filters);

  const epSurveys = surveys.filter((s) => hasType(s, 'expectation_perception'));
  const ep = epSurveys.find((s) => s.id === epParam) ?? epSurveys[0];
  const mirrored = surveys.filter((s) => surveys.some((m) => m.mirrorOf === s.id));
  const dg = mirrored.find((s) => s.id === dgParam) ?? mirrored[0];

  const delivery = useApi<DeliveryGap>(
    '/api/v1/analytics/delivery-gap',
    { survey: dg?.id, ...bounds },
    { enabled: !!dg },
  );
  const gap = useApi<ExpectationGap>(
    '/api/v1/analytics/expectation-gap',
    { survey: ep?.id, ...bounds },
    { enabled: !!ep },
  );
  const ipa = useApi<Ipa>(
    '/api/v1/analytics/ipa',
    { survey: ep?.id, ...bounds },
    { enabled: !!ep && hasType(ep, 'importance_performance') },
  );
  const busy = loading || [delivery, gap, ipa].some((q) => q.isPending && q.fetchStatus !== 'idle');

  return (
    <div className="page" aria-busy={busy}>
      <div className="page-head">
        <div>
          <h1 className="page-title">Gaps</h1>
          <p className="page-subtitle">
            {describePeriod(filters)} · where the experience falls short of what customers expect, and of what
            we believe
          </p>
        </div>
      </div>

      <section className="card" aria-labelledby="delivery-title">
        <div className="card-head">
          <div>
            <h2 className="card-title" id="delivery-title">
              Delivery gap
            </h2>
            <p className="card-subtitle">
              What staff believe customers think (a mirror survey) against what customers say
            </p>
          </div>
          {mirrored.length > 1 ? (
            <div className="filter-field">
              <label htmlFor={ids.dg}>Customer survey</label>
              <select id={ids.dg} value={dg?.id ?? ''} onChange={(e) => setDg(e.target.value)}>
                {mirrored.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
        </div>
        {!dg && !loading ? (
          <p className="card-empty">
            No mirror survey yet: copy a customer survey for staff to answer as they believe customers would,
            then mark it below.
          </p>
        ) : null}
        {delivery.error ? <p className="card-empty">{errorMessage(delivery.error)}</p> : null}
        {delivery.data ? <DeliveryGapView data={delivery.data} /> : null}
        {loading ? null : <MirrorForm surveys={surveys} />}
      </section>

      <section className="card" aria-labelledby="servqual-title">
        <div className="card-head">
          <div>
            <h2 className="card-title" id="servqual-title">
              Expectation and perception
            </h2>
            <p className="card-subtitle">
              Per attribute, what customers expect against what they experienced (1 to 7); the gap is
              perception minus expectation with its 95% interval
            </p>
          </div>
          {epSurveys.length > 1 ? (
            <div className="filter-field">
              <label htmlFor={ids.ep}>Survey</label>
              <select id={ids.ep} value={ep?.id ?? ''} onChange={(e) => setEp(e.target.value)}>
                {epSurveys.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
        </div>
        {!ep && !loading ? (
          <p className="card-empty">
            No survey asks expectation–perception pairs yet (question type expectation_perception).
          </p>
        ) : null}
        {gap.error ? <p className="card-empty">{errorMessage(gap.error)}</p> : null}
        {gap.data ? <ExpectationView data={gap.data} /> : null}
      </section>

      {ep && hasType(ep, 'importance_performance') ? (
        <section className="card" aria-labelledby="ipa-title">
          <div className="card-head">
            <div>
              <h2 className="card-title" id="ipa-title">
                Stated importance and performance
              </h2>
              <p className="card-subtitle">
                Mean importance against mean performance (1 to 7) with 95% intervals; crosshairs at the means
              </p>
            </div>
          </div>
          {ipa.error ? <p className="card-empty">{errorMessage(ipa.error)}</p> : null}
          {ipa.data ? (
            <>
              <IpMap
                points={ipa.data.points.map((p) => ({
                  id: p.id,
                  label: p.label,
                  x: p.performance,
                  y: p.importance,
                  xCi: p.performanceSummary.ci,
                  yCi: p.importanceSummary.ci,
                  lowN: p.importanceSummary.lowN || p.performanceSummary.lowN,
                }))}
                xCross={ipa.data.performanceCrosshair ?? 0}
                yCross={ipa.data.importanceCrosshair ?? 0}
                xLabel="Performance (mean, 1 to 7)"
                yLabel="Importance (mean, 1 to 7)"
              />
              <NumbersTable
                caption="Importance and performance of each attribute"
                rows={ipa.data.points}
                rowKey={(p) => p.id}
                csvName="importance-performance.csv"
                columns={IPA_COLUMNS}
              />
            </>
          ) : null}
        </section>
      ) : null}

      <p className="footnote">
        Gaps are means over respondents who answered both sides, with paired t intervals; a dimension&apos;s
        gap is the mean of its attributes&apos; gaps (SERVQUAL scoring). The delivery gap compares means with
        Welch&apos;s t test, adjusted for the number of items (Benjamini–Hochberg); the headline compares the
        shares giving the top answers with a two-proportion z test. Low n marks fewer answers than the
        organisation&apos;s minimum.
      </p>
    </div>
  );
}

function DeliveryGapView({ data }: { data: DeliveryGap }) {
  const h = data.headline;
  const significant = (h?.test?.p ?? 1) < 0.05;
  return (
    <div className="gap-body">
      {h && h.internal !== null && h.customer !== null ? (
        <p className="headline" data-testid="delivery-headline">
          <strong data-figure>{f1(h.internal, 0)}%</strong> of staff believe customers would give{' '}
          {h.superiorFrom} or more; <strong data-figure>{f1(h.customer, 0)}%</strong> of customers do
          <span className="muted">
            {' '}
            (difference {signed(h.test?.difference, 1)} points, 95% CI {ciText(h.test?.ci, 1)}
            {significant ? ', significant' : ', not significant'})
          </span>
        </p>
      ) : null}
      <p className="muted">
        {formatCount(data.responses.internal)} staff answers ({data.mirrors.map((m) => m.name).join(', ')}) ·{' '}
        {formatCount(data.responses.customer)} customer answers ({data.survey.name})
        {data.overEstimatedShare !== null
          ? ` · ${f1(data.overEstimatedShare * 100, 0)}% of items over-estimated`
          : ''}
      </p>
      <NumbersTable
        open
        caption="Delivery gap per item"
        rows={data.items}
        rowKey={(i) => i.itemId}
        csvName="delivery-gap.csv"
        columns={[
          { label: 'Item', cell: (i) => i.label },
          {
            label: 'Staff mean',
            numeric: true,
            cell: (i) => f1(i.internalMean, 2),
            csv: (i) => i.internalMean,
          },
          {
            label: 'Customer mean',
            numeric: true,
            cell: (i) => f1(i.customerMean, 2),
            csv: (i) => i.customerMean,
          },
          {
            label: 'Difference',
            numeric: true,
            cell: (i) => signed(i.test?.difference),
            csv: (i) => i.test?.difference ?? null,
          },
          {
            label: '95% interval',
            numeric: true,
            cell: (i) => ciText(i.test?.ci),
            csv: (i) => (i.test?.ci ? `${i.test.ci.low} to ${i.test.ci.high}` : null),
          },
          { label: 'Verdict', cell: (i) => i.classification },
          {
            label: 'n (staff / customers)',
            numeric: true,
            cell: (i) => `${formatCount(i.n.internal)} / ${formatCount(i.n.customer)}`,
          },
        ]}
      />
    </div>
  );
}

function ExpectationView({ data }: { data: ExpectationGap }) {
  const gapOf = new Map(data.items.map((i) => [i.item, i.gap]));
  const rows = data.itemDetails.map((d) => ({ ...d, gap: gapOf.get(d.item) }));
  const max = Math.max(
    0.5,
    ...rows.flatMap((r) => [Math.abs(r.gap?.ci?.low ?? 0), Math.abs(r.gap?.ci?.high ?? 0)]),
  );
  const pos = (v: number) => 50 + (v / max) * 50;
  const dimName = new Map(data.itemDetails.map((d) => [d.dimension, d.dimensionLabel]));
  return (
    <div className="gap-body">
      <p className="headline">
        Overall gap <strong data-figure>{signed(data.unweighted)}</strong> on a 1 to 7 scale
        <span className="muted">
          {' '}
          ({formatCount(data.responses)} responses; below zero, the experience falls short of expectations)
        </span>
      </p>
      <ul className="dimension-chips">
        {data.dimensions.map((d) => (
          <li key={d.dimension} className={(d.gap ?? 0) < 0 ? 'chip chip-bad' : 'chip chip-good'}>
            {dimName.get(d.dimension) ?? d.dimension} <strong>{signed(d.gap)}</strong>
          </li>
        ))}
      </ul>
      <ol className="bars gap-bars" aria-hidden="true">
        {rows.map((r) => {
          const mean = r.gap?.mean ?? 0;
          const left = Math.min(pos(0), pos(mean));
          return (
            <li key={r.item} className="bar-row">
              <span className="bar-label" title={r.label}>
                {r.label}
              </span>
              <span className="bar-track">
                <span
                  className={mean < 0 ? 'bar-fill bar-negative' : 'bar-fill'}
                  style={{ left: `${left}%`, width: `${Math.abs(pos(mean) - pos(0))}%` }}
                />
                {r.gap?.ci ? (
                  <span
                    className="bar-ci"
                    style={{
                      left: `${pos(r.gap.ci.low)}%`,
                      width: `${pos(r.gap.ci.high) - pos(r.gap.ci.low)}%`,
                    }}
                  />
                ) : null}
                <span className="bar-zero" style={{ left: '50%' }} />
              </span>
              <span className="bar-value">
                {signed(mean)}
                {r.gap?.lowN ? ' · low n' : ''}
              </span>
            </li>
          );
        })}
      </ol>
      <NumbersTable
        caption="Expectation, perception and gap per attribute"
        rows={rows}
        rowKey={(r) => r.item}
        csvName="expectation-gap.csv"
        columns={EP_COLUMNS}
      />
    </div>
  );
}

type EpRow = ExpectationGap['itemDetails'][number] & { gap: Summary | undefined };
const EP_COLUMNS: Column<EpRow>[] = [
  { label: 'Attribute', cell: (r) => r.label },
  { label: 'Dimension', cell: (r) => r.dimensionLabel },
  {
    label: 'Expected',
    numeric: true,
    cell: (r) => f1(r.expectation.mean, 2),
    csv: (r) => r.expectation.mean,
  },
  {
    label: 'Experienced',
    numeric: true,
    cell: (r) => f1(r.perception.mean, 2),
    csv: (r) => r.perception.mean,
  },
  { label: 'Gap', numeric: true, cell: (r) => signed(r.gap?.mean), csv: (r) => r.gap?.mean ?? null },
  {
    label: '95% interval',
    numeric: true,
    cell: (r) => ciText(r.gap?.ci),
    csv: (r) => (r.gap?.ci ? `${r.gap.ci.low} to ${r.gap.ci.high}` : null),
  },
  {
    label: 'n',
    numeric: true,
    cell: (r) => `${formatCount(r.gap?.n ?? 0)}${r.gap?.lowN ? ' (low n)' : ''}`,
    csv: (r) => r.gap?.n ?? 0,
  },
];

const IPA_COLUMNS: Column<Ipa['points'][number]>[] = [
  { label: 'Attribute', cell: (p) => p.label },
  { label: 'Importance', numeric: true, cell: (p) => f1(p.importance, 2), csv: (p) => p.importance },
  {
    label: 'Importance 95% CI',
    numeric: true,
    cell: (p) => ciText(p.importanceSummary.ci).replace(/\+/g, ''),
  },
  { label: 'Performance', numeric: true, cell: (p) => f1(p.performance, 2), csv: (p) => p.performance },
  {
    label: 'Performance 95% CI',
    numeric: true,
    cell: (p) => ciText(p.performanceSummary.ci).replace(/\+/g, ''),
  },
  { label: 'Quadrant', cell: (p) => p.quadrant },
  {
    label: 'n',
    numeric: true,
    cell: (p) => formatCount(p.importanceSummary.n),
    csv: (p) => p.importanceSummary.n,
  },
];

// Value: what CX is worth. Retention and revenue by loyalty group (bars with 95% intervals and the same
// numbers in a table), satisfied defectors, revenue at risk by theme, and the customers most at risk.
import { BarChart, CustomChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { type ECharts, type EChartsCoreOption, init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import type {
  ChurnRisk,
  RevenueAtRisk,
  SatisfiedDefectors,
  ValueSummary,
} from '../../../src/shared/api/prove.js';
import './prove-pages.css';
import { InitiativeRoiSection } from './value-roi.js';

use([BarChart, CustomChart, GridComponent, TooltipComponent, SVGRenderer]);

const ACCENT = '#2f4fd6';
const AXIS = '#5b6474';

type Metric = 'nps' | 'csat' | 'ces';

async function getJson<T>(path: string, signal: AbortSignal): Promise<T> {
  const r = await fetch(path, {
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
    signal,
  });
  if (!r.ok) throw new Error(`${path}: ${r.status}`);
  return (await r.json()) as T;
}

const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? '–' : `${(100 * x).toFixed(1)}%`;
const money = (x: number | null | undefined, currency: string | null) =>
  x === null || x === undefined
    ? '–'
    : new Intl.NumberFormat('en', {
        style: currency ? 'currency' : 'decimal',
        currency: currency ?? undefined,
        maximumFractionDigits: 2,
      }).format(x);

interface Bar {
  label: string;
  value: number | null;
  low: number | null;
  high: number | null;
}

/** Bars with their 95% intervals drawn as whiskers (a custom series over the bar series). */
function CiBars({ bars, label, format }: { bars: Bar[]; label: string; format: (x: number) => string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart: ECharts = init(ref.current, undefined, { renderer: 'svg' });
    const option: EChartsCoreOption = {
      animation: false,
      grid: { left: 64, right: 16, top: 16, bottom: 32 },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => format(v) },
      xAxis: { type: 'category', data: bars.map((b) => b.label), axisLabel: { color: AXIS } },
      yAxis: { type: 'value', axisLabel: { color: AXIS, formatter: (v: number) => format(v) } },
      series: [
        { type: 'bar', data: bars.map((b) => b.value), itemStyle: { color: ACCENT }, barMaxWidth: 56 },
        {
          type: 'custom',
          data: bars.map((b, i) => [i, b.low, b.high]),
          renderItem: (
            _: unknown,
            api: {
              value: (i: number) => number;
              coord: (p: number[]) => number[];
              size: (p: number[]) => number[];
            },
          ) => {
            const i = api.value(0);
            const lo = api.coord([i, api.value(1)]);
            const hi = api.coord([i, api.value(2)]);
            const w = (api.size([1, 0])[0] ?? 40) * 0.12;
            const style = { stroke: '#1b2233', lineWidth: 1.5 };
            return {
              type: 'group',
              children: [
                { type: 'line', shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] }, style },
                {
                  type: 'line',
                  shape: { x1: (lo[0] ?? 0) - w, y1: lo[1], x2: (lo[0] ?? 0) + w, y2: lo[1] },
                  style,
                },
                {
                  type: 'line',
                  shape: { x1: (hi[0] ?? 0) - w, y1: hi[1], x2: (hi[0] ?? 0) + w, y2: hi[1] },
                  style,
                },
              ],
            };
          },
          z: 10,
        },
      ],
    };
    chart.setOption(option);
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [bars, format]);
  return <div ref={ref} className="chart" role="img" aria-label={label} style={{ height: 240 }} />;
}

/** The Value page. */
export default function ValuePage() {
  const [metric, setMetric] = useState<Metric>('nps');
  const [windowText, setWindowText] = useState('180d');
  const [summary, setSummary] = useState<ValueSummary | null>(null);
  const [defectors, setDefectors] = useState<SatisfiedDefectors | null>(null);
  const [risk, setRisk] = useState<RevenueAtRisk | null>(null);
  const [churn, setChurn] = useState<ChurnRisk | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const c = new AbortController();
    setSummary(null);
    getJson<ValueSummary>(
      `/api/v1/value/summary?metric=${metric}&window=${windowText}&outcome=order`,
      c.signal,
    )
      .then((s) =>
        getJson<ValueSummary>(
          `/api/v1/value/summary?metric=${metric}&window=${windowText}&outcome=${s.categories.some((g) => (g.revenue.mean ?? 0) > 0) ? 'order' : 'revenue'}`,
          c.signal,
        ),
      )
      .then(setSummary)
      .catch((e: unknown) => !c.signal.aborted && setError(String(e)));
    return () => c.abort();
  }, [metric, windowText]);

  useEffect(() => {
    const c = new AbortController();
    Promise.all([
      getJson<SatisfiedDefectors>('/api/v1/value/satisfied-defectors', c.signal),
      getJson<RevenueAtRisk>('/api/v1/value/revenue-at-risk?by=theme', c.signal),
      getJson<ChurnRisk>('/api/v1/churn/risk?limit=10', c.signal),
    ])
      .then(([d, r, k]) => {
        setDefectors(d);
        setRisk(r);
        setChurn(k);
      })
      .catch((e: unknown) => !c.signal.aborted && setError(String(e)));
    return () => c.abort();
  }, []);

  const currency = summary?.categories[0]?.revenue.currency ?? null;
  return (
    <div className="page prove">
      <div className="page-head">
        <h1 className="page-title">Value</h1>
        <p className="card-subtitle">
          What customer experience is worth: outcomes after each answer, by loyalty group
        </p>
      </div>
      {error && (
        <p className="error" role="alert">
          Some figures could not be loaded ({error}).
        </p>
      )}
      <section className="card" aria-labelledby="value-groups">
        <div className="card-head">
          <h2 className="card-title" id="value-groups">
            Retention and spend by loyalty group
          </h2>
          <label>
            Score{' '}
            <select value={metric} onChange={(e) => setMetric(e.target.value as Metric)}>
              <option value="nps">NPS</option>
              <option value="csat">CSAT</option>
              <option value="ces">CES</option>
            </select>
          </label>{' '}
          <label>
            Window after each answer{' '}
            <select value={windowText} onChange={(e) => setWindowText(e.target.value)}>
              <option value="90d">90 days</option>
              <option value="180d">180 days</option>
              <option value="1y">1 year</option>
            </select>
          </label>
        </div>
        {summary === null ? (
          <div className="chart skeleton" aria-hidden="true" />
        ) : (
          <>
            <div className="grid-2">
              <CiBars
                label={`Retention by ${metric.toUpperCase()} group with 95% intervals`}
                format={(x) => pct(x)}
                bars={summary.categories.map((c) => ({
                  label: c.category,
                  value: c.retention.rate,
                  low: c.retention.ci?.low ?? null,
                  high: c.retention.ci?.high ?? null,
                }))}
              />
              <CiBars
                label={`Spend per customer by ${metric.toUpperCase()} group with 95% intervals`}
                format={(x) => money(x, currency)}
                bars={summary.categories.map((c) => ({
                  label: c.category,
                  value: c.revenue.mean,
                  low: c.revenue.ci?.low ?? null,
                  high: c.revenue.ci?.high ?? null,
                }))}
              />
            </div>
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard. */}
            <section className="prove-table-scroll" tabIndex={0} aria-label="Value by loyalty group table">
              <table className="prove-table">
                <caption>
                  {summary.metric.toUpperCase()} groups, window {summary.window}, 95% intervals
                </caption>
                <thead>
                  <tr>
                    <th scope="col" className="text">
                      Group
                    </th>
                    <th scope="col">Customers</th>
                    <th scope="col">Retention</th>
                    <th scope="col">Retention 95% CI</th>
                    <th scope="col">Spend per customer</th>
                    <th scope="col">Spend 95% CI</th>
                    <th scope="col">Orders per customer</th>
                  </tr>
                </thead>
                <tbody>
                  {summary.categories.map((c) => (
                    <tr key={c.category} data-testid={`value-group-${c.category}`}>
                      <th scope="row">{c.category}</th>
                      <td data-figure data-testid="value-n">
                        {c.n}
                      </td>
                      <td data-figure data-testid="value-retention">
                        {pct(c.retention.rate)}
                      </td>
                      <td>
                        {c.retention.ci ? `${pct(c.retention.ci.low)} – ${pct(c.retention.ci.high)}` : '–'}
                      </td>
                      <td data-figure>{money(c.revenue.mean, currency)}</td>
                      <td>
                        {c.revenue.ci
                          ? `${money(c.revenue.ci.low, currency)} – ${money(c.revenue.ci.high, currency)}`
                          : '–'}
                      </td>
                      <td>{c.frequency.mean === null ? '–' : c.frequency.mean.toFixed(2)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <ul className="notes">
              {summary.differences
                .filter((d) => d.measure !== 'frequency')
                .map((d) => (
                  <li key={`${d.a}-${d.measure}`}>
                    {d.a} − {d.b}, {d.measure}:{' '}
                    {d.measure === 'retention' ? pct(d.difference) : money(d.difference, currency)} (95% CI{' '}
                    {d.ci
                      ? d.measure === 'retention'
                        ? `${pct(d.ci.low)} to ${pct(d.ci.high)}`
                        : `${money(d.ci.low, currency)} to ${money(d.ci.high, currency)}`
                      : '–'}
                    , p {d.p === null ? '–' : d.p < 0.001 ? '< 0.001' : d.p.toFixed(3)})
                  </li>
                ))}
            </ul>
          </>
        )}
      </section>

      <section className="card" aria-labelledby="value-defectors">
        <h2 className="card-title" id="value-defectors">
          Satisfied defectors
        </h2>
        {defectors === null ? (
          <div className="skeleton" aria-hidden="true" />
        ) : defectors.n === 0 ? (
          <p className="empty">No churned customer with an answer before leaving in the last year.</p>
        ) : (
          <p>
            <strong data-figure data-testid="defectors-share">
              {pct(defectors.share)}
            </strong>{' '}
            of the {defectors.n} customers who left in the last year had said they were satisfied in their
            last answer (95% CI {pct(defectors.ci?.low)} – {pct(defectors.ci?.high)}).
            {defectors.themes.length > 0 &&
              ` Their most mentioned themes: ${defectors.themes
                .slice(0, 5)
                .map((t) => t.name)
                .join(', ')}.`}
          </p>
        )}
      </section>

      <section className="card" aria-labelledby="value-risk">
        <h2 className="card-title" id="value-risk">
          Revenue at risk by theme
        </h2>
        {risk === null ? (
          <div className="skeleton" aria-hidden="true" />
        ) : (
          <>
            <p>
              Expected loss <strong data-figure>{money(Number(risk.total), risk.currency)}</strong>
              {risk.totalCi ? (
                <span data-testid="risk-total-ci">
                  {' '}
                  (95% CI {money(risk.totalCi.low, risk.currency)} to{' '}
                  {money(risk.totalCi.high, risk.currency)})
                </span>
              ) : null}{' '}
              from{' '}
              <span data-figure data-testid="risk-contacts">
                {risk.contacts}
              </span>{' '}
              customers at risk.
            </p>
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard. */}
            <section className="prove-table-scroll" tabIndex={0} aria-label="Revenue at risk by theme table">
              <table className="prove-table">
                <thead>
                  <tr>
                    <th scope="col" className="text">
                      Theme
                    </th>
                    <th scope="col">Customers</th>
                    <th scope="col">Expected loss</th>
                    <th scope="col">95% CI</th>
                    <th scope="col">Share</th>
                  </tr>
                </thead>
                <tbody>
                  {risk.parts.slice(0, 10).map((p) => (
                    <tr key={p.key} data-testid="risk-part">
                      <th scope="row">{p.label === '(none)' ? 'no theme mentioned' : p.label}</th>
                      <td>{p.contacts}</td>
                      <td>{money(p.amount, risk.currency)}</td>
                      <td>
                        {p.ci
                          ? `${money(p.ci.low, risk.currency)} to ${money(p.ci.high, risk.currency)}`
                          : '–'}
                      </td>
                      <td>{pct(p.share)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <details>
              <summary>Assumptions</summary>
              <ul>
                {risk.assumptions.map((a) => (
                  <li key={a}>{a}</li>
                ))}
              </ul>
            </details>
          </>
        )}
      </section>

      <InitiativeRoiSection />

      <section className="card" aria-labelledby="value-churn">
        <h2 className="card-title" id="value-churn">
          Customers most at risk
        </h2>
        {churn === null ? (
          <div className="skeleton" aria-hidden="true" />
        ) : churn.model === null ? (
          <p className="empty">
            No churn model yet: it is trained once churn outcomes are linked to customers.
          </p>
        ) : (
          <>
            <p data-testid="churn-model">
              Model in use:{' '}
              <strong data-testid="churn-model-name">
                {churn.model.model === 'gbdt'
                  ? 'gradient-boosted trees'
                  : 'logistic regression (the baseline)'}
              </strong>
              . Cross-validated ROC-AUC: trees{' '}
              <span data-figure data-testid="churn-auc">
                {churn.model.cv.auc.toFixed(3)}
              </span>
              , logistic baseline{' '}
              <span data-figure data-testid="churn-baseline-auc">
                {churn.model.baseline.auc.toFixed(3)}
              </span>
              {churn.model.model === 'logistic'
                ? ' — the trees did not rank customers better than the baseline, so the baseline scores them.'
                : '.'}{' '}
              {churn.bands.high} high, {churn.bands.medium} medium, {churn.bands.low} low risk.
            </p>
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard. */}
            <section className="prove-table-scroll" tabIndex={0} aria-label="Customers most at risk table">
              <table className="prove-table">
                <thead>
                  <tr>
                    <th scope="col" className="text">
                      Customer
                    </th>
                    <th scope="col">Risk</th>
                    <th scope="col" className="text">
                      Band
                    </th>
                    <th scope="col" className="text">
                      Top reasons
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {churn.items.map((i) => (
                    <tr key={i.contactId} data-testid="churn-row">
                      <th scope="row">{i.name ?? i.externalId ?? i.email ?? i.contactId.slice(0, 8)}</th>
                      <td>{pct(i.probability)}</td>
                      <td className="text">{i.band}</td>
                      <td className="text reasons" data-testid="churn-reasons">
                        {i.explanation}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </>
        )}
      </section>
    </div>
  );
}

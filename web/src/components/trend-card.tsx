// Monthly trend of one metric with its 95% confidence interval drawn as a shaded band (ECharts).
import { LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { type ECharts, type EChartsCoreOption, init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatInterval, formatMonth, formatN, formatScoreWithUnit, metricName } from '../format.js';
import type { Bucket, Metric, ScoreSummary } from '../types.js';
import { METRICS } from '../use-overview.js';
import { SegmentedControl } from './segmented-control.js';

// Only the pieces the chart uses, which keeps ECharts to a fraction of its full size.
use([LineChart, GridComponent, TooltipComponent, SVGRenderer]);

const ACCENT = '#2f4fd6';
const BAND = 'rgba(47, 79, 214, 0.14)';
const AXIS = '#5b6474';
const GRID = '#e6e8ee';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

interface Props {
  /** Monthly score summaries per metric; null while loading. */
  trend: Record<Metric, ScoreSummary> | null;
}

/** The trend card: metric switch, chart, and an accessible table of the same numbers. */
export default function TrendCard({ trend }: Props) {
  const [metric, setMetric] = useState<Metric>('nps');
  const buckets = useMemo(
    () => [...(trend?.[metric].buckets ?? [])].filter((b) => b.period).sort(byPeriod),
    [trend, metric],
  );

  return (
    <section className="card trend-card" aria-labelledby="trend-title">
      <div className="card-head">
        <div>
          <h2 className="card-title" id="trend-title">
            Monthly trend
          </h2>
          <p className="card-subtitle">
            {metricName(metric)} by month, with its 95% confidence interval shaded
          </p>
        </div>
        <SegmentedControl
          label="Metric shown in the trend"
          hideLabel
          name="trend-metric"
          value={metric}
          options={METRICS.map((m) => ({ value: m, label: metricName(m) }))}
          onChange={setMetric}
        />
      </div>
      {trend === null ? (
        <div className="chart skeleton" aria-hidden="true" />
      ) : buckets.length === 0 ? (
        <div className="empty" data-testid="trend-chart">
          No responses in this period.
        </div>
      ) : (
        <>
          <Chart metric={metric} buckets={buckets} />
          <div className="chart-legend" aria-hidden="true">
            <span className="legend-item">
              <span className="legend-line" /> {metricName(metric)}
            </span>
            <span className="legend-item">
              <span className="legend-band" /> 95% confidence interval
            </span>
            <span className="legend-item">
              <span className="legend-hollow" /> Low n
            </span>
          </div>
          <details className="data-table">
            <summary>Show the numbers</summary>
            <table>
              <caption className="visually-hidden">{metricName(metric)} by month</caption>
              <thead>
                <tr>
                  <th scope="col" className="dt-head dt-label">
                    Month
                  </th>
                  <th scope="col" className="dt-head">
                    {metricName(metric)}
                  </th>
                  <th scope="col" className="dt-head">
                    95% interval
                  </th>
                  <th scope="col" className="dt-head">
                    Responses
                  </th>
                </tr>
              </thead>
              <tbody>
                {buckets.map((b) => (
                  <tr key={b.period}>
                    <th scope="row" className="dt-label">
                      {formatMonth(b.period ?? '')}
                    </th>
                    <td>{formatScoreWithUnit(metric, b.score)}</td>
                    <td>{b.ci ? formatInterval(metric, b.ci).replace(/^\S+ CI /, '') : '—'}</td>
                    <td>{formatN(b.n).replace('n = ', '')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}

function byPeriod(a: Bucket, b: Bucket): number {
  return (a.period ?? '').localeCompare(b.period ?? '');
}

function Chart({ metric, buckets }: { metric: Metric; buckets: Bucket[] }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);

  useEffect(() => {
    if (!element.current) return;
    const instance = init(element.current, null, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(optionFor(metric, buckets), { notMerge: true });
  }, [metric, buckets]);

  const first = buckets[0];
  const last = buckets[buckets.length - 1];
  const summary =
    first && last
      ? `${metricName(metric)} by month from ${formatMonth(first.period ?? '')} to ${formatMonth(last.period ?? '')}: ` +
        `${formatScoreWithUnit(metric, first.score)} at the start, ${formatScoreWithUnit(metric, last.score)} in the latest month. ` +
        'The numbers are in the table below.'
      : '';

  return <div className="chart" ref={element} data-testid="trend-chart" role="img" aria-label={summary} />;
}

function optionFor(metric: Metric, buckets: Bucket[]): EChartsCoreOption {
  const months = buckets.map((b) => formatMonth(b.period ?? ''));
  const low = buckets.map((b) => b.ci?.low ?? null);
  const width = buckets.map((b) => (b.ci ? b.ci.high - b.ci.low : null));
  const score = buckets.map((b) => ({
    value: b.score,
    symbol: b.lowN ? 'emptyCircle' : 'circle',
    symbolSize: b.lowN ? 7 : 6,
  }));
  return {
    animationDuration: 300,
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'line', lineStyle: { color: '#9aa3b2' } },
      borderColor: GRID,
      textStyle: { color: '#1b2230', fontSize: 13 },
      formatter: (params: unknown) => {
        const index = Array.isArray(params) ? (params[0] as { dataIndex: number }).dataIndex : 0;
        const bucket = buckets[index];
        if (!bucket) return '';
        return (
          `<strong>${months[index]}</strong><br/>` +
          `${metricName(metric)} ${formatScoreWithUnit(metric, bucket.score)}<br/>` +
          `${formatInterval(metric, bucket.ci)}<br/>${formatN(bucket.n)}${bucket.lowN ? ' · low n' : ''}`
        );
      },
    },
    xAxis: {
      type: 'category',
      data: months,
      boundaryGap: false,
      axisLine: { lineStyle: { color: GRID } },
      axisTick: { show: false },
      axisLabel: { color: AXIS, fontSize: 12, hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      scale: true,
      splitLine: { lineStyle: { color: GRID } },
      axisLabel: {
        color: AXIS,
        fontSize: 12,
        formatter: (value: number) => value.toFixed(metric === 'ces' ? 1 : 0),
      },
    },
    series: [
      {
        // The band is drawn as the lower bound plus the interval's width stacked on it.
        name: 'low',
        type: 'line',
        data: low,
        stack: 'ci',
        stackStrategy: 'all',
        lineStyle: { opacity: 0 },
        symbol: 'none',
        silent: true,
        tooltip: { show: false },
      },
      {
        name: '95% interval',
        type: 'line',
        data: width,
        stack: 'ci',
        stackStrategy: 'all',
        lineStyle: { opacity: 0 },
        areaStyle: { color: BAND },
        symbol: 'none',
        silent: true,
      },
      {
        name: metricName(metric),
        type: 'line',
        data: score,
        connectNulls: false,
        lineStyle: { color: ACCENT, width: 2 },
        itemStyle: { color: ACCENT, borderColor: ACCENT },
        emphasis: { focus: 'none', scale: 1.4 },
        z: 3,
      },
    ],
    textStyle: { fontFamily: FONT },
  };
}

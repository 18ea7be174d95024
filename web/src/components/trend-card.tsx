// The trend of one metric by month (or week) with its 95% confidence interval drawn as a shaded band.
import { LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { type ECharts, type EChartsCoreOption, init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  formatCount,
  formatInterval,
  formatN,
  formatPeriod,
  formatScoreWithUnit,
  metricName,
} from '../format.js';
import type { Bucket, Metric, ScoreSummary } from '../types.js';
import { type HeadlineMetric, METRICS } from '../use-overview.js';
import { SegmentedControl } from './segmented-control.js';

// Only the pieces the chart uses, which keeps ECharts to a fraction of its full size.
use([LineChart, GridComponent, TooltipComponent, SVGRenderer]);

const ACCENT = '#2f4fd6';
const BAND = 'rgba(47, 79, 214, 0.14)';
const AXIS = '#5b6474';
const GRID = '#e6e8ee';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

type Interval = 'week' | 'month';

/** A point of the trend; a period without responses has no score and leaves a gap in the line. */
interface Point {
  period: string;
  bucket: Bucket | null;
}

interface Props {
  /** Score summaries by period, per metric; null while loading. */
  trend: Record<HeadlineMetric, ScoreSummary> | null;
  interval: Interval;
}

/** The trend card: metric switch, chart, and a table of the same numbers for those who cannot see it. */
export default function TrendCard({ trend, interval }: Props) {
  const [metric, setMetric] = useState<HeadlineMetric>('nps');
  const points = useMemo(() => toPoints(trend?.[metric].buckets ?? [], interval), [trend, metric, interval]);
  const unit = interval === 'week' ? 'week' : 'month';

  return (
    <section className="card trend-card" aria-labelledby="trend-title">
      <div className="card-head">
        <div>
          <h2 className="card-title" id="trend-title">
            {interval === 'week' ? 'Weekly trend' : 'Monthly trend'}
          </h2>
          <p className="card-subtitle">
            {metricName(metric)} by {unit}, with its 95% confidence interval shaded
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
      ) : points.length === 0 ? (
        <div className="empty" data-testid="trend-chart">
          No responses in this period.
        </div>
      ) : (
        <>
          <Chart metric={metric} interval={interval} points={points} />
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
              <caption className="visually-hidden">
                {metricName(metric)} by {unit}
              </caption>
              <thead>
                <tr>
                  <th scope="col" className="dt-head dt-label">
                    {interval === 'week' ? 'Week of' : 'Month'}
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
                {points.map(({ period, bucket }) => (
                  <tr key={period}>
                    <th scope="row" className="dt-label">
                      {formatPeriod(period, interval, true)}
                      {isPartialPeriod(period, interval) ? ' (to date)' : ''}
                    </th>
                    <td>{formatScoreWithUnit(metric, bucket?.score)}</td>
                    <td>{bucket?.ci ? formatInterval(metric, bucket.ci).replace(/^\S+ CI /, '') : '—'}</td>
                    <td>
                      {formatCount(bucket?.n ?? 0)}
                      {bucket?.lowN ? ' (low n)' : ''}
                    </td>
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

/** Whether a period is still running (the current week or month): its score rests on part of it. */
export function isPartialPeriod(period: string, interval: Interval, now: Date = new Date()): boolean {
  const start = Date.parse(`${period}T00:00:00Z`);
  const end = Date.parse(`${nextPeriod(period, interval)}T00:00:00Z`);
  return start <= now.getTime() && now.getTime() < end;
}

/** Sorts the buckets by period and fills the periods between them that had no responses. */
function toPoints(buckets: Bucket[], interval: Interval): Point[] {
  const byPeriod = new Map<string, Bucket>();
  for (const bucket of buckets) if (bucket.period) byPeriod.set(bucket.period, bucket);
  const periods = [...byPeriod.keys()].sort();
  const first = periods[0];
  const last = periods[periods.length - 1];
  if (!first || !last) return [];
  const points: Point[] = [];
  // Bounded so that a malformed period can never loop for long.
  for (let period = first; period <= last && points.length < 1000; period = nextPeriod(period, interval)) {
    points.push({ period, bucket: byPeriod.get(period) ?? null });
  }
  return points;
}

function nextPeriod(period: string, interval: Interval): string {
  const [year, month, day] = period.split('-').map(Number);
  const date =
    interval === 'week'
      ? new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, (day ?? 1) + 7))
      : new Date(Date.UTC(year ?? 0, month ?? 1, 1));
  return date.toISOString().slice(0, 10);
}

function Chart({ metric, interval, points }: { metric: Metric; interval: Interval; points: Point[] }) {
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
    chart.current?.setOption(optionFor(metric, interval, points), { notMerge: true });
  }, [metric, interval, points]);

  const scored = points.filter((p) => p.bucket?.score !== null && p.bucket?.score !== undefined);
  const first = scored[0];
  const last = scored[scored.length - 1];
  const summary =
    first && last
      ? `${metricName(metric)} by ${interval} from ${formatPeriod(first.period, interval, true)} to ` +
        `${formatPeriod(last.period, interval, true)}: ${formatScoreWithUnit(metric, first.bucket?.score)} at the start, ` +
        `${formatScoreWithUnit(metric, last.bucket?.score)} in the latest ${interval}. The numbers are in the table below.`
      : `No ${metricName(metric)} scores in this period.`;

  return <div className="chart" ref={element} data-testid="trend-chart" role="img" aria-label={summary} />;
}

function optionFor(metric: Metric, interval: Interval, points: Point[]): EChartsCoreOption {
  const labels = points.map(
    (p) => formatPeriod(p.period, interval) + (isPartialPeriod(p.period, interval) ? ' (to date)' : ''),
  );
  const low = points.map((p) => p.bucket?.ci?.low ?? null);
  const width = points.map((p) => (p.bucket?.ci ? p.bucket.ci.high - p.bucket.ci.low : null));
  const score = points.map((p) => ({
    value: p.bucket?.score ?? null,
    symbol: p.bucket?.lowN ? 'emptyCircle' : 'circle',
    symbolSize: p.bucket?.lowN ? 7 : 6,
  }));
  const unit = metric === 'csat' || metric === 'rating' ? '%' : '';

  return {
    animationDuration: 300,
    grid: { left: 8, right: 20, top: 16, bottom: 4, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'line', lineStyle: { color: '#9aa3b2' } },
      borderColor: GRID,
      textStyle: { color: '#1b2230', fontSize: 13, fontFamily: FONT },
      formatter: (params: unknown) => {
        const index = Array.isArray(params) ? (params[0] as { dataIndex: number }).dataIndex : 0;
        const point = points[index];
        if (!point) return '';
        const bucket = point.bucket;
        const heading = `<strong>${interval === 'week' ? 'Week of ' : ''}${formatPeriod(point.period, interval, true)}${isPartialPeriod(point.period, interval) ? ', to date' : ''}</strong>`;
        if (!bucket || bucket.score === null) return `${heading}<br/>No responses`;
        return (
          `${heading}<br/>${metricName(metric)} <strong>${formatScoreWithUnit(metric, bucket.score)}</strong><br/>` +
          `${formatInterval(metric, bucket.ci)}<br/>${formatN(bucket.n)}${bucket.lowN ? ' · low n' : ''}`
        );
      },
    },
    xAxis: {
      type: 'category',
      data: labels,
      boundaryGap: false,
      axisLine: { lineStyle: { color: GRID } },
      axisTick: { show: false },
      axisLabel: {
        color: AXIS,
        fontSize: 12,
        hideOverlap: true,
        alignMinLabel: 'left',
        alignMaxLabel: 'right',
        margin: 10,
      },
    },
    yAxis: {
      type: 'value',
      scale: true,
      splitLine: { lineStyle: { color: GRID } },
      axisLabel: {
        color: AXIS,
        fontSize: 12,
        formatter: (value: number) => value.toFixed(metric === 'ces' ? 1 : 0) + unit,
      },
    },
    series: [
      {
        // The band is the lower bound with the interval's width stacked on it.
        name: 'low',
        type: 'line',
        data: low,
        stack: 'ci',
        stackStrategy: 'all',
        lineStyle: { opacity: 0 },
        symbol: 'none',
        silent: true,
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

// The before/after chart of an initiative: treated vs control by period with 95% bands (ECharts), a
// dashed line at the start, and the same numbers as a table for those who cannot see the chart.
import { LineChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { type ECharts, type EChartsCoreOption, init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { Effect, EffectSeriesPoint } from '../../../src/shared/api/index.js';
import { formatValue, metricLabel } from './initiatives-view.js';

use([LineChart, GridComponent, TooltipComponent, MarkLineComponent, SVGRenderer]);

const TREATED = '#2f4fd6';
const TREATED_BAND = 'rgba(47, 79, 214, 0.16)';
const CONTROL = '#6b7280';
const CONTROL_BAND = 'rgba(107, 114, 128, 0.14)';
const GRID = '#e6e8ee';

/** The chart of treated vs control by period. */
export function SeriesChart({ effect }: { effect: Effect }) {
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
    chart.current?.setOption(chartOption(effect), { notMerge: true });
  }, [effect]);

  if (effect.series.length === 0)
    return <p className="initiatives-empty">No feedback in the measured window yet.</p>;
  const name = metricLabel(effect.metric);
  const label =
    `${name} by ${effect.interval} at the targeted touchpoints${effect.control ? ' and the comparison touchpoints' : ''}, ` +
    `before and after the start on ${effect.start}: ${formatValue(effect.metric, effect.before.estimate)} before and ` +
    `${formatValue(effect.metric, effect.after.estimate)} after at the targeted touchpoints` +
    (effect.control
      ? `, ${formatValue(effect.metric, effect.control.before.estimate)} and ${formatValue(effect.metric, effect.control.after.estimate)} at the comparison touchpoints`
      : '') +
    '. The numbers are in the table below.';
  return (
    <>
      <div
        className="chart effect-chart"
        ref={element}
        role="img"
        aria-label={label}
        data-testid="effect-chart"
      />
      <div className="chart-legend" aria-hidden="true">
        <span className="legend-item">
          <span className="legend-swatch" style={{ background: TREATED }} /> Targeted
        </span>
        {effect.control ? (
          <span className="legend-item">
            <span className="legend-swatch" style={{ background: CONTROL }} /> Comparison
          </span>
        ) : null}
        <span className="legend-item">95% intervals shaded · dashed line: start</span>
      </div>
    </>
  );
}

function band(
  points: EffectSeriesPoint[],
  pick: (p: EffectSeriesPoint) => EffectSeriesPoint['treated'] | null,
) {
  return {
    low: points.map((p) => pick(p)?.low ?? null),
    width: points.map((p) => {
      const g = pick(p);
      return g && g.low !== null && g.high !== null ? g.high - g.low : null;
    }),
    value: points.map((p) => pick(p)?.estimate ?? null),
  };
}

function chartOption(e: Effect): EChartsCoreOption {
  const labels = e.series.map((p) => p.from);
  const t = band(e.series, (p) => p.treated);
  const c = band(e.series, (p) => p.control);
  const bandSeries = (stack: string, b: ReturnType<typeof band>, color: string) => [
    {
      type: 'line',
      data: b.low,
      stack,
      stackStrategy: 'all',
      lineStyle: { opacity: 0 },
      symbol: 'none',
      silent: true,
    },
    {
      type: 'line',
      data: b.width,
      stack,
      stackStrategy: 'all',
      lineStyle: { opacity: 0 },
      areaStyle: { color },
      symbol: 'none',
      silent: true,
    },
  ];
  return {
    animationDuration: 300,
    grid: { left: 8, right: 20, top: 16, bottom: 4, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: labels, boundaryGap: false, axisLine: { lineStyle: { color: GRID } } },
    yAxis: { type: 'value', scale: true, splitLine: { lineStyle: { color: GRID } } },
    series: [
      ...bandSeries('treated', t, TREATED_BAND),
      ...(e.control ? bandSeries('control', c, CONTROL_BAND) : []),
      {
        name: 'Targeted',
        type: 'line',
        data: t.value,
        lineStyle: { color: TREATED, width: 2 },
        itemStyle: { color: TREATED },
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { type: 'dashed', color: '#1b2230' },
          label: { formatter: 'start' },
          data: [{ xAxis: e.start }],
        },
        z: 3,
      },
      ...(e.control
        ? [
            {
              name: 'Comparison',
              type: 'line',
              data: c.value,
              lineStyle: { color: CONTROL, width: 2, type: 'dotted' },
              itemStyle: { color: CONTROL },
              z: 2,
            },
          ]
        : []),
    ],
  };
}

/** The chart's numbers as a table. */
export function SeriesTable({ effect }: { effect: Effect }) {
  const g = (x: EffectSeriesPoint['treated'] | null) =>
    x && x.n > 0
      ? `${formatValue(effect.metric, x.estimate)} [${formatValue(effect.metric, x.low)}, ${formatValue(effect.metric, x.high)}] · n ${x.n}`
      : '—';
  return (
    <details className="data-table">
      <summary>Show the numbers</summary>
      <table data-testid="effect-table">
        <caption className="visually-hidden">
          {metricLabel(effect.metric)} by {effect.interval}, targeted and comparison touchpoints, with 95%
          intervals
        </caption>
        <thead>
          <tr>
            <th scope="col" className="dt-head dt-label">
              {effect.interval === 'week' ? 'Week from' : 'Month from'}
            </th>
            <th scope="col" className="dt-head">
              Targeted [95% CI]
            </th>
            {effect.control ? (
              <th scope="col" className="dt-head">
                Comparison [95% CI]
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {effect.series.map((p) => (
            <tr key={p.period}>
              <th scope="row" className="dt-label">
                {p.from}
                {p.period === 0 ? ' (start)' : ''}
              </th>
              <td>{g(p.treated)}</td>
              {effect.control ? <td>{g(p.control)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

// A small trend line with its confidence band, drawn in SVG (no chart library): periods without
// responses leave gaps, low-n periods are hollow points. Decorative: the numbers are in a table beside it.
import type { Bucket } from '../types.js';

interface Props {
  buckets: Bucket[];
  width?: number;
  height?: number;
}

/** A sparkline of bucket scores with the interval band. */
export function Sparkline({ buckets, width = 120, height = 32 }: Props) {
  const points = buckets.filter((b) => b.score !== null);
  if (points.length < 2)
    return <svg className="sparkline" width={width} height={height} aria-hidden="true" />;
  const lows = points.map((b) => b.ci?.low ?? (b.score as number));
  const highs = points.map((b) => b.ci?.high ?? (b.score as number));
  const min = Math.min(...lows);
  const max = Math.max(...highs);
  const span = max - min || 1;
  const x = (i: number) => 2 + (i * (width - 4)) / (buckets.length - 1 || 1);
  const y = (v: number) => 2 + (height - 4) * (1 - (v - min) / span);
  const index = new Map(buckets.map((b, i) => [b, i]));
  const at = (b: Bucket) => x(index.get(b) ?? 0);
  const band =
    points
      .map((b, i) => `${i === 0 ? 'M' : 'L'}${at(b).toFixed(1)},${y(highs[i] as number).toFixed(1)}`)
      .join('') +
    points
      .map((b, i) => ({ b, i }))
      .reverse()
      .map(({ b, i }) => `L${at(b).toFixed(1)},${y(lows[i] as number).toFixed(1)}`)
      .join('') +
    'Z';
  const line = points
    .map((b, i) => `${i === 0 ? 'M' : 'L'}${at(b).toFixed(1)},${y(b.score as number).toFixed(1)}`)
    .join('');
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      aria-hidden="true"
    >
      <path d={band} className="sparkline-band" />
      <path d={line} className="sparkline-line" />
      {points.map((b) => (
        <circle
          key={b.period}
          cx={at(b)}
          cy={y(b.score as number)}
          r={b.lowN ? 2 : 1.5}
          className={b.lowN ? 'sparkline-low' : 'sparkline-dot'}
        />
      ))}
    </svg>
  );
}

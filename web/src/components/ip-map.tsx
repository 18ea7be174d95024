// The importance–performance map (Martilla & James): each attribute placed by its performance (x) and
// importance (y), crosshairs at the means, the four quadrants named. Plain SVG; the numbers are in a
// table beside it. Intervals, when given, are drawn as whiskers on both axes.

export interface IpPoint {
  id: string;
  label: string;
  x: number;
  y: number;
  xCi?: { low: number; high: number } | null;
  yCi?: { low: number; high: number } | null;
  lowN?: boolean;
}

interface Props {
  points: IpPoint[];
  xCross: number;
  yCross: number;
  xLabel: string;
  yLabel: string;
}

const W = 640;
const H = 400;
const PAD = { left: 56, right: 16, top: 16, bottom: 44 };

/** The quadrant of a point, named as the map names it. */
export function quadrantOf(x: number, y: number, xCross: number, yCross: number): string {
  if (y >= yCross) return x < xCross ? 'Concentrate here' : 'Keep up the good work';
  return x < xCross ? 'Low priority' : 'Possible overkill';
}

function extent(values: number[], cross: number): [number, number] {
  const lo = Math.min(cross, ...values);
  const hi = Math.max(cross, ...values);
  const pad = (hi - lo || 1) * 0.12;
  return [lo - pad, hi + pad];
}

/** The map. */
export function IpMap({ points, xCross, yCross, xLabel, yLabel }: Props) {
  if (points.length === 0) return <p className="empty">Nothing to place on the map.</p>;
  const [x0, x1] = extent(
    points.flatMap((p) => [p.x, p.xCi?.low ?? p.x, p.xCi?.high ?? p.x]),
    xCross,
  );
  const [y0, y1] = extent(
    points.flatMap((p) => [p.y, p.yCi?.low ?? p.y, p.yCi?.high ?? p.y]),
    yCross,
  );
  const sx = (v: number) => PAD.left + ((v - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const sy = (v: number) => H - PAD.bottom - ((v - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
  const cx = sx(xCross);
  const cy = sy(yCross);
  const ticks = (a: number, b: number) => Array.from({ length: 5 }, (_, i) => a + ((b - a) * i) / 4);
  return (
    <figure className="ip-map">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`Importance–performance map of ${points.length} items; the numbers are in the table`}
      >
        <rect
          x={PAD.left}
          y={PAD.top}
          width={cx - PAD.left}
          height={cy - PAD.top}
          className="quad quad-act"
        />
        <text x={PAD.left + 8} y={PAD.top + 18} className="quad-label quad-label-act">
          Concentrate here
        </text>
        <text x={W - PAD.right - 8} y={PAD.top + 18} textAnchor="end" className="quad-label">
          Keep up the good work
        </text>
        <text x={PAD.left + 8} y={H - PAD.bottom - 8} className="quad-label">
          Low priority
        </text>
        <text x={W - PAD.right - 8} y={H - PAD.bottom - 8} textAnchor="end" className="quad-label">
          Possible overkill
        </text>
        <line x1={cx} x2={cx} y1={PAD.top} y2={H - PAD.bottom} className="crosshair" />
        <line x1={PAD.left} x2={W - PAD.right} y1={cy} y2={cy} className="crosshair" />
        <line x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} className="axis" />
        <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={H - PAD.bottom} className="axis" />
        {ticks(x0, x1).map((t) => (
          <text key={`x${t}`} x={sx(t)} y={H - PAD.bottom + 16} textAnchor="middle" className="tick">
            {t.toFixed(Math.abs(x1 - x0) < 5 ? 1 : 0)}
          </text>
        ))}
        {ticks(y0, y1).map((t) => (
          <text key={`y${t}`} x={PAD.left - 6} y={sy(t) + 4} textAnchor="end" className="tick">
            {t.toFixed(Math.abs(y1 - y0) < 5 ? 1 : 0)}
          </text>
        ))}
        <text x={(PAD.left + W - PAD.right) / 2} y={H - 6} textAnchor="middle" className="axis-label">
          {xLabel}
        </text>
        <text
          x={14}
          y={(PAD.top + H - PAD.bottom) / 2}
          textAnchor="middle"
          className="axis-label"
          transform={`rotate(-90 14 ${(PAD.top + H - PAD.bottom) / 2})`}
        >
          {yLabel}
        </text>
        {points.map((p) => (
          <g key={p.id}>
            {p.xCi ? (
              <line x1={sx(p.xCi.low)} x2={sx(p.xCi.high)} y1={sy(p.y)} y2={sy(p.y)} className="whisker" />
            ) : null}
            {p.yCi ? (
              <line x1={sx(p.x)} x2={sx(p.x)} y1={sy(p.yCi.low)} y2={sy(p.yCi.high)} className="whisker" />
            ) : null}
            <circle cx={sx(p.x)} cy={sy(p.y)} r={5} className={p.lowN ? 'point point-low' : 'point'} />
            <text
              x={sx(p.x) > W * 0.7 ? sx(p.x) - 8 : sx(p.x) + 8}
              y={sy(p.y) - 6}
              textAnchor={sx(p.x) > W * 0.7 ? 'end' : 'start'}
              className="point-label"
            >
              {p.label.length > 28 ? `${p.label.slice(0, 27)}…` : p.label}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}

// A headline score: the number, its 95% interval and sample size, and for NPS the mix behind it.
import {
  formatInterval,
  formatMargin,
  formatN,
  formatScore,
  formatShare,
  metricName,
  scoreUnit,
} from '../format.js';
import type { Metric, Score } from '../types.js';

const TITLES: Record<Metric, string> = {
  nps: 'Net Promoter Score',
  csat: 'Customer Satisfaction',
  ces: 'Customer Effort',
  rating: 'Rating',
};

const HINTS: Record<Metric, string> = {
  nps: 'Promoters minus detractors, −100 to +100',
  csat: 'Share of 4 and 5 ratings',
  ces: 'Mean ease rating, 1 to 7',
  rating: 'Mean rating, percent of its scale',
};

interface Props {
  metric: Metric;
  /** Null while loading. */
  score: Score | null;
}

/** A KPI card. */
export function KpiCard({ metric, score }: Props) {
  const titleId = `kpi-${metric}-title`;
  return (
    <article className="card kpi" aria-labelledby={titleId} aria-busy={score === null}>
      <header className="kpi-head">
        <h2 className="kpi-title" id={titleId}>
          {TITLES[metric]} <span className="kpi-abbr">{metricName(metric)}</span>
        </h2>
        {score?.lowN ? (
          <span className="badge badge-warn" title="Too few responses for a stable score">
            Low n
          </span>
        ) : null}
      </header>
      {score === null ? (
        <div className="kpi-skeleton" aria-hidden="true">
          <span className="skeleton skeleton-number" />
          <span className="skeleton skeleton-line" />
        </div>
      ) : (
        <>
          <p className="kpi-value">
            <span className="kpi-number" data-testid={`kpi-${metric}-score`} data-figure>
              {formatScore(metric, score.score)}
            </span>
            {score.score !== null && scoreUnit(metric) ? (
              <span className="kpi-unit">{scoreUnit(metric)}</span>
            ) : null}
            {score.ci ? <span className="kpi-margin">{formatMargin(metric, score.ci)}</span> : null}
          </p>
          <p className="kpi-meta">
            {score.ci ? <span>{formatInterval(metric, score.ci)}</span> : null}
            {score.ci ? <span aria-hidden="true"> · </span> : null}
            <span>{formatN(score.n)}</span>
          </p>
          {metric === 'nps' && score.breakdown ? <NpsMix breakdown={score.breakdown} /> : null}
          {metric !== 'nps' ? <ScaleBar metric={metric} score={score.score} /> : null}
        </>
      )}
    </article>
  );
}

function NpsMix({ breakdown }: { breakdown: NonNullable<Score['breakdown']> }) {
  const { promoters, passives, detractors } = breakdown;
  const total = promoters + passives + detractors;
  if (total === 0) return <p className="kpi-hint">{HINTS.nps}</p>;
  const parts = [
    { key: 'promoters', label: 'promoters', value: promoters },
    { key: 'passives', label: 'passives', value: passives },
    { key: 'detractors', label: 'detractors', value: detractors },
  ];
  return (
    <div className="mix">
      <div className="mix-bar" aria-hidden="true">
        {parts.map((part) => (
          <span key={part.key} className={`mix-seg mix-${part.key}`} style={{ flexGrow: part.value }} />
        ))}
      </div>
      <ul className="mix-legend">
        {parts.map((part) => (
          <li key={part.key}>
            <strong className={`mix-text-${part.key}`}>{formatShare(part.value, total)}</strong> {part.label}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Where a CSAT share (0–100) or a CES mean (1–7) sits on its scale. */
function ScaleBar({ metric, score }: { metric: Metric; score: number | null }) {
  const fraction = score === null ? 0 : metric === 'ces' ? (score - 1) / 6 : score / 100;
  const percent = Math.min(100, Math.max(0, fraction * 100));
  return (
    <div className="mix">
      <div className="mix-bar scale-bar" aria-hidden="true">
        <span className="mix-seg scale-fill" style={{ flexGrow: percent }} />
        <span className="mix-seg scale-rest" style={{ flexGrow: 100 - percent }} />
      </div>
      <p className="mix-legend">{HINTS[metric]}</p>
    </div>
  );
}

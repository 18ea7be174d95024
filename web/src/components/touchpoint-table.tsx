// Scores by touchpoint, grouped by journey stage in journey order; cells resting on few responses are muted.
import { formatInterval, formatMargin, formatN, formatScoreWithUnit, metricName } from '../format.js';
import type { Bucket, Journey, Metric, ScoreSummary, Touchpoint } from '../types.js';
import { TABLE_METRICS as METRICS } from '../use-overview.js';

interface Props {
  /** Score summaries grouped by touchpoint, per metric; null while loading. */
  byTouchpoint: Record<Metric, ScoreSummary> | null;
  journeys: Journey[];
  touchpoints: Touchpoint[];
}

interface Row {
  id: string;
  name: string;
  channel: string | null;
  scores: Partial<Record<Metric, Bucket>>;
}

interface Group {
  key: string;
  title: string;
  rows: Row[];
}

/** The touchpoint table. */
export function TouchpointTable({ byTouchpoint, journeys, touchpoints }: Props) {
  const all = byTouchpoint ? groupRows(byTouchpoint, journeys, touchpoints) : [];
  // Touchpoints without a single response in the period are listed under the table, not as rows of dashes.
  const unmeasured = all.flatMap((group) => group.rows.filter((row) => !hasResponses(row)));
  const groups = all
    .map((group) => ({ ...group, rows: group.rows.filter(hasResponses) }))
    .filter((group) => group.rows.length > 0);
  const showJourney = journeys.length > 1;

  return (
    <section className="card table-card" aria-labelledby="touchpoints-title">
      <div className="card-head">
        <div>
          <h2 className="card-title" id="touchpoints-title">
            By touchpoint
          </h2>
          <p className="card-subtitle">
            Each score with its 95% interval and number of responses, in journey order
          </p>
        </div>
      </div>
      {byTouchpoint === null ? (
        <div className="table-skeleton" aria-hidden="true">
          {[0, 1, 2, 3, 4].map((i) => (
            <span key={i} className="skeleton skeleton-row" />
          ))}
        </div>
      ) : groups.length === 0 ? (
        <p className="empty">No touchpoints have responses in this period.</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
        <section className="table-scroll" tabIndex={0} aria-label="Touchpoint scores table">
          <table className="touchpoints" data-testid="touchpoint-table">
            <caption className="visually-hidden">Scores by touchpoint, grouped by journey stage</caption>
            <thead>
              <tr>
                <th scope="col" className="col-name">
                  Touchpoint
                </th>
                {METRICS.map((metric) => (
                  <th scope="col" key={metric} className="col-score">
                    {metricName(metric)}
                  </th>
                ))}
              </tr>
            </thead>
            {groups.map((group) => (
              <tbody key={group.key}>
                <tr className="stage-row">
                  <th scope="colgroup" colSpan={METRICS.length + 1}>
                    {showJourney ? group.title : group.title.replace(/^.* › /, '')}
                  </th>
                </tr>
                {group.rows.map((row) => (
                  <tr key={row.id}>
                    <th scope="row" className="col-name">
                      <span className="tp-name">{row.name}</span>
                      {row.channel ? <span className="tp-channel">{channelLabel(row.channel)}</span> : null}
                    </th>
                    {METRICS.map((metric) => (
                      <ScoreCell key={metric} metric={metric} bucket={row.scores[metric]} />
                    ))}
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </section>
      )}
      {unmeasured.length > 0 ? (
        <p className="table-note">
          No responses in this period: {unmeasured.map((row) => row.name).join(', ')}.
        </p>
      ) : null}
    </section>
  );
}

function ScoreCell({ metric, bucket }: { metric: Metric; bucket: Bucket | undefined }) {
  if (!bucket || bucket.n === 0) {
    return (
      <td className="col-score cell-empty">
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">No responses</span>
      </td>
    );
  }
  return (
    <td
      className={bucket.lowN ? 'col-score cell-low' : 'col-score'}
      title={formatInterval(metric, bucket.ci)}
    >
      <span className="cell-score">{formatScoreWithUnit(metric, bucket.score)}</span>
      {bucket.ci ? <span className="cell-margin"> {formatMargin(metric, bucket.ci)}</span> : null}
      <span className="cell-n">
        {formatN(bucket.n)}
        {bucket.lowN ? <span className="cell-flag"> · low n</span> : null}
      </span>
    </td>
  );
}

function hasResponses(row: Row): boolean {
  return METRICS.some((metric) => (row.scores[metric]?.n ?? 0) > 0);
}

function channelLabel(channel: string): string {
  const text = channel.replace(/[_-]+/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Orders touchpoints by journey, then stage position, then name; touchpoints with no known stage come last. */
function groupRows(
  byTouchpoint: Record<Metric, ScoreSummary>,
  journeys: Journey[],
  touchpoints: Touchpoint[],
): Group[] {
  const rows = new Map<string, Row>();
  for (const tp of touchpoints)
    rows.set(tp.id, { id: tp.id, name: tp.name, channel: tp.channel, scores: {} });
  for (const metric of METRICS) {
    for (const bucket of byTouchpoint[metric].buckets) {
      if (!bucket.group) continue;
      let row = rows.get(bucket.group.id);
      if (!row) {
        row = { id: bucket.group.id, name: bucket.group.name, channel: null, scores: {} };
        rows.set(row.id, row);
      }
      row.scores[metric] = bucket;
    }
  }

  const stageOf = new Map<string, { key: string; title: string; order: [number, number] }>();
  journeys.forEach((journey, journeyIndex) => {
    for (const stage of journey.stages) {
      stageOf.set(`${journey.id}/${stage.id}`, {
        key: stage.id,
        title: `${journey.name} › ${stage.name}`,
        order: [journeyIndex, stage.position],
      });
    }
  });

  const groups = new Map<string, Group & { order: [number, number] }>();
  const touchpointById = new Map(touchpoints.map((tp) => [tp.id, tp]));
  for (const row of rows.values()) {
    const tp = touchpointById.get(row.id);
    const stage = tp ? stageOf.get(`${tp.journeyId}/${tp.stageId}`) : undefined;
    const key = stage?.key ?? 'other';
    let group = groups.get(key);
    if (!group) {
      group = {
        key,
        title: stage?.title ?? 'Other touchpoints',
        order: stage?.order ?? [Number.MAX_SAFE_INTEGER, 0],
        rows: [],
      };
      groups.set(key, group);
    }
    group.rows.push(row);
  }

  return [...groups.values()]
    .sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1])
    .map((group) => ({ ...group, rows: group.rows.sort((a, b) => a.name.localeCompare(b.name)) }));
}

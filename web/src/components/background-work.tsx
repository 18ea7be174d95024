// Long work in the background (comment analysis re-runs, model training): what is running, how far
// along, and what just finished. Shown only while there is something to show.
import { useQuery } from '@tanstack/react-query';
import { api } from '../api.js';
import type { TextRun } from '../types.js';

const POLL_MS = 2_000;
/** Finished runs stay on the card this long. */
const RECENT_MS = 10 * 60_000;

/** Runs worth showing now: every unfinished one, and those finished in the last few minutes. */
export function visibleRuns(runs: TextRun[], now: number): TextRun[] {
  return runs.filter(
    (r) =>
      r.status === 'queued' ||
      r.status === 'running' ||
      (r.status !== 'superseded' && r.finishedAt !== null && now - Date.parse(r.finishedAt) < RECENT_MS),
  );
}

/** The background work card of the overview. */
export function BackgroundWork() {
  // Keep following while something is under way; otherwise look again now and then.
  const { data } = useQuery({
    queryKey: ['/api/v1/text/runs'],
    queryFn: ({ signal }) => api.textRuns(signal),
    refetchInterval: (query) =>
      query.state.data?.items.some((x) => x.status === 'queued' || x.status === 'running')
        ? POLL_MS
        : 15 * POLL_MS,
  });
  const runs = data?.items ?? [];

  const shown = visibleRuns(runs, Date.now());
  if (shown.length === 0) return null;
  return (
    <section className="card work-card" aria-labelledby="work-title" data-testid="background-work">
      <div className="card-head">
        <div>
          <h2 className="card-title" id="work-title">
            Background work
          </h2>
          <p className="card-subtitle">Comment analysis and model training run on the server&apos;s worker</p>
        </div>
      </div>
      <ul className="work-list">
        {shown.map((run) => (
          <li key={run.id} className="work-item" data-testid="work-item">
            <span className="work-name">
              {run.kind === 'rerun' ? 'Comment analysis' : 'Model training'}
              {run.reason ? <span className="work-reason"> · {run.reason}</span> : null}
            </span>
            <progress
              max={1}
              value={run.progress}
              aria-label={`${run.kind === 'rerun' ? 'Comment analysis' : 'Model training'} progress`}
            />
            <span className="work-status" role="status">
              {statusText(run)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function statusText(run: TextRun): string {
  const count = run.total !== null ? ` (${run.done.toLocaleString()} of ${run.total.toLocaleString()})` : '';
  switch (run.status) {
    case 'queued':
      return 'Waiting for a worker';
    case 'running':
      return `${Math.round(run.progress * 100)}%${count}`;
    case 'done':
      return `Done${count}`;
    case 'failed':
      return `Failed${run.error ? `: ${run.error}` : ''}`;
    case 'superseded':
      return 'Replaced by a newer run';
  }
}

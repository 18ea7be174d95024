// Initiatives: the list with status and verdict badges, and one initiative's measured effect: treated vs
// control before and after the start (chart with 95% bands and the same numbers as a table), milestones, notes.
import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import type {
  Effect,
  InitiativeDetail,
  InitiativeList,
  InitiativeNote,
} from '../../../src/shared/api/index.js';
import { ApiError } from '../api.js';
import { sessionEnded } from '../query.js';
import { FollowUpCard } from './initiative-follow-up.js';
import { InitiativeForm } from './initiative-form.js';
import { getJson } from './initiatives-api.js';
import { SeriesChart, SeriesTable } from './initiatives-effect.js';
import { PulseSection, ReportsSection } from './initiatives-pulse.js';
import {
  formatEffect,
  formatP,
  formatValue,
  methodSentence,
  metricLabel,
  STATUS_LABEL,
  VERDICT_LABEL,
  verdictSentence,
} from './initiatives-view.js';
import './initiatives-page.css';

const selectedFromUrl = () => new URLSearchParams(window.location.search).get('id');

/** The initiatives page: the list, or one initiative when `?id=` names it. */
export default function InitiativesPage() {
  const [selected, setSelected] = useState<string | null>(selectedFromUrl);

  useEffect(() => {
    const onPop = () => setSelected(selectedFromUrl());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const open = useCallback((id: string | null) => {
    window.history.pushState(null, '', id ? `/initiatives?id=${encodeURIComponent(id)}` : '/initiatives');
    setSelected(id);
  }, []);

  const failed = useCallback((error: unknown, set: (m: string) => void) => {
    if (error instanceof DOMException && error.name === 'AbortError') return;
    if (error instanceof ApiError && error.status === 401) sessionEnded();
    else set(error instanceof Error ? error.message : 'Northstar could not load the initiatives.');
  }, []);

  return (
    <div className="page initiatives">
      {selected ? (
        <InitiativeView id={selected} onBack={() => open(null)} onError={failed} />
      ) : (
        <InitiativeListView onOpen={open} onError={failed} />
      )}
    </div>
  );
}

type OnError = (error: unknown, set: (m: string) => void) => void;

function VerdictBadge({ verdict }: { verdict: Effect['verdict'] }) {
  return (
    <span className={`badge verdict verdict-${verdict.replaceAll('_', '-')}`} data-testid="verdict-badge">
      {VERDICT_LABEL[verdict]}
    </span>
  );
}

function StatusBadge({ status }: { status: keyof typeof STATUS_LABEL }) {
  return <span className={`badge status status-${status}`}>{STATUS_LABEL[status]}</span>;
}

function InitiativeListView({ onOpen, onError }: { onOpen: (id: string) => void; onError: OnError }) {
  const [items, setItems] = useState<InitiativeList['items'] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    getJson<InitiativeList>('/api/v1/initiatives', controller.signal)
      .then((r) => setItems(r.items))
      .catch((e: unknown) => onError(e, setError));
    return () => controller.abort();
  }, [onError]);

  return (
    <>
      <div className="page-head">
        <div>
          <h1 className="page-title">Initiatives</h1>
          <p className="page-subtitle">
            Changes made to the experience, and whether they worked: each one measured against touchpoints it
            did not change.
          </p>
        </div>
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <details className="card new-initiative">
        <summary>New initiative</summary>
        <InitiativeForm onCreated={onOpen} />
      </details>
      <section className="card" aria-labelledby="initiatives-list-title">
        <div className="card-head">
          <h2 className="card-title" id="initiatives-list-title">
            All initiatives
          </h2>
        </div>
        {items === null ? (
          <p className="initiatives-empty" role="status">
            Loading…
          </p>
        ) : items.length === 0 ? (
          <p className="initiatives-empty">No initiatives yet. Create one with the form above.</p>
        ) : (
          <>
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard. */}
            <section className="initiatives-table-wrap" tabIndex={0} aria-label="Initiatives table">
              <table className="initiatives-table" data-testid="initiatives-table">
                <caption className="visually-hidden">
                  Initiatives with their status and measured effect
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Initiative</th>
                    <th scope="col">Status</th>
                    <th scope="col">Metric</th>
                    <th scope="col">Started</th>
                    <th scope="col">Verdict</th>
                    <th scope="col">Effect</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((i) => (
                    <tr key={i.id}>
                      <th scope="row">
                        <a
                          href={`/initiatives?id=${encodeURIComponent(i.id)}`}
                          onClick={(event) => {
                            if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0)
                              return;
                            event.preventDefault();
                            onOpen(i.id);
                          }}
                        >
                          {i.title}
                        </a>
                      </th>
                      <td>
                        <StatusBadge status={i.status} />
                      </td>
                      <td>{metricLabel(i.metric)}</td>
                      <td>{i.startedAt}</td>
                      <td>
                        <VerdictBadge verdict={i.effect.verdict} />
                      </td>
                      <td className="num" data-figure>
                        {formatEffect(i.metric, i.effect)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </>
        )}
      </section>
      <PulseSection onError={onError} />
      <ReportsSection onError={onError} />
    </>
  );
}

function InitiativeView({ id, onBack, onError }: { id: string; onBack: () => void; onError: OnError }) {
  const [detail, setDetail] = useState<InitiativeDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setDetail(null);
    getJson<InitiativeDetail>(`/api/v1/initiatives/${encodeURIComponent(id)}`, controller.signal)
      .then(setDetail)
      .catch((e: unknown) => onError(e, setError));
    return () => controller.abort();
  }, [id, onError]);

  const back = (
    <a
      className="back-link"
      href="/initiatives"
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        onBack();
      }}
    >
      ← All initiatives
    </a>
  );
  if (error)
    return (
      <>
        {back}
        <p className="form-error" role="alert">
          {error}
        </p>
      </>
    );
  if (!detail)
    return (
      <>
        {back}
        <p role="status">Loading…</p>
      </>
    );
  const e = detail.effect;
  return (
    <>
      {back}
      <div className="page-head">
        <div>
          <h1 className="page-title">{detail.title}</h1>
          <p className="page-subtitle">
            <StatusBadge status={detail.status} /> {metricLabel(detail.metric)} · started {detail.startedAt}
            {detail.endedAt ? ` · ended ${detail.endedAt}` : ''}
          </p>
        </div>
        <StatusControl
          detail={detail}
          onChanged={(status) => setDetail({ ...detail, status })}
          onError={(e) => onError(e, setError)}
        />
      </div>
      <section className="card effect-card" aria-labelledby="effect-title">
        <div className="card-head">
          <div>
            <h2 className="card-title" id="effect-title">
              Did it work?
            </h2>
            <p className="card-subtitle">{methodSentence(e.method)}</p>
          </div>
          <VerdictBadge verdict={e.verdict} />
        </div>
        <div className="effect-body">
          <p className="verdict-sentence" data-testid="verdict-sentence">
            {verdictSentence(e)}
          </p>
          <dl className="effect-facts">
            <div>
              <dt>Effect</dt>
              <dd data-testid="effect-estimate">{formatEffect(e.metric, e)}</dd>
            </div>
            <div>
              <dt>p-value</dt>
              <dd>{formatP(e.p)}</dd>
            </div>
            <div>
              <dt>Smallest effect it could detect</dt>
              <dd>{formatValue(e.metric, e.minimumDetectableEffect)}</dd>
            </div>
            <div>
              <dt>Responses (targeted / comparison)</dt>
              <dd>
                {(e.before.n + e.after.n).toLocaleString('en')} /{' '}
                {e.control ? (e.control.before.n + e.control.after.n).toLocaleString('en') : '—'}
              </dd>
            </div>
          </dl>
          {e.warnings.length > 0 ? (
            <ul className="effect-warnings">
              {e.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          ) : null}
          {detail.hypothesis ? (
            <p className="hypothesis">
              <strong>Hypothesis:</strong> {detail.hypothesis}
            </p>
          ) : null}
        </div>
        <SeriesChart effect={e} />
        <SeriesTable effect={e} />
      </section>
      <div className="initiative-columns">
        <Milestones detail={detail} />
        <Notes id={detail.id} notes={detail.notes} onError={onError} />
      </div>
      <FollowUpCard id={detail.id} onError={onError} />
    </>
  );
}

function Milestones({ detail }: { detail: InitiativeDetail }) {
  return (
    <section className="card side-card" aria-labelledby="milestones-title">
      <div className="card-head">
        <h2 className="card-title" id="milestones-title">
          Milestones
        </h2>
      </div>
      {detail.milestones.length === 0 ? (
        <p className="initiatives-empty">No milestones.</p>
      ) : (
        <ul className="milestones">
          {detail.milestones.map((m) => (
            <li key={m.id} className={m.done ? 'done' : undefined}>
              <span aria-hidden="true">{m.done ? '✓' : '○'}</span> {m.title}
              {m.dueOn ? <span className="muted"> · due {m.dueOn}</span> : null}
              <span className="visually-hidden">{m.done ? ' (done)' : ' (open)'}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Notes({ id, notes, onError }: { id: string; notes: InitiativeNote[]; onError: OnError }) {
  const [list, setList] = useState(notes);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    try {
      const note = await getJson<InitiativeNote>(
        `/api/v1/initiatives/${encodeURIComponent(id)}/notes`,
        undefined,
        {
          body: text,
        },
      );
      setList((l) => [...l, note]);
      setText('');
      setError(null);
    } catch (e) {
      onError(e, setError);
    }
  };
  return (
    <section className="card side-card" aria-labelledby="notes-title">
      <div className="card-head">
        <h2 className="card-title" id="notes-title">
          Notes
        </h2>
      </div>
      {list.length === 0 ? <p className="initiatives-empty">No notes yet.</p> : null}
      <ul className="notes">
        {list.map((n) => (
          <li key={n.id}>
            <time dateTime={n.createdAt}>{n.createdAt.slice(0, 10)}</time> {n.body}
          </li>
        ))}
      </ul>
      <form className="note-form" onSubmit={submit}>
        <label htmlFor={inputId}>Add a note</label>
        <textarea
          id={inputId}
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={2}
          maxLength={4000}
        />
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button">
          Add note
        </button>
      </form>
    </section>
  );
}

function StatusControl({
  detail,
  onChanged,
  onError,
}: {
  detail: InitiativeDetail;
  onChanged: (status: InitiativeDetail['status']) => void;
  onError: (error: unknown) => void;
}) {
  const id = useId();
  const [busy, setBusy] = useState(false);
  return (
    <div className="status-control">
      <label htmlFor={id}>Status</label>
      <select
        id={id}
        value={detail.status}
        disabled={busy}
        onChange={async (event) => {
          const status = event.target.value as InitiativeDetail['status'];
          setBusy(true);
          try {
            await getJson(
              `/api/v1/initiatives/${encodeURIComponent(detail.id)}`,
              undefined,
              { status },
              'PATCH',
            );
            onChanged(status);
          } catch (e) {
            onError(e);
          } finally {
            setBusy(false);
          }
        }}
      >
        {(Object.keys(STATUS_LABEL) as Array<keyof typeof STATUS_LABEL>).map((s) => (
          <option key={s} value={s}>
            {STATUS_LABEL[s]}
          </option>
        ))}
      </select>
    </div>
  );
}

// The case inbox: open cases with their SLA countdowns, filters, and one case at a time with the
// customer's feedback and history, notes, a reply to the customer, and closing with a root cause.
import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import type { CaseDetail, CasePage, CaseSummary, Team } from '../../../src/shared/api/index.js';
import { sessionEnded } from '../query.js';
import { useSession } from '../session.js';
import type { Session } from '../types.js';

const POLL_MS = 1_500;
const STATUSES = ['open', 'in_progress', 'waiting', 'closed'] as const;
const STATUS_LABEL: Record<string, string> = {
  open: 'Open',
  in_progress: 'In progress',
  waiting: 'Waiting on customer',
  closed: 'Closed',
};
const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;

class CallError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers:
      body === undefined
        ? { accept: 'application/json' }
        : { 'content-type': 'application/json', accept: 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? (JSON.parse(text) as unknown) : null;
  if (!res.ok) {
    const p = json as {
      detail?: string;
      title?: string;
      invalid_params?: { name: string; reason: string }[];
    } | null;
    const fields = p?.invalid_params?.map((f) => `${f.name}: ${f.reason}`).join('; ');
    throw new CallError(
      res.status,
      [p?.detail ?? p?.title ?? `Request failed (${res.status})`, fields].filter(Boolean).join(' — '),
    );
  }
  return json as T;
}

/** "due in 3 h 20 min" or "overdue by 2 h", from now. */
export function countdown(dueAt: string, now: number): { text: string; overdue: boolean } {
  const ms = new Date(dueAt).getTime() - now;
  const abs = Math.abs(ms);
  const d = Math.floor(abs / 86_400_000);
  const h = Math.floor((abs % 86_400_000) / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const span = d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${m} min` : `${m} min`;
  return ms >= 0 ? { text: `due in ${span}`, overdue: false } : { text: `overdue by ${span}`, overdue: true };
}

const when = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** The cases page. */
export function CasesPage() {
  // Inside the dashboard's shell: the session from its context, an ended session reported to the app.
  const session = useSession();
  const [filters, setFilters] = useState({
    status: 'open,in_progress,waiting',
    teamId: '',
    mine: false,
    priority: '',
    breached: '',
  });
  const [list, setList] = useState<CaseSummary[] | null>(null);
  const [teams, setTeams] = useState<Team[]>([]);
  const [selected, setSelected] = useState<string | null>(
    () => /^\/cases\/([0-9a-f-]{36})/.exec(window.location.pathname)?.[1] ?? null,
  );
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [picked, setPicked] = useState<Set<string>>(() => new Set());
  const ids = { status: useId(), team: useId(), priority: useId(), breached: useId() };

  const fail = useCallback((e: unknown) => {
    if (e instanceof CallError && e.status === 401) sessionEnded();
    else setError((e as Error).message);
  }, []);

  const query = new URLSearchParams({ limit: '100' });
  if (filters.status) query.set('status', filters.status);
  if (filters.teamId) query.set('teamId', filters.teamId);
  if (filters.mine) query.set('ownerId', session.user.id);
  if (filters.priority) query.set('priority', filters.priority);
  if (filters.breached) query.set('breached', filters.breached);
  const listUrl = `/api/v1/cases?${query}`;

  const loadList = useCallback(() => call<CasePage>('GET', listUrl).then((p) => setList(p.items)), [listUrl]);
  const loadDetail = useCallback(
    () =>
      selected ? call<CaseDetail>('GET', `/api/v1/cases/${selected}`).then(setDetail) : Promise.resolve(),
    [selected],
  );

  useEffect(() => {
    call<{ items: Team[] }>('GET', '/api/v1/teams').then((t) => setTeams(t.items), fail);
  }, [fail]);
  // New cases appear while the page is open.
  useEffect(() => {
    loadList().catch(fail);
    const t = setInterval(() => {
      loadList().catch(() => {});
      setNow(Date.now());
    }, POLL_MS);
    return () => clearInterval(t);
  }, [loadList, fail]);
  useEffect(() => {
    setDetail(null);
    loadDetail().catch(fail);
  }, [loadDetail, fail]);

  const teamName = (id: string | null) => teams.find((t) => t.id === id)?.name ?? '—';
  const ownerName = (id: string | null) =>
    id === null ? 'Unassigned' : id === session.user.id ? 'Me' : `Agent ${id.slice(0, 6)}`;
  const open = (id: string) => {
    setSelected(id);
    window.history.replaceState(null, '', `/cases/${id}`);
  };
  const act = async (method: 'POST' | 'PATCH', path: string, body?: unknown) => {
    setError(null);
    try {
      await call(method, path, body);
      await Promise.all([loadDetail(), loadList()]);
      return true;
    } catch (e) {
      fail(e);
      return false;
    }
  };

  // Bulk assignment: every picked case to me (one PATCH each, so each lands in its own history).
  const assignPicked = async () => {
    setError(null);
    try {
      for (const id of picked) await call('PATCH', `/api/v1/cases/${id}`, { ownerId: session.user.id });
      setPicked(new Set());
      await Promise.all([loadList(), loadDetail()]);
    } catch (e) {
      fail(e);
    }
  };
  const toggle = (id: string, on: boolean) =>
    setPicked((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1 className="page-title">Cases</h1>
          <p className="page-subtitle">Unhappy customers to call back, with their deadlines.</p>
        </div>
      </div>
      {error ? (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      ) : null}
      <section className="card" aria-labelledby="case-filters">
        <h2 className="card-title" id="case-filters">
          Filters
        </h2>
        <div className="case-filters">
          <div className="field">
            <label htmlFor={ids.status}>Status</label>
            <select
              id={ids.status}
              value={filters.status}
              onChange={(e) => setFilters({ ...filters, status: e.target.value })}
              data-testid="filter-status"
            >
              <option value="open,in_progress,waiting">Not closed</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABEL[s]}
                </option>
              ))}
              <option value="">Any</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.team}>Team</label>
            <select
              id={ids.team}
              value={filters.teamId}
              onChange={(e) => setFilters({ ...filters, teamId: e.target.value })}
            >
              <option value="">Any team</option>
              {teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.priority}>Priority</label>
            <select
              id={ids.priority}
              value={filters.priority}
              onChange={(e) => setFilters({ ...filters, priority: e.target.value })}
            >
              <option value="">Any priority</option>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.breached}>SLA</label>
            <select
              id={ids.breached}
              value={filters.breached}
              onChange={(e) => setFilters({ ...filters, breached: e.target.value })}
            >
              <option value="">Any</option>
              <option value="true">Breached</option>
              <option value="false">Within SLA</option>
            </select>
          </div>
          <label className="check">
            <input
              type="checkbox"
              checked={filters.mine}
              onChange={(e) => setFilters({ ...filters, mine: e.target.checked })}
            />{' '}
            Mine only
          </label>
        </div>
      </section>
      <div className="cases-layout">
        <section className="card table-card" aria-labelledby="case-list">
          <h2 className="card-title" id="case-list">
            Inbox {list ? `(${list.length}${list.length === 100 ? '+' : ''})` : ''}
          </h2>
          <button
            type="button"
            className="button button-small"
            disabled={picked.size === 0}
            onClick={() => void assignPicked()}
            data-testid="assign-picked"
          >
            Assign {picked.size || ''} selected to me
          </button>
          {list === null ? (
            <p role="status">Loading cases…</p>
          ) : list.length === 0 ? (
            <p className="empty">No cases match these filters.</p>
          ) : (
            <div className="table-scroll">
              <table className="data-table" data-testid="case-table">
                <caption className="visually-hidden">Cases, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">
                      <span className="visually-hidden">Select</span>
                    </th>
                    <th scope="col">Case</th>
                    <th scope="col">Score</th>
                    <th scope="col">Priority</th>
                    <th scope="col">Status</th>
                    <th scope="col">Team · owner</th>
                    <th scope="col">Deadline</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((c) => {
                    const due = countdown(c.dueAt, now);
                    return (
                      <tr key={c.id} aria-current={c.id === selected ? 'true' : undefined}>
                        <td>
                          <input
                            type="checkbox"
                            aria-label={`Select the case of ${when(c.createdAt)}`}
                            checked={picked.has(c.id)}
                            onChange={(e) => toggle(c.id, e.target.checked)}
                          />
                        </td>
                        <td>
                          <button
                            type="button"
                            className="button button-ghost button-small"
                            onClick={() => open(c.id)}
                            data-testid="case-open"
                          >
                            {when(c.createdAt)}
                          </button>
                        </td>
                        <td>{c.nps === null ? '—' : `NPS ${c.nps}`}</td>
                        <td>{c.priority}</td>
                        <td>{STATUS_LABEL[c.status]}</td>
                        <td>
                          {teamName(c.teamId)} · {ownerName(c.ownerId)}
                        </td>
                        <td>
                          {c.status === 'closed' ? (
                            'closed'
                          ) : (
                            <span className={c.breached || due.overdue ? 'badge badge-warn' : 'badge'}>
                              {c.breached ? `breached, ${due.text}` : due.text}
                            </span>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </section>
        {detail ? (
          <CaseView
            detail={detail}
            now={now}
            teamName={teamName}
            ownerName={ownerName}
            session={session}
            act={act}
          />
        ) : null}
      </div>
    </div>
  );
}

export default CasesPage;

function CaseView(props: {
  detail: CaseDetail;
  now: number;
  session: Session;
  teamName: (id: string | null) => string;
  ownerName: (id: string | null) => string;
  act: (method: 'POST' | 'PATCH', path: string, body?: unknown) => Promise<boolean>;
}) {
  const { detail: c, act } = props;
  const base = `/api/v1/cases/${c.id}`;
  const [note, setNote] = useState('');
  const [reply, setReply] = useState({ subject: '', body: '' });
  const [close, setClose] = useState({ resolution: '', rootCause: '', recoverySurvey: true });
  const ids = {
    status: useId(),
    priority: useId(),
    note: useId(),
    subject: useId(),
    body: useId(),
    resolution: useId(),
    cause: useId(),
  };
  const due = countdown(c.dueAt, props.now);
  const submit = (fn: () => Promise<void>) => (e: FormEvent) => {
    e.preventDefault();
    void fn();
  };
  return (
    <section className="card case-view" aria-labelledby="case-title" data-testid="case-view">
      <h2 className="card-title" id="case-title">
        {c.contact?.name ?? c.contact?.email ?? 'Customer'} —{' '}
        {c.feedback?.nps !== null && c.feedback?.nps !== undefined ? `NPS ${c.feedback.nps}` : 'feedback'}
      </h2>
      <p className="card-subtitle">
        {props.teamName(c.teamId)} · {props.ownerName(c.ownerId)} ·{' '}
        {c.status === 'closed' ? `closed ${c.closedAt ? when(c.closedAt) : ''}` : due.text}
        {c.breached ? ' · SLA breached' : ''}
      </p>
      {c.feedback?.text ? <blockquote data-testid="case-comment">{c.feedback.text}</blockquote> : null}
      <div className="case-actions">
        <div className="field">
          <label htmlFor={ids.status}>Status</label>
          <select
            id={ids.status}
            value={c.status}
            disabled={c.status === 'closed'}
            onChange={(e) => void act('PATCH', base, { status: e.target.value })}
            data-testid="case-status"
          >
            {STATUSES.filter((s) => s !== 'closed' || c.status === 'closed').map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.priority}>Priority</label>
          <select
            id={ids.priority}
            value={c.priority}
            onChange={(e) => void act('PATCH', base, { priority: e.target.value })}
          >
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
        {c.ownerId !== props.session.user.id ? (
          <button
            type="button"
            className="button"
            onClick={() => void act('PATCH', base, { ownerId: props.session.user.id })}
            data-testid="case-assign-me"
          >
            Assign to me
          </button>
        ) : null}
        {c.status === 'closed' ? (
          <button type="button" className="button" onClick={() => void act('POST', `${base}/reopen`)}>
            Reopen
          </button>
        ) : null}
      </div>

      <h3>Reply to the customer</h3>
      {c.contact?.email ? (
        <form
          onSubmit={submit(async () => {
            if (
              await act('POST', `${base}/reply`, {
                body: reply.body,
                ...(reply.subject ? { subject: reply.subject } : {}),
              })
            )
              setReply({ subject: '', body: '' });
          })}
        >
          <div className="field">
            <label htmlFor={ids.subject}>Subject (optional)</label>
            <input
              id={ids.subject}
              value={reply.subject}
              onChange={(e) => setReply({ ...reply, subject: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.body}>Message to {c.contact.email}</label>
            <textarea
              id={ids.body}
              required
              rows={4}
              value={reply.body}
              onChange={(e) => setReply({ ...reply, body: e.target.value })}
              data-testid="reply-body"
            />
          </div>
          <button type="submit" className="button button-primary" data-testid="reply-send">
            Send reply
          </button>
        </form>
      ) : (
        <p>This customer left no email address.</p>
      )}

      <h3>Internal notes</h3>
      <ul className="case-notes">
        {c.notes.map((n) => (
          <li key={n.id}>
            <span className="footnote">{when(n.createdAt)}</span> {n.body}
          </li>
        ))}
      </ul>
      <form
        onSubmit={submit(async () => {
          if (await act('POST', `${base}/notes`, { body: note })) setNote('');
        })}
      >
        <div className="field">
          <label htmlFor={ids.note}>Add a note</label>
          <textarea
            id={ids.note}
            required
            rows={2}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            data-testid="note-body"
          />
        </div>
        <button type="submit" className="button">
          Add note
        </button>
      </form>

      {c.status !== 'closed' ? (
        <>
          <h3>Close the case</h3>
          <form
            onSubmit={submit(
              async () =>
                void (await act('POST', `${base}/close`, {
                  resolution: close.resolution,
                  recoverySurvey: close.recoverySurvey,
                  ...(close.rootCause ? { rootCause: close.rootCause } : {}),
                })),
            )}
          >
            <div className="field">
              <label htmlFor={ids.resolution}>Resolution</label>
              <textarea
                id={ids.resolution}
                required
                rows={2}
                value={close.resolution}
                onChange={(e) => setClose({ ...close, resolution: e.target.value })}
                data-testid="close-resolution"
              />
            </div>
            <div className="field">
              <label htmlFor={ids.cause}>Root cause</label>
              <input
                id={ids.cause}
                list="root-causes"
                value={close.rootCause}
                onChange={(e) => setClose({ ...close, rootCause: e.target.value })}
                data-testid="close-cause"
              />
              <datalist id="root-causes">
                {[
                  'delivery delay',
                  'staff attitude',
                  'billing error',
                  'product defect',
                  'long wait',
                  'website bug',
                ].map((r) => (
                  <option key={r} value={r} />
                ))}
              </datalist>
            </div>
            <label className="check">
              <input
                type="checkbox"
                checked={close.recoverySurvey}
                onChange={(e) => setClose({ ...close, recoverySurvey: e.target.checked })}
              />{' '}
              Ask the customer the recovery question
            </label>
            <button type="submit" className="button button-primary" data-testid="close-submit">
              Close case
            </button>
          </form>
        </>
      ) : (
        <p data-testid="case-closed">
          Closed: {c.resolution} {c.rootCause ? `(root cause: ${c.rootCause})` : ''}
          {c.recoveryScore !== null ? ` · recovery answer ${c.recoveryScore}/10` : ''}
        </p>
      )}

      <h3>Customer history</h3>
      <p>
        {c.contact
          ? `${c.contact.feedback.length} answers, ${c.contact.cases.length} cases`
          : 'Anonymous feedback'}
      </p>
      <ul className="case-feedback">
        {c.contact?.feedback.slice(0, 10).map((f) => (
          <li key={f.id}>
            <span className="footnote">{when(f.occurredAt)}</span>{' '}
            {f.nps !== null ? `NPS ${f.nps}` : f.csat !== null ? `CSAT ${f.csat}` : f.channel}
            {f.text ? ` — ${f.text}` : ''}
          </li>
        ))}
      </ul>

      <h3>History</h3>
      <ol className="case-history" data-testid="case-history">
        {c.history.map((h, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: history is append-only, so the index is stable
          <li key={i}>
            <span className="footnote">{when(h.at)}</span> {h.kind.replace('_', ' ')} by{' '}
            {h.actorKind === 'system' ? 'Northstar' : props.ownerName(h.actorId)}
          </li>
        ))}
      </ol>
    </section>
  );
}

// The case inbox: open cases with their SLA countdowns, filters, and one case at a time with the
// customer's feedback and history, notes, a reply to the customer, and closing with a root cause.
import { useCallback, useEffect, useId, useState } from 'react';
import type { CaseDetail, CasePage, CaseSummary, Team } from '../../../src/shared/api/index.js';
import { CallError, call, countdown, PRIORITIES, STATUS_LABEL, STATUSES, when } from '../cases-client.js';
import { CaseView } from '../components/case-view.js';
import { sessionEnded } from '../query.js';
import { useSession } from '../session.js';
import './prove-pages.css';

const POLL_MS = 1_500;
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
      <section className="card case-card" aria-labelledby="case-filters">
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
        <section className="card table-card case-card" aria-labelledby="case-list">
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
              <table className="data-table case-table" data-testid="case-table">
                <caption className="visually-hidden">Cases, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">
                      <span className="visually-hidden">Select</span>
                    </th>
                    <th scope="col">Case</th>
                    <th scope="col">Score</th>
                    <th scope="col">Churn risk</th>
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
                        <td data-testid="case-risk">
                          {c.riskBand === null ? (
                            <span className="muted">not scored</span>
                          ) : (
                            <span className={`badge risk-${c.riskBand}`}>{c.riskBand}</span>
                          )}
                        </td>
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

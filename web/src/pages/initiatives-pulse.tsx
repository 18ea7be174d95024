// The initiatives page's sections on people and reporting: the employee pulse (eNPS by team with the
// anonymity threshold, beside customer NPS, with their correlation across teams) and the digests
// (reports) with their PDFs.
import { type FormEvent, useEffect, useId, useState } from 'react';
import type {
  EmployeePulse,
  PulseLink,
  PulseSurveyList,
  Report,
  ReportList,
  Team,
} from '../../../src/shared/api/index.js';
import { getJson, scoreWithCi } from './initiatives-api.js';

type OnError = (error: unknown, set: (m: string) => void) => void;

const num = (v: number, digits = 2) => v.toFixed(digits).replace('-', '−');

function correlationSentence(c: PulseLink['correlation']): string {
  if (c.r === null) return 'Not enough teams with both scores to correlate them.';
  const ci = c.ci
    ? ` (95% CI ${num(c.ci.low)} to ${num(c.ci.high)})`
    : ' (an interval needs at least 4 teams)';
  return `Across ${c.n} teams, employee eNPS and customer NPS correlate at r = ${num(c.r)}${ci}${c.p === null ? '' : `, p ${c.p < 0.001 ? '< 0.001' : `= ${c.p.toFixed(3)}`}`}. A correlation across teams is not cause and effect.`;
}

/** Employee pulse: eNPS by team (small groups hidden) and the employee-customer link. */
export function PulseSection({ onError }: { onError: OnError }) {
  const [surveys, setSurveys] = useState<PulseSurveyList['items'] | null>(null);
  const [surveyId, setSurveyId] = useState<string | null>(null);
  const [pulse, setPulse] = useState<EmployeePulse | null>(null);
  const [link, setLink] = useState<PulseLink | null>(null);
  const [error, setError] = useState<string | null>(null);
  const selectId = useId();

  useEffect(() => {
    const controller = new AbortController();
    getJson<PulseSurveyList>('/api/v1/employee-pulse', controller.signal)
      .then((r) => {
        setSurveys(r.items);
        setSurveyId((r.items.find((s) => s.status === 'closed') ?? r.items[0])?.id ?? null);
      })
      .catch((e: unknown) => onError(e, setError));
    return () => controller.abort();
  }, [onError]);

  useEffect(() => {
    if (!surveyId) return;
    const controller = new AbortController();
    const id = encodeURIComponent(surveyId);
    Promise.all([
      getJson<EmployeePulse>(`/api/v1/employee-pulse/${id}`, controller.signal),
      getJson<PulseLink>(`/api/v1/employee-pulse/${id}/link`, controller.signal),
    ])
      .then(([p, l]) => {
        setPulse(p);
        setLink(l);
      })
      .catch((e: unknown) => onError(e, setError));
    return () => controller.abort();
  }, [surveyId, onError]);

  const customer = (team: string) => link?.teams.find((t) => t.team === team)?.customer ?? null;
  return (
    <section className="card pulse-card" aria-labelledby="pulse-title" data-testid="pulse-section">
      <div className="card-head">
        <div>
          <h2 className="card-title" id="pulse-title">
            Employee pulse
          </h2>
          <p className="card-subtitle">
            eNPS by team beside the customer NPS at the touchpoints each team owns. No answer is ever shown on
            its own.
          </p>
        </div>
        {surveys && surveys.length > 1 ? (
          <div className="status-control">
            <label htmlFor={selectId}>Pulse survey</label>
            <select id={selectId} value={surveyId ?? ''} onChange={(e) => setSurveyId(e.target.value)}>
              {surveys.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {surveys !== null && surveys.length === 0 ? (
        <p className="initiatives-empty">
          No employee pulse yet: answers from contacts of kind employee appear here.
        </p>
      ) : null}
      {pulse ? (
        <>
          <p className="pulse-threshold" data-testid="pulse-threshold">
            Anonymity threshold: {pulse.minGroup}. Groups under {pulse.minGroup} people are never shown, nor
            any group that would let them be worked out from the total
            {pulse.hiddenTeams > 0 ? ` (${pulse.hiddenTeams} teams hidden here)` : ''}.
          </p>
          {!pulse.available ? <p className="initiatives-empty">{pulse.reason}</p> : null}
          {pulse.overall ? (
            <p>
              <strong>eNPS, all employees:</strong> <span data-figure>{scoreWithCi(pulse.overall)}</span>, n{' '}
              {pulse.overall.n}
            </p>
          ) : null}
          {pulse.teams.length > 0 ? (
            <>
              {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard. */}
              <section className="initiatives-table-wrap" tabIndex={0} aria-label="eNPS by team table">
                <table className="initiatives-table" data-testid="pulse-table">
                  <caption className="visually-hidden">
                    eNPS by team with customer NPS at the team's touchpoints
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Team</th>
                      <th scope="col">eNPS (95% CI)</th>
                      <th scope="col">Respondents</th>
                      <th scope="col">Customer NPS (95% CI)</th>
                    </tr>
                  </thead>
                  <tbody>
                    {pulse.teams.map((t) => (
                      <tr key={t.team}>
                        <th scope="row">{t.team}</th>
                        <td className="num" data-figure>
                          {t.result ? scoreWithCi(t.result) : <span className="muted">Hidden</span>}
                        </td>
                        <td className="num">
                          {t.result ? t.result.n : `fewer than ${pulse.minGroup}, or hidden to protect one`}
                        </td>
                        <td className="num" data-figure>
                          {scoreWithCi(customer(t.team))}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            </>
          ) : null}
          {link?.available ? (
            <>
              <p data-testid="pulse-correlation">{correlationSentence(link.correlation)}</p>
              {link.warnings.length > 0 ? (
                <ul className="effect-warnings">
                  {link.warnings.map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                </ul>
              ) : null}
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

/** Digests: the stored reports with their PDFs, and a form to define one. */
export function ReportsSection({ onError }: { onError: OnError }) {
  const [reports, setReports] = useState<Report[] | null>(null);
  const [teams, setTeams] = useState<Team[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [frequency, setFrequency] = useState<'weekly' | 'monthly'>('weekly');
  const [teamId, setTeamId] = useState('');
  const [recipients, setRecipients] = useState('');
  const ids = { name: useId(), frequency: useId(), team: useId(), recipients: useId() };

  useEffect(() => {
    const controller = new AbortController();
    getJson<ReportList>('/api/v1/reports', controller.signal)
      .then((r) => setReports(r.items))
      .catch((e: unknown) => onError(e, setError));
    getJson<{ items: Team[] }>('/api/v1/teams', controller.signal)
      .then((r) => setTeams(r.items))
      .catch(() => setTeams([]));
    return () => controller.abort();
  }, [onError]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const created = await getJson<Report>('/api/v1/reports', undefined, {
        name,
        frequency,
        recipients: recipients
          .split(/[,\s]+/)
          .map((r) => r.trim())
          .filter(Boolean),
        ...(teamId ? { teamId } : {}),
      });
      setReports((list) => [...(list ?? []), created]);
      setName('');
      setRecipients('');
      setError(null);
    } catch (e) {
      onError(e, setError);
    }
  };

  return (
    <section className="card" aria-labelledby="reports-title" data-testid="reports-section">
      <div className="card-head">
        <div>
          <h2 className="card-title" id="reports-title">
            Digests
          </h2>
          <p className="card-subtitle">
            A weekly or monthly email per team or stakeholder: scores with their intervals and significant
            moves, top themes, open and breaching cases, initiatives and their verdicts, with a PDF.
          </p>
        </div>
      </div>
      {reports === null ? null : reports.length === 0 ? (
        <p className="initiatives-empty">No digests yet.</p>
      ) : (
        <>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard. */}
          <section className="initiatives-table-wrap" tabIndex={0} aria-label="Digests table">
            <table className="initiatives-table" data-testid="reports-table">
              <caption className="visually-hidden">Digests with their schedule and PDF</caption>
              <thead>
                <tr>
                  <th scope="col">Digest</th>
                  <th scope="col">Every</th>
                  <th scope="col">Recipients</th>
                  <th scope="col">Next email</th>
                  <th scope="col">PDF</th>
                </tr>
              </thead>
              <tbody>
                {reports.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">{r.name}</th>
                    <td>{r.frequency === 'weekly' ? 'week' : 'month'}</td>
                    <td>{r.recipients.join(', ')}</td>
                    <td>{r.nextRunAt.slice(0, 10)}</td>
                    <td>
                      <a href={r.pdfUrl} download>
                        Download PDF<span className="visually-hidden"> of {r.name}</span>
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
      <form className="report-form" onSubmit={submit}>
        <label htmlFor={ids.name}>Digest name</label>
        <input
          id={ids.name}
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          maxLength={200}
        />
        <label htmlFor={ids.frequency}>Every</label>
        <select
          id={ids.frequency}
          value={frequency}
          onChange={(e) => setFrequency(e.target.value as 'weekly')}
        >
          <option value="weekly">Week</option>
          <option value="monthly">Month</option>
        </select>
        <label htmlFor={ids.team}>Team</label>
        <select id={ids.team} value={teamId} onChange={(e) => setTeamId(e.target.value)}>
          <option value="">All touchpoints</option>
          {teams.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
        <label htmlFor={ids.recipients}>Recipients (email addresses)</label>
        <input
          id={ids.recipients}
          value={recipients}
          onChange={(e) => setRecipients(e.target.value)}
          required
        />
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button">
          Create digest
        </button>
      </form>
    </section>
  );
}

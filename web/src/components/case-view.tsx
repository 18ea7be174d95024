// One case in the inbox: the feedback, status and priority, reply, notes, close, and its histories.
import { type FormEvent, useId, useState } from 'react';
import type { CaseDetail } from '../../../src/shared/api/index.js';
import { countdown, PRIORITIES, STATUS_LABEL, STATUSES, when } from '../cases-client.js';
import type { Session } from '../types.js';

/** The case view. */
export function CaseView(props: {
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
    <section className="card case-view case-card" aria-labelledby="case-title" data-testid="case-view">
      <h2 className="card-title" id="case-title">
        {c.contact?.name ?? c.contact?.email ?? 'Customer'} —{' '}
        {c.feedback?.nps !== null && c.feedback?.nps !== undefined ? `NPS ${c.feedback.nps}` : 'feedback'}
      </h2>
      <p className="card-subtitle">
        {props.teamName(c.teamId)} · {props.ownerName(c.ownerId)} ·{' '}
        {c.status === 'closed' ? `closed ${c.closedAt ? when(c.closedAt) : ''}` : due.text}
        {c.breached ? ' · SLA breached' : ''}
        {c.riskBand ? (
          <>
            {' · '}
            <span className={`badge risk-${c.riskBand}`} data-testid="case-view-risk">
              {c.riskBand} churn risk
            </span>
          </>
        ) : null}
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

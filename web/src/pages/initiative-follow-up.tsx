// "You said, we did" on an initiative's page: the follow-up campaigns sent, and a form to send one.
import { type FormEvent, useEffect, useId, useState } from 'react';
import type { FollowUp, FollowUpList } from '../../../src/shared/api/index.js';
import { getJson } from './initiatives-api.js';

type OnError = (error: unknown, set: (m: string) => void) => void;

/** The follow-up card of one initiative. */
export function FollowUpCard({ id, onError }: { id: string; onError: OnError }) {
  const [items, setItems] = useState<FollowUpList['items']>([]);
  const [message, setMessage] = useState('');
  const [sent, setSent] = useState<FollowUp | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const base = `/api/v1/initiatives/${encodeURIComponent(id)}`;

  useEffect(() => {
    const controller = new AbortController();
    getJson<FollowUpList>(`${base}/follow-ups`, controller.signal)
      .then((r) => setItems(r.items))
      .catch((e: unknown) => onError(e, setError));
    return () => controller.abort();
  }, [base, onError]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!message.trim()) return;
    setBusy(true);
    try {
      const result = await getJson<FollowUp>(`${base}/follow-up`, undefined, { message });
      setSent(result);
      setMessage('');
      setError(null);
      const list = await getJson<FollowUpList>(`${base}/follow-ups`);
      setItems(list.items);
    } catch (e) {
      onError(e, setError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="follow-up-title" data-testid="follow-up-card">
      <div className="card-head">
        <div>
          <h2 className="card-title" id="follow-up-title">
            You said, we did
          </h2>
          <p className="card-subtitle">
            Tell the customers who raised this (their comments mentioned its themes, or they answered its
            touchpoints before the start) what changed, with a one-click question. Their answers count in the
            effect above. Opted-out customers and those contacted too often are left out.
          </p>
        </div>
      </div>
      {items.length > 0 ? (
        <ul className="notes">
          {items.map((f) => (
            <li key={f.id}>
              <time dateTime={f.createdAt}>{f.createdAt.slice(0, 10)}</time> {f.message}{' '}
              <span className="muted">
                ·{' '}
                {Object.entries(f.counts)
                  .map(([status, n]) => `${n} ${status}`)
                  .join(', ')}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="initiatives-empty">No follow-up sent yet.</p>
      )}
      {sent ? (
        <p role="status" data-testid="follow-up-result">
          Invited {sent.recipients}: {sent.queued} emails on their way, {sent.suppressed} left out (opted out,
          no address or contacted too often).
        </p>
      ) : null}
      <form className="note-form" onSubmit={submit}>
        <label htmlFor={inputId}>What changed (opens the email)</label>
        <textarea
          id={inputId}
          value={message}
          onChange={(e) => setMessage(e.target.value)}
          rows={3}
          maxLength={4000}
        />
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button" disabled={busy}>
          Send follow-up
        </button>
      </form>
    </section>
  );
}

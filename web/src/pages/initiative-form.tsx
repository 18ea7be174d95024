// The "New initiative" form: title, metric, targeted and comparison touchpoints, start date, hypothesis
// and, optionally, what it cost (set against the value of its measured change on the Value page).
import { type FormEvent, useEffect, useId, useState } from 'react';
import { ApiError, api } from '../api.js';
import type { Touchpoint } from '../types.js';

const METRICS = [
  { value: 'nps', label: 'NPS' },
  { value: 'csat', label: 'CSAT' },
  { value: 'ces', label: 'CES' },
  { value: 'rating', label: 'Rating' },
] as const;

/** A problem's message with the fields it names, for a person to act on. */
function problemText(error: unknown): string {
  if (!(error instanceof ApiError))
    return error instanceof Error ? error.message : 'The initiative was not saved.';
  const params =
    (error.problem as { invalid_params?: { name: string; reason: string }[] }).invalid_params ?? [];
  const fields = params.map((p) => `${p.name}: ${p.reason}`).join('; ');
  return fields ? `${error.message} (${fields})` : error.message;
}

/** Create an initiative; calls `onCreated` with its id. */
export function InitiativeForm({ onCreated }: { onCreated: (id: string) => void }) {
  const [touchpoints, setTouchpoints] = useState<Touchpoint[]>([]);
  const [title, setTitle] = useState('');
  const [metric, setMetric] = useState<(typeof METRICS)[number]['value']>('nps');
  const [treated, setTreated] = useState<string[]>([]);
  const [control, setControl] = useState<string[]>([]);
  const [startedAt, setStartedAt] = useState(() => new Date().toISOString().slice(0, 10));
  const [hypothesis, setHypothesis] = useState('');
  const [cost, setCost] = useState('');
  const [currency, setCurrency] = useState('EUR');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = {
    title: useId(),
    metric: useId(),
    start: useId(),
    hypothesis: useId(),
    cost: useId(),
    currency: useId(),
    error: useId(),
  };

  useEffect(() => {
    const controller = new AbortController();
    api
      .touchpoints(controller.signal)
      .then((r) => setTouchpoints(r.items))
      .catch(() => undefined);
    return () => controller.abort();
  }, []);

  const toggle = (list: string[], set: (l: string[]) => void, id: string) =>
    set(list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const response = await fetch('/api/v1/initiatives', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          title,
          metric,
          touchpointIds: treated,
          controlTouchpointIds: control,
          startedAt,
          ...(hypothesis.trim() ? { hypothesis } : {}),
          ...(cost.trim() ? { cost: { amount: cost.trim(), currency: currency.trim().toUpperCase() } } : {}),
        }),
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) throw new ApiError(response.status, body);
      onCreated((body as { id: string }).id);
    } catch (e) {
      setError(problemText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="initiative-form" onSubmit={submit} aria-describedby={error ? ids.error : undefined}>
      <label htmlFor={ids.title}>Title</label>
      <input
        id={ids.title}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        required
        maxLength={200}
      />
      <label htmlFor={ids.metric}>Metric it should move</label>
      <select id={ids.metric} value={metric} onChange={(e) => setMetric(e.target.value as typeof metric)}>
        {METRICS.map((m) => (
          <option key={m.value} value={m.value}>
            {m.label}
          </option>
        ))}
      </select>
      <fieldset>
        <legend>Touchpoints it changes</legend>
        {touchpoints.map((t) => (
          <label key={t.id} className="check">
            <input
              type="checkbox"
              checked={treated.includes(t.id)}
              onChange={() => toggle(treated, setTreated, t.id)}
            />{' '}
            {t.name}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Comparison touchpoints (none ticked: every other touchpoint)</legend>
        {touchpoints
          .filter((t) => !treated.includes(t.id))
          .map((t) => (
            <label key={t.id} className="check">
              <input
                type="checkbox"
                checked={control.includes(t.id)}
                onChange={() => toggle(control, setControl, t.id)}
              />{' '}
              {t.name}
            </label>
          ))}
      </fieldset>
      <label htmlFor={ids.start}>Start date</label>
      <input
        id={ids.start}
        type="date"
        value={startedAt}
        onChange={(e) => setStartedAt(e.target.value)}
        required
      />
      <label htmlFor={ids.hypothesis}>Hypothesis</label>
      <textarea
        id={ids.hypothesis}
        value={hypothesis}
        onChange={(e) => setHypothesis(e.target.value)}
        rows={2}
      />
      <label htmlFor={ids.cost}>Cost (optional, for its return on the Value page)</label>
      <input
        id={ids.cost}
        inputMode="decimal"
        placeholder="e.g. 12000.00"
        value={cost}
        onChange={(e) => setCost(e.target.value)}
        maxLength={40}
      />
      <label htmlFor={ids.currency}>Currency of the cost</label>
      <input
        id={ids.currency}
        value={currency}
        onChange={(e) => setCurrency(e.target.value)}
        maxLength={3}
        size={4}
      />
      {error ? (
        <p className="form-error" role="alert" id={ids.error}>
          {error}
        </p>
      ) : null}
      <button type="submit" className="button" disabled={busy}>
        Create initiative
      </button>
    </form>
  );
}

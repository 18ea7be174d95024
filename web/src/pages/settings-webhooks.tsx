// Webhook endpoints: the list (URL, events, enabled or disabled with the reason), a form that creates one
// and shows its signing secret once, and each endpoint's delivery log with a retry button. The API gives
// webhooks to analysts and administrators only; others are told so.
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import type * as api from '../../../src/shared/api/index.js';
import { apiSend } from '../api.js';
import { errorMessage, useApi } from '../query.js';
import { useSession } from '../session.js';
import { canConfigure, fieldErrors } from './settings-act-form.js';
import './settings-act.css';

const HOOKS = '/api/v1/webhooks';
const EVENTS = [
  'feedback.created',
  'response.created',
  'case.created',
  'case.updated',
  'case.closed',
  'case.sla_breached',
] as const;
type Created = api.WebhookEndpoint & { secret: string };

/** The webhooks card. */
export function WebhookSettings() {
  const session = useSession();
  const id = useId();
  if (!canConfigure(session))
    return (
      <section className="card" aria-labelledby={`${id}-title`}>
        <div className="card-head">
          <h2 className="card-title" id={`${id}-title`}>
            Webhooks
          </h2>
        </div>
        <p className="card-empty">Analysts and administrators set up webhooks.</p>
      </section>
    );
  return <Webhooks />;
}

function Webhooks() {
  const client = useQueryClient();
  const hooks = useApi<{ items: api.WebhookEndpoint[] }>(HOOKS);
  const id = useId();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>(['case.created']);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<Created | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    setMessage(null);
    try {
      const body = {
        url: url.trim(),
        events,
        ...(description.trim() ? { description: description.trim() } : {}),
      };
      const answer = await apiSend<Created>('POST', HOOKS, body);
      setCreated(answer);
      setErrors({});
      setUrl('');
      setDescription('');
      await client.invalidateQueries({ queryKey: [HOOKS] });
    } catch (caught) {
      const found = fieldErrors(caught, (n) =>
        n.startsWith('url')
          ? 'url'
          : n.startsWith('events')
            ? 'events'
            : n.startsWith('description')
              ? 'description'
              : null,
      );
      setErrors(Object.keys(found).length ? found : { form: errorMessage(caught) });
    }
  };
  const setEnabled = async (hook: api.WebhookEndpoint, enabled: boolean) => {
    try {
      await apiSend('PATCH', `${HOOKS}/${hook.id}`, { enabled });
      await client.invalidateQueries({ queryKey: [HOOKS] });
    } catch (caught) {
      setMessage(errorMessage(caught));
    }
  };
  const items = hooks.data?.items ?? [];
  const invalid = (key: string) =>
    errors[key] ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-${key}-error` } : {};

  return (
    <section className="card table-card" aria-labelledby={`${id}-title`} data-testid="webhooks-card">
      <div className="card-head">
        <div>
          <h2 className="card-title" id={`${id}-title`}>
            Webhooks
          </h2>
          <p className="card-subtitle">Signed events (Standard Webhooks) sent to your systems</p>
        </div>
      </div>
      {hooks.error ? <p className="card-empty">{errorMessage(hooks.error)}</p> : null}
      {items.length === 0 && !hooks.error ? <p className="card-empty">No webhook endpoints yet.</p> : null}
      {items.length > 0 ? (
        <div className="table-scroll">
          <table className="touchpoints" data-testid="webhooks-table">
            <thead>
              <tr>
                <th scope="col">Endpoint</th>
                <th scope="col">Events</th>
                <th scope="col">State</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {items.map((h) => (
                <tr key={h.id}>
                  <td className="act-cell-wrap">
                    {h.url}
                    {h.description ? <span className="tp-channel">{h.description}</span> : null}
                  </td>
                  <td className="act-cell-wrap">{h.events.join(', ')}</td>
                  <td className="act-cell-wrap">
                    {h.enabled ? 'Enabled' : `Disabled${h.disabledReason ? `: ${h.disabledReason}` : ''}`}
                    {h.failingSince ? (
                      <span className="tp-channel">
                        failing since {new Date(h.failingSince).toLocaleString()}
                      </span>
                    ) : null}
                  </td>
                  <td>
                    <div className="act-actions">
                      <button
                        type="button"
                        className="button button-small button-ghost"
                        aria-expanded={open === h.id}
                        aria-label={`Deliveries to ${h.url}`}
                        onClick={() => setOpen(open === h.id ? null : h.id)}
                        data-testid="webhook-log"
                      >
                        Deliveries
                      </button>
                      <button
                        type="button"
                        className="button button-small button-ghost"
                        aria-label={`${h.enabled ? 'Disable' : 'Enable'} ${h.url}`}
                        onClick={() => setEnabled(h, !h.enabled)}
                      >
                        {h.enabled ? 'Disable' : 'Enable'}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {open ? <Deliveries hook={items.find((h) => h.id === open) ?? null} /> : null}
      {created ? (
        <div className="banner act-secret" role="status" data-testid="webhook-secret">
          Store the signing secret of {created.url} now; it is not shown again: <code>{created.secret}</code>
        </div>
      ) : null}
      <form className="act-form" onSubmit={create} aria-label="New webhook endpoint" noValidate>
        <div className="act-field">
          <label htmlFor={`${id}-url`}>Endpoint URL</label>
          <input
            id={`${id}-url`}
            type="url"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            data-testid="webhook-url"
            {...invalid('url')}
          />
          {errors.url ? (
            <p className="act-field-error" id={`${id}-url-error`}>
              {errors.url}
            </p>
          ) : null}
        </div>
        <div className="act-field">
          <label htmlFor={`${id}-description`}>Description</label>
          <input
            id={`${id}-description`}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            {...invalid('description')}
          />
          {errors.description ? (
            <p className="act-field-error" id={`${id}-description-error`}>
              {errors.description}
            </p>
          ) : null}
        </div>
        <fieldset
          className="act-choices act-wide"
          aria-describedby={errors.events ? `${id}-events-error` : undefined}
        >
          <legend>Events</legend>
          {EVENTS.map((e) => (
            <label className="check" key={e}>
              <input
                type="checkbox"
                checked={events.includes(e)}
                onChange={() =>
                  setEvents(events.includes(e) ? events.filter((x) => x !== e) : [...events, e])
                }
              />
              {e}
            </label>
          ))}
          {errors.events ? (
            <p className="act-field-error" id={`${id}-events-error`}>
              {errors.events}
            </p>
          ) : null}
        </fieldset>
        <div className="act-actions act-wide">
          <button type="submit" className="button button-small button-primary" data-testid="webhook-create">
            Add endpoint
          </button>
          {errors.form || message ? <span className="act-field-error">{errors.form ?? message}</span> : null}
        </div>
      </form>
    </section>
  );
}

function Deliveries({ hook }: { hook: api.WebhookEndpoint | null }) {
  const client = useQueryClient();
  const path = `${HOOKS}/${hook?.id ?? ''}/deliveries`;
  const log = useApi<{ items: api.WebhookDelivery[] }>(path, undefined, { enabled: hook !== null });
  const [message, setMessage] = useState<string | null>(null);
  const id = useId();
  if (!hook) return null;
  const retry = async (d: api.WebhookDelivery) => {
    try {
      await apiSend('POST', `${path}/${d.id}/retry`);
      setMessage(`Delivery of ${d.eventType} queued again.`);
      await client.invalidateQueries({ queryKey: [path] });
    } catch (caught) {
      setMessage(errorMessage(caught));
    }
  };
  const items = log.data?.items ?? [];
  return (
    <section className="settings-body" data-testid="webhook-deliveries" aria-labelledby={`${id}-title`}>
      <h3 className="card-title" id={`${id}-title`}>
        Deliveries to <span className="act-cell-wrap">{hook.url}</span>
      </h3>
      {log.error ? <p className="card-empty">{errorMessage(log.error)}</p> : null}
      {log.isPending ? <p className="muted">Loading the delivery log…</p> : null}
      {!log.isPending && items.length === 0 ? (
        <p className="card-empty">Nothing sent to this endpoint yet.</p>
      ) : null}
      {items.length > 0 ? (
        <div className="table-scroll">
          <table className="touchpoints">
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last answer</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id}>
                  <td>
                    {d.eventType}
                    <span className="tp-channel">{new Date(d.createdAt).toLocaleString()}</span>
                  </td>
                  <td>{d.status}</td>
                  <td>{d.attempts}</td>
                  <td className="act-cell-wrap">
                    {d.lastStatus ?? ''} {d.lastError ?? ''}
                    {d.nextAttemptAt ? (
                      <span className="tp-channel">next {new Date(d.nextAttemptAt).toLocaleString()}</span>
                    ) : null}
                  </td>
                  <td>
                    {d.status === 'delivered' ? null : (
                      <button
                        type="button"
                        className="button button-small button-ghost"
                        aria-label={`Retry the ${d.eventType} delivery`}
                        onClick={() => retry(d)}
                      >
                        Retry
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {message ? (
        <p className="muted" role="status">
          {message}
        </p>
      ) : null}
    </section>
  );
}

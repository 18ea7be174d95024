// Settings: the organisation, its users and invitations, the analysis and comment settings,
// API keys (managed here when the server offers `/api/v1/api-keys`, else with the CLI), and imports.
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import type * as api from '../../../src/shared/api/index.js';
import { apiSend } from '../api.js';
import { Link } from '../components/link.js';
import { errorMessage, useApi } from '../query.js';
import { useSession } from '../session.js';
import { ActSettings } from './settings-act.js';
import { canConfigure } from './settings-act-form.js';
import { OrganisationLanguage } from './settings-language.js';
import { ShareLinkSettings } from './settings-share-links.js';
import { UserSettings } from './settings-users.js';
import { WebhookSettings } from './settings-webhooks.js';

type TextSettings = api.TextSettings;
type AnalyticsSettings = api.RollupSettings;
type ApiKey = api.ApiKey;
const KEY_ROLES: readonly ApiKey['role'][] = ['viewer', 'agent', 'analyst', 'admin'];

const KEYS_PATH = '/api/v1/api-keys';

/** The settings page. */
export default function SettingsPage() {
  const session = useSession();
  const text = useApi<TextSettings>('/api/v1/text/settings');
  const analytics = useApi<AnalyticsSettings>('/api/v1/analytics/settings');
  // Keys are managed by administrators; others see how to get one.
  const keysAvailable = session.user.role === 'owner' || session.user.role === 'admin';
  const busy = text.isPending || analytics.isPending;

  return (
    <div className="page" aria-busy={busy}>
      <div className="page-head">
        <div>
          <h1 className="page-title">Settings</h1>
          <p className="page-subtitle">{session.organisation.name}</p>
        </div>
      </div>

      <section className="card" aria-labelledby="org-title">
        <div className="card-head">
          <h2 className="card-title" id="org-title">
            Organisation
          </h2>
        </div>
        <dl className="kv settings-kv">
          <div>
            <dt>Name</dt>
            <dd>{session.organisation.name}</dd>
          </div>
          <div>
            <dt>Slug</dt>
            <dd>
              <code>{session.organisation.slug}</code>
            </dd>
          </div>
          <div>
            <dt>Minimum n</dt>
            <dd>
              <span data-figure>30</span> responses: scores on fewer are marked low n (per request:{' '}
              <code>minN=</code>)
            </dd>
          </div>
          <div>
            <dt>Report time zones</dt>
            <dd>{analytics.data?.timeZones.length ? analytics.data.timeZones.join(', ') : 'UTC'}</dd>
          </div>
          <div>
            <dt>Pre-summed dimensions</dt>
            <dd>
              {analytics.data?.dimensions.length ? analytics.data.dimensions.join(', ') : 'The defaults'}
            </dd>
          </div>
        </dl>
        <OrganisationLanguage />
      </section>

      <UserSettings />

      <TextSettingsCard
        data={text.data}
        error={text.error}
        canChange={session.user.role === 'owner' || session.user.role === 'admin'}
      />

      {keysAvailable ? (
        <ApiKeys />
      ) : (
        <section className="card" aria-labelledby="keys-title">
          <div className="card-head">
            <h2 className="card-title" id="keys-title">
              API keys
            </h2>
          </div>
          <p className="card-empty">
            Keys for your systems are made by the organisation's owners and administrators, here on this page;
            ask one of them for a key (it is shown once and stored hashed).
          </p>
        </section>
      )}

      <ActSettings />
      <WebhookSettings />
      {canConfigure(session) ? <ShareLinkSettings /> : null}

      <section className="card" aria-labelledby="imports-title">
        <div className="card-head">
          <div>
            <h2 className="card-title" id="imports-title">
              Imports
            </h2>
            <p className="card-subtitle">
              Historical responses, reviews, tickets and contacts from CSV or JSON lines
            </p>
          </div>
          <Link href="/imports" className="button button-small">
            Open imports
          </Link>
        </div>
        <div className="card-foot" />
      </section>
    </div>
  );
}

function TextSettingsCard({
  data,
  error,
  canChange,
}: {
  data: TextSettings | undefined;
  error: unknown;
  canChange: boolean;
}) {
  const client = useQueryClient();
  const [message, setMessage] = useState<string | null>(null);
  const id = useId();
  const toggle = async (keepOriginalText: boolean) => {
    setMessage(null);
    try {
      await apiSend('PUT', '/api/v1/text/settings', { keepOriginalText });
      await client.invalidateQueries({ queryKey: ['/api/v1/text/settings'] });
      setMessage('Saved.');
    } catch (caught) {
      setMessage(errorMessage(caught));
    }
  };
  return (
    <section className="card" aria-labelledby="text-settings-title">
      <div className="card-head">
        <h2 className="card-title" id="text-settings-title">
          Comments and personal data
        </h2>
      </div>
      {error ? <p className="card-empty">{errorMessage(error)}</p> : null}
      {data ? (
        <div className="settings-body">
          <label className="check" htmlFor={id}>
            <input
              id={id}
              type="checkbox"
              checked={data.keepOriginalText}
              disabled={!canChange}
              onChange={(e) => toggle(e.target.checked)}
            />
            Keep the original text of comments (otherwise only the text with personal data redacted is kept)
          </label>
          <p className="muted">
            Sentiment model: {data.sentimentModelId ?? 'the default'} · theme model:{' '}
            {data.themeModelId ?? 'rules'} · revision {data.revision}
          </p>
          {message ? (
            <p className="muted" role="status">
              {message}
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function ApiKeys() {
  const client = useQueryClient();
  const keys = useApi<{ items: ApiKey[] }>(KEYS_PATH);
  const [name, setName] = useState('');
  const [role, setRole] = useState<ApiKey['role']>('analyst');
  const [created, setCreated] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const id = useId();
  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setMessage('Name the key (what it is for).');
    try {
      const answer = await apiSend<api.ApiKeyCreated>('POST', KEYS_PATH, { name: name.trim(), role });
      setCreated(answer.key);
      setName('');
      setMessage(null);
      await client.invalidateQueries({ queryKey: [KEYS_PATH] });
    } catch (caught) {
      setMessage(errorMessage(caught));
    }
  };
  const revoke = async (key: ApiKey) => {
    try {
      await apiSend('DELETE', `${KEYS_PATH}/${key.id}`);
      await client.invalidateQueries({ queryKey: [KEYS_PATH] });
    } catch (caught) {
      setMessage(errorMessage(caught));
    }
  };
  return (
    <section className="card table-card" aria-labelledby="keys-title">
      <div className="card-head">
        <h2 className="card-title" id="keys-title">
          API keys
        </h2>
      </div>
      <form className="inline-form" onSubmit={create}>
        <div className="filter-field">
          <label htmlFor={id}>New key for</label>
          <input id={id} value={name} onChange={(e) => setName(e.target.value)} data-testid="key-name" />
        </div>
        <div className="filter-field">
          <label htmlFor={`${id}-role`}>Role</label>
          <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as ApiKey['role'])}>
            {KEY_ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-small button-primary">
          Create key
        </button>
        {message ? <span className="form-error">{message}</span> : null}
      </form>
      {created ? (
        <p className="banner" role="status">
          Store this key now; it is not shown again: <code>{created}</code>
        </p>
      ) : null}
      <div className="table-scroll">
        <table className="touchpoints">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {(keys.data?.items ?? []).map((k) => (
              <tr key={k.id}>
                <td>
                  {k.name}
                  <span className="tp-channel">
                    {k.role} · {k.prefix}…
                    {k.expiresAt ? ` · expires ${new Date(k.expiresAt).toLocaleDateString()}` : ''}
                  </span>
                </td>
                <td>{k.createdAt ? new Date(k.createdAt).toLocaleDateString() : '—'}</td>
                <td>{k.lastUsedAt ? new Date(k.lastUsedAt).toLocaleString() : 'Never'}</td>
                <td>
                  {k.revokedAt ? (
                    'Revoked'
                  ) : (
                    <button
                      type="button"
                      className="button button-small button-ghost"
                      onClick={() => revoke(k)}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

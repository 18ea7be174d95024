// Settings: the organisation's read-only share links (view, expiry, last use) and their revocation.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type * as api from '../../../src/shared/api/index.js';
import { apiSend } from '../api.js';
import { errorMessage, useApi } from '../query.js';

const PATH = '/api/v1/share-links';

function state(link: api.ShareLink): string {
  if (link.revokedAt) return 'Revoked';
  if (new Date(link.expiresAt).getTime() <= Date.now()) return 'Expired';
  return '';
}

/** The shared views of the organisation, each revocable while it works. */
export function ShareLinkSettings() {
  const client = useQueryClient();
  const links = useApi<api.ShareLinkList>(PATH);
  const [message, setMessage] = useState<string | null>(null);
  const revoke = async (link: api.ShareLink) => {
    try {
      await apiSend('DELETE', `${PATH}/${link.id}`);
      await client.invalidateQueries({ queryKey: [PATH] });
    } catch (caught) {
      setMessage(errorMessage(caught));
    }
  };
  const items = links.data?.items ?? [];
  return (
    <section className="card table-card" aria-labelledby="share-links-title" data-testid="share-links">
      <div className="card-head">
        <div>
          <h2 className="card-title" id="share-links-title">
            Shared views
          </h2>
          <p className="card-subtitle">
            Read-only links made with "Share view" on an analytics page; a revoked link stops working at once
          </p>
        </div>
      </div>
      {message ? (
        <p className="form-error" role="alert">
          {message}
        </p>
      ) : null}
      {items.length === 0 ? (
        <p className="card-empty">{links.isPending ? 'Loading…' : 'No view has been shared.'}</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
        <section className="table-scroll" tabIndex={0} aria-label="Shared views table">
          <table className="touchpoints">
            <thead>
              <tr>
                <th scope="col">View</th>
                <th scope="col">Expires</th>
                <th scope="col">Last opened</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {items.map((l) => (
                <tr key={l.id}>
                  <td>
                    <code>{l.path}</code>
                  </td>
                  <td>{new Date(l.expiresAt).toLocaleString()}</td>
                  <td>{l.lastUsedAt ? new Date(l.lastUsedAt).toLocaleString() : 'Never'}</td>
                  <td>
                    {state(l) || (
                      <button
                        type="button"
                        className="button button-small button-ghost"
                        onClick={() => revoke(l)}
                        aria-label={`Revoke the link to ${l.path}`}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}

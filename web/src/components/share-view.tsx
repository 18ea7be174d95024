// "Share view": a read-only link to the page as filtered now, expiring after the days chosen, which its
// creator can revoke at once. The link opens the view without logging in (see docs/api.md).
import { useId, useState } from 'react';
import type * as api from '../../../src/shared/api/index.js';
import { SHAREABLE_PAGES } from '../../../src/shared/share-pages.js';
import { apiSend } from '../api.js';
import { errorMessage } from '../query.js';
import { useLocation } from '../router.js';

const DAYS = [1, 7, 30, 90] as const;

/** Whether a page of the dashboard may be shared read-only. */
export const isShareable = (pathname: string): boolean =>
  (SHAREABLE_PAGES as readonly string[]).includes(pathname);

/** The share button and, once opened, the link's expiry, the link itself and its revocation. */
export function ShareView() {
  const { pathname, search } = useLocation();
  const [open, setOpen] = useState(false);
  const [days, setDays] = useState<number>(7);
  const [link, setLink] = useState<api.ShareLinkCreated | null>(null);
  const [revoked, setRevoked] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };
  const create = () =>
    run(async () => {
      setRevoked(false);
      setLink(
        await apiSend<api.ShareLinkCreated>('POST', '/api/v1/share-links', {
          path: `${pathname}${search}`,
          expiresInDays: days,
        }),
      );
    });
  const revoke = () =>
    run(async () => {
      if (!link) return;
      await apiSend('DELETE', `/api/v1/share-links/${link.id}`);
      setRevoked(true);
    });

  if (!open)
    return (
      <div className="share-view">
        <button
          type="button"
          className="button button-small button-ghost"
          onClick={() => setOpen(true)}
          data-testid="share-open"
        >
          Share view
        </button>
      </div>
    );
  return (
    <section
      className="card share-view share-view-open"
      aria-labelledby={`${id}-title`}
      data-testid="share-view"
    >
      <div className="card-head">
        <div>
          <h2 className="card-title" id={`${id}-title`}>
            Share this view read-only
          </h2>
          <p className="card-subtitle">
            Anyone with the link sees this page with these filters, without logging in, until it expires or
            you revoke it
          </p>
        </div>
        <button type="button" className="button button-small button-ghost" onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
      <div className="inline-form">
        <div className="filter-field">
          <label htmlFor={`${id}-days`}>Expires after</label>
          <select id={`${id}-days`} value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {DAYS.map((d) => (
              <option key={d} value={d}>
                {d === 1 ? '1 day' : `${d} days`}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="button button-primary button-small"
          disabled={busy}
          onClick={create}
          data-testid="share-create"
        >
          Create link
        </button>
      </div>
      {link ? (
        <div className="share-result">
          <p className="copy-row">
            <code data-testid="share-url">{link.url}</code>
          </p>
          <p className="muted">
            {revoked
              ? 'Revoked: the link no longer opens the view.'
              : `Expires ${new Date(link.expiresAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}. Copy it now: it is not shown again.`}
          </p>
          {revoked ? null : (
            <button
              type="button"
              className="button button-small"
              disabled={busy}
              onClick={revoke}
              data-testid="share-revoke"
            >
              Revoke link
            </button>
          )}
        </div>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}

/** The banner of a shared, read-only view. */
export function SharedBanner({
  share,
  organisation,
}: {
  share: NonNullable<api.Session['share']>;
  organisation: string;
}) {
  return (
    <div className="banner shared-banner" role="status" data-testid="shared-banner">
      Read-only view of {organisation}, shared with you; the link expires{' '}
      {new Date(share.expiresAt).toLocaleDateString(undefined, { dateStyle: 'medium' })}.
    </div>
  );
}

// Settings: the organisation's users (role, last sign-in) and open invitations. Administrators invite by
// email with a role, change roles, remove users, re-send and revoke invitations; everyone else reads the
// list. The API enforces the same (and the owner rules), so the buttons here are a convenience.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import type * as api from '../../../src/shared/api/index.js';
import { ApiError, apiGet, apiSend } from '../api.js';
import { errorMessage, useApi } from '../query.js';
import { useSession } from '../session.js';
import './settings-users.css';

const USERS = '/api/v1/users';
const INVITATIONS = '/api/v1/user-invitations';
type Role = api.MemberRole;
const ROLES: readonly Role[] = ['owner', 'admin', 'analyst', 'agent', 'viewer'];

/** What each role may do, for the invite form's hint. */
const ROLE_HINT: Record<Role, string> = {
  owner: 'everything, including owners',
  admin: 'settings, users and API keys',
  analyst: 'analyses, surveys and configuration',
  agent: 'reads and answers cases',
  viewer: 'reads the dashboards',
};

const when = (iso: string | null, never = 'Never') => (iso ? new Date(iso).toLocaleString() : never);

/** The users card: a read-only list for most, the management of users and invitations for administrators. */
export function UserSettings() {
  const session = useSession();
  const admin = session.user.role === 'owner' || session.user.role === 'admin';
  const users = useApi<api.MemberList>(USERS);
  const client = useQueryClient();
  const [message, setMessage] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  const act = async (work: () => Promise<unknown>, done: string) => {
    setMessage(null);
    try {
      await work();
      await client.invalidateQueries({ queryKey: [USERS] });
      setMessage(done);
    } catch (caught) {
      setMessage(errorMessage(caught));
    }
  };
  const changeRole = (u: api.Member, role: Role) =>
    act(() => apiSend('PATCH', `${USERS}/${u.id}`, { role }), `${u.name || u.email} is now ${role}.`);
  const remove = (u: api.Member) => {
    setConfirming(null);
    return act(() => apiSend('DELETE', `${USERS}/${u.id}`), `${u.name || u.email} was removed.`);
  };
  const items = users.data?.items ?? [];
  const canGrantOwner = session.user.role === 'owner';

  return (
    <section className="card table-card" aria-labelledby="users-title" data-testid="users-card">
      <div className="card-head">
        <div>
          <h2 className="card-title" id="users-title">
            Users
          </h2>
          <p className="card-subtitle">
            {admin
              ? 'Invite colleagues by email with a role; change a role or remove a user (you cannot change your own)'
              : `You are ${session.user.name || session.user.email}, ${session.user.role}; administrators manage users`}
          </p>
        </div>
      </div>
      {admin ? <InviteForm canGrantOwner={canGrantOwner} /> : null}
      {message ? (
        <p className="muted settings-message" role="status" data-testid="users-message">
          {message}
        </p>
      ) : null}
      {users.error ? <p className="card-empty">{errorMessage(users.error)}</p> : null}
      {items.length === 0 && !users.error ? <p className="card-empty">Loading…</p> : null}
      {items.length > 0 ? (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
        <section className="table-scroll" tabIndex={0} aria-label="Users table">
          <table className="touchpoints users-table" data-testid="users-table">
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                <th scope="col" className="wide-only">
                  Last sign-in
                </th>
                {admin ? <th scope="col">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {items.map((u) => {
                const self = u.id === session.user.id;
                const locked = self || (u.role === 'owner' && !canGrantOwner);
                return (
                  <tr key={u.id}>
                    <td>
                      {u.name || u.email}
                      {self ? ' (you)' : ''}
                      <span className="tp-channel">
                        {u.email}
                        {u.ssoOnly ? ' · single sign-on' : ''}
                      </span>
                      <span className="tp-channel narrow-only">Last sign-in: {when(u.lastSignInAt)}</span>
                    </td>
                    <td>
                      {admin && !locked ? (
                        <select
                          aria-label={`Role of ${u.name || u.email}`}
                          value={u.role}
                          onChange={(e) => changeRole(u, e.target.value as Role)}
                          data-testid="user-role"
                        >
                          {ROLES.filter((r) => canGrantOwner || r !== 'owner').map((r) => (
                            <option key={r} value={r}>
                              {r}
                            </option>
                          ))}
                        </select>
                      ) : (
                        u.role
                      )}
                    </td>
                    <td className="wide-only">{when(u.lastSignInAt)}</td>
                    {admin ? (
                      <td>
                        {locked ? (
                          '—'
                        ) : confirming === u.id ? (
                          <span className="row-actions">
                            <button
                              type="button"
                              className="button button-small button-danger"
                              onClick={() => remove(u)}
                            >
                              Remove {u.name || u.email}
                            </button>
                            <button
                              type="button"
                              className="button button-small button-ghost"
                              onClick={() => setConfirming(null)}
                            >
                              Keep
                            </button>
                          </span>
                        ) : (
                          <button
                            type="button"
                            className="button button-small button-ghost"
                            onClick={() => setConfirming(u.id)}
                            aria-label={`Remove ${u.name || u.email}…`}
                          >
                            Remove…
                          </button>
                        )}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      ) : null}
      {admin ? <Invitations /> : null}
    </section>
  );
}

function InviteForm({ canGrantOwner }: { canGrantOwner: boolean }) {
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('analyst');
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSent(null);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) {
      setError('Enter an email address like name@company.com.');
      return;
    }
    setBusy(true);
    try {
      const invitation = await apiSend<api.UserInvitation>('POST', INVITATIONS, {
        email: email.trim(),
        role,
      });
      setError(null);
      setEmail('');
      setSent(`Invitation to ${invitation.email} (${invitation.role}) is on its way.`);
      await client.invalidateQueries({ queryKey: [INVITATIONS] });
    } catch (caught) {
      setError(
        caught instanceof ApiError && caught.status === 409
          ? (caught.problem.detail ?? 'That address already has an account here.')
          : errorMessage(caught),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="inline-form" onSubmit={submit} noValidate aria-label="Invite a colleague">
      <div className="filter-field">
        <label htmlFor={`${id}-email`}>Invite by email</label>
        <input
          id={`${id}-email`}
          type="email"
          autoComplete="off"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : `${id}-hint`}
          data-testid="invite-email"
        />
      </div>
      <div className="filter-field">
        <label htmlFor={`${id}-role`}>Role</label>
        <select
          id={`${id}-role`}
          value={role}
          onChange={(e) => setRole(e.target.value as Role)}
          data-testid="invite-role"
        >
          {ROLES.filter((r) => canGrantOwner || r !== 'owner').map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      <button
        type="submit"
        className="button button-small button-primary"
        disabled={busy}
        data-testid="invite-send"
      >
        {busy ? 'Inviting…' : 'Send invitation'}
      </button>
      <span className="muted invite-hint" id={`${id}-hint`}>
        {role}: {ROLE_HINT[role]}
      </span>
      {error ? (
        <span className="form-error" id={`${id}-error`} role="alert">
          {error}
        </span>
      ) : null}
      {sent ? (
        <span className="muted" role="status">
          {sent}
        </span>
      ) : null}
    </form>
  );
}

const STATUS: Record<api.UserInvitation['status'], string> = {
  queued: 'Sending…',
  sent: 'Sent',
  failed: 'Not delivered',
  expired: 'Expired',
};

function Invitations() {
  const client = useQueryClient();
  const invitations = useQuery<api.UserInvitationList>({
    queryKey: [INVITATIONS],
    queryFn: ({ signal }) => apiGet<api.UserInvitationList>(INVITATIONS, undefined, signal),
    // While an email is still queued, look again shortly so "Sending…" turns to "Sent".
    refetchInterval: (q) => (q.state.data?.items.some((i) => i.status === 'queued') ? 2000 : false),
  });
  const [message, setMessage] = useState<string | null>(null);
  const act = async (work: () => Promise<unknown>, done: string) => {
    setMessage(null);
    try {
      await work();
      await client.invalidateQueries({ queryKey: [INVITATIONS] });
      setMessage(done);
    } catch (caught) {
      setMessage(errorMessage(caught));
    }
  };
  const items = invitations.data?.items ?? [];
  return (
    <div className="invitations" data-testid="invitations">
      <h3 className="invitations-heading">Open invitations</h3>
      {message ? (
        <p className="muted settings-message" role="status">
          {message}
        </p>
      ) : null}
      {items.length === 0 ? (
        <p className="card-empty">{invitations.isPending ? 'Loading…' : 'No open invitations.'}</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
        <section className="table-scroll" tabIndex={0} aria-label="Open invitations table">
          <table className="touchpoints users-table" data-testid="invitations-table">
            <thead>
              <tr>
                <th scope="col">Address</th>
                <th scope="col" className="wide-only">
                  Role
                </th>
                <th scope="col">Email</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.id}>
                  <td>
                    {i.email}
                    <span className="tp-channel narrow-only">as {i.role}</span>
                    <span className="tp-channel">
                      by {i.invitedByName ?? 'an API key'} · expires{' '}
                      {new Date(i.expiresAt).toLocaleDateString()}
                    </span>
                  </td>
                  <td className="wide-only">{i.role}</td>
                  <td title={i.sendError ?? undefined}>
                    <span data-testid="invitation-status">{STATUS[i.status]}</span>
                    {i.sentAt && i.status === 'sent' ? (
                      <span className="tp-channel">{new Date(i.sentAt).toLocaleString()}</span>
                    ) : null}
                    {i.sendError ? <span className="tp-channel">{i.sendError}</span> : null}
                  </td>
                  <td>
                    <span className="row-actions">
                      {i.status !== 'expired' ? (
                        <button
                          type="button"
                          className="button button-small button-ghost"
                          onClick={() =>
                            act(
                              () => apiSend('POST', `${INVITATIONS}/${i.id}/resend`),
                              `Sent to ${i.email} again.`,
                            )
                          }
                          aria-label={`Resend the invitation to ${i.email}`}
                        >
                          Resend
                        </button>
                      ) : null}
                      <button
                        type="button"
                        className="button button-small button-ghost"
                        onClick={() =>
                          act(
                            () => apiSend('DELETE', `${INVITATIONS}/${i.id}`),
                            `Invitation to ${i.email} revoked.`,
                          )
                        }
                        aria-label={`Revoke the invitation to ${i.email}`}
                      >
                        Revoke
                      </button>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}

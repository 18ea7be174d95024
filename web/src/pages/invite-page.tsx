// Accepting an invitation from its email: the link's token (in the address's fragment, never sent to
// the server in a URL) shows who invited the reader to which organisation with which role; they choose
// their name and a password, or sign in with single sign-on as the invited address.
import { type FormEvent, useEffect, useId, useState } from 'react';
import type * as api from '../../../src/shared/api/index.js';
import { ApiError, apiSend, api as client } from '../api.js';
import { Logo } from '../components/logo.js';
import type { Session, SignInMethods } from '../types.js';

type State =
  | { kind: 'loading' }
  | { kind: 'invalid'; message: string }
  | { kind: 'open'; invitation: api.InvitationPreview };

/** The page an invitation's link opens. */
export default function InvitePage({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [token] = useState(() => decodeURIComponent(window.location.hash.replace(/^#/, '')));
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [methods, setMethods] = useState<SignInMethods | null>(null);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<{ field: 'name' | 'password' | 'form'; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  useEffect(() => {
    document.title = 'Accept your invitation · Northstar';
    const abort = new AbortController();
    client.signInMethods(abort.signal).then(setMethods, () => setMethods({ password: true, sso: null }));
    if (token.length < 20) {
      setState({
        kind: 'invalid',
        message: 'This link has no invitation in it. Open the link from the email again.',
      });
    } else {
      apiSend<api.InvitationPreview>('POST', '/api/v1/auth/invitation', { token }).then(
        (invitation) => setState({ kind: 'open', invitation }),
        (caught: unknown) =>
          setState({
            kind: 'invalid',
            message:
              caught instanceof ApiError && caught.status === 404
                ? 'This invitation link no longer works: it was used, revoked, replaced by a newer email or it expired. Ask your administrator for a new one.'
                : caught instanceof Error
                  ? caught.message
                  : 'Northstar could not read the invitation.',
          }),
      );
    }
    return () => abort.abort();
  }, [token]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!name.trim())
      return setError({ field: 'name', message: 'Enter your name as colleagues will see it.' });
    if (password.length < 10)
      return setError({ field: 'password', message: 'Choose a password of at least 10 characters.' });
    setBusy(true);
    setError(null);
    try {
      const session = await apiSend<Session>('POST', '/api/v1/auth/invitation/accept', {
        token,
        name: name.trim(),
        password,
      });
      onSignedIn(session);
    } catch (caught) {
      setBusy(false);
      const passwordProblem =
        caught instanceof ApiError && caught.problem.invalid_params?.find((p) => p.name === 'body.password');
      setError(
        passwordProblem
          ? { field: 'password', message: `The password ${passwordProblem.reason}.` }
          : {
              field: 'form',
              message: caught instanceof Error ? caught.message : 'Something went wrong. Try again.',
            },
      );
    }
  };

  return (
    <main className="login">
      <div className="login-panel">
        <div className="login-brand">
          <Logo />
        </div>
        <h1 className="login-title">Accept your invitation</h1>
        {state.kind === 'loading' ? (
          <p className="login-lede" role="status">
            Reading the invitation…
          </p>
        ) : null}
        {state.kind === 'invalid' ? (
          <>
            <p className="notice" role="alert" data-testid="invite-invalid">
              {state.message}
            </p>
            <a className="button button-ghost" href="/">
              Go to sign-in
            </a>
          </>
        ) : null}
        {state.kind === 'open' ? (
          <>
            <p className="login-lede" data-testid="invite-summary">
              Join <strong>{state.invitation.organisation}</strong> as{' '}
              <strong>{state.invitation.role}</strong> with <strong>{state.invitation.email}</strong>. The
              link works until {new Date(state.invitation.expiresAt).toLocaleString()}.
            </p>
            {methods?.sso ? (
              <div className="login-sso">
                <a className="button button-primary" href={methods.sso.loginUrl} data-testid="invite-sso">
                  Sign in with {methods.sso.label} as {state.invitation.email}
                </a>
                {methods.password ? (
                  <p className="login-or" aria-hidden="true">
                    or set a password
                  </p>
                ) : null}
              </div>
            ) : null}
            {methods?.password !== false ? (
              <form className="login-form" onSubmit={submit} noValidate>
                <div className="field">
                  <label htmlFor={`${id}-email`}>Email</label>
                  <input
                    id={`${id}-email`}
                    type="email"
                    autoComplete="username"
                    value={state.invitation.email}
                    readOnly
                  />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-name`}>Your name</label>
                  <input
                    id={`${id}-name`}
                    autoComplete="name"
                    value={name}
                    onChange={(e) => setName(e.target.value)}
                    aria-invalid={error?.field === 'name' ? true : undefined}
                    aria-describedby={error?.field === 'name' ? `${id}-error` : undefined}
                    data-testid="invite-name"
                  />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-password`}>Choose a password</label>
                  <input
                    id={`${id}-password`}
                    type="password"
                    autoComplete="new-password"
                    value={password}
                    onChange={(e) => setPassword(e.target.value)}
                    aria-invalid={error?.field === 'password' ? true : undefined}
                    aria-describedby={error?.field === 'password' ? `${id}-error` : `${id}-rule`}
                    data-testid="invite-password"
                  />
                  <span className="muted" id={`${id}-rule`}>
                    At least 10 characters.
                  </span>
                </div>
                {error ? (
                  <div className="form-error" id={`${id}-error`} role="alert">
                    <span>{error.message}</span>
                  </div>
                ) : null}
                <button
                  className="button button-primary"
                  type="submit"
                  disabled={busy}
                  data-testid="invite-accept"
                >
                  {busy ? 'Joining…' : `Join ${state.invitation.organisation}`}
                </button>
              </form>
            ) : null}
          </>
        ) : null}
      </div>
      <p className="login-footer">Northstar · open-source customer experience</p>
    </main>
  );
}

// Sign-in form: email and password, with the server's reason shown when it refuses.
import { type FormEvent, useId, useState } from 'react';
import { ApiError, api } from '../api.js';
import { Logo } from '../components/logo.js';
import type { Session } from '../types.js';

interface Props {
  notice?: string | undefined;
  onSignedIn: (session: Session) => void;
}

/** The login page. */
export function LoginPage({ notice, onSignedIn }: Props) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorId = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    if (!email.trim() || !password) {
      setError('Enter your email address and password.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api.login(email.trim(), password));
    } catch (caught) {
      setError(messageFor(caught));
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <div className="login-panel">
        <div className="login-brand">
          <Logo />
        </div>
        <h1 className="login-title">Sign in to your workspace</h1>
        <p className="login-lede">See how your customers feel across every step of their journey.</p>
        {notice && !error ? (
          <p className="notice" role="status">
            {notice}
          </p>
        ) : null}
        <form
          className="login-form"
          onSubmit={submit}
          noValidate
          aria-describedby={error ? errorId : undefined}
        >
          <div className="field">
            <label htmlFor="login-email">Email</label>
            <input
              id="login-email"
              data-testid="login-email"
              type="email"
              name="email"
              autoComplete="username"
              inputMode="email"
              required
              value={email}
              aria-invalid={error ? true : undefined}
              onChange={(event) => setEmail(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="login-password">Password</label>
            <input
              id="login-password"
              data-testid="login-password"
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              aria-invalid={error ? true : undefined}
              onChange={(event) => setPassword(event.target.value)}
            />
          </div>
          {error ? (
            <div className="form-error" id={errorId} role="alert">
              <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
                <circle cx="10" cy="10" r="9" fill="currentColor" />
                <rect x="9" y="5" width="2" height="7" rx="1" fill="#fff" />
                <circle cx="10" cy="14.5" r="1.2" fill="#fff" />
              </svg>
              <span>{error}</span>
            </div>
          ) : null}
          <button className="button button-primary" type="submit" data-testid="login-submit" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
      <p className="login-footer">Northstar · open-source customer experience</p>
    </main>
  );
}

function messageFor(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401)
      return 'That email and password do not match an account. Check them and try again.';
    if (error.status === 429) return 'Too many attempts. Wait a minute, then try again.';
    if (error.status === 400 || error.status === 422)
      return error.problem.detail ?? 'Check the email address and password.';
    if (error.status === 0) return error.message;
    return `Northstar could not sign you in (${error.problem.detail ?? error.problem.title ?? `error ${error.status}`}).`;
  }
  return 'Something went wrong. Try again.';
}

// Sign-in: single sign-on when the server offers it, and the email and password form unless it is turned
// off, with the server's reason shown when it refuses.
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError, api } from '../api.js';
import { Logo } from '../components/logo.js';
import type { Session, SignInMethods } from '../types.js';

interface Props {
  notice?: string | undefined;
  onSignedIn: (session: Session) => void;
}

/** The login page. */
export function LoginPage({ notice, onSignedIn }: Props) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<LoginError | null>(null);
  const [busy, setBusy] = useState(false);
  const errorId = useId();
  const emailInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);
  const [methods, setMethods] = useState<SignInMethods | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    // Until the server says otherwise (or when it cannot be asked), the password form is offered.
    api.signInMethods(abort.signal).then(setMethods, () => {
      if (!abort.signal.aborted) setMethods({ password: true, sso: null });
    });
    return () => abort.abort();
  }, []);
  const showPassword = methods?.password !== false;

  // Shows the error and puts the cursor where the fix goes.
  function fail(next: LoginError) {
    setError(next);
    const input = next.field === 'email' ? emailInput.current : passwordInput.current;
    input?.focus();
    if (next.field === 'both') input?.select();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    if (!email.trim()) {
      fail({ message: 'Enter your email address.', field: 'email' });
      return;
    }
    if (!EMAIL.test(email.trim())) {
      fail({ message: 'Enter an email address like name@company.com.', field: 'email' });
      return;
    }
    if (!password) {
      fail({ message: 'Enter your password.', field: 'password' });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api.login(email.trim(), password));
    } catch (caught) {
      setBusy(false);
      fail(messageFor(caught));
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
        {methods?.sso ? (
          <div className="login-sso">
            <a className="button button-primary" href={methods.sso.loginUrl} data-testid="login-sso">
              Sign in with {methods.sso.label}
            </a>
            {showPassword ? (
              <p className="login-or" aria-hidden="true">
                or with your email
              </p>
            ) : null}
          </div>
        ) : null}
        {!showPassword && !methods?.sso ? (
          <p className="notice" role="status">
            Password sign-in is turned off on this server and no single sign-on is set up. Ask your
            administrator.
          </p>
        ) : null}
        {showPassword ? (
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
                ref={emailInput}
                data-testid="login-email"
                type="email"
                name="email"
                autoComplete="username"
                inputMode="email"
                required
                value={email}
                aria-invalid={error && error.field !== 'password' ? true : undefined}
                aria-describedby={error && error.field !== 'password' ? errorId : undefined}
                onChange={(event) => setEmail(event.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor="login-password">Password</label>
              <input
                id="login-password"
                ref={passwordInput}
                data-testid="login-password"
                type="password"
                name="password"
                autoComplete="current-password"
                required
                value={password}
                aria-invalid={error && error.field !== 'email' ? true : undefined}
                aria-describedby={error && error.field !== 'email' ? errorId : undefined}
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
                <span>{error.message}</span>
              </div>
            ) : null}
            <button
              className="button button-primary"
              type="submit"
              data-testid="login-submit"
              disabled={busy}
            >
              {busy ? 'Signing in…' : 'Sign in'}
            </button>
          </form>
        ) : null}
      </div>
      <p className="login-footer">Northstar · open-source customer experience</p>
    </main>
  );
}

interface LoginError {
  message: string;
  /** The field to mark invalid; both when the pair does not match. */
  field: 'email' | 'password' | 'both';
}

// Deliberately loose: the server has the last word, this only catches typing slips early.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function messageFor(error: unknown): LoginError {
  if (error instanceof ApiError) {
    if (error.status === 401) {
      return {
        message: 'That email and password do not match an account. Check them and try again.',
        field: 'both',
      };
    }
    if (error.status === 429)
      return { message: 'Too many attempts. Wait a minute, then try again.', field: 'both' };
    if (error.status === 400) {
      const emailProblem = error.problem.invalid_params?.some((p) => p.name === 'body.email');
      return emailProblem
        ? { message: 'Enter an email address like name@company.com.', field: 'email' }
        : { message: error.problem.detail ?? 'Check the email address and password.', field: 'both' };
    }
    if (error.status === 0) return { message: error.message, field: 'both' };
    return {
      message: `Northstar could not sign you in (${error.problem.detail ?? error.problem.title ?? `error ${error.status}`}). Try again in a moment.`,
      field: 'both',
    };
  }
  return { message: 'Something went wrong. Try again.', field: 'both' };
}

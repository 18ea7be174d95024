// Top of the dashboard: finds the session, then shows the login page or the overview.
import { useCallback, useEffect, useState } from 'react';
import { ApiError, api } from './api.js';
import { pageOf } from './nav.js';
import { CasesPage } from './pages/cases-page.js';
import { ImportsPage } from './pages/imports-page.js';
import { InitiativesPage } from './pages/initiatives-page.js';
import { LoginPage } from './pages/login-page.js';
import { OverviewPage } from './pages/overview-page.js';
import type { Session } from './types.js';

type State =
  | { kind: 'loading' }
  | { kind: 'signed-out'; notice?: string }
  | { kind: 'signed-in'; session: Session };

/** The dashboard application. */
export function App() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [page, setPage] = useState(() => pageOf(window.location.pathname));

  useEffect(() => {
    const onPop = () => setPage(pageOf(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    api
      .me(controller.signal)
      .then((session) => setState({ kind: 'signed-in', session }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        const notice =
          error instanceof ApiError && error.status !== 401
            ? 'Northstar could not check your session.'
            : undefined;
        setState(notice ? { kind: 'signed-out', notice } : { kind: 'signed-out' });
      });
    return () => controller.abort();
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setState({ kind: 'signed-out' });
    }
  }, []);

  // An expired session while browsing sends the user back to the login page with a word of explanation.
  const sessionExpired = useCallback(() => {
    setState({ kind: 'signed-out', notice: 'Your session has ended. Please sign in again.' });
  }, []);

  useEffect(() => {
    document.title =
      state.kind === 'signed-in'
        ? `${page === 'imports' ? 'Imports' : page === 'cases' ? 'Cases' : page === 'initiatives' ? 'Initiatives' : 'Overview'} · ${state.session.organisation.name} · Northstar`
        : 'Sign in · Northstar';
  }, [state, page]);

  switch (state.kind) {
    case 'loading':
      return (
        <div className="boot" role="status" aria-live="polite">
          <span className="spinner" aria-hidden="true" />
          <span className="visually-hidden">Loading Northstar…</span>
        </div>
      );
    case 'signed-out':
      return (
        <LoginPage notice={state.notice} onSignedIn={(session) => setState({ kind: 'signed-in', session })} />
      );
    case 'signed-in':
      if (page === 'initiatives')
        return (
          <InitiativesPage session={state.session} onSignOut={signOut} onSessionExpired={sessionExpired} />
        );
      if (page === 'cases')
        return <CasesPage session={state.session} onSignOut={signOut} onSessionExpired={sessionExpired} />;
      return page === 'imports' ? (
        <ImportsPage session={state.session} onSignOut={signOut} onSessionExpired={sessionExpired} />
      ) : (
        <OverviewPage session={state.session} onSignOut={signOut} onSessionExpired={sessionExpired} />
      );
  }
}

// Top of the dashboard: finds the session, then shows the login page or the signed-in shell (header,
// navigation, filters and the page of the address).
import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { ApiError, api } from './api.js';
import { AppHeader } from './components/app-header.js';
import { ErrorBoundary } from './components/error-boundary.js';
import { FilterBar } from './components/filter-bar.js';
import { isShareable, SharedBanner, ShareView } from './components/share-view.js';
import { SideNav } from './components/side-nav.js';
import { pageInfo, pageOf } from './nav.js';
import { LoginPage } from './pages/login-page.js';
import NotFoundPage from './pages/not-found-page.js';
import { canConfigure } from './pages/settings-act-form.js';
import { PAGE_COMPONENTS } from './pages.js';
import { queryClient, setUnauthorisedHandler } from './query.js';
import { navigate, useLocation } from './router.js';
import { SessionContext } from './session.js';
import type { Session } from './types.js';

// The page an invitation email's link opens (signed in or not), loaded on demand.
const InvitePage = lazy(() => import('./pages/invite-page.js'));

type State =
  | { kind: 'loading' }
  | { kind: 'signed-out'; notice?: string }
  | { kind: 'signed-in'; session: Session };

/** The dashboard application. */
export function App() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const { pathname } = useLocation();

  useEffect(() => {
    // An invitation's page needs no session: it is for someone without an account yet.
    if (window.location.pathname === '/invite') {
      setState({ kind: 'signed-out' });
      return;
    }
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
      queryClient.clear();
      setState({ kind: 'signed-out' });
    }
  }, []);

  // An expired session while browsing sends the user back to the login page with a word of explanation.
  useEffect(() => {
    setUnauthorisedHandler(() => {
      queryClient.clear();
      setState({ kind: 'signed-out', notice: 'Your session has ended. Please sign in again.' });
    });
  }, []);

  if (pathname === '/invite' && state.kind !== 'loading') {
    return (
      <Suspense fallback={<div className="boot" role="status" aria-live="polite" />}>
        <InvitePage
          onSignedIn={(session) => {
            queryClient.clear();
            navigate('/', { replace: true });
            setState({ kind: 'signed-in', session });
          }}
        />
      </Suspense>
    );
  }

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
      return (
        <QueryClientProvider client={queryClient}>
          <SessionContext.Provider value={state.session}>
            <Shell session={state.session} onSignOut={signOut} />
          </SessionContext.Provider>
        </QueryClientProvider>
      );
  }
}

function Shell({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const { pathname } = useLocation();
  const page = pageOf(pathname);
  const [menuOpen, setMenuOpen] = useState(false);
  const info = page ? pageInfo(page) : null;
  const Page = page ? PAGE_COMPONENTS[page] : null;

  useEffect(() => {
    document.title = `${info?.label ?? 'Page not found'} · ${session.organisation.name} · Northstar`;
  }, [info, session]);

  return (
    <div className="shell">
      <AppHeader
        session={session}
        onSignOut={onSignOut}
        menuOpen={menuOpen}
        onToggleMenu={() => setMenuOpen((open) => !open)}
      />
      <div className="shell-body">
        {session.share ? null : (
          <SideNav current={page} open={menuOpen} onNavigate={() => setMenuOpen(false)} />
        )}
        <main className="shell-main" id="main">
          {session.share ? (
            <SharedBanner share={session.share} organisation={session.organisation.name} />
          ) : null}
          {info?.filters ? <FilterBar /> : null}
          {!session.share && canConfigure(session) && isShareable(pathname) ? <ShareView /> : null}
          <ErrorBoundary resetKey={pathname}>
            <Suspense
              fallback={
                <div className="page" role="status" aria-live="polite">
                  <span className="spinner" aria-hidden="true" />
                  <span className="visually-hidden">Loading the page…</span>
                </div>
              }
            >
              {Page ? <Page /> : <NotFoundPage pathname={pathname} />}
            </Suspense>
          </ErrorBoundary>
        </main>
      </div>
    </div>
  );
}

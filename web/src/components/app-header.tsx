// The bar across the top: product, organisation, who is signed in, and sign out.
import { useState } from 'react';
import { navigate, PAGE_PATHS, type PageKey } from '../nav.js';
import type { Session } from '../types.js';
import { Logo } from './logo.js';

interface Props {
  session: Session;
  onSignOut: () => void;
  /** The page shown, marked in the navigation. */
  current?: PageKey;
}

const PAGES: { key: PageKey; label: string }[] = [
  { key: 'overview', label: 'Overview' },
  { key: 'imports', label: 'Imports' },
  { key: 'initiatives', label: 'Initiatives' },
  { key: 'cases', label: 'Cases' },
];

/** The application header. */
export function AppHeader({ session, onSignOut, current = 'overview' }: Props) {
  const [signingOut, setSigningOut] = useState(false);
  const { user, organisation } = session;
  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="app-header-inner">
        <div className="app-header-start">
          <Logo />
          <span className="divider" aria-hidden="true" />
          <span className="org-name" title={organisation.slug}>
            {organisation.name}
          </span>
          <nav className="app-nav" aria-label="Pages">
            {PAGES.map((p) => (
              <a
                key={p.key}
                href={PAGE_PATHS[p.key]}
                className="app-nav-link"
                data-testid={`nav-${p.key}`}
                aria-current={p.key === current ? 'page' : undefined}
                onClick={(event) => {
                  if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
                  event.preventDefault();
                  navigate(p.key);
                }}
              >
                {p.label}
              </a>
            ))}
          </nav>
        </div>
        <div className="app-header-end">
          <span className="user" title={user.email}>
            <span className="avatar" aria-hidden="true">
              {initials(user.name || user.email)}
            </span>
            <span className="user-name">{user.name || user.email}</span>
          </span>
          <button
            type="button"
            className="button button-ghost"
            disabled={signingOut}
            onClick={() => {
              setSigningOut(true);
              onSignOut();
            }}
          >
            Log out
          </button>
        </div>
      </div>
    </header>
  );
}

function initials(name: string): string {
  const parts = name.split(/[\s@.]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts[1]?.[0] ?? '')).toUpperCase() || '?';
}

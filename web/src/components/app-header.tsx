// The bar across the top: product, organisation, who is signed in, and sign out.
import { useState } from 'react';
import type { Session } from '../types.js';
import { Logo } from './logo.js';

interface Props {
  session: Session;
  onSignOut: () => void;
}

/** The application header. */
export function AppHeader({ session, onSignOut }: Props) {
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

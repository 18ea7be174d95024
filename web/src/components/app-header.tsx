// The bar across the top: product, organisation, who is signed in, sign out, and (on narrow screens)
// the button that opens the navigation.
import { useState } from 'react';
import type { Session } from '../types.js';
import { Logo } from './logo.js';

interface Props {
  session: Session;
  onSignOut: () => void;
  /** Whether the navigation is open on a narrow screen. */
  menuOpen: boolean;
  onToggleMenu: () => void;
}

/** The application header. */
export function AppHeader({ session, onSignOut, menuOpen, onToggleMenu }: Props) {
  const [signingOut, setSigningOut] = useState(false);
  const { user, organisation } = session;
  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="app-header-inner">
        <div className="app-header-start">
          {session.share ? null : (
            <button
              type="button"
              className="menu-button"
              aria-expanded={menuOpen}
              aria-controls="app-nav"
              data-testid="menu-button"
              onClick={onToggleMenu}
            >
              <span className="menu-icon" aria-hidden="true" />
              <span className="visually-hidden">Menu</span>
            </button>
          )}
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
          {session.share ? null : (
            <button
              type="button"
              className="button button-ghost button-small"
              disabled={signingOut}
              data-testid="log-out"
              onClick={() => {
                setSigningOut(true);
                onSignOut();
              }}
            >
              Log out
            </button>
          )}
        </div>
      </div>
    </header>
  );
}

function initials(name: string): string {
  const parts = name.split(/[\s@.]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts[1]?.[0] ?? '')).toUpperCase() || '?';
}

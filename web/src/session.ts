// The signed-in session, available to every page.
import { createContext, useContext } from 'react';
import type { Session } from './types.js';

export const SessionContext = createContext<Session | null>(null);

/** The signed-in session (pages only render when there is one). */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

// What every signed-in page gets from the shell: the API client, the session, and a way to refresh the bell.
// Never carries a key's secret; the session's CSRF token is reachable only through the client.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient } from './api/client.js';
import type { Session } from './session.js';

export interface PortalContext {
  readonly api: ApiClient;
  readonly session: Session;
  /** Re-reads the unread notification count shown on the bell. */
  readonly refreshUnread: () => void;
  /** The current time in ms (one seam, so expiry checks and the calendar bounds agree). */
  readonly now: () => number;
}

export const AppContext = createContext<PortalContext | null>(null);

export function usePortal(): PortalContext {
  const ctx = useContext(AppContext);
  if (ctx === null) throw new Error('usePortal outside a signed-in page');
  return ctx;
}

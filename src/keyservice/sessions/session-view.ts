// The `<session>` object of docs/portal-api.md: who is signed in, what they may do, and the session's CSRF token.
// Never includes the session token itself (it lives only in the HttpOnly cookie).
import { userWire, type WireObject } from '../http/wire.js';
import type { SignedIn } from './session-auth.js';
import type { ResolvedPortalSettings } from './settings.js';
import { csrfTokenOf } from './tokens.js';

export function sessionView(signedIn: SignedIn, settings: ResolvedPortalSettings): WireObject {
  const { principal, session, token } = signedIn;
  const idleEnd = Math.min(session.lastSeenAt.getTime() + settings.idleMs, session.expiresAt.getTime());
  return {
    user: userWire(principal.user),
    type: principal.user.type,
    permissions: [...principal.permissions].sort(),
    csrf_token: csrfTokenOf(token),
    method: session.method,
    created_at: session.createdAt.toISOString(),
    expires_at: session.expiresAt.toISOString(),
    idle_expires_at: new Date(idleEnd).toISOString(),
  };
}

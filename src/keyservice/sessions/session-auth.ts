// Turns a portal session cookie into the caller of a key API request: same origin, CSRF token, live session.
// Never lets a session authenticate a request from another origin or one without the session's CSRF token.
import type { IncomingMessage } from 'node:http';
import { userError } from '../../kernel/errors.js';
import type { Principal } from '../domain/permissions.js';
import { principalOfUser } from '../auth/authenticator.js';
import type { PortalContext } from './portal-context.js';
import { CSRF_HEADER, SESSION_COOKIE, cookie, requireSameOrigin } from './request-facts.js';
import { liveSession, type SessionRecord } from './session-store.js';
import { csrfTokenOf, isWellFormedToken, sameSecret } from './tokens.js';

export interface SignedIn {
  readonly principal: Principal;
  readonly session: SessionRecord;
  /** The session token from the cookie (to derive the CSRF token); never logged or stored. */
  readonly token: string;
}

/** Whether the request carries a session cookie at all (else the key API asks for a Token). */
export function hasSessionCookie(req: IncomingMessage): boolean {
  return cookie(req, SESSION_COOKIE) !== undefined;
}

/** The signed-in caller behind the cookie, or 401 when there is no live session. Checks neither origin nor CSRF. */
export async function currentSession(p: PortalContext, req: IncomingMessage): Promise<SignedIn> {
  const token = cookie(req, SESSION_COOKIE);
  if (token === undefined || !isWellFormedToken(token)) throw userError('unauthenticated', 'not signed in');
  const session = await liveSession(p.ctx.db, token, p.ctx.clock.now(), p.settings.idleMs);
  if (session === undefined) throw userError('unauthenticated', 'the portal session has ended; sign in again');
  const principal = await principalOfUser(p.ctx, session.userId);
  if (principal === null || principal.user.type !== 'interactive')
    throw userError('unauthenticated', 'the portal session has ended; sign in again');
  return { principal: { ...principal, sessionHash: session.hash }, session, token };
}

/** A state-changing or API request on a session: same origin, the CSRF header, then a live session. */
export async function sessionCaller(p: PortalContext, req: IncomingMessage): Promise<SignedIn> {
  requireSameOrigin(p.settings, req, false);
  const token = cookie(req, SESSION_COOKIE);
  const sent = req.headers[CSRF_HEADER];
  if (
    token !== undefined &&
    isWellFormedToken(token) &&
    (typeof sent !== 'string' || !sameSecret(sent, csrfTokenOf(token)))
  ) {
    throw userError('forbidden', 'a portal session needs the X-CSRF-Token header (from GET /auth/v1/session)');
  }
  return currentSession(p, req);
}

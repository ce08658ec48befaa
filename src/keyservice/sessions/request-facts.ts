// What sign-in reads from a request: cookies, the service's own origin, same-origin checks, the source address.
// Never trusts X-Forwarded-* unless configured; never treats a missing Host as same-origin.
import type { IncomingMessage } from 'node:http';
import { userError } from '../../kernel/errors.js';
import type { ResolvedPortalSettings } from './settings.js';

export const SESSION_COOKIE = 'keyward_session';
export const OIDC_COOKIE = 'keyward_oidc';
export const CSRF_HEADER = 'x-csrf-token';

/** One cookie's value from the Cookie header, or undefined. */
export function cookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export interface CookieOptions {
  readonly path?: string;
  readonly maxAgeSeconds?: number;
  readonly sameSite?: 'Strict' | 'Lax';
}

export function setCookie(
  settings: ResolvedPortalSettings,
  name: string,
  value: string,
  o: CookieOptions = {},
): string {
  const parts = [`${name}=${value}`, `Path=${o.path ?? '/'}`, 'HttpOnly', `SameSite=${o.sameSite ?? 'Strict'}`];
  if (o.maxAgeSeconds !== undefined) parts.push(`Max-Age=${o.maxAgeSeconds}`);
  if (settings.secureCookies) parts.push('Secure');
  return parts.join('; ');
}

export function clearCookie(settings: ResolvedPortalSettings, name: string, path = '/'): string {
  return setCookie(settings, name, '', { path, maxAgeSeconds: 0 });
}

/** The origins this service answers as: the public URL's when configured, else http(s)://<Host>. */
function ownOrigins(settings: ResolvedPortalSettings, req: IncomingMessage): string[] {
  if (settings.publicUrl !== null) return [settings.publicUrl.origin];
  const host = req.headers.host;
  return host === undefined ? [] : [`http://${host.toLowerCase()}`, `https://${host.toLowerCase()}`];
}

/** The URL links and redirects are built on: the public URL, else the request's own origin over http. */
export function baseUrl(settings: ResolvedPortalSettings, req: IncomingMessage): string {
  if (settings.publicUrl !== null) return settings.publicUrl.origin + settings.publicUrl.pathname.replace(/\/$/, '');
  return `http://${req.headers.host ?? '127.0.0.1'}`;
}

const CROSS_ORIGIN = 'cross-origin requests cannot use a portal session; send Authorization: Token <api key>';

/**
 * Refuses (403) a request that a browser marks as coming from another origin. `originRequired` is for calls
 * made before there is a session (sign-in, set-password): those must name their origin.
 */
export function requireSameOrigin(
  settings: ResolvedPortalSettings,
  req: IncomingMessage,
  originRequired: boolean,
): void {
  const origin = req.headers.origin;
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') throw userError('forbidden', CROSS_ORIGIN);
  if (origin === undefined) {
    if (originRequired)
      throw userError('forbidden', 'this call must come from the portal page (an Origin header of this service)');
    return;
  }
  if (!ownOrigins(settings, req).includes(origin.toLowerCase())) throw userError('forbidden', CROSS_ORIGIN);
}

/** The address failed sign-ins are counted against. */
export function sourceOf(settings: ResolvedPortalSettings, req: IncomingMessage): string {
  const forwarded = req.headers['x-forwarded-for'];
  if (settings.trustProxy && typeof forwarded === 'string' && forwarded.trim() !== '') {
    return forwarded.split(',')[0]?.trim().slice(0, 64) ?? 'unknown';
  }
  return req.socket.remoteAddress ?? 'unknown';
}

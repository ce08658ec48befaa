// Opaque tokens for sessions and set-password links: 256 random bits, stored only as SHA-256, plus the CSRF token
// derived from a session token. Never logs, stores or returns a token other than to the one client it belongs to.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new token: 32 random bytes, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function isWellFormedToken(text: string): boolean {
  return TOKEN.test(text);
}

/** What storage keeps of a token: SHA-256, lowercase hex. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The session's CSRF token: derived from the session token, so nothing more is stored and it dies with the session. */
export function csrfTokenOf(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('keyward portal csrf v1').digest('base64url');
}

/** Constant-time comparison of two strings (false when the lengths differ). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

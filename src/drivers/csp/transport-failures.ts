// How the key-API client reads an answer's body and names a network failure: secret-free, and telling whether a
// request may have reached the server (a create that may have must never be sent again).
import { isRecord } from './envelope.js';
import type { HttpAnswer } from './http-fetch.js';

const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'CONNECT_TIMEOUT',
]);

const TLS_FAILURE =
  /^(EPROTO|ERR_SSL_|ERR_TLS_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_(VERIFY|GET)_|CERT_)/;

/** The body as JSON; never the parser's message, which quotes the text (it may hold a secret). */
export async function readBody(response: HttpAnswer): Promise<{ ok: boolean; value: unknown }> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    return { ok: false, value: null };
  }
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    // The parser's message quotes the text, which may hold a secret: drop it.
    return { ok: false, value: null };
  }
}

/**
 * A short, secret-free name for a network failure, whether the request may have reached the server, and whether
 * waiting cannot help (the host name does not exist; the TLS handshake was refused).
 */
export function describeNetworkError(err: unknown): { what: string; sent: boolean; permanent: boolean } {
  const cause = isRecord(err) && isRecord(err.cause) ? err.cause : null;
  const code = cause !== null && typeof cause.code === 'string' ? cause.code : null;
  // A failed TLS handshake (an https:// URL for a plain-http service, a certificate refused) sent no request.
  if (code !== null && TLS_FAILURE.test(code))
    return { what: `TLS handshake failed, ${code}`, sent: false, permanent: true };
  if (code === 'ENOTFOUND') return { what: 'ENOTFOUND (the host name does not resolve)', sent: false, permanent: true };
  if (code !== null) return { what: code, sent: !NOT_SENT_CODES.has(code), permanent: false };
  const name = err instanceof Error ? err.name : 'error';
  return { what: name === 'TimeoutError' ? 'timed out' : `network error (${name})`, sent: true, permanent: false };
}

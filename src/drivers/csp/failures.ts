// Turns failed key-API calls into KeywardErrors that name the call (method + path) and what to do about it.
// Never includes the API key, a request body, a response body other than the server's own error message, or a query
// string.
import { KeywardError, type ErrorCode } from '../../kernel/errors.js';

/** The request a failure belongs to; `path` excludes the query string by construction. */
export interface CallRef {
  readonly method: string;
  readonly path: string;
}

const MAX_SERVER_MESSAGE = 300;

export function callName(call: CallRef): string {
  return `${call.method} ${call.path}`;
}

/** The `{error:[{message, code}]}` envelope's first message and code, cleaned of control characters and the API key. */
export function readServerError(body: unknown, apiKey: string): { message: string | null; code: string | null } {
  const first = isRecord(body) && Array.isArray(body.error) ? (body.error[0] as unknown) : isRecord(body) ? body : null;
  if (!isRecord(first)) return { message: null, code: null };
  const message = typeof first.message === 'string' ? clean(first.message, apiKey) : null;
  const code = typeof first.code === 'string' ? clean(first.code, apiKey).slice(0, 64) : null;
  return { message: message === '' ? null : message, code };
}

function clean(text: string, apiKey: string): string {
  // eslint-disable-next-line no-control-regex
  let out = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (apiKey.length > 0) out = out.split(apiKey).join('[redacted]');
  return out.length > MAX_SERVER_MESSAGE ? `${out.slice(0, MAX_SERVER_MESSAGE)}…` : out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withServer(text: string, message: string | null): string {
  return message === null ? text : `${text}: ${message}`;
}

/** 401: the key was refused. Stops the run at once; the hint names where the key comes from. */
export function unauthenticated(call: CallRef, message: string | null, credentialHint: string): KeywardError {
  return new KeywardError(
    'driver.unauthenticated',
    `${callName(call)}: 401 the key service refused the API key${message === null ? '' : ` (${message})`}; check ${credentialHint}`,
    { source: 'user', details: { ...call, status: 401 } },
  );
}

/** 403: a permission is missing; the server's message names it. */
export function forbidden(call: CallRef, message: string | null): KeywardError {
  return new KeywardError(
    'driver.forbidden',
    withServer(`${callName(call)}: 403 permission denied`, message ?? 'the API key lacks a permission this call needs'),
    { source: 'user', details: { ...call, status: 403 } },
  );
}

/** 404 where absence is not an answer (a list endpoint, or the thing to update vanished). */
export function notFound(call: CallRef, message: string | null, what: string): KeywardError {
  return new KeywardError('driver.not-found', withServer(`${callName(call)}: 404 ${what}`, message), {
    source: 'user',
    details: { ...call, status: 404 },
  });
}

const CLIENT_ERROR_CODES: Readonly<Record<number, ErrorCode>> = {
  400: 'driver.bad-request',
  409: 'driver.conflict',
  413: 'driver.payload-too-large',
};

/** Any other 4xx: the request itself was refused; retrying cannot help. */
export function rejected(call: CallRef, status: number, message: string | null): KeywardError {
  return new KeywardError(
    CLIENT_ERROR_CODES[status] ?? 'driver.rejected',
    withServer(`${callName(call)}: ${status} refused`, message),
    {
      source: 'user',
      details: { ...call, status },
    },
  );
}

/** 429 that did not clear within the retry budget, or asked for a wait longer than allowed. */
export function rateLimited(call: CallRef, reason: string): KeywardError {
  return new KeywardError('driver.rate-limited', `${callName(call)}: 429 rate limited; ${reason}`, {
    details: { ...call, status: 429 },
  });
}

/**
 * 5xx or a network failure that retries did not clear. `outcomeUnknown` marks a create that may have
 * happened on the server although no answer came back: the next plan sees what really exists.
 */
export function unavailable(call: CallRef, what: string, attempts: number, outcomeUnknown: boolean): KeywardError {
  const tries = attempts === 1 ? 'not retried' : `gave up after ${attempts} attempts`;
  const unknown = outcomeUnknown ? '; the call may have taken effect: plan again to see the service as it is' : '';
  return new KeywardError(
    'driver.unavailable',
    `${callName(call)}: key service unavailable (${what}); ${tries}${unknown}`,
    {
      details: { ...call, attempts, outcomeUnknown },
    },
  );
}

/** A 2xx whose body is not the dialect's envelope; the body itself is never quoted (it may hold a secret). */
export function badResponse(call: CallRef, what: string): KeywardError {
  return new KeywardError('driver.bad-response', `${callName(call)}: unexpected response: ${what}`, {
    details: { ...call },
  });
}

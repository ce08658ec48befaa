// The errors storage raises when it cannot answer: too slow, unreachable, or no longer wanted by its client.
// Never carries a connection string, SQL text or row data in its message; the cause keeps the driver error.
import { KeywardError } from '../../kernel/errors.js';

// `unavailable` answers 503 (Retry-After) and `client_gone` is logged as a client abort, never as an internal error.

export function storageUnavailable(why: string, cause?: unknown): KeywardError {
  return new KeywardError('unavailable', `storage ${why}`, { cause });
}

export function clientGone(cause?: unknown): KeywardError {
  return new KeywardError('client_gone', 'the client closed the connection before the answer was ready', { cause });
}

/** SQLSTATE classes and socket errors that mean the database is not there (rather than the query being wrong). */
export function isConnectionFailure(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = 'code' in err && typeof err.code === 'string' ? err.code : '';
  if (/^(08|57P)/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH'].includes(code))
    return true;
  const message = 'message' in err && typeof err.message === 'string' ? err.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Client was closed/i.test(message);
}

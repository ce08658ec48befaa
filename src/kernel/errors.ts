// The one error type of keyward: a code, a message meant for people, a cause, and whose fault it is.
// User errors print without a stack; nothing here may ever carry a secret value.
import type { ErrorCode } from './error-codes.js';

export type { ErrorCode } from './error-codes.js';

/** Whose fault an error is: `user` errors (bad input, missing permission) print without a stack trace. */
export type ErrorSource = 'user' | 'system';

export interface KeywardErrorOptions {
  readonly source?: ErrorSource;
  readonly cause?: unknown;
  /** Structured, secret-free detail for renderers (file:line:col, JSON path, HTTP status...). */
  readonly details?: Readonly<Record<string, unknown>>;
}

export class KeywardError extends Error {
  readonly code: ErrorCode;
  readonly source: ErrorSource;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: KeywardErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KeywardError';
    this.code = code;
    this.source = options.source ?? 'system';
    this.details = options.details ?? {};
  }
}

/** A user-facing error (bad input, refused permission): printed as one clear message, no stack. */
export function userError(
  code: ErrorCode,
  message: string,
  options: Omit<KeywardErrorOptions, 'source'> = {},
): KeywardError {
  return new KeywardError(code, message, { ...options, source: 'user' });
}

/**
 * Wraps any thrown value with context ("creating key deploy#2 for payments-deployer: ..."), keeping code and source.
 */
export function wrapError(context: string, err: unknown): KeywardError {
  if (err instanceof KeywardError) {
    return new KeywardError(err.code, `${context}: ${err.message}`, {
      source: err.source,
      cause: err,
      details: err.details,
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new KeywardError('internal', `${context}: ${message}`, { cause: err });
}

export function isKeywardError(err: unknown): err is KeywardError {
  return err instanceof KeywardError;
}

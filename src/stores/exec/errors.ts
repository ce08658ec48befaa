// How the exec store's command failures read: exit codes (sysexits.h), timeouts and signals as store errors, and
// the stderr excerpt they carry, with the secret redacted from it. Never includes the secret or the environment.
import { isKeywardError, type KeywardError } from '../../kernel/errors.js';
import type { SecretRef } from '../../core/ports/secret-store.js';
import { messageOf, redact, storeError, type StoreIdentity } from '../store-error.js';
import type { CommandResult } from './run-command.js';

/** sysexits.h EX_TEMPFAIL: "try again later" — retried with backoff. */
export const EXIT_TRANSIENT = 75;
/** sysexits.h EX_NOPERM: the command lacks a permission — fails at once as a user error. */
export const EXIT_PERMISSION = 77;

export type Operation = 'write' | 'describe' | 'delete';

/** One run of a store command, as its failure describes it. `stdin` (the secret, for writes) is only redacted. */
export interface FailedCall {
  readonly operation: Operation;
  readonly program: string;
  readonly timeoutMs: number;
  readonly stdin?: string;
}

/** The store error for a command that timed out, asked to be retried, lacked a permission or failed. */
export function commandFailure(
  store: StoreIdentity,
  ref: SecretRef,
  call: FailedCall,
  result: CommandResult,
): KeywardError {
  const stderr = stderrExcerpt(call.stdin === undefined ? result.stderr : redact(result.stderr, call.stdin));
  const what = `${call.operation} command ${call.program}`;
  if (result.timedOut) {
    return storeError(
      store,
      ref,
      'store.exec.timeout',
      `${what} did not finish within ${call.timeoutMs} ms and was killed${stderr}`,
    );
  }
  if (result.exitCode === EXIT_TRANSIENT) {
    return storeError(
      store,
      ref,
      'store.exec.transient',
      `${what} asked to be retried (exit ${EXIT_TRANSIENT}) and kept failing${stderr}`,
    );
  }
  if (result.exitCode === EXIT_PERMISSION) {
    return storeError(
      store,
      ref,
      'store.exec.permission-denied',
      `${what} reports a missing permission (exit ${EXIT_PERMISSION}, EX_NOPERM)${stderr}`,
      { source: 'user' },
    );
  }
  const how =
    result.exitCode === null
      ? `was killed by ${result.signal ?? 'a signal'}`
      : `failed with exit code ${result.exitCode}`;
  return storeError(store, ref, 'store.exec.failed', `${what} ${how}${stderr}`, {
    details: { exitCode: result.exitCode },
  });
}

/** Any other failure of an operation (spawn, describe output) in the store's words, keeping its code and source. */
export function execStoreError(
  store: StoreIdentity,
  ref: SecretRef,
  operation: Operation,
  error: unknown,
): KeywardError {
  const code = isKeywardError(error) ? error.code : 'store.exec.failed';
  return storeError(store, ref, code, `${operation}: ${messageOf(error)}`, {
    source: isKeywardError(error) ? error.source : 'system',
    cause: error,
  });
}

/** The last ~2,000 characters of stderr, cut at a line start so no value is cut in half. */
function stderrExcerpt(stderr: string): string {
  const text = stderr.trim();
  if (text === '') return '';
  if (text.length <= 2000) return `; stderr: ${text}`;
  const tail = text.slice(-2000);
  const start = tail.indexOf('\n');
  return `; stderr (last lines): ${start >= 0 ? tail.slice(start + 1) : '[long line omitted]'}`;
}

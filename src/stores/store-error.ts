// Errors every secret store raises, in one shape: `<type> store "<name>": secret <ref>: <problem>`.
// Never pass a secret value in here; `redact` exists for text from outside (stderr, API bodies) that might echo it.
import { KeywardError, type ErrorCode, type ErrorSource } from '../kernel/errors.js';
import type { SecretRef } from '../core/ports/secret-store.js';

export interface StoreIdentity {
  readonly type: string;
  readonly name: string;
}

export interface StoreErrorOptions {
  readonly source?: ErrorSource;
  readonly cause?: unknown;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** An error about one secret in one store; details carry store type, store name and secret name for renderers. */
export function storeError(
  store: StoreIdentity,
  ref: SecretRef | null,
  code: ErrorCode,
  problem: string,
  options: StoreErrorOptions = {},
): KeywardError {
  const where =
    ref === null ? `${store.type} store "${store.name}"` : `${store.type} store "${store.name}": secret ${ref.name}`;
  return new KeywardError(code, `${where}: ${problem}`, {
    source: options.source ?? 'system',
    cause: options.cause,
    details: { storeType: store.type, store: store.name, ...(ref ? { secret: ref.name } : {}), ...options.details },
  });
}

/** A bad store configuration in a manifest (`stores.<name>.<field>`): a user error. */
export function storeConfigError(store: StoreIdentity, field: string | null, problem: string): KeywardError {
  const at = field === null ? `stores.${store.name}` : `stores.${store.name}.${field}`;
  return new KeywardError('store.config', `${store.type} store "${store.name}" (${at}): ${problem}`, {
    source: 'user',
    details: { storeType: store.type, store: store.name, path: at },
  });
}

/** Rejects config fields the store type does not know, naming the nearest problem first. */
export function rejectUnknownFields(
  store: StoreIdentity,
  config: Readonly<Record<string, unknown>>,
  known: readonly string[],
): void {
  for (const field of Object.keys(config)) {
    if (field !== 'type' && !known.includes(field)) {
      throw storeConfigError(store, field, `unknown field; ${store.type} stores accept: ${known.join(', ')}`);
    }
  }
}

export const REDACTED = '[secret]';

/** Replaces every occurrence of the secret value (and of its trimmed form) in outside text. */
export function redact(text: string, secretValue: string): string {
  let out = text;
  for (const needle of new Set([secretValue, secretValue.trim()])) {
    if (needle.length > 0) out = out.split(needle).join(REDACTED);
  }
  return out;
}

/** The message of any thrown value, for wrapping lower-level errors (fs, spawn) that never hold a secret. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

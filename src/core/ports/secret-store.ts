// The contract every secret store keeps (file, github, vault, exec).
// Rules: a write can be judged after a crash at any step (describe: absent / holds / uncertain); describe never returns
// the secret; events and KeywardErrors name the store, the ref and key IDs, never the secret.
import type { Clock } from '../../kernel/clock.js';
import type { EventSink } from '../../kernel/events.js';
import type { Secret } from '../../kernel/secret.js';
import type { Sleep } from '../../kernel/retry.js';

/** Where one secret lives inside one configured store: the store's declared name and the secret's name there. */
export interface SecretRef {
  readonly store: string;
  readonly name: string;
}

/** Secret-free facts written beside the secret so the reconciler can tell what a consumer holds. */
export interface SecretMeta {
  /** The keyward key ID (first 32 characters of the key) the secret holds. */
  readonly keyId: string;
  readonly serviceUser: string;
  readonly keyName: string;
  readonly generation: number;
}

/**
 * What one store says it holds for one ref.
 * - `absent`: nothing (no value, no pending marker).
 * - `holds`: a confirmed write of `keyId`.
 * - `uncertain`: a write was started but not confirmed (a pending marker is there), or the store holds a secret whose
 *   key ID it cannot tell. `candidates` lists every key ID it may hold (the pending one and the previous one, when
 *   known; empty when it cannot tell at all). A consumer may hold any candidate: the planner treats none of them as
 *   delivered and retires none of them; a full write of the wanted key repairs the state.
 */
export type StoredSecret =
  | { readonly state: 'absent' }
  | { readonly state: 'holds'; readonly keyId: string; readonly updatedAt: Date | null }
  | {
      readonly state: 'uncertain';
      readonly candidates: readonly string[];
      /** Secret-free words on why (for example "write of key K started at T, not confirmed"). */
      readonly reason: string;
      readonly updatedAt: Date | null;
    };

/** True when the store holds or may hold `keyId`: a candidate of an uncertain state, or one naming no candidate. */
export function mayHold(stored: StoredSecret, keyId: string): boolean {
  if (stored.state === 'holds') return stored.keyId === keyId;
  if (stored.state === 'uncertain') return stored.candidates.length === 0 || stored.candidates.includes(keyId);
  return false;
}

export interface SecretStore {
  /** The store type (`file`, `github`, ...). */
  readonly type: string;
  /** The store's name as declared in the manifest. */
  readonly name: string;
  /**
   * Replaces what `ref` holds with `secret` for `meta.keyId`. Written in steps a crash can stop at; after a stop at
   * any step, describe reports the previous key, `uncertain` naming the new and previous key IDs, or the new key —
   * never `holds` a key the store does not hold. Emits a secret-free `store.step` event after each step.
   */
  write(ref: SecretRef, secret: Secret, meta: SecretMeta): Promise<void>;
  /** What the store holds for `ref` (see StoredSecret); an absent ref is `absent`, not an error. */
  describe(ref: SecretRef): Promise<StoredSecret>;
  /** Removes every trace of the secret (value, key ID record, pending marker); resolves when it is already absent. */
  delete(ref: SecretRef): Promise<void>;
}

/** A store's manifest configuration: `type` plus the fields of that type. */
export interface StoreConfig {
  readonly type: string;
  readonly [field: string]: unknown;
}

export interface StoreContext {
  /** The environment to read credentials from (never the manifest). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory that relative paths in the config resolve against (the manifest's directory). */
  readonly baseDir: string;
  /** Time source for `updatedAt` stamps and Retry-After dates; defaults to the system clock. */
  readonly clock?: Clock;
  /** Waits between retries (see retry.ts); tests inject a recording sleep; defaults to a real timer. */
  readonly sleep?: Sleep;
  /** Where stores report retries and other secret-free happenings; defaults to dropping them. */
  readonly events?: EventSink;
}

export type StoreFactory = (name: string, config: StoreConfig, context: StoreContext) => SecretStore;

// The contract every secret store keeps (file, github, vault, exec).
// Rules: write is all-or-nothing and replaces; describe never returns the secret and reports "absent" rather than failing;
// errors are KeywardErrors naming the store and the ref, never the secret.
import type { Clock } from '../../kernel/clock.js';
import type { EventSink } from '../../kernel/events.js';
import type { Secret } from '../../kernel/secret.js';
import type { Sleep } from '../../stores/retry.js';

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

export type StoredSecret =
  | { readonly present: false }
  | { readonly present: true; readonly keyId: string | null; readonly updatedAt: Date | null };

export interface SecretStore {
  /** The store type (`file`, `github`, ...). */
  readonly type: string;
  /** The store's name as declared in the manifest. */
  readonly name: string;
  write(ref: SecretRef, secret: Secret, meta: SecretMeta): Promise<void>;
  describe(ref: SecretRef): Promise<StoredSecret>;
  /** Removes the secret; resolves when it is already absent. */
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

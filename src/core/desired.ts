// The desired model: what the manifests say should exist, resolved (defaults applied, durations parsed).
// Produced by core/manifest, consumed by core/plan; holds no secrets and no credentials.
import type { ProviderConfig } from './ports/key-driver.js';
import type { SecretRef, StoreConfig } from './ports/secret-store.js';

/** Where a thing was declared: file, 1-based line and column, and its JSON path (`/serviceUsers/0/keys/1`). */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly path: string;
}

export type Expiry =
  | { readonly kind: 'in'; readonly ms: number; readonly text: string }
  | { readonly kind: 'at'; readonly at: Date }
  | { readonly kind: 'never' };

export interface RotationPolicy {
  /** A key is due for rotation when it expires within this many ms. */
  readonly rotateBeforeMs: number;
  /** The previous generation stays enabled at least this long after its successor is delivered. */
  readonly overlapMs: number;
  /**
   * After the overlap, a superseded key is disabled only once nobody has used it for this long (a rolling window from
   * its last use, `defaults.retireIdle`, default 24h): a consumer still calling with it holds it back, never forever.
   */
  readonly retireIdleMs: number;
  /** A retired (disabled) generation is deleted this long after it was disabled. */
  readonly retainDisabledMs: number;
}

export interface DesiredKey {
  readonly serviceUser: string;
  /** The key's name in the manifest; remote names are `<name>` (generation 1) or `<name>#<generation>`. */
  readonly name: string;
  readonly generation: number;
  /**
   * `deleted`: every remote generation is disabled and deleted (destructive while a consumer might still use it),
   * then its secret is deleted from every store once the key no longer verifies; afterwards the entry can go.
   */
  readonly state: 'enabled' | 'disabled' | 'deleted';
  readonly expiry: Expiry;
  readonly rotation: RotationPolicy;
  /**
   * Every store this key's secret is delivered to (may be empty: then the secret is shown to nobody and the key is
   * useless, so the loader warns).
   */
  readonly secrets: readonly SecretRef[];
  readonly source: SourceLocation;
}

export interface DesiredServiceUser {
  readonly name: string;
  readonly description: string;
  readonly groups: readonly string[];
  readonly keys: readonly DesiredKey[];
  /** The manifest (metadata.name) that declares this user. */
  readonly scope: string;
  readonly source: SourceLocation;
}

/** A custom role, identified by name on its key API. */
export interface DesiredRole {
  readonly name: string;
  readonly permissions: readonly string[];
  /** The manifest (metadata.name) that declares this role. */
  readonly scope: string;
  readonly source: SourceLocation;
}

/** A group, identified by name on its key API; its roles are named (declared custom roles or built-in ones). */
export interface DesiredGroup {
  readonly name: string;
  readonly description: string;
  readonly roles: readonly string[];
  /** Subscribed to account alerts (the expiry notices of service keys). */
  readonly accountAlerts: boolean;
  /** The manifest (metadata.name) that declares this group. */
  readonly scope: string;
  readonly source: SourceLocation;
}

/** One manifest document (`kind: ServiceUsers`). */
export interface DesiredScope {
  readonly name: string;
  readonly file: string;
  readonly provider: ProviderConfig;
  readonly stores: Readonly<Record<string, StoreConfig>>;
  /** Resources of this scope that no manifest declares are retired only when prune is true. */
  readonly prune: boolean;
  /** Manifest-level permission for destructive actions (like --allow-destroy). */
  readonly allowDestroy: boolean;
  readonly serviceUsers: readonly DesiredServiceUser[];
  /**
   * Custom roles and groups this manifest declares. Absent (not empty) when the manifest has no `roles:` / `groups:`:
   * roles or groups of a key API are pruned only when some manifest on it declares that list.
   */
  readonly roles?: readonly DesiredRole[];
  readonly groups?: readonly DesiredGroup[];
  readonly source: SourceLocation;
}

export interface DesiredModel {
  readonly scopes: readonly DesiredScope[];
}

// The observed model: what the key API and the secret stores say exists, gathered by core/observe.
// Plain, secret-free data so that plan() stays a pure function of (desired, observed, now); holds no secret values.
import type { ObservedRemote } from './ports/key-driver.js';
import type { StoredSecret } from './ports/secret-store.js';

/** What one store reports for one secret ref of a declared key (never the secret itself). */
export interface ObservedSecret {
  /** The store's declared name in the scope's manifest. */
  readonly store: string;
  /** The secret's name inside that store. */
  readonly name: string;
  readonly stored: StoredSecret;
}

/** Everything observed for one manifest scope: its key API's listing and its stores' descriptions. */
export interface ObservedScope {
  /** The scope (manifest metadata.name) this observation belongs to. */
  readonly scope: string;
  /** The driver's listing (scopes sharing one driver instance share one listing). */
  readonly remote: ObservedRemote;
  /** One entry per secret ref of every declared key of the scope. */
  readonly secrets: readonly ObservedSecret[];
}

export interface ObservedModel {
  readonly scopes: readonly ObservedScope[];
}

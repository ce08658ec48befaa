// observe(): the observed model — each scope's key-API listing (list pages only) and what every store holds
// for every declared secret ref. Reads, never writes; never sees a secret value (describe returns key IDs only).
import type { DesiredScope } from '../desired.js';
import type { KeyDriver, ObservedRemote } from '../ports/key-driver.js';
import type { SecretStore } from '../ports/secret-store.js';
import type { ObservedModel, ObservedScope, ObservedSecret } from '../model.js';
import { KeywardError, wrapError } from '../../kernel/errors.js';
import { mapLimit } from '../apply/limit.js';

export interface ObserveDeps {
  /** The key API of each scope, by scope name; scopes sharing one instance are listed once. */
  readonly drivers: ReadonlyMap<string, KeyDriver>;
  /** The secret stores of each scope, by scope name, then by the store's declared name. */
  readonly stores: ReadonlyMap<string, ReadonlyMap<string, SecretStore>>;
  /** Store describe() calls in flight at once (default 8). */
  readonly parallelism?: number;
}

export function driverOf(drivers: ReadonlyMap<string, KeyDriver>, scope: string): KeyDriver {
  const driver = drivers.get(scope);
  if (!driver) throw new KeywardError('observe.no-driver', `no key-API driver is configured for scope ${scope}`);
  return driver;
}

export function storeOf(
  stores: ReadonlyMap<string, ReadonlyMap<string, SecretStore>>,
  scope: string,
  name: string,
): SecretStore {
  const store = stores.get(scope)?.get(name);
  if (!store) throw new KeywardError('observe.no-store', `scope ${scope} has no secret store named ${name}`);
  return store;
}

/**
 * Observes every scope. Throws a KeywardError (never a partial model) when a listing or a describe fails. Ambiguities
 * and unknown names (two remote keys for one generation, a group nobody has) are plan()'s to report, all at once.
 */
export async function observe(scopes: readonly DesiredScope[], deps: ObserveDeps): Promise<ObservedModel> {
  const listings = new Map<KeyDriver, Promise<ObservedRemote>>();
  const listingOf = (scope: DesiredScope): Promise<ObservedRemote> => {
    const driver = driverOf(deps.drivers, scope.name);
    let listing = listings.get(driver);
    if (!listing) {
      listing = driver.observe().catch((err: unknown) => {
        throw wrapError(`listing service users and keys of ${driver.name} for scope ${scope.name}`, err);
      });
      listings.set(driver, listing);
    }
    return listing;
  };
  const result: ObservedScope[] = [];
  for (const scope of scopes) {
    const remote = await listingOf(scope);
    const refs = scope.serviceUsers.flatMap((u) =>
      u.keys.flatMap((k) => k.secrets.map((ref) => ({ ref, owner: `${u.name}/${k.name}` }))),
    );
    const seen = new Set<string>();
    const unique = refs.filter((r) => {
      const id = JSON.stringify([r.ref.store, r.ref.name]);
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    const secrets = await mapLimit(unique, deps.parallelism ?? 8, async ({ ref, owner }): Promise<ObservedSecret> => {
      const store = storeOf(deps.stores, scope.name, ref.store);
      try {
        return { store: ref.store, name: ref.name, stored: await store.describe(ref) };
      } catch (err) {
        throw wrapError(`describing secret ${ref.store}/${ref.name} of ${owner} in scope ${scope.name}`, err);
      }
    });
    result.push({ scope: scope.name, remote, secrets });
  }
  return { scopes: result };
}

// Read-only lookups over a desired model for the planner, the Action and the provider.
// Pure functions of the model: no I/O, no defaults re-applied here (the loader already did).
import type { DesiredKey, DesiredModel, DesiredScope, DesiredServiceUser } from '../desired.js';
import { remoteKeyName } from '../key-names.js';

/** A key's identity across the model: its scope, service user, manifest name and desired generation. */
export interface KeyRef {
  readonly scope: string;
  readonly serviceUser: string;
  readonly key: string;
  readonly generation: number;
  /** The remote name of the desired generation (`deploy` or `deploy#3`). */
  readonly remoteName: string;
}

export function allServiceUsers(model: DesiredModel): DesiredServiceUser[] {
  return model.scopes.flatMap((scope) => scope.serviceUsers);
}

export function allKeys(model: DesiredModel): DesiredKey[] {
  return allServiceUsers(model).flatMap((user) => user.keys);
}

/** The service user of that name, and its scope; with `scope`, only within that manifest. */
export function findServiceUser(
  model: DesiredModel,
  name: string,
  scope?: string,
): { scope: DesiredScope; user: DesiredServiceUser } | undefined {
  for (const s of model.scopes) {
    if (scope !== undefined && s.name !== scope) continue;
    const user = s.serviceUsers.find((u) => u.name === name);
    if (user !== undefined) return { scope: s, user };
  }
  return undefined;
}

export function findKey(model: DesiredModel, serviceUser: string, keyName: string): DesiredKey | undefined {
  return findServiceUser(model, serviceUser)?.user.keys.find((k) => k.name === keyName);
}

/** The remote name the desired generation of a key has at the key API. */
export function desiredRemoteName(key: DesiredKey): string {
  return remoteKeyName(key.name, key.generation);
}

/** Every key of the model as a KeyRef, in manifest order. */
export function keyRefs(model: DesiredModel): KeyRef[] {
  return model.scopes.flatMap((scope) =>
    scope.serviceUsers.flatMap((user) =>
      user.keys.map((key) => ({
        scope: scope.name,
        serviceUser: user.name,
        key: key.name,
        generation: key.generation,
        remoteName: desiredRemoteName(key),
      })),
    ),
  );
}

// Read-only lookups over a desired model for the planner, the Action and the provider.
// Pure functions of the model: no I/O, no defaults re-applied here (the loader already did).
import type { DesiredKey, DesiredModel, DesiredServiceUser } from '../desired.js';
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

/** The remote name the desired generation of a key has at the key API. */
function desiredRemoteName(key: DesiredKey): string {
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

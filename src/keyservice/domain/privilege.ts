// THE rule against privilege growth: a caller may create, enable, change or delete a credential, or change what
// a user, group or role grants, only when it holds every permission the target has or would have. Never reads storage.
import { type KeywardError, userError } from '../../kernel/errors.js';
import { ALL_ACCESS, permissionLabels } from './permissions.js';

/** A permission set: `*` (All Access) holds every permission, named or not. */
export type PermissionSet = ReadonlySet<string>;

/** The permissions in `target` that `caller` does not hold (empty when the caller covers the target). */
export function missingPermissions(caller: PermissionSet, target: Iterable<string>): string[] {
  if (caller.has(ALL_ACCESS)) return [];
  const missing = new Set<string>();
  for (const permission of target) if (!caller.has(permission)) missing.add(permission);
  return [...missing].sort();
}

/** Whether `caller` holds every permission in `target`. */
export function covers(caller: PermissionSet, target: Iterable<string>): boolean {
  return missingPermissions(caller, target).length === 0;
}

/** Every permission of several sets together (a user after a group change: what it has plus what it would get). */
export function unionOf(...sets: ReadonlyArray<Iterable<string>>): Set<string> {
  const all = new Set<string>();
  for (const set of sets) for (const permission of set) all.add(permission);
  return all;
}

/**
 * A 403 naming each missing permission: `action` (e.g. "creating a service API key for user x") "requires
 * permission * (All Access), which <whose> holds". The message never contains more than ids, names and permissions.
 */
export function privilegeError(action: string, missing: readonly string[], whose: string): KeywardError {
  const named = missing.map((permission) => {
    const label = permissionLabels.get(permission);
    return `${permission}${label ? ` (${label})` : ''}`;
  });
  const list = named.length === 1 ? `permission ${named[0]}` : `permissions ${named.join(', ')}`;
  return userError(
    'forbidden',
    `${action} requires ${list}, which ${whose}; no caller may reach a permission it does not hold itself`,
    { details: { permission: missing[0], missing } },
  );
}

/** Throws privilegeError unless `caller` covers `target`. */
export function requireCovers(caller: PermissionSet, target: Iterable<string>, action: string, whose: string): void {
  const missing = missingPermissions(caller, target);
  if (missing.length > 0) throw privilegeError(action, missing, whose);
}

// Permissions: the known permission names, who holds what (through groups and roles), and the 403 naming what is
// missing.
// Never grant by user name or id; everything comes from group membership and role permissions.
import { KeywardError, userError } from '../../kernel/errors.js';
import type { User } from './types.js';

export const ALL_ACCESS = '*';
export const USER_MANAGE = 'user.manage';
export const SERVICE_API_KEY_CREATE = 'service_api_key.create';
/** Lists and views other users' service keys, changes nothing: what a plan job needs (docs/action.md). */
export const SERVICE_API_KEY_READ = 'service_api_key.read';

/** Permission name → the label the portal shows; custom roles may hold only these (plus `*`). */
export const permissionLabels: ReadonlyMap<string, string> = new Map([
  [ALL_ACCESS, 'All Access'],
  [USER_MANAGE, 'User Manage'],
  [SERVICE_API_KEY_CREATE, 'Service API Keys Create'],
  [SERVICE_API_KEY_READ, 'Service API Keys Read'],
]);

export const ALL_ACCESS_ROLE = 'All Access';
export const ADMINISTRATORS_GROUP = 'Administrators';

/** The authenticated caller: a user, the permissions its groups' roles grant, and the key or portal session it used. */
export interface Principal {
  readonly user: User;
  readonly permissions: ReadonlySet<string>;
  /** The API key the caller authenticated with; absent for a portal session. */
  readonly keyId?: string;
  /** SHA-256 of the portal session token the caller authenticated with; absent for an API key. */
  readonly sessionHash?: string;
}

export function isAdmin(principal: Principal): boolean {
  return principal.permissions.has(ALL_ACCESS);
}

export function hasPermission(principal: Principal, permission: string): boolean {
  return isAdmin(principal) || principal.permissions.has(permission);
}

/** The name the audit log and created_by/updated_by use for an actor: email, else name. */
export function actorName(user: Pick<User, 'email' | 'name'>): string {
  return user.email ?? user.name;
}

/** A 403 that names the missing permission and its portal label. */
export function missingPermission(permission: string, action: string): KeywardError {
  const label = permissionLabels.get(permission);
  return userError('forbidden', `${action} requires permission ${permission}${label ? ` (${label})` : ''}`, {
    details: { permission },
  });
}

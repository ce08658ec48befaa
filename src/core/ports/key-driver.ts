// The contract every key-API driver keeps (keyward, infoblox): what the reconciler may ask of a key API.
// Drivers never log or return a secret except in CreatedKey.secret, and never guess: an outage is an error, not
// "absent".
import type { Secret } from '../../kernel/secret.js';

/** Which key API a manifest scope talks to (its `provider:` block). */
export interface ProviderConfig {
  /** Driver name from the registry: `keyward` or `infoblox`. */
  readonly driver: string;
  /** Base URL; when absent the driver reads it from the environment. */
  readonly url?: string;
}

export type KeyState = 'enabled' | 'disabled' | 'expired';
export type KeyType = 'interactive' | 'service' | 'legacy';
export type UserType = 'interactive' | 'service';

export interface RemoteRole {
  /** Bare id (uuid), no `identity/roles/` prefix. */
  readonly id: string;
  readonly name: string;
  readonly permissions: readonly string[];
  /** Built-in roles (All Access, ...) are never changed or deleted by keyward. */
  readonly builtIn: boolean;
}

export interface RemoteGroup {
  /** Bare id (uuid), no `identity/groups/` prefix. */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** Role names (resolved from role ids by the driver). */
  readonly roles: readonly string[];
  /** Subscribed to account alerts (the expiry notices of service keys). */
  readonly accountAlerts: boolean;
}

export interface RemoteUser {
  /** Bare id (uuid), no `identity/users/` prefix. */
  readonly id: string;
  readonly name: string;
  readonly email: string | null;
  readonly type: UserType;
  readonly description: string;
  /** Group names (resolved from group ids by the driver). */
  readonly groups: readonly string[];
  /** When the key API created the user; null when the API does not report it. */
  readonly createdAt: Date | null;
}

export interface RemoteKey {
  /** Bare key ID: the first 32 characters of the full key; carries no secret. */
  readonly id: string;
  readonly name: string;
  readonly userId: string;
  readonly state: KeyState;
  readonly type: KeyType;
  readonly expiresAt: Date | null;
  readonly lastUsedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface CreatedKey {
  readonly key: RemoteKey;
  /** The full key, returned once by the API. Lives only in memory until a store writes it. */
  readonly secret: Secret;
}

export interface ObservedRemote {
  readonly users: readonly RemoteUser[];
  readonly keys: readonly RemoteKey[];
  readonly groups: readonly RemoteGroup[];
  readonly roles: readonly RemoteRole[];
  /** HTTP requests observe() made: must equal the number of list pages fetched. */
  readonly requests: number;
}

export interface CreateUserInput {
  readonly name: string;
  readonly description: string;
  readonly groups: readonly string[];
}

export interface UpdateUserInput {
  readonly description?: string;
  readonly groups?: readonly string[];
}

export interface RoleInput {
  readonly name: string;
  readonly permissions: readonly string[];
}

export interface GroupInput {
  readonly name: string;
  readonly description: string;
  /** Role names; the driver maps them to ids (an unknown name is a KeywardError). */
  readonly roles: readonly string[];
  readonly accountAlerts: boolean;
}

export interface CreateKeyInput {
  readonly userId: string;
  readonly name: string;
  /** null = never expires (only where the service's policy allows it). */
  readonly expiresAt: Date | null;
}

/**
 * A key API the reconciler drives.
 * Rules: create is all-or-nothing; a failed delete means the thing still exists;
 * 404 on read means absent, but 401/403/429/5xx/network never read as absent (they throw KeywardError);
 * observe() lists with paging only (no per-key reads).
 */
export interface KeyDriver {
  readonly name: string;
  /** Service users, service keys, groups and roles visible to the caller, fetched by list pages only. */
  observe(): Promise<ObservedRemote>;
  createServiceUser(input: CreateUserInput): Promise<RemoteUser>;
  updateServiceUser(id: string, input: UpdateUserInput): Promise<RemoteUser>;
  deleteServiceUser(id: string): Promise<void>;
  createKey(input: CreateKeyInput): Promise<CreatedKey>;
  setKeyState(id: string, state: 'enabled' | 'disabled'): Promise<RemoteKey>;
  /** Deletes a key; resolves also when it is already gone (404). */
  deleteKey(id: string): Promise<void>;
  createRole(input: RoleInput): Promise<RemoteRole>;
  updateRole(id: string, input: RoleInput): Promise<RemoteRole>;
  /** Deletes a role; resolves also when it is already gone (404). */
  deleteRole(id: string): Promise<void>;
  createGroup(input: GroupInput): Promise<RemoteGroup>;
  updateGroup(id: string, input: GroupInput): Promise<RemoteGroup>;
  /** Deletes a group; resolves also when it is already gone (404). */
  deleteGroup(id: string): Promise<void>;
}

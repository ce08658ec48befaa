// The key service's domain records, in the seeds' words: users, groups, roles, API keys, audit entries.
// Records hold a key's hash at most, never the key itself.

export type UserType = 'interactive' | 'service';
export type KeyType = 'interactive' | 'service' | 'legacy';
/** What storage holds; `expired` is never stored, it is computed from expires_at at read time. */
export type StoredKeyState = 'enabled' | 'disabled';
export type KeyState = StoredKeyState | 'expired';

export interface User {
  readonly id: string;
  readonly name: string;
  readonly email: string | null;
  readonly type: UserType;
  readonly description: string;
  readonly groupIds: readonly string[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly createdBy: string;
  readonly updatedBy: string;
}

export interface Group {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly accountAlerts: boolean;
  readonly builtIn: boolean;
  readonly roleIds: readonly string[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface Role {
  readonly id: string;
  readonly name: string;
  readonly permissions: readonly string[];
  readonly builtIn: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A key as stored: `hash` is SHA-256 (hex) of the whole 64-hex key. */
export interface ApiKeyRecord {
  readonly id: string;
  readonly hash: string;
  readonly name: string;
  readonly userId: string;
  readonly userName: string;
  readonly userEmail: string | null;
  readonly userType: UserType;
  readonly type: KeyType;
  readonly state: StoredKeyState;
  readonly expiresAt: Date | null;
  readonly lastUsedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly createdBy: string;
  readonly updatedBy: string;
}

export type AuditOutcome = 'success' | 'denied' | 'failure';

export interface AuditEntry {
  readonly id?: string;
  readonly at: Date;
  /** The acting user's email or name; `anonymous` before authentication, `system` for bootstrap. */
  readonly actor: string;
  readonly actorId: string | null;
  readonly action: string;
  /** A prefixed id or name; never a key. */
  readonly target: string;
  readonly outcome: AuditOutcome;
  readonly detail: string;
}

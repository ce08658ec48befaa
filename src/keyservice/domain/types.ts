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
  /** Who disabled the key (user id) and the permissions it held then; null while enabled. */
  readonly disabledById: string | null;
  /** Enabling the key again needs every one of these (an administrator's disable sticks). */
  readonly disabledWith: readonly string[] | null;
}

export type AuditOutcome = 'success' | 'denied' | 'failure';

/** What kind of actor an audit entry names: a user of either type, nobody authenticated, or the server itself. */
type ActorType = UserType | 'anonymous' | 'system' | 'unknown';

export interface AuditEntry {
  readonly id?: string;
  readonly at: Date;
  /** The acting user's email or name; `anonymous` before authentication, `system` for bootstrap. */
  readonly actor: string;
  readonly actorId: string | null;
  /** With actorId, what makes the actor unambiguous (a service user may be named like someone's e-mail). */
  readonly actorType: ActorType;
  /** The client address, where it matters (failed authentication); null otherwise. */
  readonly source: string | null;
  /** How many events this entry stands for (aggregated failures); 1 otherwise. */
  readonly count: number;
  readonly action: string;
  /** A prefixed id or name; never a key. */
  readonly target: string;
  readonly outcome: AuditOutcome;
  readonly detail: string;
}

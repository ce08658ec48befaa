// The key service's objects as the portal reads them (docs/api.md); only the fields the pages show or send.
// Never holds a key's secret: `key` exists only on the create response, read once by the copy-once dialog.

export type KeyState = 'enabled' | 'disabled' | 'expired';
type KeyType = 'interactive' | 'service' | 'legacy';

export interface ApiKey {
  readonly id: string;
  readonly name: string;
  readonly state: KeyState;
  readonly type: KeyType;
  readonly user_id: string;
  readonly user_name: string;
  readonly user_email: string | null;
  readonly expires_at: string | null;
  readonly last_used_at: string | null;
  readonly created_at: string;
  readonly updated_at: string;
  readonly created_by: string;
  readonly updated_by: string;
}

/** The answer to a create call: the one time a key's secret is on the wire. */
export interface CreatedApiKey extends ApiKey {
  readonly key: string;
}

export interface User {
  readonly id: string;
  readonly name: string;
  readonly email: string | null;
  readonly type: 'interactive' | 'service';
  readonly description: string;
  readonly group_ids: readonly string[];
  readonly created_at: string;
  readonly updated_at: string;
  readonly created_by: string;
  readonly updated_by: string;
}

export interface Group {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly roles: readonly string[];
  readonly account_alerts: boolean;
}

export interface Role {
  readonly id: string;
  readonly name: string;
  readonly permissions: readonly string[];
  readonly built_in: boolean;
}

export interface Notification {
  readonly id: string;
  readonly kind: string;
  readonly key_id: string;
  readonly key_name: string | null;
  readonly key_type: KeyType | null;
  readonly expires_at: string | null;
  readonly day: string;
  readonly days_left: number | null;
  readonly message: string;
  readonly read: boolean;
  readonly created_at: string;
}

export interface AuditEntry {
  readonly id: number;
  readonly time: string;
  readonly actor: string;
  readonly actor_id: string | null;
  readonly action: string;
  readonly target: string;
  readonly outcome: 'success' | 'denied' | 'failure';
  readonly detail: string;
}

export const PERMISSIONS = {
  all: '*',
  userManage: 'user.manage',
  serviceKeysCreate: 'service_api_key.create',
  serviceKeysRead: 'service_api_key.read',
} as const;

export const PERMISSION_LABELS: Readonly<Record<string, string>> = {
  '*': 'All Access',
  'user.manage': 'User Manage',
  'service_api_key.create': 'Service API Keys Create',
  'service_api_key.read': 'Service API Keys Read',
};

// Row shapes as the database returns them and their mapping to domain records.
// Never select or map a key hash into anything that leaves the repository except ApiKeyRecord for checks.
import type {
  ApiKeyRecord,
  AuditEntry,
  Group,
  KeyType,
  Role,
  StoredKeyState,
  User,
  UserType,
} from '../domain/types.js';

export interface UserRow {
  id: string;
  name: string;
  email: string | null;
  type: UserType;
  description: string;
  group_ids: string[] | null;
  created_at: Date | string;
  updated_at: Date | string;
  created_by: string;
  updated_by: string;
}
export interface GroupRow {
  id: string;
  name: string;
  description: string;
  account_alerts: boolean;
  built_in: boolean;
  role_ids: string[] | null;
  created_at: Date | string;
  updated_at: Date | string;
}
export interface RoleRow {
  id: string;
  name: string;
  permissions: string[];
  built_in: boolean;
  created_at: Date | string;
  updated_at: Date | string;
}
export interface KeyRow {
  id: string;
  hash: string;
  name: string;
  user_id: string;
  user_name: string;
  user_email: string | null;
  user_type: UserType;
  type: KeyType;
  stored_state: StoredKeyState;
  expires_at: Date | string | null;
  last_used_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
  created_by: string;
  updated_by: string;
  disabled_by_id: string | null;
  disabled_with: string[] | null;
}
export interface AuditRow {
  id: string;
  at: Date | string;
  actor: string;
  actor_id: string | null;
  actor_type: AuditEntry['actorType'];
  source: string | null;
  count: number | string;
  action: string;
  target: string;
  outcome: AuditEntry['outcome'];
  detail: string;
}

const date = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));
const maybeDate = (value: Date | string | null): Date | null => (value === null ? null : date(value));

export function toUser(r: UserRow): User {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    type: r.type,
    description: r.description,
    groupIds: r.group_ids ?? [],
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
    createdBy: r.created_by,
    updatedBy: r.updated_by,
  };
}
export function toGroup(r: GroupRow): Group {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    accountAlerts: r.account_alerts,
    builtIn: r.built_in,
    roleIds: r.role_ids ?? [],
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
  };
}
export function toRole(r: RoleRow): Role {
  return {
    id: r.id,
    name: r.name,
    permissions: r.permissions,
    builtIn: r.built_in,
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
  };
}
export function toKey(r: KeyRow): ApiKeyRecord {
  return {
    id: r.id,
    hash: r.hash,
    name: r.name,
    userId: r.user_id,
    userName: r.user_name,
    userEmail: r.user_email,
    userType: r.user_type,
    type: r.type,
    state: r.stored_state,
    expiresAt: maybeDate(r.expires_at),
    lastUsedAt: maybeDate(r.last_used_at),
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
    createdBy: r.created_by,
    updatedBy: r.updated_by,
    disabledById: r.disabled_by_id,
    disabledWith: r.disabled_with,
  };
}
export function toAudit(r: AuditRow): AuditEntry {
  return {
    id: String(r.id),
    at: date(r.at),
    actor: r.actor,
    actorId: r.actor_id,
    actorType: r.actor_type,
    source: r.source,
    count: Number(r.count),
    action: r.action,
    target: r.target,
    outcome: r.outcome,
    detail: r.detail,
  };
}

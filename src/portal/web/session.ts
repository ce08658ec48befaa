// The signed-in person as the portal sees them: the session answer of docs/portal-api.md and what it allows.
// Never stores the CSRF token or anything else from the session outside memory.
import type { User } from './api/types.js';

export interface Session {
  readonly user: User;
  readonly type: 'interactive';
  readonly permissions: readonly string[];
  readonly csrf_token: string;
  readonly method: 'password' | 'oidc';
  readonly created_at: string;
  readonly expires_at: string;
  readonly idle_expires_at: string;
}

export interface AuthConfig {
  readonly password: boolean;
  readonly oidc: { readonly enabled: boolean; readonly name: string };
}

/** Whether the session's roles grant `permission` (`*` grants everything). */
export function can(session: Session, permission: string): boolean {
  return session.permissions.includes('*') || session.permissions.includes(permission);
}

export function isAdmin(session: Session): boolean {
  return session.permissions.includes('*');
}

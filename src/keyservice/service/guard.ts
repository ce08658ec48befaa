// Permission checks that also write the audit entry for a denial, so no refusal goes unrecorded.
// Never grants anything itself; it only checks the Principal's permissions (privilege rule: domain/privilege.ts).
import type { KeywardError } from '../../kernel/errors.js';
import { hasPermission, missingPermission, type Principal } from '../domain/permissions.js';
import { missingPermissions, privilegeError } from '../domain/privilege.js';
import { audit, type KeyServiceContext } from './context.js';

/** Throws a 403 naming `permission` (and audits it) unless `principal` holds it. */
export async function guard(
  ctx: KeyServiceContext,
  p: Principal,
  permission: string,
  action: string,
  target: string,
): Promise<void> {
  if (hasPermission(p, permission)) return;
  await deny(ctx, p, missingPermission(permission, action), action, target);
}

/** A privilege check: the audited action, the words for the message, the audited target, whose permissions. */
export interface CoverCheck {
  readonly action: string;
  /** e.g. `creating a service API key for user "x" (identity/users/…)` */
  readonly what: string;
  readonly target: string;
  /** completes "which ... holds": `that user holds`, `its owner holds`, `the user who disabled it held` */
  readonly whose: string;
}

/**
 * Throws a 403 (audited) unless the caller holds every permission in `targetPermissions`: what the target user,
 * key owner, group or role has or would have (the rule: domain/privilege.ts).
 */
export async function guardCovers(
  ctx: KeyServiceContext,
  p: Principal,
  targetPermissions: Iterable<string>,
  check: CoverCheck,
): Promise<void> {
  const missing = missingPermissions(p.permissions, targetPermissions);
  if (missing.length === 0) return;
  await deny(ctx, p, privilegeError(check.what, missing, check.whose), check.action, check.target);
}

/** Audits a refusal and throws it. */
export async function deny(
  ctx: KeyServiceContext,
  p: Principal,
  err: KeywardError,
  action: string,
  target: string,
): Promise<never> {
  await audit(ctx, p, { action, target, outcome: 'denied', detail: err.message });
  throw err;
}

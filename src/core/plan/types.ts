// The plan's vocabulary: typed actions, blocked actions and notices that plan() produces and apply() executes.
// Plain JSON-friendly data; never a secret value (key IDs, names and store refs only).
import type { SecretRef } from '../ports/secret-store.js';

export type Risk = 'low' | 'medium' | 'high';

export interface PlanOptions {
  /** Lets destructive actions (deleting declared or pruned resources) execute; otherwise they are listed as blocked. */
  readonly allowDestroy: boolean;
  /** Retires a superseded generation as soon as its successor is delivered, ignoring overlap and last use. */
  readonly forceRetire: boolean;
  /**
   * How old an undelivered, never-used key must be before it counts as an orphan and is replaced (default 15 minutes):
   * a younger one may be in the middle of another apply's delivery, and deleting it would hand that consumer a dead key.
   */
  readonly orphanGraceMs?: number;
}

export const DEFAULT_ORPHAN_GRACE_MS = 15 * 60_000;

interface ActionBase {
  /** Stable identity of the action inside a plan, e.g. `create-key payments/payments-deployer/deploy#2`. */
  readonly id: string;
  readonly scope: string;
  readonly serviceUser: string;
  /** Why this action is planned, for people; secret-free. */
  readonly reason: string;
  readonly risk: Risk;
  /** True when the action removes something a person declared or may still use: it needs allow-destroy. */
  readonly destructive: boolean;
}

/** A reference to one remote key the plan acts on. */
export interface KeyTarget {
  readonly keyId: string;
  readonly remoteName: string;
  readonly keyName: string;
  readonly generation: number;
}

export interface CreateUserAction extends ActionBase {
  readonly kind: 'create-user';
  readonly description: string;
  readonly groups: readonly string[];
}

export interface UpdateUserAction extends ActionBase {
  readonly kind: 'update-user';
  readonly userId: string;
  /** Only the fields that change, with their desired values. */
  readonly description?: string;
  readonly groups?: readonly string[];
}

export interface DeleteUserAction extends ActionBase {
  readonly kind: 'delete-user';
  readonly userId: string;
}

/**
 * Creates generation `generation` of a key, writes its secret to every store in `secrets`, verifies each store
 * describes the new key ID. `rotate-key` does the same and names the generations it supersedes (retired later).
 */
export interface CreateKeyAction extends ActionBase {
  readonly kind: 'create-key' | 'rotate-key';
  /** null when the service user is created earlier in the same plan. */
  readonly userId: string | null;
  readonly keyName: string;
  readonly generation: number;
  readonly remoteName: string;
  /** RFC 3339, or null for a key that never expires. */
  readonly expiresAt: string | null;
  readonly secrets: readonly SecretRef[];
  /** The generations this one supersedes (empty for create-key). */
  readonly supersedes: readonly KeyTarget[];
  /**
   * Superseded enabled generations to disable right after every store verified the new key. Set only with force-retire
   * or a zero overlap, where waiting gains nothing; otherwise a later plan retires them after overlap and last use allow.
   * plan() always sets it (empty when nothing retires at once); optional only so hand-built plans stay valid.
   */
  readonly retireAfterDelivery?: readonly KeyTarget[];
}

export interface KeyStateAction extends ActionBase {
  readonly kind: 'enable-key' | 'disable-key';
  readonly key: KeyTarget;
}

export interface DeleteKeyAction extends ActionBase {
  readonly kind: 'delete-key';
  readonly key: KeyTarget;
  /** The key is still enabled: apply disables it before deleting (the portal's documented habit). */
  readonly disableFirst: boolean;
}

export interface NoOpAction extends ActionBase {
  readonly kind: 'no-op';
  readonly subject: string;
}

export type Action =
  | CreateUserAction
  | UpdateUserAction
  | DeleteUserAction
  | CreateKeyAction
  | KeyStateAction
  | DeleteKeyAction
  | NoOpAction;

export type ActionKind = Action['kind'];

/** A destructive action that was not allowed to run, and what would allow it. */
export interface BlockedAction {
  readonly action: Action;
  readonly reason: string;
}

export type NoticeCode =
  | 'rotation-due'
  | 'retire-pending'
  | 'orphan'
  | 'undelivered'
  | 'expired'
  | 'unmanaged';

/** Something a person should know that is not an action: rotation due, retirement waiting, an orphan replaced... */
export interface Notice {
  readonly code: NoticeCode;
  readonly scope: string;
  readonly serviceUser: string;
  readonly keyName: string | null;
  readonly message: string;
  /** Secret-free structured facts for renderers (e.g. `nextGeneration` for rotation-due). */
  readonly data: Readonly<Record<string, string | number | boolean | null>>;
}

export interface Plan {
  /** ISO time the plan was computed for. */
  readonly at: string;
  readonly options: PlanOptions;
  /** Executable changes, in execution order (per service user the order matters). */
  readonly actions: readonly Action[];
  readonly blocked: readonly BlockedAction[];
  /** Declared resources that need nothing. */
  readonly unchanged: readonly NoOpAction[];
  readonly notices: readonly Notice[];
}

/** True when the plan would change nothing. */
export function isEmptyPlan(plan: Plan): boolean {
  return plan.actions.length === 0;
}

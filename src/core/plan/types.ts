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
   * a younger one may be in the middle of another apply's delivery, and deleting it would hand that consumer a dead
   * key.
   */
  readonly orphanGraceMs?: number;
  /**
   * Lists a no-op entry in `unchanged` per declared resource that needs nothing (default true). Callers that show only
   * changes (plan text, status) leave it off: 100,000 unchanged keys are 100,000 entries (about 13 MB, bench/plan).
   */
  readonly listUnchanged?: boolean;
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
  /**
   * True when the action deletes or disables something a consumer might still use (see docs/manifest.md,
   * "Destructive"):
   * it runs only with allow-destroy. Disable and delete actions say why in `destructiveReason`.
   */
  readonly destructive: boolean;
}

/**
 * Why a disable or delete is, or is not, destructive, in words (e.g. "not destructive: expired at ..., it authenticates
 * nobody"). plan() always sets it; optional only so hand-built plans (the Terraform provider's) stay valid.
 */
interface Retiring {
  readonly destructiveReason?: string;
}

/** A reference to one remote key the plan acts on. */
export interface KeyTarget {
  readonly keyId: string;
  readonly remoteName: string;
  readonly keyName: string;
  readonly generation: number;
}

interface CreateUserAction extends ActionBase {
  readonly kind: 'create-user';
  readonly description: string;
  readonly groups: readonly string[];
}

interface UpdateUserAction extends ActionBase {
  readonly kind: 'update-user';
  readonly userId: string;
  /** Only the fields that change, with their desired values. */
  readonly description?: string;
  readonly groups?: readonly string[];
  /** The same fields as the key API has them now, so a reviewer sees old → new (optional for hand-built plans). */
  readonly previous?: { readonly description?: string; readonly groups?: readonly string[] };
}

export interface DeleteUserAction extends ActionBase, Retiring {
  readonly kind: 'delete-user';
  readonly userId: string;
}

/**
 * Creates generation `generation` of a key, writes its secret to every store in `secrets`, verifies each store
 * describes the new key ID. `rotate-key` does the same and names the generations it supersedes (retired later).
 * `repair-key` delivers a new attempt (`<name>#<n>.r<k>`) of the declared generation to every store because the
 * earlier attempts do not hold every store; the attempts no store holds are retired by later plans.
 */
export interface CreateKeyAction extends ActionBase {
  readonly kind: 'create-key' | 'rotate-key' | 'repair-key';
  /** null when the service user is created earlier in the same plan. */
  readonly userId: string | null;
  readonly keyName: string;
  readonly generation: number;
  /** 0 for the first delivery of the generation, k for its k-th repair attempt (optional only for hand-built plans). */
  readonly attempt?: number;
  readonly remoteName: string;
  /** RFC 3339, or null for a key that never expires. */
  readonly expiresAt: string | null;
  readonly secrets: readonly SecretRef[];
  /** The generations this one supersedes (empty for create-key). */
  readonly supersedes: readonly KeyTarget[];
  /**
   * Superseded enabled generations to disable right after every store verified the new key. Set only with force-retire
   * or a zero overlap, where waiting gains nothing; otherwise a later plan retires them after overlap and last use
   * allow.
   * plan() always sets it (empty when nothing retires at once); optional only so hand-built plans stay valid.
   */
  readonly retireAfterDelivery?: readonly KeyTarget[];
}

export interface KeyStateAction extends ActionBase {
  readonly kind: 'enable-key' | 'disable-key';
  readonly key: KeyTarget;
  /** For disable-key: why it is or is not destructive; for enable-key: "not destructive" (see Retiring). */
  readonly destructiveReason?: string;
}

export interface DeleteKeyAction extends ActionBase, Retiring {
  readonly kind: 'delete-key';
  readonly key: KeyTarget;
  /** The key is still enabled: apply disables it before deleting (the portal's documented habit). */
  readonly disableFirst: boolean;
  /**
   * Store entries that hold or may hold this key: once the key is deleted (it no longer verifies), apply deletes each
   * entry that still holds only this key. Optional only so hand-built plans stay valid.
   */
  readonly secrets?: readonly SecretRef[];
}

/** Deletes a store entry of a `state: deleted` key whose key is already gone from the key API (it verifies nothing). */
export interface DeleteSecretAction extends ActionBase, Retiring {
  readonly kind: 'delete-secret';
  readonly keyName: string;
  readonly secret: SecretRef;
  /** The key IDs the entry holds or may hold; none of them is on the key API any more. */
  readonly holds: readonly string[];
}

/** Role and group actions act on a key API that manifests share, not on one service user: they have no serviceUser. */
type AccessBase = Omit<ActionBase, 'serviceUser'>;

/** One field an update changes, in words: `permissions: user.manage → user.manage, service_api_key.create`. */
export interface FieldChange {
  readonly field: string;
  readonly from: string;
  readonly to: string;
}

interface CreateRoleAction extends AccessBase {
  readonly kind: 'create-role';
  readonly role: string;
  readonly permissions: readonly string[];
}

interface UpdateRoleAction extends AccessBase {
  readonly kind: 'update-role';
  readonly role: string;
  readonly roleId: string;
  /** The role's permissions after the update (all of them). */
  readonly permissions: readonly string[];
  readonly changes: readonly FieldChange[];
}

export interface DeleteRoleAction extends AccessBase, Retiring {
  readonly kind: 'delete-role';
  readonly role: string;
  readonly roleId: string;
}

/** A group's declared fields: create-group and update-group both carry all of them. */
interface GroupFields {
  readonly group: string;
  readonly description: string;
  /** Role names. */
  readonly roles: readonly string[];
  readonly accountAlerts: boolean;
}

export interface CreateGroupAction extends AccessBase, GroupFields {
  readonly kind: 'create-group';
}

export interface UpdateGroupAction extends AccessBase, GroupFields {
  readonly kind: 'update-group';
  readonly groupId: string;
  readonly changes: readonly FieldChange[];
}

export interface DeleteGroupAction extends AccessBase, Retiring {
  readonly kind: 'delete-group';
  readonly group: string;
  readonly groupId: string;
}

/** Actions on roles and groups: apply runs creates and updates before any service user, deletes after all of them. */
export type AccessAction =
  CreateRoleAction | UpdateRoleAction | DeleteRoleAction | CreateGroupAction | UpdateGroupAction | DeleteGroupAction;

export interface NoOpAction extends ActionBase {
  readonly kind: 'no-op';
  readonly subject: string;
}

/** Actions on one service user and its keys. */
export type UserAction =
  | CreateUserAction
  | UpdateUserAction
  | DeleteUserAction
  | CreateKeyAction
  | KeyStateAction
  | DeleteKeyAction
  | DeleteSecretAction
  | NoOpAction;

export type Action = AccessAction | UserAction;

/** A destructive action that was not allowed to run, and what would allow it. */
export interface BlockedAction {
  readonly action: Action;
  readonly reason: string;
}

export type NoticeCode =
  | 'rotation-due'
  | 'retire-pending'
  | 'retention'
  | 'orphan'
  | 'undelivered'
  | 'expired'
  | 'unmanaged'
  | 'undeclared-user'
  | 'unknown-secret'
  | 'expiry-not-later';

/**
 * Notices that are warnings: the plan is allowed, but probably not what was meant (a new generation that would expire
 * no later than the one it replaces). Renderers show them as warnings; `plan --json` lists them under `warnings`.
 */
export const WARNING_NOTICES: ReadonlySet<NoticeCode> = new Set(['expiry-not-later']);

/** Something a person should know that is not an action: rotation due, retirement waiting, an orphan replaced... */
export interface Notice {
  readonly code: NoticeCode;
  /**
   * True when the notice needs someone's attention (rotation due, a key not yet confirmed in every store, an orphan
   * waiting to be removed): `plan --detailed-exitcode` exits 2 and `status` exits 2 while one is there.
   */
  readonly attention: boolean;
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
  /** Declared resources that need nothing; empty when planned with `listUnchanged: false`. */
  readonly unchanged: readonly NoOpAction[];
  readonly notices: readonly Notice[];
}

/** True when there is nothing to do and nothing needs attention: no action, no blocked action, no attention notice. */
export function isSettled(plan: Plan): boolean {
  return plan.actions.length === 0 && plan.blocked.length === 0 && plan.notices.every((n) => !n.attention);
}

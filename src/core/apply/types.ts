// The apply engine's contract: what it needs (drivers, stores, clock, sink, limits) and what it reports.
// Secret-free: results and errors carry key IDs, names and refs, never a secret value.
import type { Clock } from '../../kernel/clock.js';
import type { KeywardError } from '../../kernel/errors.js';
import type { EventSink } from '../../kernel/events.js';
import type { KeyDriver } from '../ports/key-driver.js';
import type { SecretStore } from '../ports/secret-store.js';
import type { Action } from '../plan/types.js';

export interface ApplyDeps {
  /** The key API of each scope, by scope name. */
  readonly drivers: ReadonlyMap<string, KeyDriver>;
  /** The secret stores of each scope, by scope name, then by the store's declared name. */
  readonly stores: ReadonlyMap<string, ReadonlyMap<string, SecretStore>>;
  readonly clock: Clock;
  readonly sink: EventSink;
  /** Service users worked on at once (default 4); one user's actions always run in plan order. */
  readonly parallelism?: number;
  /**
   * When aborted (e.g. Ctrl-C), actions not yet started are skipped; actions under way run to the end (deliver or roll
   * back).
   */
  readonly signal?: AbortSignal;
}

type ActionStatus = 'done' | 'failed' | 'skipped';

export interface ActionResult {
  readonly actionId: string;
  readonly kind: Action['kind'];
  readonly status: ActionStatus;
  /** The key created, enabled, disabled or deleted, when there is one. */
  readonly keyId?: string;
  readonly error?: KeywardError;
}

export interface ApplyResult {
  /** True when every action is done. */
  readonly ok: boolean;
  /** One per plan action, in plan order. */
  readonly results: readonly ActionResult[];
  readonly done: number;
  readonly failed: number;
  readonly skipped: number;
}

/**
 * Every event code apply() emits. data always names the action (`actionId`) or the store ref and key IDs; never a
 * secret.
 * - apply.started {actions, parallelism, at} / apply.finished {done, failed, skipped}
 * - apply.action.started | finished {keyId} | failed {code} | skipped {actionId, kind, scope, serviceUser}
 * Every step of delivery and removal also carries a stable `data.step` (crash points and the kill matrix use them):
 * - key.created {keyId, remoteName} step created · store.write.verified {store, name, keyId} step
 *   store-confirmed (after the store's own steps, store.step) · key.delivered {keyId, stores} step delivered ·
 *   key.retired {keyId, successor} step retired
 * - key.rollback {keyId} step rolled-back · key.rollback.skipped {keyId, stores} step rollback-skipped (a store holds
 *   or may hold it: kept for the next plan's repair) · key.rollback.failed {keyId} step rollback-failed
 * - store.write.failed {store, name, keyId} step store-failed (stores retry transient failures themselves and emit
 *   store.write.retry; the engine writes and verifies once)
 * - key.enabled / key.disabled {keyId} step enabled / disabled · key.deleted {keyId} step deleted
 * - secret.deleted {store, name, keyIds} step secret-deleted · secret.kept {store, name} step secret-kept
 * - role.created / role.updated / role.deleted {role, roleId} · group.created / group.updated / group.deleted
 *   {group, groupId}; action events of role and group actions name a `subject` (`role X`, `group Y`), not a serviceUser
 */
export const APPLY_EVENT_CODES = [
  'apply.started',
  'apply.finished',
  'apply.action.started',
  'apply.action.finished',
  'apply.action.failed',
  'apply.action.skipped',
  'key.created',
  'key.delivered',
  'key.retired',
  'key.rollback',
  'key.rollback.skipped',
  'key.rollback.failed',
  'key.enabled',
  'key.disabled',
  'key.deleted',
  'secret.deleted',
  'secret.kept',
  'store.write.verified',
  'store.write.failed',
  'role.created',
  'role.updated',
  'role.deleted',
  'group.created',
  'group.updated',
  'group.deleted',
] as const;

/** Every data.step apply() emits, in the order a delivery or removal reaches them. */
export const APPLY_STEPS = [
  'created',
  'store-failed',
  'store-confirmed',
  'delivered',
  'retired',
  'rolled-back',
  'rollback-skipped',
  'rollback-failed',
  'enabled',
  'disabled',
  'deleted',
  'secret-deleted',
  'secret-kept',
] as const;

// Constructors for plan actions and notices, so every rule spells ids, risks, targets and destructiveness the same way.
// Pure; never puts a secret into an action (key IDs, names and refs only).
import type { RemoteKey } from '../ports/key-driver.js';
import type { SecretRef } from '../ports/secret-store.js';
import { remoteKeyName } from '../key-names.js';
import type { MatchedKey } from './match.js';
import type { CreateKeyAction, DeleteKeyAction, KeyStateAction, Notice, NoOpAction, Risk } from './types.js';
import { actionId, effectiveState, expiresAtFor, iso, named, targetOf, type KeyContext } from './facts.js';

/** Codes whose notices need attention (plan --detailed-exitcode and status exit 2 while one is there). */
const ATTENTION: ReadonlySet<Notice['code']> = new Set([
  'rotation-due',
  'orphan',
  'undelivered',
  'expired',
  'unknown-secret',
]);

export function keyNotice(
  ctx: KeyContext,
  keyName: string | null,
  code: Notice['code'],
  message: string,
  data: Notice['data'] = {},
): Notice {
  return {
    code,
    attention: ATTENTION.has(code),
    scope: ctx.scope,
    serviceUser: ctx.serviceUser,
    keyName,
    message,
    data,
  };
}

/**
 * The notice for `key`, an attempt of the declared generation that no store holds and nobody used, still inside the
 * orphan grace: another apply may be delivering it, so it is deleted only once the grace has passed.
 */
export function orphanNotice(ctx: KeyContext, keyName: string, key: RemoteKey): Notice {
  const after = iso(new Date(key.createdAt.getTime() + ctx.orphanGraceMs));
  return keyNotice(
    ctx,
    keyName,
    'orphan',
    `${named(key)} was created at ${iso(key.createdAt)} and no store holds it; unless an apply in progress delivers it, it is deleted from ${after}`,
    { keyId: key.id, pending: true, replaceAfter: after },
  );
}

/**
 * Creates attempt `attempt` of the declared generation: `create-key` (nothing earlier), `rotate-key` (supersedes
 * earlier generations) or `repair-key` (an earlier attempt of this generation does not hold every store).
 * `retireNow` lists superseded keys no consumer might use that may be disabled right after delivery.
 */
export function createKeyAction(
  ctx: KeyContext,
  key: MatchedKey,
  previous: readonly RemoteKey[],
  reason: string,
  attempt = 0,
  retireNow: readonly RemoteKey[] = [],
): CreateKeyAction {
  const d = key.desired;
  const supersedes = previous.map(targetOf);
  const remoteName = remoteKeyName(d.name, d.generation, attempt);
  const kind = attempt > 0 ? 'repair-key' : supersedes.length > 0 ? 'rotate-key' : 'create-key';
  return {
    kind,
    id: actionId(kind, ctx.scope, ctx.serviceUser, remoteName),
    scope: ctx.scope,
    serviceUser: ctx.serviceUser,
    reason,
    risk: kind === 'create-key' ? 'low' : 'medium',
    destructive: false,
    userId: ctx.userId,
    keyName: d.name,
    generation: d.generation,
    attempt,
    remoteName,
    expiresAt: expiresAtFor(d.expiry, ctx.now),
    secrets: d.secrets,
    supersedes,
    retireAfterDelivery: retireNow.filter((k) => effectiveState(k, ctx.now) === 'enabled').map(targetOf),
  };
}

/**
 * An enable (never destructive) or a disable; `inUse` says why a consumer might still use the key (then destructive).
 */
export function keyStateAction(
  ctx: KeyContext,
  kind: KeyStateAction['kind'],
  key: RemoteKey,
  reason: string,
  risk: Risk,
  why: { inUse: string | null; harmless: string },
): KeyStateAction {
  const destructive = kind === 'disable-key' && why.inUse !== null;
  return {
    kind,
    id: actionId(kind, ctx.scope, ctx.serviceUser, `${key.name} ${key.id}`),
    scope: ctx.scope,
    serviceUser: ctx.serviceUser,
    reason,
    risk,
    destructive,
    key: targetOf(key),
    destructiveReason:
      kind === 'enable-key'
        ? 'not destructive: enabling takes nothing away'
        : destructive
          ? `destructive: a consumer might still use it (${why.inUse})`
          : why.harmless,
  };
}

export function deleteKeyAction(
  ctx: KeyContext,
  key: RemoteKey,
  reason: string,
  risk: Risk,
  options: { disableFirst: boolean; inUse: string | null; harmless: string; secrets?: readonly SecretRef[] },
): DeleteKeyAction {
  const destructive = options.inUse !== null;
  return {
    kind: 'delete-key',
    id: actionId('delete-key', ctx.scope, ctx.serviceUser, `${key.name} ${key.id}`),
    scope: ctx.scope,
    serviceUser: ctx.serviceUser,
    reason,
    risk,
    destructive,
    key: targetOf(key),
    disableFirst: options.disableFirst,
    destructiveReason: destructive ? `destructive: a consumer might still use it (${options.inUse})` : options.harmless,
    secrets: options.secrets ?? [],
  };
}

export function noOp(ctx: KeyContext, subject: string, reason: string): NoOpAction {
  return {
    kind: 'no-op',
    id: actionId('no-op', ctx.scope, ctx.serviceUser, subject),
    scope: ctx.scope,
    serviceUser: ctx.serviceUser,
    reason,
    risk: 'low',
    destructive: false,
    subject,
  };
}

// Constructors for plan actions and notices, so every rule spells ids, risks and targets the same way.
// Pure; never puts a secret into an action (key IDs, names and refs only).
import type { RemoteKey } from '../ports/key-driver.js';
import { remoteKeyName } from '../key-names.js';
import type { MatchedKey } from './match.js';
import type { Action, CreateKeyAction, DeleteKeyAction, KeyStateAction, Notice, NoOpAction, Risk } from './types.js';
import { actionId, effectiveState, expiresAtFor, targetOf, type KeyContext } from './facts.js';

export function keyNotice(ctx: KeyContext, keyName: string | null, code: Notice['code'], message: string, data: Notice['data'] = {}): Notice {
  return { code, scope: ctx.scope, serviceUser: ctx.serviceUser, keyName, message, data };
}

export function createKeyAction(ctx: KeyContext, key: MatchedKey, previous: readonly RemoteKey[], reason: string): CreateKeyAction {
  const d = key.desired;
  const supersedes = previous.map(targetOf);
  const retireNow = ctx.forceRetire || d.rotation.overlapMs === 0;
  const retireAfterDelivery = retireNow ? previous.filter((k) => effectiveState(k, ctx.now) === 'enabled').map(targetOf) : [];
  const remoteName = remoteKeyName(d.name, d.generation);
  const kind = supersedes.length > 0 ? 'rotate-key' : 'create-key';
  return {
    kind, id: actionId(kind, ctx.scope, ctx.serviceUser, remoteName), scope: ctx.scope, serviceUser: ctx.serviceUser,
    reason, risk: kind === 'rotate-key' ? 'medium' : 'low', destructive: false,
    userId: ctx.userId, keyName: d.name, generation: d.generation, remoteName,
    expiresAt: expiresAtFor(d.expiry, ctx.now), secrets: d.secrets, supersedes, retireAfterDelivery,
  };
}

export function keyStateAction(ctx: KeyContext, kind: KeyStateAction['kind'], key: RemoteKey, reason: string, risk: Risk): KeyStateAction {
  return {
    kind, id: actionId(kind, ctx.scope, ctx.serviceUser, `${key.name} ${key.id}`), scope: ctx.scope, serviceUser: ctx.serviceUser,
    reason, risk, destructive: false, key: targetOf(key),
  };
}

export function deleteKeyAction(
  ctx: KeyContext, key: RemoteKey, reason: string, risk: Risk, options: { disableFirst: boolean; destructive: boolean },
): DeleteKeyAction {
  return {
    kind: 'delete-key', id: actionId('delete-key', ctx.scope, ctx.serviceUser, `${key.name} ${key.id}`), scope: ctx.scope,
    serviceUser: ctx.serviceUser, reason, risk, destructive: options.destructive, key: targetOf(key),
    disableFirst: options.disableFirst,
  };
}

export function noOp(ctx: KeyContext, subject: string, reason: string): NoOpAction {
  return {
    kind: 'no-op', id: actionId('no-op', ctx.scope, ctx.serviceUser, subject), scope: ctx.scope, serviceUser: ctx.serviceUser,
    reason, risk: 'low', destructive: false, subject,
  };
}

export type { Action };

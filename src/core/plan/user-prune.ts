// Service users on a key API that no manifest declares: a notice in every plan saying what prune would do, or — when
// every manifest on that key API sets prune: true — the deletes. Pure; never touches interactive users.
import type { DesiredScope } from '../desired.js';
import type { ObservedRemote, RemoteKey, RemoteUser } from '../ports/key-driver.js';
import { actionId, effectiveState, emptyOutput, harmless, type KeyContext, type RuleOutput } from './facts.js';
import { deleteKeyAction, keyNotice } from './builders.js';
import type { DeleteUserAction } from './types.js';
import { cmp } from './match.js';

/** Scopes that share one key API (same driver and URL) and the listing they share. */
export interface KeyApiGroup {
  readonly scopes: readonly DesiredScope[];
  readonly remote: ObservedRemote;
}

function deleteUser(ctx: KeyContext, user: RemoteUser, enabled: readonly RemoteKey[]): DeleteUserAction {
  const destructive = enabled.length > 0;
  return {
    kind: 'delete-user',
    id: actionId('delete-user', ctx.scope, user.name, user.name),
    scope: ctx.scope,
    serviceUser: user.name,
    reason: 'not declared by any manifest on this key API (prune: true in every one)',
    risk: 'high',
    destructive,
    userId: user.id,
    destructiveReason: destructive
      ? `destructive: a consumer might still use its enabled key(s) ${enabled.map((k) => k.name).join(', ')}`
      : 'not destructive: it has no enabled key, so it authenticates nobody',
  };
}

/** The notices or actions for every undeclared service user of one key API, users in name order. */
export function planUndeclaredUsers(group: KeyApiGroup, now: Date, orphanGraceMs: number): RuleOutput {
  const out = emptyOutput();
  const declared = new Set(group.scopes.flatMap((s) => s.serviceUsers.map((u) => u.name)));
  const first = [...group.scopes].sort((a, b) => cmp(a.name, b.name))[0];
  if (!first) return out;
  const prune = group.scopes.every((s) => s.prune);
  const users = group.remote.users
    .filter((u) => u.type === 'service' && !declared.has(u.name))
    .sort((a, b) => cmp(a.name, b.name) || cmp(a.id, b.id));
  for (const user of users) {
    const ctx: KeyContext = {
      scope: first.name,
      serviceUser: user.name,
      userId: user.id,
      now,
      forceRetire: false,
      orphanGraceMs,
      knownKeyIds: new Set(),
    };
    const keys = group.remote.keys
      .filter((k) => k.userId === user.id)
      .sort((a, b) => cmp(a.name, b.name) || cmp(a.id, b.id));
    const enabled = keys.filter((k) => effectiveState(k, now) === 'enabled');
    if (!prune) {
      const held =
        keys.length === 0
          ? 'no keys'
          : `${keys.length} key(s), ${enabled.length} enabled: ${keys.map((k) => k.name).join(', ')}`;
      out.notices.push(
        keyNotice(
          ctx,
          null,
          'undeclared-user',
          `service user ${user.name} (id ${user.id}) is not declared by any manifest on this key API (${held}); it is left alone. With prune: true in every manifest of this key API keyward would delete its keys and the user${enabled.length > 0 ? ' (with --allow-destroy: a consumer might still use its enabled keys)' : ''}`,
          {
            userId: user.id,
            keys: keys.length,
            enabled: enabled.length,
          },
        ),
      );
      continue;
    }
    for (const k of keys) {
      const on = effectiveState(k, now) === 'enabled';
      out.actions.push(
        deleteKeyAction(ctx, k, `its service user ${user.name} is not declared by any manifest (prune: true)`, 'high', {
          disableFirst: on,
          inUse: on ? 'it is enabled and not declared, so keyward cannot see who holds it' : null,
          harmless: harmless(k, now),
        }),
      );
    }
    out.actions.push(deleteUser(ctx, user, enabled));
  }
  return out;
}

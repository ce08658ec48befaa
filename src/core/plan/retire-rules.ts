// Retirement rules: superseded generations (disable after delivery + overlap + no later use, delete after retention)
// and pruning of undeclared keys. Pure; only ever called once the current generation is delivered to every store.
import type { RemoteKey } from '../ports/key-driver.js';
import type { MatchedKey } from './match.js';
import { deliveryTime, effectiveState, emptyOutput, formatMs, iso, type KeyContext, type RuleOutput } from './facts.js';
import { deleteKeyAction, keyNotice, keyStateAction } from './builders.js';

/**
 * Superseded generations of a key whose current generation `current` is delivered and enabled.
 * Disable when overlap has passed since delivery and last_used_at shows no use after delivery (or forceRetire);
 * delete an already disabled one `retainDisabled` after it was disabled (its updated_at). Expired ones: deleteExpiredPrevious.
 * That delete is the normal end of a rotation, not a destructive action: the generation was superseded,
 * delivered over and disabled for the whole retention period, so it needs no allow-destroy.
 */
export function retirePrevious(ctx: KeyContext, key: MatchedKey, current: RemoteKey): RuleOutput {
  const out = emptyOutput();
  const { overlapMs, retainDisabledMs } = key.desired.rotation;
  const delivered = deliveryTime(key.secrets, current);
  const now = ctx.now.getTime();
  for (const g of key.generations) {
    if (g.generation >= key.desired.generation) continue;
    const prev = g.key;
    const state = effectiveState(prev, ctx.now);
    if (state === 'enabled') {
      const overlapEnds = delivered.getTime() + overlapMs;
      const usedAfter = prev.lastUsedAt !== null && prev.lastUsedAt.getTime() > delivered.getTime();
      if (ctx.forceRetire) {
        out.actions.push(keyStateAction(ctx, 'disable-key', prev, `superseded by ${current.name}, delivered ${iso(delivered)}; force-retire`, 'high'));
      } else if (now >= overlapEnds && !usedAfter) {
        out.actions.push(keyStateAction(ctx, 'disable-key', prev, `superseded by ${current.name}, delivered ${iso(delivered)}; ${formatMs(overlapMs)} overlap passed and no use since delivery`, 'medium'));
      } else {
        const why = usedAfter && prev.lastUsedAt
          ? `it was used at ${iso(prev.lastUsedAt)}, after ${current.name} was delivered at ${iso(delivered)}; a consumer still uses it`
          : `overlap of ${formatMs(overlapMs)} after delivery at ${iso(delivered)} ends at ${iso(new Date(overlapEnds))}`;
        out.notices.push(keyNotice(ctx, key.desired.name, 'retire-pending', `${prev.name} stays enabled: ${why}`, {
          keyId: prev.id, deliveredAt: iso(delivered), overlapEndsAt: iso(new Date(overlapEnds)), usedAfterDelivery: usedAfter,
        }));
      }
      continue;
    }
    if (state === 'expired') continue;
    if (now >= prev.updatedAt.getTime() + retainDisabledMs) {
      out.actions.push(deleteKeyAction(ctx, prev, `superseded by ${current.name}; disabled since ${iso(prev.updatedAt)}, retained ${formatMs(retainDisabledMs)}`, 'low', { disableFirst: false, destructive: false }));
    }
  }
  return out;
}

/**
 * Expired earlier generations: an expired key authenticates nobody, so no consumer depends on it whatever the
 * current generation's state; each is deleted `retainDisabled` after it expired (or was last updated, if later).
 */
export function deleteExpiredPrevious(ctx: KeyContext, key: MatchedKey): RuleOutput {
  const out = emptyOutput();
  const now = ctx.now.getTime();
  for (const g of key.generations) {
    if (g.generation >= key.desired.generation || effectiveState(g.key, ctx.now) !== 'expired') continue;
    const expiredAt = g.key.expiresAt === null ? g.key.updatedAt.getTime() : Math.min(g.key.expiresAt.getTime(), now);
    const since = Math.max(g.key.updatedAt.getTime(), expiredAt);
    if (now >= since + key.desired.rotation.retainDisabledMs) {
      out.actions.push(deleteKeyAction(ctx, g.key, `earlier generation, expired since ${iso(new Date(since))}, retained ${formatMs(key.desired.rotation.retainDisabledMs)}`, 'low', { disableFirst: false, destructive: false }));
    }
  }
  return out;
}

/**
 * Remote keys of a declared user that no manifest declares. Left alone (one notice) unless the scope has
 * `prune: true`; then an enabled one is disabled and every one is deleted — the delete is destructive (blocked without allow-destroy).
 */
export function pruneUnmanaged(ctx: KeyContext, keys: readonly RemoteKey[], prune: boolean, allowDestroy: boolean): RuleOutput {
  const out = emptyOutput();
  if (keys.length === 0) return out;
  if (!prune) {
    out.notices.push(keyNotice(ctx, null, 'unmanaged', `${keys.length} remote key(s) of ${ctx.serviceUser} are not declared and left alone (prune: false): ${keys.map((k) => k.name).join(', ')}`, { count: keys.length }));
    return out;
  }
  const reason = 'not declared by any manifest (prune: true)';
  for (const k of keys) {
    const enabled = effectiveState(k, ctx.now) === 'enabled';
    // Without allow-destroy the key is still retired (disabled) and its delete is listed as blocked.
    if (enabled && !allowDestroy) out.actions.push(keyStateAction(ctx, 'disable-key', k, reason, 'high'));
    out.actions.push(deleteKeyAction(ctx, k, reason, 'high', { disableFirst: enabled && allowDestroy, destructive: true }));
  }
  return out;
}

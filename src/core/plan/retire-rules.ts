// Retirement rules for the keys a confirmed key supersedes (earlier generations, other attempts): disable after the
// overlap and an idle window without use, delete after retention. Pure; never touches a key a store holds or may hold.
import type { RemoteKey } from '../ports/key-driver.js';
import type { MatchedGeneration, MatchedKey } from './match.js';
import {
  deliveryTime,
  effectiveState,
  emptyOutput,
  formatMs,
  harmless,
  holders,
  inUse,
  iso,
  named,
  type KeyContext,
  type RuleOutput,
} from './facts.js';
import { deleteKeyAction, keyNotice, keyStateAction, orphanNotice } from './builders.js';

export function merge(into: RuleOutput, from: RuleOutput): void {
  into.actions.push(...from.actions);
  into.notices.push(...from.notices);
  into.unchanged.push(...from.unchanged);
}

/**
 * Expired keys no store holds: an expired key authenticates nobody, so no consumer depends on it; each is deleted
 * `retainDisabled` after it expired (or was last updated, if later), with a notice until then.
 */
export function expiredRetention(ctx: KeyContext, key: MatchedKey, keys: readonly RemoteKey[]): RuleOutput {
  const out = emptyOutput();
  const now = ctx.now.getTime();
  const retain = key.desired.rotation.retainDisabledMs;
  for (const k of keys) {
    if (effectiveState(k, ctx.now) !== 'expired') continue;
    const expiredAt = k.expiresAt === null ? k.updatedAt.getTime() : Math.min(k.expiresAt.getTime(), now);
    const since = Math.max(k.updatedAt.getTime(), expiredAt);
    if (now >= since + retain) {
      out.actions.push(
        deleteKeyAction(ctx, k, `expired since ${iso(new Date(since))}, retained ${formatMs(retain)}`, 'low', {
          disableFirst: false,
          inUse: null,
          harmless: harmless(k, ctx.now),
        }),
      );
    } else {
      out.notices.push(
        keyNotice(
          ctx,
          key.desired.name,
          'retention',
          `${named(k)} expired at ${iso(new Date(since))}; it authenticates nobody and is deleted at ${iso(new Date(since + retain))}, after the ${formatMs(retain)} retention`,
          {
            keyId: k.id,
            deleteAt: iso(new Date(since + retain)),
          },
        ),
      );
    }
  }
  return out;
}

/**
 * Keys `target` supersedes, once it is confirmed in every store. An enabled one is disabled when the overlap after
 * delivery has passed and nobody used it for `retireIdle` (a rolling window), or at once with force-retire
 * (destructive while it is in use); a never-used attempt of the same generation is deleted after the orphan grace;
 * a disabled one is deleted `retainDisabled` after it was disabled; an expired one after retention.
 * `canRetire` is false while the target itself is disabled: nothing enabled is retired before it works.
 */
export function retireSuperseded(
  ctx: KeyContext,
  key: MatchedKey,
  target: RemoteKey,
  superseded: readonly MatchedGeneration[],
  canRetire: boolean,
): RuleOutput {
  const out = emptyOutput();
  const { overlapMs, retainDisabledMs, retireIdleMs } = key.desired.rotation;
  const delivered = deliveryTime(key.secrets, target);
  const now = ctx.now.getTime();
  for (const g of superseded) {
    const prev = g.key;
    if (holders(key.secrets, prev.id).length > 0) continue;
    const state = effectiveState(prev, ctx.now);
    if (state === 'expired') {
      merge(out, expiredRetention(ctx, key, [prev]));
      continue;
    }
    if (state === 'disabled') {
      if (now >= prev.updatedAt.getTime() + retainDisabledMs) {
        out.actions.push(
          deleteKeyAction(
            ctx,
            prev,
            `superseded by ${target.name}; disabled since ${iso(prev.updatedAt)}, retained ${formatMs(retainDisabledMs)}`,
            'low',
            {
              disableFirst: false,
              inUse: null,
              harmless: harmless(prev, ctx.now),
            },
          ),
        );
      }
      continue;
    }
    if (!canRetire) continue;
    const why = { inUse: inUse(prev, key.secrets, ctx.now, retireIdleMs), harmless: harmless(prev, ctx.now) };
    if (g.generation === key.desired.generation && prev.lastUsedAt === null) {
      if (now >= prev.createdAt.getTime() + ctx.orphanGraceMs) {
        out.actions.push(
          deleteKeyAction(
            ctx,
            prev,
            `attempt superseded by ${target.name}, which every store holds; no store holds ${prev.name} and it was never used`,
            'low',
            { disableFirst: true, ...why },
          ),
        );
      } else {
        out.notices.push(orphanNotice(ctx, key.desired.name, prev));
      }
      continue;
    }
    if (ctx.forceRetire) {
      out.actions.push(
        keyStateAction(
          ctx,
          'disable-key',
          prev,
          `superseded by ${target.name}, delivered ${iso(delivered)}; force-retire`,
          'high',
          why,
        ),
      );
      continue;
    }
    const overlapEnds = delivered.getTime() + overlapMs;
    const idleEnds = prev.lastUsedAt === null ? 0 : prev.lastUsedAt.getTime() + retireIdleMs;
    const waitUntil = Math.max(overlapEnds, idleEnds);
    const used = prev.lastUsedAt === null ? 'never used' : `last used at ${iso(prev.lastUsedAt)}`;
    if (now >= waitUntil) {
      const idle =
        prev.lastUsedAt === null
          ? 'it was never used'
          : `it was last used at ${iso(prev.lastUsedAt)}, over ${formatMs(retireIdleMs)} ago`;
      out.actions.push(
        keyStateAction(
          ctx,
          'disable-key',
          prev,
          `superseded by ${target.name}, delivered ${iso(delivered)}; ${formatMs(overlapMs)} overlap passed and ${idle}`,
          'medium',
          why,
        ),
      );
      continue;
    }
    const expiresFirst =
      prev.expiresAt !== null && prev.expiresAt.getTime() < waitUntil
        ? `; it expires at ${iso(prev.expiresAt)} before that and is deleted ${formatMs(retainDisabledMs)} later`
        : '';
    out.notices.push(
      keyNotice(
        ctx,
        key.desired.name,
        'retire-pending',
        `${prev.name} stays enabled until at least ${iso(new Date(waitUntil))}: superseded by ${target.name}, delivered ${iso(delivered)}; ${used}; keyward disables it once the ${formatMs(overlapMs)} overlap has passed (${iso(new Date(overlapEnds))}) and nobody has used it for ${formatMs(retireIdleMs)}${expiresFirst}`,
        {
          keyId: prev.id,
          deliveredAt: iso(delivered),
          overlapEndsAt: iso(new Date(overlapEnds)),
          lastUsedAt: prev.lastUsedAt === null ? null : iso(prev.lastUsedAt),
          waitUntil: iso(new Date(waitUntil)),
        },
      ),
    );
  }
  return out;
}

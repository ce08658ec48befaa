// Planning rules for one declared key: create, rotate and repair until every store confirms one key of the declared
// generation, then enable and retire. Pure; never disables or deletes a key a store holds or may hold unless asked to.
import type { RemoteKey } from '../ports/key-driver.js';
import type { MatchedKey } from './match.js';
import type { CreateKeyAction, Notice } from './types.js';
import { remoteKeyName } from '../key-names.js';
import {
  effectiveState,
  emptyOutput,
  formatMs,
  harmless,
  holders,
  inUse,
  isDelivered,
  iso,
  named,
  storeWords,
  type KeyContext,
  type RuleOutput,
} from './facts.js';
import { createKeyAction, deleteKeyAction, keyNotice, keyStateAction, noOp, orphanNotice } from './builders.js';
import { expiredRetention, merge, retireSuperseded } from './retire-rules.js';
import { planDeletedKey, planDisabledKey } from './remove-rules.js';

/** The attempt of the declared generation that every store confirms holding (the latest one), unless it expired. */
function confirmedTarget(key: MatchedKey, now: Date): RemoteKey | null {
  const attempts = key.generations.filter(
    (g) => g.generation === key.desired.generation && effectiveState(g.key, now) !== 'expired',
  );
  for (const g of [...attempts].reverse()) if (isDelivered(key.secrets, g.key.id)) return g.key;
  return null;
}

/** Plans one declared key against its remote keys and its stores. */
export function planKey(ctx: KeyContext, key: MatchedKey): RuleOutput {
  if (key.desired.state === 'disabled') return planDisabledKey(ctx, key);
  if (key.desired.state === 'deleted') return planDeletedKey(ctx, key);
  const target = confirmedTarget(key, ctx.now);
  return target ? planDelivered(ctx, key, target) : planDelivery(ctx, key);
}

function nameOf(key: MatchedKey): (keyId: string) => string {
  return (keyId) => {
    const found = key.generations.find((g) => g.key.id === keyId)?.key;
    return found ? named(found) : `key ${keyId} (not on the key API)`;
  };
}

/**
 * Attempts of the declared generation that no store holds or may hold and nobody used: deleted once the orphan grace
 * has passed (a younger one may be in another apply's delivery); expired ones after retention.
 */
function unheldAttempts(ctx: KeyContext, key: MatchedKey, attempts: readonly RemoteKey[]): RuleOutput {
  const out = emptyOutput();
  for (const k of attempts) {
    if (holders(key.secrets, k.id).length > 0) continue;
    const state = effectiveState(k, ctx.now);
    if (state === 'expired') {
      merge(out, expiredRetention(ctx, key, [k]));
      continue;
    }
    if (k.lastUsedAt !== null) continue;
    const age = ctx.now.getTime() - k.createdAt.getTime();
    if (age < ctx.orphanGraceMs) {
      out.notices.push(orphanNotice(ctx, key.desired.name, k));
      continue;
    }
    const why = inUse(k, key.secrets, ctx.now, key.desired.rotation.retireIdleMs);
    out.actions.push(
      deleteKeyAction(
        ctx,
        k,
        `orphan: no store holds ${k.name} and it was never used (an interrupted or superseded delivery)`,
        'low',
        {
          disableFirst: state === 'enabled',
          inUse: why,
          harmless: harmless(k, ctx.now),
        },
      ),
    );
  }
  return out;
}

/** No attempt of the declared generation is confirmed in every store: create, rotate or repair. */
function planDelivery(ctx: KeyContext, key: MatchedKey): RuleOutput {
  const d = key.desired;
  const out = emptyOutput();
  const attempts = key.generations.filter((g) => g.generation === d.generation);
  const previous = key.generations.filter((g) => g.generation < d.generation).map((g) => g.key);
  const live = previous.filter((k) => effectiveState(k, ctx.now) !== 'expired');
  merge(
    out,
    unheldAttempts(
      ctx,
      key,
      attempts.map((g) => g.key),
    ),
  );
  merge(
    out,
    expiredRetention(
      ctx,
      key,
      previous.filter((k) => holders(key.secrets, k.id).length === 0),
    ),
  );
  if (attempts.length === 0) {
    const atOnce = ctx.forceRetire || d.rotation.overlapMs === 0;
    const reason =
      live.length > 0
        ? `generation ${d.generation} declared; supersedes ${live.map((p) => p.name).join(', ')} (${atOnce ? 'retired right after delivery when nobody uses it' : `retired after delivery, ${formatMs(d.rotation.overlapMs)} overlap and ${formatMs(d.rotation.retireIdleMs)} without use`})`
        : 'declared; not on the key API';
    const retireNow = atOnce ? live.filter((k) => inUse(k, [], ctx.now, d.rotation.retireIdleMs) === null) : [];
    const action = createKeyAction(ctx, key, live, reason, 0, retireNow);
    out.actions.push(action);
    out.notices.push(...expiryNotLater(ctx, d.name, action, live));
    return out;
  }
  const next = Math.max(...attempts.map((g) => g.attempt)) + 1;
  const name = remoteKeyName(d.name, d.generation, next);
  const expired = attempts.filter(
    (g) => effectiveState(g.key, ctx.now) === 'expired' && isDelivered(key.secrets, g.key.id),
  );
  const why =
    expired.length > 0
      ? `${expired.map((g) => named(g.key)).join(', ')} expired${expired[0]?.key.expiresAt ? ` at ${iso(expired[0].key.expiresAt)}` : ''} (expired is terminal)`
      : `generation ${d.generation} is not confirmed in every store: ${key.secrets.map((s) => storeWords(s, nameOf(key))).join('; ')}`;
  out.actions.push(
    createKeyAction(
      ctx,
      key,
      live,
      `repair: ${why}; ${name} is delivered to every store, then the keys no store holds are retired`,
      next,
    ),
  );
  return out;
}

/**
 * `target` of the declared generation is confirmed in every store: enable it, say when rotation is due, retire the
 * rest.
 */
function planDelivered(ctx: KeyContext, key: MatchedKey, target: RemoteKey): RuleOutput {
  const d = key.desired;
  const out = emptyOutput();
  if (target.state === 'disabled') {
    out.actions.push(
      keyStateAction(ctx, 'enable-key', target, 'declared state: enabled', 'low', { inUse: null, harmless: '' }),
    );
  } else {
    out.unchanged.push(
      noOp(ctx, target.name, key.secrets.length > 0 ? 'enabled and confirmed in every store' : 'enabled'),
    );
  }
  if (target.expiresAt !== null && target.expiresAt.getTime() - ctx.now.getTime() <= d.rotation.rotateBeforeMs) {
    out.notices.push(
      keyNotice(
        ctx,
        d.name,
        'rotation-due',
        `${target.name} expires at ${iso(target.expiresAt)}, within ${formatMs(d.rotation.rotateBeforeMs)}: bump generation to ${d.generation + 1}`,
        {
          keyId: target.id,
          expiresAt: iso(target.expiresAt),
          nextGeneration: d.generation + 1,
        },
      ),
    );
  }
  const superseded = key.generations.filter((g) => g.key.id !== target.id);
  merge(out, retireSuperseded(ctx, key, target, superseded, target.state === 'enabled'));
  return out;
}

/**
 * A warning when the new generation would expire no later than a live generation it replaces (a fixed expiresAt, or
 * an expiresIn shorter than what is left): the rotation would gain no time, and the consumer's key dies no later.
 */
function expiryNotLater(
  ctx: KeyContext,
  keyName: string,
  action: CreateKeyAction,
  replaced: readonly RemoteKey[],
): Notice[] {
  const { remoteName, expiresAt } = action;
  if (expiresAt === null) return [];
  const next = new Date(expiresAt);
  return replaced
    .filter((k) => k.expiresAt === null || k.expiresAt.getTime() >= next.getTime())
    .map((k) =>
      keyNotice(
        ctx,
        keyName,
        'expiry-not-later',
        `${remoteName} would expire at ${iso(next)}, no later than ${k.name} it replaces (${k.expiresAt === null ? 'never expires' : `expires ${iso(k.expiresAt)}`}); check expiresIn or expiresAt`,
        { keyId: k.id, expiresAt: iso(next), replacedExpiresAt: k.expiresAt === null ? null : iso(k.expiresAt) },
      ),
    );
}

// Planning rules for one declared key: create, rotate, orphan replacement, expired replacement, enable/disable.
// Pure; never plans to disable or delete a key a store refers to unless the manifest asks or its successor is delivered.
import type { RemoteKey } from '../ports/key-driver.js';
import type { MatchedKey } from './match.js';
import { remoteKeyName } from '../key-names.js';
import { effectiveState, formatMs, holders, isDelivered, iso, type KeyContext, type RuleOutput } from './facts.js';
import { createKeyAction, deleteKeyAction, keyNotice, keyStateAction, noOp } from './builders.js';
import { deleteExpiredPrevious, retirePrevious } from './retire-rules.js';

/** Earlier generations that still exist and are not expired: the ones a new generation supersedes. */
function livePrevious(key: MatchedKey, now: Date): RemoteKey[] {
  return key.generations
    .filter((g) => g.generation < key.desired.generation && effectiveState(g.key, now) !== 'expired')
    .map((g) => g.key);
}

/** `state: disabled` in the manifest: disable every enabled generation (what the user asked, so never blocked). */
function planDisabledKey(ctx: KeyContext, key: MatchedKey, out: RuleOutput): void {
  for (const g of key.generations) {
    if (effectiveState(g.key, ctx.now) !== 'enabled') continue;
    const held = holders(key.secrets, g.key.id).map((s) => `${s.ref.store}/${s.ref.name}`);
    const note = held.length > 0 ? `; ${held.join(', ')} still hold${held.length === 1 ? 's' : ''} it` : '';
    out.actions.push(keyStateAction(ctx, 'disable-key', g.key, `declared state: disabled${note}`, held.length > 0 ? 'high' : 'medium'));
  }
  if (out.actions.length === 0) out.unchanged.push(noOp(ctx, key.desired.name, 'declared disabled; no generation is enabled'));
}

/** Plans one declared key against its remote generations and its stores. */
export function planKey(ctx: KeyContext, key: MatchedKey): RuleOutput {
  const out = deleteExpiredPrevious(ctx, key);
  const d = key.desired;
  if (d.state === 'disabled') {
    planDisabledKey(ctx, key, out);
    return out;
  }
  const current = key.generations.find((g) => g.generation === d.generation)?.key;
  const name = remoteKeyName(d.name, d.generation);
  const previous = livePrevious(key, ctx.now);
  if (!current) {
    const reason = previous.length > 0
      ? `generation ${d.generation} declared; supersedes ${previous.map((p) => p.name).join(', ')} (${ctx.forceRetire || d.rotation.overlapMs === 0 ? 'retired right after delivery' : `retired after delivery and ${formatMs(d.rotation.overlapMs)} overlap`})`
      : 'declared; not on the key API';
    out.actions.push(createKeyAction(ctx, key, previous, reason));
    return out;
  }
  if (effectiveState(current, ctx.now) === 'expired') {
    const when = current.expiresAt ? iso(current.expiresAt) : 'an unknown time';
    out.notices.push(keyNotice(ctx, d.name, 'expired', `${name} expired at ${when}; expired is terminal, so it is replaced by a new key of the same generation`, { keyId: current.id }));
    out.actions.push(deleteKeyAction(ctx, current, 'expired (terminal, cannot be enabled); replaced', 'medium', { disableFirst: false, destructive: false }));
    out.actions.push(createKeyAction(ctx, key, previous, `replaces expired ${name}`));
    return out;
  }
  const delivered = isDelivered(key.secrets, current.id);
  if (!delivered) {
    const held = holders(key.secrets, current.id);
    const age = ctx.now.getTime() - current.createdAt.getTime();
    if (held.length === 0 && current.lastUsedAt === null && age < ctx.orphanGraceMs) {
      const after = iso(new Date(current.createdAt.getTime() + ctx.orphanGraceMs));
      out.notices.push(keyNotice(ctx, d.name, 'orphan', `${name} (id ${current.id}) was created at ${iso(current.createdAt)} and no store holds it yet; unless an apply in progress delivers it, it is replaced as an orphan from ${after}`, { keyId: current.id, pending: true, replaceAfter: after }));
      return out;
    }
    if (held.length === 0 && current.lastUsedAt === null) {
      out.notices.push(keyNotice(ctx, d.name, 'orphan', `${name} (id ${current.id}) exists but no store holds it and it was never used (an interrupted apply); it is deleted and created again`, { keyId: current.id }));
      out.actions.push(deleteKeyAction(ctx, current, `orphan: no store holds ${name} and it was never used`, 'low', { disableFirst: current.state === 'enabled', destructive: false }));
      out.actions.push(createKeyAction(ctx, key, previous, `replaces orphan ${name}`));
      return out;
    }
    const missing = key.secrets.filter((s) => !(s.stored.state === 'holds' && s.stored.keyId === current.id)).map((s) => `${s.ref.store}/${s.ref.name}`);
    out.notices.push(keyNotice(ctx, d.name, 'undelivered', `${name} (id ${current.id}) is not held by ${missing.join(', ')} and a secret cannot be read back; bump the generation to ${d.generation + 1} to deliver a new key to every store`, { keyId: current.id, nextGeneration: d.generation + 1 }));
  }
  if (current.state === 'disabled') {
    out.actions.push(keyStateAction(ctx, 'enable-key', current, 'declared state: enabled', 'low'));
  } else {
    out.unchanged.push(noOp(ctx, name, delivered ? 'enabled and delivered' : 'enabled'));
  }
  if (current.expiresAt !== null && current.expiresAt.getTime() - ctx.now.getTime() <= d.rotation.rotateBeforeMs) {
    out.notices.push(keyNotice(ctx, d.name, 'rotation-due', `${name} expires at ${iso(current.expiresAt)}, within ${formatMs(d.rotation.rotateBeforeMs)}: bump generation to ${d.generation + 1}`, {
      keyId: current.id, expiresAt: iso(current.expiresAt), nextGeneration: d.generation + 1,
    }));
  }
  if (delivered && current.state === 'enabled') {
    const retired = retirePrevious(ctx, key, current);
    out.actions.push(...retired.actions);
    out.notices.push(...retired.notices);
  }
  return out;
}

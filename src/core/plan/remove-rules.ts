// Rules for keys that should stop working: `state: disabled`, `state: deleted` (then its secrets) and undeclared keys
// of declared users (prune). Pure; each disable or delete says why it is or is not destructive.
import type { RemoteKey } from '../ports/key-driver.js';
import { mayHold } from '../ports/secret-store.js';
import type { MatchedKey } from './match.js';
import {
  actionId,
  effectiveState,
  emptyOutput,
  harmless,
  holders,
  inUse,
  type KeyContext,
  type RuleOutput,
} from './facts.js';
import { deleteKeyAction, keyNotice, keyStateAction, noOp } from './builders.js';
import type { DeleteSecretAction } from './types.js';
import { expiredRetention, merge } from './retire-rules.js';

/** `state: disabled`: disable every enabled key of it (destructive while a consumer might still use it). */
export function planDisabledKey(ctx: KeyContext, key: MatchedKey): RuleOutput {
  const out = emptyOutput();
  const idle = key.desired.rotation.retireIdleMs;
  for (const g of key.generations) {
    if (effectiveState(g.key, ctx.now) !== 'enabled') continue;
    const why = { inUse: inUse(g.key, key.secrets, ctx.now, idle), harmless: harmless(g.key, ctx.now) };
    out.actions.push(
      keyStateAction(
        ctx,
        'disable-key',
        g.key,
        'declared state: disabled',
        why.inUse !== null ? 'high' : 'medium',
        why,
      ),
    );
  }
  const unheld = key.generations.filter(
    (g) => g.generation < key.desired.generation && holders(key.secrets, g.key.id).length === 0,
  );
  merge(
    out,
    expiredRetention(
      ctx,
      key,
      unheld.map((g) => g.key),
    ),
  );
  if (out.actions.length === 0)
    out.unchanged.push(noOp(ctx, key.desired.name, 'declared disabled; no key of it is enabled'));
  return out;
}

/**
 * `state: deleted`: delete every remote key of it (disabling an enabled one first), then each store entry that holds
 * only those keys; an entry left holding keys no longer on the key API is deleted on its own (it verifies nothing).
 */
export function planDeletedKey(ctx: KeyContext, key: MatchedKey): RuleOutput {
  const out = emptyOutput();
  const idle = key.desired.rotation.retireIdleMs;
  const mine = new Set(key.generations.map((g) => g.key.id));
  for (const g of key.generations) {
    const refs = key.secrets.filter((s) => mayHold(s.stored, g.key.id)).map((s) => s.ref);
    out.actions.push(
      deleteKeyAction(ctx, g.key, 'declared state: deleted', 'high', {
        disableFirst: effectiveState(g.key, ctx.now) === 'enabled',
        inUse: inUse(g.key, key.secrets, ctx.now, idle),
        harmless: harmless(g.key, ctx.now),
        secrets: refs,
      }),
    );
  }
  for (const s of key.secrets) {
    const stored = s.stored;
    if (stored.state === 'absent') continue;
    const ids = stored.state === 'holds' ? [stored.keyId] : stored.candidates;
    if (ids.some((id) => mine.has(id))) continue;
    const where = `${s.ref.store}/${s.ref.name}`;
    if (ids.length === 0 || ids.some((id) => ctx.knownKeyIds.has(id))) {
      out.notices.push(
        keyNotice(
          ctx,
          key.desired.name,
          'unknown-secret',
          `${where} holds a secret keyward cannot show to be dead (${ids.length === 0 ? 'it cannot name its key' : `key ${ids.join(' or ')} is still on the key API`}); it is left alone — delete it by hand`,
          { store: s.ref.store, name: s.ref.name },
        ),
      );
      continue;
    }
    const action: DeleteSecretAction = {
      kind: 'delete-secret',
      id: actionId('delete-secret', ctx.scope, ctx.serviceUser, where),
      scope: ctx.scope,
      serviceUser: ctx.serviceUser,
      reason: `declared state: deleted; ${where} still holds key ${ids.join(' or ')}, which is gone from the key API`,
      risk: 'low',
      destructive: false,
      destructiveReason: 'not destructive: the key it holds is gone from the key API, so the secret verifies nothing',
      keyName: key.desired.name,
      secret: s.ref,
      holds: ids,
    };
    out.actions.push(action);
  }
  if (out.actions.length === 0 && out.notices.length === 0) {
    out.unchanged.push(
      noOp(
        ctx,
        key.desired.name,
        'declared deleted; no key and no secret of it remains, the entry can be removed from the manifest',
      ),
    );
  }
  return out;
}

/**
 * Remote keys of a declared user that no manifest declares. Left alone with a notice saying what prune would do unless
 * the scope has `prune: true`; then each is deleted — destructive while it is enabled (keyward cannot see who holds
 * it).
 */
export function pruneUnmanaged(ctx: KeyContext, keys: readonly RemoteKey[], prune: boolean): RuleOutput {
  const out = emptyOutput();
  if (keys.length === 0) return out;
  const enabled = keys.filter((k) => effectiveState(k, ctx.now) === 'enabled');
  if (!prune) {
    const would = `with prune: true keyward would delete ${keys.length === 1 ? 'it' : 'them'}${enabled.length > 0 ? ` (the enabled ${enabled.map((k) => k.name).join(', ')} only with --allow-destroy, disabled first)` : ''}`;
    out.notices.push(
      keyNotice(
        ctx,
        null,
        'unmanaged',
        `${keys.length} remote key(s) of ${ctx.serviceUser} are not declared and left alone (prune: false): ${keys.map((k) => k.name).join(', ')}; ${would}`,
        { count: keys.length, enabled: enabled.length },
      ),
    );
    return out;
  }
  for (const k of keys) {
    const on = effectiveState(k, ctx.now) === 'enabled';
    out.actions.push(
      deleteKeyAction(ctx, k, 'not declared by any manifest (prune: true)', 'high', {
        disableFirst: on,
        inUse: on ? 'it is enabled and not declared, so keyward cannot see who holds it' : null,
        harmless: harmless(k, ctx.now),
      }),
    );
  }
  return out;
}

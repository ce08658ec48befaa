// create-key / rotate-key / repair-key: create the key, write its secret to every store, confirm each by describe, then
// retire what the plan says — or roll back when no store holds or may hold it. The secret never reaches an event or
// error.
import { KeywardError, wrapError } from '../../kernel/errors.js';
import type { EventSink } from '../../kernel/events.js';
import type { KeyDriver } from '../ports/key-driver.js';
import { mayHold, type SecretRef, type SecretStore } from '../ports/secret-store.js';
import type { CreateKeyAction } from '../plan/types.js';
import { writeVerified } from './write-verified.js';

export interface DeliverContext {
  readonly driver: KeyDriver;
  readonly storeFor: (ref: SecretRef) => SecretStore;
  readonly sink: EventSink;
}

/**
 * The refs whose store holds or may hold `keyId` after a failed delivery; a describe that fails counts as "may hold".
 */
async function mayHoldNow(ctx: DeliverContext, refs: readonly SecretRef[], keyId: string): Promise<string[]> {
  const found: string[] = [];
  for (const ref of refs) {
    try {
      if (mayHold(await ctx.storeFor(ref).describe(ref), keyId)) found.push(`${ref.store}/${ref.name}`);
    } catch {
      found.push(`${ref.store}/${ref.name} (cannot describe)`);
    }
  }
  return found;
}

async function rollback(ctx: DeliverContext, action: CreateKeyAction, keyId: string): Promise<string> {
  const data = { actionId: action.id, keyId, remoteName: action.remoteName };
  try {
    await ctx.driver.setKeyState(keyId, 'disabled');
    await ctx.driver.deleteKey(keyId);
    ctx.sink({
      code: 'key.rollback',
      level: 'warn',
      message: `rolled back ${action.remoteName} (id ${keyId}): disabled and deleted`,
      data: { ...data, step: 'rolled-back' },
    });
    return `rolled back key ${keyId} (disabled and deleted)`;
  } catch (err) {
    const error = wrapError(`rolling back ${action.remoteName} (id ${keyId})`, err);
    ctx.sink({
      code: 'key.rollback.failed',
      level: 'error',
      message: error.message,
      data: { ...data, step: 'rollback-failed' },
    });
    return `rollback failed (${error.message}); no store holds key ${keyId}, so the next apply deletes it once the orphan grace has passed`;
  }
}

/**
 * Creates the key and delivers it to every store. When a store cannot be written after every retry, each store is
 * described again: if none holds or may hold the new key it is disabled and deleted (rollback); otherwise it is kept
 * — a consumer may hold it — and the next plan repairs the key with a new attempt delivered to every store.
 * Resolves with the new key ID; throws a KeywardError naming the key and stores otherwise.
 */
export async function deliver(ctx: DeliverContext, action: CreateKeyAction, userId: string): Promise<string> {
  const what = `creating key ${action.remoteName} for ${action.serviceUser}`;
  let created;
  try {
    created = await ctx.driver.createKey({
      userId,
      name: action.remoteName,
      expiresAt: action.expiresAt === null ? null : new Date(action.expiresAt),
    });
  } catch (err) {
    throw wrapError(what, err);
  }
  const keyId = created.key.id;
  const base = { actionId: action.id, keyId, remoteName: action.remoteName };
  ctx.sink({
    code: 'key.created',
    level: 'info',
    message: `created ${action.remoteName} (id ${keyId}) for ${action.serviceUser}`,
    data: { ...base, step: 'created' },
  });
  const meta = { keyId, serviceUser: action.serviceUser, keyName: action.keyName, generation: action.generation };
  for (const ref of action.secrets) {
    try {
      await writeVerified(ctx.storeFor(ref), ref, created.secret, meta, ctx.sink);
    } catch (err) {
      const failure = wrapError(`delivering ${action.remoteName} (id ${keyId}) of ${action.serviceUser}`, err);
      const holding = await mayHoldNow(ctx, action.secrets, keyId);
      if (holding.length === 0) {
        const outcome = await rollback(ctx, action, keyId);
        throw new KeywardError('apply.delivery-failed', `${failure.message}; ${outcome}`, {
          source: failure.source,
          cause: err,
          details: { keyId },
        });
      }
      ctx.sink({
        code: 'key.rollback.skipped',
        level: 'warn',
        message: `kept ${action.remoteName} (id ${keyId}): ${holding.join(', ')} hold or may hold it`,
        data: { ...base, step: 'rollback-skipped', stores: holding },
      });
      throw new KeywardError(
        'apply.delivery-partial',
        `${failure.message}; ${holding.join(', ')} hold${holding.length === 1 ? 's' : ''} or may hold it, so it is kept; the next apply repairs ${action.keyName} with a new attempt delivered to every store`,
        {
          source: failure.source,
          cause: err,
          details: { keyId, holding },
        },
      );
    }
  }
  ctx.sink({
    code: 'key.delivered',
    level: 'info',
    message: `${action.remoteName} (id ${keyId}) confirmed in ${action.secrets.length} store(s)`,
    data: { ...base, step: 'delivered', stores: action.secrets.map((r) => `${r.store}/${r.name}`) },
  });
  for (const old of action.retireAfterDelivery ?? []) {
    try {
      await ctx.driver.setKeyState(old.keyId, 'disabled');
    } catch (err) {
      throw wrapError(
        `${action.remoteName} (id ${keyId}) is delivered, but retiring ${old.remoteName} (id ${old.keyId}) failed; the next plan retires it`,
        err,
      );
    }
    ctx.sink({
      code: 'key.retired',
      level: 'info',
      message: `retired ${old.remoteName} (id ${old.keyId}) after delivering ${action.remoteName}`,
      data: { actionId: action.id, keyId: old.keyId, successor: keyId, step: 'retired' },
    });
  }
  return keyId;
}

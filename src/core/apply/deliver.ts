// create-key / rotate-key: create the key, write its secret to every store, verify (then retire what the plan says), or roll back.
// The secret lives only in the CreatedKey in this function's memory; it must never reach an event or an error.
import { KeywardError, wrapError } from '../../kernel/errors.js';
import type { EventSink } from '../../kernel/events.js';
import type { KeyDriver } from '../ports/key-driver.js';
import type { SecretRef, SecretStore } from '../ports/secret-store.js';
import type { CreateKeyAction } from '../plan/types.js';
import type { RetryPolicy } from './types.js';
import { writeVerified } from './retry.js';

export interface DeliverContext {
  readonly driver: KeyDriver;
  readonly storeFor: (ref: SecretRef) => SecretStore;
  readonly policy: RetryPolicy;
  readonly sink: EventSink;
}

async function rollback(ctx: DeliverContext, action: CreateKeyAction, keyId: string): Promise<string> {
  const data = { actionId: action.id, keyId, remoteName: action.remoteName };
  try {
    await ctx.driver.setKeyState(keyId, 'disabled');
    await ctx.driver.deleteKey(keyId);
    ctx.sink({ code: 'key.rollback', level: 'warn', message: `rolled back ${action.remoteName} (id ${keyId}): disabled and deleted`, data });
    return `rolled back key ${keyId} (disabled and deleted)`;
  } catch (err) {
    const error = wrapError(`rolling back ${action.remoteName} (id ${keyId})`, err);
    ctx.sink({ code: 'key.rollback.failed', level: 'error', message: error.message, data });
    return `rollback failed (${error.message}); key ${keyId} is left undelivered and a later plan replaces it as an orphan once the grace period has passed`;
  }
}

/**
 * Creates the key and delivers it. When a store cannot be written after every retry: if no store holds the new
 * key yet, the key is disabled and deleted (rollback); if some store already holds it, the key is kept — deleting
 * it would leave that consumer without a working secret — and the error says to bump the generation.
 * Resolves with the new key ID; throws a KeywardError naming the key and stores otherwise.
 */
export async function deliver(ctx: DeliverContext, action: CreateKeyAction, userId: string): Promise<string> {
  const what = `creating key ${action.remoteName} for ${action.serviceUser}`;
  let created;
  try {
    created = await ctx.driver.createKey({
      userId, name: action.remoteName, expiresAt: action.expiresAt === null ? null : new Date(action.expiresAt),
    });
  } catch (err) {
    throw wrapError(what, err);
  }
  const keyId = created.key.id;
  ctx.sink({ code: 'key.created', level: 'info', message: `created ${action.remoteName} (id ${keyId}) for ${action.serviceUser}`, data: { actionId: action.id, keyId, remoteName: action.remoteName } });
  const meta = { keyId, serviceUser: action.serviceUser, keyName: action.keyName, generation: action.generation };
  const delivered: string[] = [];
  for (const ref of action.secrets) {
    try {
      await writeVerified(ctx.storeFor(ref), ref, created.secret, meta, ctx.policy, ctx.sink);
      delivered.push(`${ref.store}/${ref.name}`);
    } catch (err) {
      const failure = wrapError(`delivering ${action.remoteName} (id ${keyId}) of ${action.serviceUser}`, err);
      if (delivered.length === 0) {
        const outcome = await rollback(ctx, action, keyId);
        throw new KeywardError('delivery-failed', `${failure.message}; ${outcome}`, { source: failure.source, cause: err, details: { keyId } });
      }
      throw new KeywardError('delivery-partial', `${failure.message}; ${delivered.join(', ')} already hold${delivered.length === 1 ? 's' : ''} it, so it is kept; bump the generation to ${action.generation + 1} to deliver a new key to every store`, {
        source: failure.source, cause: err, details: { keyId, delivered },
      });
    }
  }
  ctx.sink({ code: 'key.delivered', level: 'info', message: `${action.remoteName} (id ${keyId}) delivered to ${action.secrets.length} store(s)`, data: { actionId: action.id, keyId, stores: action.secrets.map((r) => `${r.store}/${r.name}`) } });
  for (const old of action.retireAfterDelivery ?? []) {
    try {
      await ctx.driver.setKeyState(old.keyId, 'disabled');
    } catch (err) {
      throw wrapError(`${action.remoteName} (id ${keyId}) is delivered, but retiring ${old.remoteName} (id ${old.keyId}) failed; the next plan retires it`, err);
    }
    ctx.sink({ code: 'key.retired', level: 'info', message: `retired ${old.remoteName} (id ${old.keyId}) after delivering ${action.remoteName}`, data: { actionId: action.id, keyId: old.keyId, successor: keyId } });
  }
  return keyId;
}

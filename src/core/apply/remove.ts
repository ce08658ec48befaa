// delete-key (disable first when asked, delete, then clear its store entries) and delete-secret, with a step event
// each.
// A store entry is deleted only once its key no longer verifies and only while it still holds nothing but that key.
import { wrapError } from '../../kernel/errors.js';
import type { EventSink } from '../../kernel/events.js';
import type { KeyDriver } from '../ports/key-driver.js';
import type { SecretRef, SecretStore } from '../ports/secret-store.js';
import type { DeleteKeyAction, DeleteSecretAction } from '../plan/types.js';

export interface RemoveContext {
  readonly driver: KeyDriver;
  readonly storeFor: (ref: SecretRef) => SecretStore;
  readonly sink: EventSink;
}

/**
 * Deletes `ref`'s entry when the store still holds only keys in `dead` (describe first: a store rewritten since the
 * plan keeps its new secret). Emits secret.deleted or secret.kept.
 */
async function clearEntry(
  ctx: RemoveContext,
  ref: SecretRef,
  dead: readonly string[],
  actionId: string,
): Promise<void> {
  const store = ctx.storeFor(ref);
  const where = `${ref.store}/${ref.name}`;
  const seen = await store.describe(ref).catch((err: unknown) => {
    throw wrapError(`describing ${where} before deleting it`, err);
  });
  const ids = seen.state === 'holds' ? [seen.keyId] : seen.state === 'uncertain' ? seen.candidates : [];
  const onlyDead = seen.state !== 'absent' && ids.length > 0 && ids.every((id) => dead.includes(id));
  if (!onlyDead) {
    const why =
      seen.state === 'absent'
        ? 'it is already empty'
        : `it holds ${ids.length > 0 ? `key ${ids.join(' or ')}` : 'a key it cannot name'}, not only ${dead.join(', ')}`;
    ctx.sink({
      code: 'secret.kept',
      level: 'info',
      message: `kept ${where}: ${why}`,
      data: { actionId, step: 'secret-kept', store: ref.store, name: ref.name },
    });
    return;
  }
  try {
    await store.delete(ref);
  } catch (err) {
    const error = wrapError(`deleting secret ${where}`, err);
    if (error.source !== 'user') throw error;
    // A store that cannot delete (an exec store without a delete command) keeps the dead secret; the key is gone.
    ctx.sink({
      code: 'secret.kept',
      level: 'warn',
      message: `kept ${where}: ${error.message}`,
      data: { actionId, step: 'secret-kept', store: ref.store, name: ref.name },
    });
    return;
  }
  ctx.sink({
    code: 'secret.deleted',
    level: 'info',
    message: `deleted ${where} (it held ${ids.join(' or ')}, which no longer verifies)`,
    data: { actionId, step: 'secret-deleted', store: ref.store, name: ref.name, keyIds: ids },
  });
}

export async function deleteKey(ctx: RemoveContext, action: DeleteKeyAction): Promise<string> {
  const { key } = action;
  const context = `deleting key ${key.remoteName} (id ${key.keyId}) of ${action.serviceUser}`;
  const data = { actionId: action.id, keyId: key.keyId, remoteName: key.remoteName };
  if (action.disableFirst) {
    await ctx.driver.setKeyState(key.keyId, 'disabled').catch((err: unknown) => {
      throw wrapError(context, err);
    });
    ctx.sink({
      code: 'key.disabled',
      level: 'info',
      message: `disabled ${key.remoteName} (id ${key.keyId})`,
      data: { ...data, step: 'disabled' },
    });
  }
  await ctx.driver.deleteKey(key.keyId).catch((err: unknown) => {
    throw wrapError(context, err);
  });
  ctx.sink({
    code: 'key.deleted',
    level: 'info',
    message: `deleted ${key.remoteName} (id ${key.keyId})`,
    data: { ...data, step: 'deleted' },
  });
  for (const ref of action.secrets ?? []) await clearEntry(ctx, ref, [key.keyId], action.id);
  return key.keyId;
}

export async function deleteSecret(ctx: RemoveContext, action: DeleteSecretAction): Promise<void> {
  await clearEntry(ctx, action.secret, action.holds, action.id);
}

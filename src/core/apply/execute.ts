// Runs one plan action against its scope's driver and stores, in the context of one service user's sequence.
// Never retries a driver call itself (drivers own 429/5xx retries) and never lets a secret into its errors.
import { KeywardError, wrapError } from '../../kernel/errors.js';
import type { EventSink } from '../../kernel/events.js';
import type { KeyDriver } from '../ports/key-driver.js';
import type { SecretRef, SecretStore } from '../ports/secret-store.js';
import type { UserAction } from '../plan/types.js';
import { deliver } from './deliver.js';
import { deleteKey, deleteSecret } from './remove.js';

/** Shared by the actions of one service user: its remote id becomes known once create-user has run. */
export interface UserSequence {
  userId: string | null;
}

export interface ExecuteContext {
  readonly driver: KeyDriver;
  readonly storeFor: (ref: SecretRef) => SecretStore;
  readonly sink: EventSink;
}

function needUser(seq: UserSequence, fromPlan: string | null, who: string): string {
  const id = fromPlan ?? seq.userId;
  if (id === null)
    throw new KeywardError('apply.user-missing', `service user ${who} does not exist (its create-user did not run)`);
  return id;
}

/** Executes one action; resolves with the key ID it touched (if any), throws a KeywardError with context. */
export async function execute(ctx: ExecuteContext, action: UserAction, seq: UserSequence): Promise<string | undefined> {
  const { driver } = ctx;
  const who = action.serviceUser;
  switch (action.kind) {
    case 'create-user': {
      const user = await driver
        .createServiceUser({ name: who, description: action.description, groups: action.groups })
        .catch((err: unknown) => {
          throw wrapError(`creating service user ${who}`, err);
        });
      seq.userId = user.id;
      return undefined;
    }
    case 'update-user': {
      const input = {
        ...(action.description !== undefined ? { description: action.description } : {}),
        ...(action.groups !== undefined ? { groups: action.groups } : {}),
      };
      await driver.updateServiceUser(action.userId, input).catch((err: unknown) => {
        throw wrapError(`updating service user ${who}`, err);
      });
      seq.userId = action.userId;
      return undefined;
    }
    case 'delete-user':
      await driver.deleteServiceUser(action.userId).catch((err: unknown) => {
        throw wrapError(`deleting service user ${who}`, err);
      });
      return undefined;
    case 'create-key':
    case 'rotate-key':
    case 'repair-key':
      return deliver(ctx, action, needUser(seq, action.userId, who));
    case 'enable-key':
    case 'disable-key': {
      const state = action.kind === 'enable-key' ? 'enabled' : 'disabled';
      await driver.setKeyState(action.key.keyId, state).catch((err: unknown) => {
        throw wrapError(
          `${action.kind === 'enable-key' ? 'enabling' : 'disabling'} key ${action.key.remoteName} (id ${action.key.keyId}) of ${who}`,
          err,
        );
      });
      const data = { actionId: action.id, keyId: action.key.keyId };
      const message = `${state} ${action.key.remoteName} (id ${action.key.keyId})`;
      if (state === 'enabled')
        ctx.sink({ code: 'key.enabled', level: 'info', message, data: { ...data, step: 'enabled' } });
      else ctx.sink({ code: 'key.disabled', level: 'info', message, data: { ...data, step: 'disabled' } });
      return action.key.keyId;
    }
    case 'delete-key':
      return deleteKey(ctx, action);
    case 'delete-secret':
      await deleteSecret(ctx, action);
      return undefined;
    case 'no-op':
      return undefined;
  }
}

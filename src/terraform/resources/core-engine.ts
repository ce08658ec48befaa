// The provider's bridge to the core delivery engine: builds the core's actions for one keyward_api_key and runs them
// with the core's deliver() and execute(), so the CLI, Action and Terraform share one custody path. Holds no secret.
import type { CreateKeyAction, DeleteKeyAction, KeyTarget } from '../../core/plan/types.js';
import { deliver, execute, type ExecuteContext } from '../../core/apply/index.js';
import { parseRemoteKeyName, remoteKeyName } from '../../core/key-names.js';
import type { RemoteKey } from '../../core/ports/key-driver.js';
import type { SecretTarget } from './api-key-secret.js';
import type { ProviderContext } from './types.js';

/** Terraform has no manifest scopes: every action of the provider runs in this one. */
const SCOPE = 'terraform';

function engine(ctx: ProviderContext, target: SecretTarget | null): ExecuteContext {
  return {
    driver: ctx.remote.driver,
    storeFor: (ref) => {
      if (!target || ref.store !== target.ref.store) throw new Error(`no secret_store named ${ref.store}`);
      return target.store;
    },
    sink: ctx.sink,
  };
}

function keyTarget(key: RemoteKey): KeyTarget {
  const parsed = parseRemoteKeyName(key.name);
  return { keyId: key.id, remoteName: key.name, keyName: parsed.name, generation: parsed.generation };
}

export interface NewKey {
  readonly serviceUser: string;
  readonly userId: string;
  readonly keyName: string;
  readonly generation: number;
  /** 0 for the plain name; k ≥ 1 when earlier keys of this generation exist (see core/key-names.ts). */
  readonly attempt: number;
  readonly expiresAt: Date | null;
}

/**
 * Creates the key and delivers it through the core: write the store, confirm by describe (with retries), roll back
 * (disable, delete) when the store cannot be written. Resolves with the new key ID; throws the core's KeywardError.
 */
export async function createAndDeliver(
  ctx: ProviderContext,
  target: SecretTarget | null,
  key: NewKey,
): Promise<string> {
  const remoteName = remoteKeyName(key.keyName, key.generation, key.attempt);
  const action: CreateKeyAction = {
    kind: 'create-key',
    id: `create-key ${SCOPE}/${key.serviceUser}/${remoteName}`,
    scope: SCOPE,
    serviceUser: key.serviceUser,
    reason: 'terraform apply creates this keyward_api_key',
    risk: 'low',
    destructive: false,
    userId: key.userId,
    keyName: key.keyName,
    generation: key.generation,
    attempt: key.attempt,
    remoteName,
    expiresAt: key.expiresAt === null ? null : key.expiresAt.toISOString(),
    secrets: target ? [target.ref] : [],
    supersedes: [],
    retireAfterDelivery: [],
  };
  try {
    return await deliver(engine(ctx, target), action, key.userId);
  } finally {
    ctx.remote.invalidate();
  }
}

/**
 * Deletes a key through the core (an enabled key is disabled first, the portal's habit); with `target`, the core also
 * deletes the store entry once the key is gone, when that entry still holds only this key.
 */
export async function deleteKey(
  ctx: ProviderContext,
  serviceUser: string,
  key: RemoteKey,
  why: string,
  target: SecretTarget | null = null,
): Promise<void> {
  const action: DeleteKeyAction = {
    kind: 'delete-key',
    id: `delete-key ${SCOPE}/${serviceUser}/${key.name}`,
    scope: SCOPE,
    serviceUser,
    reason: why,
    risk: 'high',
    destructive: true,
    destructiveReason: `destructive: terraform removes ${key.name} (${why})`,
    key: keyTarget(key),
    disableFirst: key.state === 'enabled',
    ...(target ? { secrets: [target.ref] } : {}),
  };
  try {
    await execute(engine(ctx, target), action, { userId: key.userId });
  } finally {
    ctx.remote.invalidate();
  }
}

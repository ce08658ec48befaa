// The API key rules: who may create, see, change and delete which keys; limits and expiry by policy; secret shown once.
// Never returns or stores a key after creation: only the create result carries it, storage keeps its hash.
import { userError } from '../../kernel/errors.js';
import { generateKey, hashKey, keyIdOf } from '../domain/key-material.js';
import { isExpired } from '../domain/key-state.js';
import { checkExpiry } from '../domain/expiry-rules.js';
import {
  actorName,
  hasPermission,
  isAdmin,
  SERVICE_API_KEY_CREATE,
  SERVICE_API_KEY_READ,
  type Principal,
} from '../domain/permissions.js';
import type { ApiKeyRecord, KeyType, StoredKeyState } from '../domain/types.js';
import type { ListOptions } from '../query/index.js';
import type { Queryable } from '../storage/database.js';
import { countKeys, deleteKey, getKey, insertKey, listKeys, updateKey } from '../repository/keys-repo.js';
import { getUser } from '../repository/users-repo.js';
import { prefixedId } from '../http/ids.js';
import { audit, invalidateCaches, type KeyServiceContext } from './context.js';
import { deny, guard } from './guard.js';
import { changerOf, guardKeyFor, guardKeyWrite, keyText } from './key-privilege.js';
import { auditKeyViews } from './key-views.js';

export interface CreatedKey {
  readonly record: ApiKeyRecord;
  /** The full key, shown once in the create response and nowhere else. */
  readonly key: string;
}

const target = (id: string) => prefixedId('apikeys', id);

/** Keys the caller may see (admins: all); with `ownOnly`, just the caller's own keys. A view (audited by policy). */
export async function listKeysFor(
  ctx: KeyServiceContext,
  p: Principal,
  options: ListOptions,
  ownOnly = false,
): Promise<ApiKeyRecord[]> {
  const visibility = ownOnly
    ? { all: false as const, ownerId: p.user.id, serviceKeys: false }
    : isAdmin(p)
      ? ({ all: true } as const)
      : { all: false as const, ownerId: p.user.id, serviceKeys: maySeeServiceKeys(p) };
  const keys = await listKeys(ctx.db, ctx.clock.now(), visibility, options);
  await auditKeyViews(ctx, p, ownOnly ? 'current_api_key.list' : 'api_key.list', keys);
  return keys;
}

/** Service keys of others are visible with service_api_key.read (read only) or service_api_key.create. */
function maySeeServiceKeys(p: Principal): boolean {
  return hasPermission(p, SERVICE_API_KEY_CREATE) || hasPermission(p, SERVICE_API_KEY_READ);
}

/** GET /v2/api_keys/<id>: one key, as a view (audited by policy); a read-only caller may view, not change it. */
export async function viewKey(ctx: KeyServiceContext, p: Principal, id: string): Promise<ApiKeyRecord> {
  const found = await getKey(ctx.db, id, ctx.clock.now());
  const readOnly = found !== undefined && found.type === 'service' && found.userId !== p.user.id;
  const key = readOnly && !isAdmin(p) && maySeeServiceKeys(p) ? found : await getKeyFor(ctx, p, id, 'api_key.view');
  await auditKeyViews(ctx, p, 'api_key.view', [key]);
  return key;
}

/** Owners manage their own keys; service keys need service_api_key.create; admins manage all. */
async function mayManage(ctx: KeyServiceContext, p: Principal, key: ApiKeyRecord, action: string): Promise<void> {
  if (key.userId === p.user.id || isAdmin(p)) return;
  if (key.type === 'service') return guard(ctx, p, SERVICE_API_KEY_CREATE, action, target(key.id));
  await deny(
    ctx,
    p,
    userError('forbidden', `${action}: only the owner or an administrator may access another user's ${key.type} key`),
    action,
    target(key.id),
  );
}

export async function getKeyFor(
  ctx: KeyServiceContext,
  p: Principal,
  id: string,
  action = 'api_key.read',
): Promise<ApiKeyRecord> {
  const key = await getKey(ctx.db, id, ctx.clock.now());
  if (key === undefined) throw userError('not_found', `no API key ${target(id)}`);
  await mayManage(ctx, p, key, action);
  return key;
}

export interface NewKeyInput {
  readonly name: string;
  readonly expiresAt: Date | null;
}

async function insertChecked(
  ctx: KeyServiceContext,
  p: Principal,
  userId: string,
  type: KeyType,
  input: NewKeyInput,
  action: string,
): Promise<CreatedKey> {
  const now = ctx.clock.now();
  checkExpiry(input.expiresAt, now, ctx.policy);
  const key = generateKey();
  const id = keyIdOf(key);
  await ctx.db.transaction(async (tx) => {
    // Lock the owner so two concurrent creates cannot both pass the limit check.
    await tx.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [userId]);
    await checkLimits(ctx, tx, userId, type);
    await insertKey(tx, {
      id,
      hash: hashKey(key),
      name: input.name,
      userId,
      type,
      expiresAt: input.expiresAt,
      at: now,
      by: actorName(p.user),
    });
    await audit(
      ctx,
      p,
      {
        action,
        target: target(id),
        outcome: 'success',
        detail: `${type} key ${JSON.stringify(input.name)} for user ${prefixedId('users', userId)}`,
      },
      tx,
    );
  });
  invalidateCaches(ctx);
  const record = await getKey(ctx.db, id, now);
  if (record === undefined) throw new Error(`key ${id} vanished right after creation`);
  return { record, key };
}

async function checkLimits(ctx: KeyServiceContext, tx: Queryable, userId: string, type: KeyType): Promise<void> {
  const { policy } = ctx;
  if (policy.maxKeysPerUser !== null && (await countKeys(tx, userId)) >= policy.maxKeysPerUser) {
    throw userError(
      'conflict',
      `the user already holds the maximum of ${policy.maxKeysPerUser} API keys (policy ${policy.name}); delete one first`,
    );
  }
  if (type === 'service' && (await countKeys(tx, userId, 'service')) >= policy.maxServiceKeysPerServiceUser) {
    throw userError(
      'conflict',
      `the service user already holds the maximum of ${policy.maxServiceKeysPerServiceUser} service API keys (policy ${policy.name}); delete one first`,
    );
  }
}

/** POST /v2/api_keys: a service key for a service user. */
export async function createServiceKey(
  ctx: KeyServiceContext,
  p: Principal,
  userId: string,
  input: NewKeyInput,
): Promise<CreatedKey> {
  const action = 'api_key.create';
  await guard(ctx, p, SERVICE_API_KEY_CREATE, 'creating a service API key', prefixedId('users', userId));
  const owner = await getUser(ctx.db, userId);
  if (owner === undefined) throw userError('not_found', `body.user_id: no user ${prefixedId('users', userId)}`);
  if (owner.type !== 'service') {
    await deny(
      ctx,
      p,
      userError(
        'forbidden',
        'interactive keys can only be created by their owner (POST /v2/current_api_keys); nobody, administrators included, can create one for another user',
      ),
      action,
      prefixedId('users', userId),
    );
  }
  await guardKeyFor(ctx, p, owner);
  return insertChecked(ctx, p, userId, 'service', input, action);
}

/** POST /v2/current_api_keys: an interactive key for the caller itself. */
export async function createInteractiveKey(
  ctx: KeyServiceContext,
  p: Principal,
  input: NewKeyInput,
): Promise<CreatedKey> {
  if (p.user.type === 'service') {
    await deny(
      ctx,
      p,
      userError('forbidden', 'service users cannot sign in and cannot hold interactive keys'),
      'api_key.create',
      prefixedId('users', p.user.id),
    );
  }
  return insertChecked(ctx, p, p.user.id, 'interactive', input, 'api_key.create');
}

export interface KeyPatch {
  readonly name?: string;
  readonly state?: StoredKeyState;
}

export async function patchKey(
  ctx: KeyServiceContext,
  p: Principal,
  id: string,
  patch: KeyPatch,
): Promise<ApiKeyRecord> {
  const action =
    patch.state === undefined ? 'api_key.update' : patch.state === 'enabled' ? 'api_key.enable' : 'api_key.disable';
  const key = await getKeyFor(ctx, p, id, action);
  await guardKeyWrite(ctx, p, key, action, patch.state === 'enabled');
  const now = ctx.clock.now();
  if (isExpired(key, now)) {
    await audit(ctx, p, { action, target: target(id), outcome: 'failure', detail: 'key is expired' });
    throw userError(
      'conflict',
      `API key ${target(id)} is expired; an expired key cannot be enabled, disabled or changed (delete it instead)`,
    );
  }
  const changes: KeyPatch = {
    ...(patch.name !== undefined && patch.name !== key.name ? { name: patch.name } : {}),
    ...(patch.state !== undefined && patch.state !== key.state ? { state: patch.state } : {}),
  };
  if (changes.name === undefined && changes.state === undefined) return key;
  await ctx.db.transaction(async (tx) => {
    await updateKey(tx, id, changes, now, changerOf(p));
    const what = changes.state
      ? `state ${key.state} -> ${changes.state}`
      : `renamed to ${JSON.stringify(changes.name)}`;
    await audit(ctx, p, { action, target: target(id), outcome: 'success', detail: `${keyText(key)}: ${what}` }, tx);
  });
  invalidateCaches(ctx);
  return (await getKey(ctx.db, id, now)) ?? key;
}

export async function deleteKeyFor(ctx: KeyServiceContext, p: Principal, id: string): Promise<void> {
  const key = await getKeyFor(ctx, p, id, 'api_key.delete');
  await guardKeyWrite(ctx, p, key, 'api_key.delete', false);
  await ctx.db.transaction(async (tx) => {
    await deleteKey(tx, id);
    await audit(
      ctx,
      p,
      { action: 'api_key.delete', target: target(id), outcome: 'success', detail: `deleted ${keyText(key)}` },
      tx,
    );
  });
  invalidateCaches(ctx);
}

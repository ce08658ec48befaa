// Applies the privilege rule (domain/privilege.ts) to keys: who may create, enable, rename, disable or delete a key
// of which user. Never decides visibility (keys-service does); it only refuses writes that would grow a permission.
import { actorName, type Principal } from '../domain/permissions.js';
import type { ApiKeyRecord } from '../domain/types.js';
import type { User } from '../domain/types.js';
import { permissionsOf } from '../repository/users-repo.js';
import type { KeyChanger } from '../repository/keys-repo.js';
import { prefixedId } from '../http/ids.js';
import type { KeyServiceContext } from './context.js';
import { guardCovers } from './guard.js';

/** `user "name" (identity/users/<id>)`: how audit details and messages name a key's owner. */
function ownerText(user: Pick<User, 'id' | 'name'>): string {
  return `user ${JSON.stringify(user.name)} (${prefixedId('users', user.id)})`;
}

/** `key "name" of user "owner" (identity/users/<id>)`: who, what and whose in one audit detail. */
export function keyText(key: Pick<ApiKeyRecord, 'name' | 'userId' | 'userName'>): string {
  return `key ${JSON.stringify(key.name)} of ${ownerText({ id: key.userId, name: key.userName })}`;
}

/** Creating a key for `owner` needs every permission the owner holds: the new key would act with all of them. */
export async function guardKeyFor(
  ctx: KeyServiceContext,
  p: Principal,
  owner: Pick<User, 'id' | 'name'>,
): Promise<void> {
  if (owner.id === p.user.id) return;
  const held = await permissionsOf(ctx.db, owner.id);
  const what = `creating a service API key for ${ownerText(owner)}`;
  await guardCovers(ctx, p, held, {
    action: 'api_key.create',
    what,
    target: prefixedId('users', owner.id),
    whose: 'that user holds',
  });
}

const WORDS: Readonly<Record<string, string>> = {
  'api_key.enable': 'enabling',
  'api_key.disable': 'disabling',
  'api_key.update': 'renaming',
  'api_key.delete': 'deleting',
};

/**
 * Any write to `key` needs every permission its owner holds; enabling it also needs every permission the one who
 * disabled it held then, so an administrator's disable sticks against its owner and against lesser callers.
 */
export async function guardKeyWrite(
  ctx: KeyServiceContext,
  p: Principal,
  key: ApiKeyRecord,
  action: string,
  enabling: boolean,
): Promise<void> {
  const target = prefixedId('apikeys', key.id);
  const what = `${WORDS[action] ?? action} ${keyText(key)}`;
  if (key.userId !== p.user.id) {
    const held = await permissionsOf(ctx.db, key.userId);
    await guardCovers(ctx, p, held, { action, what, target, whose: 'its owner holds' });
  }
  if (enabling && key.state === 'disabled' && key.disabledWith !== null && key.disabledById !== p.user.id) {
    await guardCovers(ctx, p, key.disabledWith, { action, what, target, whose: 'the user who disabled it held' });
  }
}

/** The changer recorded with a key change (a disable keeps who did it and with which permissions). */
export function changerOf(p: Principal): KeyChanger {
  return { by: actorName(p.user), userId: p.user.id, permissions: [...p.permissions].sort() };
}

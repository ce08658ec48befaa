// User rules: service users need user.manage, interactive users and group memberships need All Access.
// Never lets a caller delete itself, give a service user an e-mail, or act on a user holding more than the caller.
import { randomUUID } from 'node:crypto';
import { userError } from '../../kernel/errors.js';
import { ALL_ACCESS, actorName, USER_MANAGE, type Principal } from '../domain/permissions.js';
import type { User, UserType } from '../domain/types.js';
import type { Queryable } from '../storage/database.js';
import {
  deleteUser,
  findActorClash,
  getUser,
  getUserByName,
  insertUser,
  permissionsOf,
  updateUser,
  type UserChanges,
} from '../repository/users-repo.js';
import { getGroup, permissionsOfGroups } from '../repository/groups-repo.js';
import { unionOf } from '../domain/privilege.js';
import { prefixedId } from '../http/ids.js';
import { audit, invalidateCaches, type KeyServiceContext } from './context.js';
import { guard, guardCovers } from './guard.js';

const target = (id: string) => prefixedId('users', id);

export async function getUserOr404(ctx: KeyServiceContext, id: string): Promise<User> {
  const user = await getUser(ctx.db, id);
  if (user === undefined) throw userError('not_found', `no user ${target(id)}`);
  return user;
}

async function guardUserWrite(
  ctx: KeyServiceContext,
  p: Principal,
  type: UserType,
  action: string,
  tgt: string,
): Promise<void> {
  if (type === 'service') await guard(ctx, p, USER_MANAGE, `${action} (service user)`, tgt);
  else await guard(ctx, p, ALL_ACCESS, `${action} (interactive user)`, tgt);
}

async function checkGroups(db: Queryable, ids: readonly string[]): Promise<void> {
  for (const [i, id] of ids.entries()) {
    if ((await getGroup(db, id)) === undefined)
      throw userError('bad_request', `body.group_ids[${i}]: no group ${prefixedId('groups', id)}`);
  }
}

async function checkNameFree(db: Queryable, name: string, exceptId?: string): Promise<void> {
  const existing = await getUserByName(db, name);
  if (existing !== undefined && existing.id !== exceptId)
    throw userError('conflict', `a user named ${JSON.stringify(name)} already exists`);
}

/**
 * Names and e-mails are one namespace of actors (the audit log and created_by show a user's e-mail, else its
 * name): no e-mail twice whatever its case, and no name equal to another user's e-mail or e-mail to another's name.
 */
async function checkActorFree(
  db: Queryable,
  name: string | undefined,
  email: string | null | undefined,
  exceptId?: string,
): Promise<void> {
  const clash = await findActorClash(db, name ?? null, email ?? null, exceptId ?? null);
  if (clash === undefined) return;
  if (email && clash.email?.toLowerCase() === email.toLowerCase()) {
    throw userError(
      'conflict',
      `body.email: another user already has the e-mail ${JSON.stringify(clash.email)} (e-mails are unique whatever their case)`,
    );
  }
  if (email && clash.name.toLowerCase() === email.toLowerCase()) {
    throw userError(
      'conflict',
      `body.email: another user is named ${JSON.stringify(clash.name)}; an e-mail may not read as another user`,
    );
  }
  throw userError(
    'conflict',
    `body.name: another user has the e-mail ${JSON.stringify(clash.email)}; a name may not read as another user`,
  );
}

/** Two concurrent writes can both pass checkActorFree; the unique index on lower(email) then refuses one: a 409. */
function emailTaken(err: unknown): unknown {
  const pgError = err as { code?: unknown; constraint?: unknown; message?: unknown };
  const onEmail =
    pgError.constraint === 'users_email_lower' ||
    (typeof pgError.message === 'string' && pgError.message.includes('users_email_lower'));
  return pgError.code === '23505' && onEmail
    ? userError('conflict', 'body.email: another user already has this e-mail (e-mails are unique whatever their case)')
    : err;
}

/** What a user has and, after `groupIds`, would have: a caller changing or removing it must hold all of it. */
async function guardUserPrivilege(
  ctx: KeyServiceContext,
  p: Principal,
  user: User,
  action: string,
  words: string,
  groupIds?: readonly string[],
): Promise<void> {
  const has = await permissionsOf(ctx.db, user.id);
  const would = groupIds === undefined ? [] : await permissionsOfGroups(ctx.db, groupIds);
  const whose = groupIds === undefined ? 'that user holds' : 'that user holds or would hold';
  await guardCovers(ctx, p, unionOf(has, would), {
    action,
    what: `${words} ${JSON.stringify(user.name)}`,
    target: target(user.id),
    whose,
  });
}

export interface NewUserInput {
  readonly name: string;
  readonly type: UserType;
  readonly email: string | null;
  readonly description: string;
  readonly groupIds: readonly string[];
}

export async function createUser(ctx: KeyServiceContext, p: Principal, input: NewUserInput): Promise<User> {
  await guardUserWrite(ctx, p, input.type, 'creating a user', `user ${JSON.stringify(input.name)}`);
  if (input.groupIds.length > 0) {
    await guard(ctx, p, ALL_ACCESS, 'setting group memberships', `user ${JSON.stringify(input.name)}`);
    const would = await permissionsOfGroups(ctx.db, input.groupIds);
    const what = `creating user ${JSON.stringify(input.name)}`;
    await guardCovers(ctx, p, would, {
      action: 'user.create',
      what,
      target: `user ${JSON.stringify(input.name)}`,
      whose: 'its groups grant',
    });
  }
  if (input.type === 'service' && input.email !== null)
    throw userError('bad_request', 'body.email: service users cannot sign in and have no e-mail; leave it out or null');
  const id = randomUUID();
  await ctx.db
    .transaction(async (tx) => {
      await checkNameFree(tx, input.name);
      await checkActorFree(tx, input.name, input.email);
      await checkGroups(tx, input.groupIds);
      await insertUser(tx, { id, ...input, at: ctx.clock.now(), by: actorName(p.user) });
      await audit(
        ctx,
        p,
        {
          action: 'user.create',
          target: target(id),
          outcome: 'success',
          detail: `${input.type} user ${JSON.stringify(input.name)}`,
        },
        tx,
      );
    })
    .catch((err: unknown) => {
      throw emailTaken(err);
    });
  invalidateCaches(ctx);
  return getUserOr404(ctx, id);
}

export async function patchUser(ctx: KeyServiceContext, p: Principal, id: string, changes: UserChanges): Promise<User> {
  const user = await getUserOr404(ctx, id);
  await guardUserWrite(ctx, p, user.type, 'updating a user', target(id));
  const groupsChange =
    changes.groupIds !== undefined && [...changes.groupIds].sort().join() !== [...user.groupIds].sort().join();
  if (groupsChange) await guard(ctx, p, ALL_ACCESS, 'changing group memberships', target(id));
  if (groupsChange)
    await guardUserPrivilege(ctx, p, user, 'user.update_groups', 'changing the groups of user', changes.groupIds);
  else await guardUserPrivilege(ctx, p, user, 'user.update', 'updating user');
  if (user.type === 'service' && changes.email !== undefined && changes.email !== null) {
    throw userError('bad_request', 'body.email: service users cannot sign in and have no e-mail');
  }
  await ctx.db
    .transaction(async (tx) => {
      if (changes.name !== undefined) await checkNameFree(tx, changes.name, id);
      if (changes.name !== undefined || changes.email) await checkActorFree(tx, changes.name, changes.email, id);
      if (changes.groupIds !== undefined) await checkGroups(tx, changes.groupIds);
      await updateUser(tx, id, changes, ctx.clock.now(), actorName(p.user));
      await audit(
        ctx,
        p,
        { action: groupsChange ? 'user.update_groups' : 'user.update', target: target(id), outcome: 'success' },
        tx,
      );
    })
    .catch((err: unknown) => {
      throw emailTaken(err);
    });
  invalidateCaches(ctx);
  return getUserOr404(ctx, id);
}

export async function deleteUserFor(ctx: KeyServiceContext, p: Principal, id: string): Promise<void> {
  const user = await getUserOr404(ctx, id);
  await guardUserWrite(ctx, p, user.type, 'deleting a user', target(id));
  if (user.id === p.user.id) throw userError('conflict', 'a user cannot delete itself');
  await guardUserPrivilege(ctx, p, user, 'user.delete', 'deleting user');
  await ctx.db.transaction(async (tx) => {
    await deleteUser(tx, id);
    await audit(
      ctx,
      p,
      {
        action: 'user.delete',
        target: target(id),
        outcome: 'success',
        detail: `${user.type} user ${JSON.stringify(user.name)} and its keys`,
      },
      tx,
    );
  });
  invalidateCaches(ctx);
}

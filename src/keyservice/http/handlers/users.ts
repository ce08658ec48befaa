// HTTP handlers for /v2/users and /v2/current_user.
// Never lets a PATCH change a read-only field (id, type, created_*); those are accepted only unchanged.
import { parseListOptions } from '../../query/index.js';
import { listUsers } from '../../repository/users-repo.js';
import { createUser, deleteUserFor, getUserOr404, patchUser } from '../../service/users-service.js';
import type { KeyServiceContext } from '../../service/context.js';
import { asObject, email, has, idList, name, oneOf, rejectUnknown, text } from '../input.js';
import { checkPatch } from '../read-only.js';
import { parseId } from '../ids.js';
import { userListSpec } from '../list-specs.js';
import { ok, route, type Route } from '../router.js';
import { pick, userWire } from '../wire.js';

export function userRoutes(ctx: KeyServiceContext): Route[] {
  return [
    route('GET', '/v2/current_user', async (call) =>
      ok({ result: userWire(await getUserOr404(ctx, call.principal.user.id)) }),
    ),
    route('GET', '/v2/users', async (call) => {
      const options = parseListOptions(call.url.searchParams, userListSpec);
      return ok({ results: (await listUsers(ctx.db, options)).map((u) => pick(userWire(u), options.fields)) });
    }),
    route('POST', '/v2/users', async (call) => {
      const body = asObject(await call.body());
      rejectUnknown(body, ['name', 'type', 'email', 'description', 'group_ids']);
      const user = await createUser(ctx, call.principal, {
        name: name(body, 'name', true) as string,
        type: oneOf(body, 'type', ['interactive', 'service'] as const, true) as 'interactive' | 'service',
        email: email(body, 'email') ?? null,
        description: text(body, 'description') ?? '',
        groupIds: idList(body, 'group_ids', 'groups') ?? [],
      });
      return ok({ result: userWire(user) }, 201);
    }),
    route('GET', '/v2/users/:id', async (call) =>
      ok({ result: userWire(await getUserOr404(ctx, parseId('users', call.params[0] ?? '', 'path id'))) }),
    ),
    route('PATCH', '/v2/users/:id', async (call) => {
      const id = parseId('users', call.params[0] ?? '', 'path id');
      const body = asObject(await call.body());
      checkPatch(body, userWire(await getUserOr404(ctx, id)), {
        mutable: ['name', 'email', 'description', 'group_ids'],
        readOnly: ['id', 'type', 'created_at', 'created_by'],
        volatile: ['updated_at', 'updated_by'],
      });
      const changes = {
        ...(has(body, 'name') ? { name: name(body, 'name', true) as string } : {}),
        ...(has(body, 'email') ? { email: email(body, 'email') ?? null } : {}),
        ...(has(body, 'description') ? { description: text(body, 'description') ?? '' } : {}),
        ...(has(body, 'group_ids') ? { groupIds: idList(body, 'group_ids', 'groups') ?? [] } : {}),
      };
      return ok({ result: userWire(await patchUser(ctx, call.principal, id, changes)) });
    }),
    route('DELETE', '/v2/users/:id', async (call) => {
      await deleteUserFor(ctx, call.principal, parseId('users', call.params[0] ?? '', 'path id'));
      return ok({});
    }),
  ];
}

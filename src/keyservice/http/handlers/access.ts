// HTTP handlers for /v2/groups and /v2/roles.
// Never lets a PATCH change a read-only field; those are accepted only unchanged.
import { parseListOptions } from '../../query/index.js';
import { listGroups, listRoles } from '../../repository/groups-repo.js';
import {
  createGroup,
  createRole,
  deleteGroupFor,
  deleteRoleFor,
  getGroupOr404,
  getRoleOr404,
  patchGroup,
  patchRole,
} from '../../service/access-service.js';
import type { KeyServiceContext } from '../../service/context.js';
import { asObject, bool, has, idList, name, rejectUnknown, stringList, text } from '../input.js';
import { checkPatch } from '../read-only.js';
import { parseId } from '../ids.js';
import { groupListSpec, roleListSpec } from '../list-specs.js';
import { ok, route, type Route } from '../router.js';
import { groupWire, pick, roleWire } from '../wire.js';
import { userError } from '../../../kernel/errors.js';

export function accessRoutes(ctx: KeyServiceContext): Route[] {
  const groupId = (raw: string | undefined) => parseId('groups', raw ?? '', 'path id');
  const roleId = (raw: string | undefined) => parseId('roles', raw ?? '', 'path id');
  return [
    route('GET', '/v2/groups', async (call) => {
      const options = parseListOptions(call.url.searchParams, groupListSpec);
      return ok({ results: (await listGroups(ctx.db, options)).map((g) => pick(groupWire(g), options.fields)) });
    }),
    route('POST', '/v2/groups', async (call) => {
      const body = asObject(await call.body());
      rejectUnknown(body, ['name', 'description', 'roles', 'account_alerts']);
      const group = await createGroup(ctx, call.principal, {
        name: name(body, 'name', true) as string,
        description: text(body, 'description') ?? '',
        accountAlerts: bool(body, 'account_alerts') ?? false,
        roleIds: idList(body, 'roles', 'roles') ?? [],
      });
      return ok({ result: groupWire(group) }, 201);
    }),
    route('GET', '/v2/groups/:id', async (call) =>
      ok({ result: groupWire(await getGroupOr404(ctx, groupId(call.params[0]))) }),
    ),
    route('PATCH', '/v2/groups/:id', async (call) => {
      const id = groupId(call.params[0]);
      const body = asObject(await call.body());
      checkPatch(body, groupWire(await getGroupOr404(ctx, id)), {
        mutable: ['name', 'description', 'roles', 'account_alerts'],
        readOnly: ['id', 'created_at'],
        volatile: ['updated_at'],
      });
      const input = {
        name: name(body, 'name', false),
        description: text(body, 'description'),
        accountAlerts: bool(body, 'account_alerts'),
        roleIds: idList(body, 'roles', 'roles'),
      };
      const group = await patchGroup(ctx, call.principal, id, (g) => ({
        name: input.name ?? g.name,
        description: input.description ?? g.description,
        accountAlerts: input.accountAlerts ?? g.accountAlerts,
        roleIds: input.roleIds ?? g.roleIds,
      }));
      return ok({ result: groupWire(group) });
    }),
    route('DELETE', '/v2/groups/:id', async (call) => {
      await deleteGroupFor(ctx, call.principal, groupId(call.params[0]));
      return ok({});
    }),
    route('GET', '/v2/roles', async (call) => {
      const options = parseListOptions(call.url.searchParams, roleListSpec);
      return ok({ results: (await listRoles(ctx.db, options)).map((r) => pick(roleWire(r), options.fields)) });
    }),
    route('POST', '/v2/roles', async (call) => {
      const body = asObject(await call.body());
      rejectUnknown(body, ['name', 'permissions']);
      const permissions = stringList(body, 'permissions');
      if (permissions === undefined)
        throw userError('bad_request', 'body.permissions: is required (an array of permission names)');
      return ok(
        {
          result: roleWire(
            await createRole(ctx, call.principal, { name: name(body, 'name', true) as string, permissions }),
          ),
        },
        201,
      );
    }),
    route('GET', '/v2/roles/:id', async (call) =>
      ok({ result: roleWire(await getRoleOr404(ctx, roleId(call.params[0]))) }),
    ),
    route('PATCH', '/v2/roles/:id', async (call) => {
      const id = roleId(call.params[0]);
      const body = asObject(await call.body());
      const role = await getRoleOr404(ctx, id);
      checkPatch(body, roleWire(role), {
        mutable: ['name', 'permissions'],
        readOnly: ['id', 'built_in'],
        volatile: [],
      });
      const fields = {
        name: has(body, 'name') ? (name(body, 'name', true) as string) : role.name,
        permissions: stringList(body, 'permissions') ?? role.permissions,
      };
      return ok({ result: roleWire(await patchRole(ctx, call.principal, id, fields)) });
    }),
    route('DELETE', '/v2/roles/:id', async (call) => {
      await deleteRoleFor(ctx, call.principal, roleId(call.params[0]));
      return ok({});
    }),
  ];
}

// Runs one role or group action against its scope's driver and says what it did in one event.
// Holds no secret (roles and groups have none); errors name the role or group and keep the driver's code.
import { wrapError } from '../../kernel/errors.js';
import type { EventSink } from '../../kernel/events.js';
import type { GroupInput, KeyDriver } from '../ports/key-driver.js';
import type { AccessAction, CreateGroupAction, UpdateGroupAction } from '../plan/types.js';

const ACCESS_KINDS: ReadonlySet<string> = new Set([
  'create-role',
  'update-role',
  'delete-role',
  'create-group',
  'update-group',
  'delete-group',
]);

export function isAccessAction(action: { readonly kind: string }): action is AccessAction {
  return ACCESS_KINDS.has(action.kind);
}

/** `role User Manage` or `group deployers`: what an access action works on, for messages and skip reasons. */
export function accessSubject(action: AccessAction): string {
  switch (action.kind) {
    case 'create-role':
    case 'update-role':
    case 'delete-role':
      return `role ${action.role}`;
    default:
      return `group ${action.group}`;
  }
}

/** Executes one role or group action; resolves when the key API has done it, throws a KeywardError with context. */
export async function executeAccess(driver: KeyDriver, sink: EventSink, action: AccessAction): Promise<void> {
  const failing =
    (doing: string) =>
    (err: unknown): never => {
      throw wrapError(`${doing} ${accessSubject(action)}`, err);
    };
  const actionId = action.id;
  switch (action.kind) {
    case 'create-role': {
      const r = await driver
        .createRole({ name: action.role, permissions: action.permissions })
        .catch(failing('creating'));
      const data = { actionId, role: r.name, roleId: r.id };
      return sink({ code: 'role.created', level: 'info', message: `created role ${r.name} (id ${r.id})`, data });
    }
    case 'update-role': {
      const input = { name: action.role, permissions: action.permissions };
      const r = await driver.updateRole(action.roleId, input).catch(failing('updating'));
      const data = { actionId, role: r.name, roleId: r.id };
      return sink({ code: 'role.updated', level: 'info', message: `updated role ${r.name} (id ${r.id})`, data });
    }
    case 'delete-role': {
      await driver.deleteRole(action.roleId).catch(failing('deleting'));
      const data = { actionId, role: action.role, roleId: action.roleId };
      const message = `deleted role ${action.role} (id ${action.roleId})`;
      return sink({ code: 'role.deleted', level: 'info', message, data });
    }
    case 'create-group': {
      const g = await driver.createGroup(groupInput(action)).catch(failing('creating'));
      const data = { actionId, group: g.name, groupId: g.id };
      return sink({ code: 'group.created', level: 'info', message: `created group ${g.name} (id ${g.id})`, data });
    }
    case 'update-group': {
      const g = await driver.updateGroup(action.groupId, groupInput(action)).catch(failing('updating'));
      const data = { actionId, group: g.name, groupId: g.id };
      return sink({ code: 'group.updated', level: 'info', message: `updated group ${g.name} (id ${g.id})`, data });
    }
    case 'delete-group': {
      await driver.deleteGroup(action.groupId).catch(failing('deleting'));
      const data = { actionId, group: action.group, groupId: action.groupId };
      const message = `deleted group ${action.group} (id ${action.groupId})`;
      return sink({ code: 'group.deleted', level: 'info', message, data });
    }
  }
}

function groupInput(action: CreateGroupAction | UpdateGroupAction): GroupInput {
  return {
    name: action.group,
    description: action.description,
    roles: action.roles,
    accountAlerts: action.accountAlerts,
  };
}

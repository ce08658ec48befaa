// Schemas of the keyward_role and keyward_group resources: custom roles (permission sets) and groups (roles by name,
// account-alert subscription). Both change in place, renames included; built-in roles are never managed.
import type { Schema } from './types.js';

export const roleResourceSchema: Schema = {
  version: 0,
  block: {
    description:
      'A custom role: a named set of permissions that groups grant their members. Built-in roles (All Access, ...) ' +
      'cannot be managed or imported.',
    attributes: [
      { name: 'id', type: 'string', computed: true, description: 'The role id (uuid) assigned by the key API.' },
      {
        name: 'name',
        type: 'string',
        required: true,
        description: 'Unique name of the role; a rename changes it in place.',
      },
      {
        name: 'permissions',
        type: ['set', 'string'],
        required: true,
        description: 'Permission names the role grants, e.g. `user.manage`, `service_api_key.create`.',
      },
    ],
  },
};

export const groupResourceSchema: Schema = {
  version: 0,
  block: {
    description: 'A group: its roles grant permissions to its members; it may receive account alerts.',
    attributes: [
      { name: 'id', type: 'string', computed: true, description: 'The group id (uuid) assigned by the key API.' },
      {
        name: 'name',
        type: 'string',
        required: true,
        description: 'Unique name of the group (service users list it in `groups`); a rename changes it in place.',
      },
      {
        name: 'description',
        type: 'string',
        optional: true,
        computed: true,
        description: 'Free text; empty when unset.',
      },
      {
        name: 'roles',
        type: ['set', 'string'],
        optional: true,
        computed: true,
        description: 'Names of the roles the group grants (custom or built-in); none when unset.',
      },
      {
        name: 'account_alerts',
        type: 'bool',
        optional: true,
        computed: true,
        description: 'Whether members receive account alerts (expiry notices of service keys); false when unset.',
      },
    ],
  },
};

// Schemas of the keyward_service_user resource and data source.
// A service user has no secret; its identity is its name.
import type { Schema } from './types.js';

export const serviceUserResourceSchema: Schema = {
  version: 0,
  block: {
    description: 'A service user: an account that cannot sign in and exists only to hold service API keys.',
    attributes: [
      { name: 'id', type: 'string', computed: true, description: 'The user id (uuid) assigned by the key API.' },
      {
        name: 'name',
        type: 'string',
        required: true,
        description: 'Unique name of the service user. Changing it replaces the user.',
      },
      {
        name: 'description',
        type: 'string',
        optional: true,
        computed: true,
        description: 'Free text; empty when unset.',
      },
      {
        name: 'groups',
        type: ['set', 'string'],
        optional: true,
        computed: true,
        description: 'Names of the groups the user belongs to.',
      },
      {
        name: 'created_at',
        type: 'string',
        computed: true,
        description: 'RFC 3339 creation time; null when the key API does not report it.',
      },
    ],
  },
};

export const serviceUserDataSchema: Schema = {
  version: 0,
  block: {
    description: 'Looks up an existing service user by name.',
    attributes: [
      { name: 'name', type: 'string', required: true, description: 'Name of the service user.' },
      { name: 'id', type: 'string', computed: true, description: 'The user id (uuid).' },
      { name: 'description', type: 'string', computed: true, description: 'Free text.' },
      {
        name: 'groups',
        type: ['set', 'string'],
        computed: true,
        description: 'Names of the groups the user belongs to.',
      },
      {
        name: 'created_at',
        type: 'string',
        computed: true,
        description: 'RFC 3339 creation time; null when the key API does not report it.',
      },
    ],
  },
};

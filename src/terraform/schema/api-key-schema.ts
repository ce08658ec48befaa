// Schemas of the keyward_api_key resource and the keyward_api_keys data source.
// Neither holds the key's secret: it goes straight to the secret_store, never into plan or state.
import type { BlockSchema, CtyType, Schema } from './types.js';

/** The fields of every store type, named as in manifests (`stores.<name>`); each store checks its own. */
export const secretStoreBlock: BlockSchema = {
  description:
    "Where the new key's secret is delivered: a keyward secret store with the same fields as a manifest's `stores` " +
    'entry. A field the chosen type does not take is an error of `terraform validate`.',
  attributes: [
    { name: 'type', type: 'string', required: true, description: 'Store type: `file`, `github`, `vault` or `exec`.' },
    { name: 'name', type: 'string', required: true, description: "The secret's name inside the store." },
    { name: 'path', type: 'string', optional: true, description: 'file: the age-encrypted file; vault: the KV path.' },
    { name: 'recipients', type: ['list', 'string'], optional: true, description: 'file: age X25519 recipients.' },
    { name: 'repository', type: 'string', optional: true, description: 'github: owner/name.' },
    { name: 'environment', type: 'string', optional: true, description: 'github: deployment environment.' },
    { name: 'organization', type: 'string', optional: true, description: 'github: organization secret.' },
    {
      name: 'visibility',
      type: 'string',
      optional: true,
      description: 'github: organization repositories that may use the secret: `all`, `private` (default), `selected`.',
    },
    {
      name: 'repositories',
      type: ['list', 'string'],
      optional: true,
      description: 'github: repository names for visibility `selected`.',
    },
    { name: 'address', type: 'string', optional: true, description: 'vault: server address (default VAULT_ADDR).' },
    { name: 'mount', type: 'string', optional: true, description: 'vault: KV v2 mount (default `secret`).' },
    {
      name: 'field',
      type: 'string',
      optional: true,
      description: 'vault: key inside the secret data (default `value`).',
    },
    { name: 'namespace', type: 'string', optional: true, description: 'vault: namespace (default VAULT_NAMESPACE).' },
    {
      name: 'command',
      type: ['list', 'string'],
      optional: true,
      description: 'exec: program and arguments that receive the secret on standard input (no shell).',
    },
    {
      name: 'describe',
      type: ['list', 'string'],
      optional: true,
      description: 'exec (required): prints which key ID the destination holds, as JSON (see docs/stores.md).',
    },
    {
      name: 'delete',
      type: ['list', 'string'],
      optional: true,
      description: 'exec: removes the secret; without it deletes are refused.',
    },
    {
      name: 'env',
      type: ['map', 'string'],
      optional: true,
      sensitive: true,
      description: 'exec: extra environment variables for the commands.',
    },
    {
      name: 'timeout',
      type: 'string',
      optional: true,
      description: 'exec: kill a command after this long (default 30s).',
    },
  ],
};

export const apiKeyResourceSchema: Schema = {
  version: 0,
  block: {
    description:
      'A service API key. Its secret is shown once by the key API and delivered to secret_store; it is never stored in Terraform state.',
    attributes: [
      {
        name: 'id',
        type: 'string',
        computed: true,
        description: 'Key ID: the first 32 characters of the key; not secret.',
      },
      {
        name: 'service_user',
        type: 'string',
        required: true,
        description: 'Name of the service user holding the key.',
      },
      {
        name: 'name',
        type: 'string',
        required: true,
        description: 'Key name. Remote name is `<name>` for generation 1, `<name>#<generation>` after.',
      },
      {
        name: 'generation',
        type: 'number',
        optional: true,
        computed: true,
        description: 'Bump to rotate: a new key is created and delivered, the previous one is retired.',
      },
      { name: 'remote_name', type: 'string', computed: true, description: "The key's name on the key API." },
      { name: 'user_id', type: 'string', computed: true, description: 'Id of the service user.' },
      {
        name: 'state',
        type: 'string',
        optional: true,
        computed: true,
        description: '`enabled` (default) or `disabled`; reads `expired` once expired.',
      },
      {
        name: 'expires_at',
        type: 'string',
        optional: true,
        computed: true,
        description: 'RFC 3339 expiry; conflicts with expires_in.',
      },
      {
        name: 'expires_in',
        type: 'string',
        optional: true,
        description: 'Lifetime from creation, e.g. `90d`, `12w`, `36h`.',
      },
      {
        name: 'rotate_before',
        type: 'string',
        optional: true,
        description: 'When the key expires within this duration and generation is not set, plans the next generation.',
      },
      { name: 'created_at', type: 'string', computed: true, description: 'RFC 3339 creation time.' },
    ],
    blockTypes: [{ typeName: 'secret_store', nesting: 'single', block: secretStoreBlock }],
  },
};

const apiKeyListItemType: CtyType = [
  'object',
  {
    id: 'string',
    name: 'string',
    remote_name: 'string',
    generation: 'number',
    service_user: 'string',
    user_id: 'string',
    state: 'string',
    type: 'string',
    expires_at: 'string',
    last_used_at: 'string',
    created_at: 'string',
  },
];

export const apiKeysDataSchema: Schema = {
  version: 0,
  block: {
    description: 'Lists service API keys, optionally filtered.',
    attributes: [
      { name: 'service_user', type: 'string', optional: true, description: 'Only keys of this service user.' },
      { name: 'name', type: 'string', optional: true, description: 'Only keys with this name (any generation).' },
      { name: 'state', type: 'string', optional: true, description: 'Only keys in this state.' },
      {
        name: 'keys',
        type: ['list', apiKeyListItemType],
        computed: true,
        description: 'The matching keys, by remote name.',
      },
    ],
  },
};

// Schema of the keyward_api_key_secret ephemeral resource: a short-lived key whose secret lives only in memory.
// Ephemeral values never enter plan or state; the secret attribute is also marked sensitive.
import type { Schema } from './types.js';

export const apiKeySecretEphemeralSchema: Schema = {
  version: 0,
  block: {
    description:
      'A short-lived service API key created when Terraform opens it and deleted when Terraform closes it, ' +
      'so a stack can hand a key to another provider without the secret entering plan or state (Terraform 1.10+).',
    attributes: [
      {
        name: 'service_user',
        type: 'string',
        required: true,
        description: 'Name of the service user the key belongs to.',
      },
      {
        name: 'name',
        type: 'string',
        required: true,
        description: 'Prefix of the key name; a random suffix keeps runs apart.',
      },
      {
        name: 'expires_in',
        type: 'string',
        optional: true,
        description: 'Lifetime, default 1h: the key expires even if Terraform never closes it.',
      },
      { name: 'id', type: 'string', computed: true, description: 'Key ID (not secret).' },
      { name: 'remote_name', type: 'string', computed: true, description: "The key's name on the key API." },
      { name: 'expires_at', type: 'string', computed: true, description: 'RFC 3339 expiry.' },
      { name: 'secret', type: 'string', computed: true, sensitive: true, description: 'The full API key.' },
    ],
  },
};

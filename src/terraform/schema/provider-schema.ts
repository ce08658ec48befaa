// The provider block's schema: where the key API is and how to authenticate.
// api_key is sensitive; credentials may also come from the environment (never from state).
import type { Schema } from './types.js';

export const providerSchema: Schema = {
  version: 0,
  block: {
    description: 'keyward: service users and their API keys, on a keyward key service or an Infoblox portal.',
    attributes: [
      {
        name: 'url',
        type: 'string',
        optional: true,
        description:
          'Base URL of the key API. Defaults to KEYWARD_URL (driver keyward) or INFOBLOX_PORTAL_URL (driver infoblox).',
      },
      {
        name: 'api_key',
        type: 'string',
        optional: true,
        sensitive: true,
        description:
          'API key used as `Authorization: Token <key>`. Defaults to KEYWARD_API_KEY or INFOBLOX_PORTAL_KEY.',
      },
      {
        name: 'driver',
        type: 'string',
        optional: true,
        description: 'Key API dialect: `keyward` (default) or `infoblox`.',
      },
    ],
  },
};

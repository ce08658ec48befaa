// A FieldMap shaped like the key service's api_keys list, over the test table `k` (see filter-sql.test.ts).
// Test data only; never imported by src.

import type { FieldMap } from '../../../src/keyservice/query/index.js';

export const KEY_FIELDS: FieldMap = {
  id: { sql: 'k.id', type: 'string' },
  name: { sql: 'k.name', type: 'string' },
  state: { sql: 'k.state', type: 'enum', values: ['enabled', 'disabled', 'expired'] },
  user_id: { sql: 'k.user_id', type: 'string', normalize: (v) => v.replace(/^identity\/users\//, '') },
  user_email: { sql: 'k.user_email', type: 'string' },
  expires_at: { sql: 'k.expires_at', type: 'time' },
  uses: { sql: 'k.uses', type: 'number' },
  legacy: { sql: 'k.legacy', type: 'boolean' },
};

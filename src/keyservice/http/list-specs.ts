// The list specs of each endpoint: which fields `_filter`, `_order_by` and `_fields` may name, and the SQL behind them.
// SQL here is trusted and refers only to the `v` columns of the repositories' base SELECTs.
import type { FieldMap, ListSpec } from '../query/index.js';
import { KEYS_FIRST_FILTER_PARAM } from '../repository/keys-repo.js';
import { stripPrefix } from './ids.js';

const str = (sql: string) => ({ sql, type: 'string' }) as const;
const time = (sql: string) => ({ sql, type: 'time' }) as const;

const keyFields: FieldMap = {
  id: { sql: 'v.id', type: 'string', normalize: stripPrefix('apikeys') },
  name: str('v.name'),
  state: { sql: 'v.state', type: 'enum', values: ['enabled', 'disabled', 'expired'] },
  type: { sql: 'v.type', type: 'enum', values: ['interactive', 'service', 'legacy'] },
  user_id: { sql: 'v.user_id', type: 'string', normalize: stripPrefix('users') },
  user_name: str('v.user_name'),
  user_email: str('v.user_email'),
  created_by: str('v.created_by'),
  updated_by: str('v.updated_by'),
  expires_at: time('v.expires_at'),
  last_used_at: time('v.last_used_at'),
  created_at: time('v.created_at'),
  updated_at: time('v.eff_updated_at'),
};

export const keyListSpec: ListSpec = {
  fields: keyFields,
  defaultOrderBy: 'created_at asc',
  selectable: Object.keys(keyFields),
  tiebreaker: 'v.id ASC',
  firstParamIndex: KEYS_FIRST_FILTER_PARAM,
};

const userFields: FieldMap = {
  id: { sql: 'v.id', type: 'string', normalize: stripPrefix('users') },
  name: str('v.name'),
  email: str('v.email'),
  type: { sql: 'v.type', type: 'enum', values: ['interactive', 'service'] },
  description: str('v.description'),
  created_by: str('v.created_by'),
  updated_by: str('v.updated_by'),
  created_at: time('v.created_at'),
  updated_at: time('v.updated_at'),
};

export const userListSpec: ListSpec = {
  fields: userFields,
  defaultOrderBy: 'name asc',
  selectable: [...Object.keys(userFields), 'group_ids'],
  tiebreaker: 'v.id ASC',
};

const groupFields: FieldMap = {
  id: { sql: 'v.id', type: 'string', normalize: stripPrefix('groups') },
  name: str('v.name'),
  description: str('v.description'),
  account_alerts: { sql: 'v.account_alerts', type: 'boolean' },
  created_at: time('v.created_at'),
  updated_at: time('v.updated_at'),
};

export const groupListSpec: ListSpec = {
  fields: groupFields,
  defaultOrderBy: 'name asc',
  selectable: [...Object.keys(groupFields), 'roles'],
  tiebreaker: 'v.id ASC',
};

const roleFields: FieldMap = {
  id: { sql: 'v.id', type: 'string', normalize: stripPrefix('roles') },
  name: str('v.name'),
  built_in: { sql: 'v.built_in', type: 'boolean' },
};

export const roleListSpec: ListSpec = {
  fields: roleFields,
  defaultOrderBy: 'name asc',
  selectable: [...Object.keys(roleFields), 'permissions'],
  tiebreaker: 'v.id ASC',
};

const auditFields: FieldMap = {
  id: { sql: 'v.id::bigint', type: 'number' },
  time: time('v.at'),
  actor: str('v.actor'),
  actor_id: { sql: 'v.actor_id', type: 'string', normalize: stripPrefix('users') },
  actor_type: {
    sql: 'v.actor_type',
    type: 'enum',
    values: ['interactive', 'service', 'anonymous', 'system', 'unknown'],
  },
  action: str('v.action'),
  target: str('v.target'),
  outcome: { sql: 'v.outcome', type: 'enum', values: ['success', 'denied', 'failure'] },
  source: str('v.source'),
  count: { sql: 'v.count', type: 'number' },
};

export const auditListSpec: ListSpec = {
  fields: auditFields,
  defaultOrderBy: 'time desc, id desc',
  selectable: [...Object.keys(auditFields), 'detail'],
};

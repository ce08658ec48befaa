// The columns of the Service API Keys table (seed 001), their labels, sort fields and default visibility.
// Never shows a key's secret: the ID column is the 32-character key id, which holds none of it.
import type { ApiKey } from '../../api/types.js';
import { showTime, STATE_LABELS, TYPE_LABELS } from '../../format.js';

export interface KeyColumn {
  /** Also the field name for `_order_by`. */
  readonly id: keyof ApiKey;
  readonly label: string;
  readonly text: (key: ApiKey) => string;
}

export const KEY_COLUMNS: readonly KeyColumn[] = [
  { id: 'id', label: 'ID', text: (k) => k.id.replace(/^identity\/apikeys\//, '') },
  { id: 'name', label: 'NAME', text: (k) => k.name },
  { id: 'state', label: 'STATE', text: (k) => STATE_LABELS[k.state] ?? k.state },
  { id: 'expires_at', label: 'EXPIRES AT', text: (k) => showTime(k.expires_at) },
  { id: 'last_used_at', label: 'LAST USED AT', text: (k) => showTime(k.last_used_at) },
  { id: 'created_at', label: 'CREATED AT', text: (k) => showTime(k.created_at) },
  { id: 'updated_at', label: 'UPDATED AT', text: (k) => showTime(k.updated_at) },
  { id: 'type', label: 'TYPE', text: (k) => TYPE_LABELS[k.type] ?? k.type },
  { id: 'user_name', label: 'USER', text: (k) => k.user_name },
  { id: 'created_by', label: 'CREATED BY', text: (k) => k.created_by },
  { id: 'updated_by', label: 'UPDATED BY', text: (k) => k.updated_by },
];

/** Shown until the person chooses otherwise (and again after "Restore defaults"). */
export const DEFAULT_COLUMNS: readonly string[] = [
  'id',
  'name',
  'state',
  'expires_at',
  'last_used_at',
  'type',
  'user_name',
  'created_by',
];

/** The preference name the chosen columns are kept under (docs/portal-api.md, per user on the server). */
export const COLUMNS_PREFERENCE = 'service_api_keys.columns';

/** The visible column ids from a stored preference, or the defaults when it is missing or unreadable. */
export function columnsFromPreference(value: unknown): readonly string[] {
  if (!Array.isArray(value)) return DEFAULT_COLUMNS;
  const known = new Set(KEY_COLUMNS.map((c) => c.id as string));
  const chosen = value.filter((v): v is string => typeof v === 'string' && known.has(v));
  return chosen.length === 0 ? DEFAULT_COLUMNS : chosen;
}

// Key policies as data: the limits a deployment enforces (keys per user, expiry rules), selectable by name or file.
// Never hard-code a limit in a handler; every limit a rule checks comes from a KeyPolicy.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { userError } from '../../kernel/errors.js';

export interface KeyPolicy {
  readonly name: string;
  /** At most this many service keys per service user (Infoblox: 10). */
  readonly maxServiceKeysPerServiceUser: number;
  /** At most this many keys of any type per user, or null for no such limit (Constellix: 2). */
  readonly maxKeysPerUser: number | null;
  /** Whether a key must have an expiry (`expires_at: null` refused). */
  readonly expiryRequired: boolean;
  /** The longest lifetime from creation, in days, or null for no maximum (Infoblox: 56 weeks = 392 days). */
  readonly maxLifetimeDays: number | null;
  /** Whether expiry must be a whole number of months after creation (Constellix), within one day. */
  readonly wholeMonths: boolean;
  /** Whether every view of keys (one key, lists, current keys) is audited with who, what and whose (Constellix). */
  readonly auditKeyViews: boolean;
}

const infobloxPolicy: KeyPolicy = {
  name: 'infoblox',
  maxServiceKeysPerServiceUser: 10,
  maxKeysPerUser: null,
  expiryRequired: true,
  maxLifetimeDays: 56 * 7,
  wholeMonths: false,
  auditKeyViews: false,
};

const constellixPolicy: KeyPolicy = {
  name: 'constellix',
  maxServiceKeysPerServiceUser: 10,
  maxKeysPerUser: 2,
  expiryRequired: false,
  maxLifetimeDays: null,
  wholeMonths: true,
  auditKeyViews: true,
};

const builtInPolicies: ReadonlyMap<string, KeyPolicy> = new Map([
  ['infoblox', infobloxPolicy],
  ['constellix', constellixPolicy],
]);

const FIELDS = [
  'name',
  'maxServiceKeysPerServiceUser',
  'maxKeysPerUser',
  'expiryRequired',
  'maxLifetimeDays',
  'wholeMonths',
  'auditKeyViews',
];

/** `infoblox`, `constellix`, or a path to a YAML policy file; undefined means `infoblox`. */
export async function loadPolicy(nameOrFile: string | undefined, cwd: string = process.cwd()): Promise<KeyPolicy> {
  if (nameOrFile === undefined) return infobloxPolicy;
  const builtIn = builtInPolicies.get(nameOrFile);
  if (builtIn) return builtIn;
  let text: string;
  try {
    text = await readFile(resolve(cwd, nameOrFile), 'utf8');
  } catch {
    throw userError(
      'keyservice.bad-policy',
      `policy ${nameOrFile}: not a built-in policy (infoblox, constellix) and not a readable file`,
    );
  }
  return parsePolicy(text, nameOrFile);
}

/** Parses and checks a YAML policy; every error names the file and the field. */
export function parsePolicy(text: string, file: string): KeyPolicy {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw userError(
      'keyservice.bad-policy',
      `${file}: not valid YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
    );
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw userError('keyservice.bad-policy', `${file}: expected a mapping of policy fields`);
  const record = doc as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!FIELDS.includes(key))
      throw userError('keyservice.bad-policy', `${file}: unknown field ${key}; fields: ${FIELDS.join(', ')}`);
  }
  const count = (key: string, fallback: number | null, nullable: boolean): number | null => {
    const value = record[key];
    if (value === undefined) return fallback;
    if (value === null && nullable) return null;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw userError(
        'keyservice.bad-policy',
        `${file}: ${key} must be a positive whole number${nullable ? ' or null' : ''}`,
      );
    }
    return value;
  };
  const flag = (key: string, fallback: boolean): boolean => {
    const value = record[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') throw userError('keyservice.bad-policy', `${file}: ${key} must be true or false`);
    return value;
  };
  const name = record.name ?? 'custom';
  if (typeof name !== 'string' || name.length === 0)
    throw userError('keyservice.bad-policy', `${file}: name must be a non-empty string`);
  return {
    name,
    maxServiceKeysPerServiceUser: count('maxServiceKeysPerServiceUser', 10, false) ?? 10,
    maxKeysPerUser: count('maxKeysPerUser', null, true),
    expiryRequired: flag('expiryRequired', true),
    maxLifetimeDays: count('maxLifetimeDays', 56 * 7, true),
    wholeMonths: flag('wholeMonths', false),
    auditKeyViews: flag('auditKeyViews', false),
  };
}

// Maps keyward's desired model (from loadManifests) to the keyward_role / keyward_group / keyward_service_user /
// keyward_api_key arguments a CDKTF stack declares. Pure: no constructs, no I/O; never sees a secret.
import { dirname, isAbsolute, resolve } from 'node:path';
import type { DesiredGroup, DesiredKey, DesiredRole, DesiredScope, SourceLocation } from '../../core/desired.js';
import { userError } from '../../kernel/errors.js';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from '../../kernel/time/duration.js';
import { secretStoreBlock } from '../schema/api-key-schema.js';

/** keyward_api_key's secret_store block, as the generated binding's ApiKeySecretStore: a manifest store's fields. */
interface SecretStoreArgs {
  readonly type: string;
  readonly name: string;
  readonly [field: string]: string | string[] | Readonly<Record<string, string>> | undefined;
}

interface ApiKeyArgs {
  readonly name: string;
  readonly generation: number;
  readonly state: 'enabled' | 'disabled';
  readonly expiresIn?: string;
  readonly expiresAt?: string;
  readonly rotateBefore: string;
  readonly secretStore?: SecretStoreArgs;
}

interface ServiceUserArgs {
  readonly name: string;
  readonly description: string;
  readonly groups: string[];
  readonly keys: readonly ApiKeyArgs[];
}

interface RoleArgs {
  readonly name: string;
  readonly permissions: string[];
}

interface GroupArgs {
  readonly name: string;
  readonly description: string;
  /** Role names, custom (declared or not) or built-in. */
  readonly roles: string[];
  readonly accountAlerts: boolean;
}

export interface ScopeArgs {
  readonly name: string;
  readonly driver: string;
  readonly url?: string;
  readonly roles: readonly RoleArgs[];
  readonly groups: readonly GroupArgs[];
  readonly serviceUsers: readonly ServiceUserArgs[];
}

/** How each field of the secret_store block is typed (every field of every store type, named as in manifests). */
const BLOCK_FIELDS: ReadonlyMap<string, 'text' | 'list' | 'map'> = new Map(
  secretStoreBlock.attributes
    .filter((attribute) => attribute.name !== 'type' && attribute.name !== 'name')
    .map((attribute) => {
      const kind = typeof attribute.type === 'string' ? 'text' : attribute.type[0] === 'map' ? 'map' : 'list';
      return [attribute.name, kind] as const;
    }),
);

/** A duration the manifest gave as a number (a default): whole days, hours, minutes or seconds, as written. */
function durationText(ms: number): string {
  for (const [unit, size] of [
    ['d', DAY_MS],
    ['h', HOUR_MS],
    ['min', MINUTE_MS],
  ] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.max(1, Math.round(ms / SECOND_MS))}s`;
}

function where(source: SourceLocation): string {
  return `${source.file}:${source.line}:${source.column} (${source.path})`;
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? [...value] : undefined;
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  return entries.every(([, v]) => typeof v === 'string') ? Object.fromEntries(entries) : undefined;
}

function secretStore(scope: DesiredScope, key: DesiredKey, baseDir: string): SecretStoreArgs | undefined {
  if (key.secrets.length > 1) {
    throw userError(
      'cdktf.several-stores',
      `${where(key.source)}: key ${key.name} of ${key.serviceUser} delivers to ${key.secrets.length} stores; keyward_api_key has one secret_store block, so declare one destination per key for CDKTF`,
    );
  }
  const ref = key.secrets[0];
  if (ref === undefined) return undefined;
  const config = scope.stores[ref.store];
  if (config === undefined)
    throw userError('cdktf.unknown-store', `${where(key.source)}: store ${ref.store} is not declared in ${scope.file}`);
  const extra = Object.keys(config).filter((f) => f !== 'type' && !BLOCK_FIELDS.has(f));
  if (extra.length > 0) {
    throw userError(
      'cdktf.store-field',
      `${where(scope.source)}: store ${ref.store} (${config.type}) sets ${extra.join(', ')}, which keyward_api_key's secret_store block does not carry`,
    );
  }
  const fields: Record<string, string | string[] | Record<string, string>> = {};
  for (const [field, kind] of BLOCK_FIELDS) {
    const value = config[field];
    if (kind === 'text' && typeof value === 'string') fields[field] = value;
    if (kind === 'list' && stringList(value)) fields[field] = stringList(value) ?? [];
    if (kind === 'map' && stringMap(value)) fields[field] = stringMap(value) ?? {};
  }
  // A file store's path is relative to its manifest, wherever terraform later runs.
  const path = fields['path'];
  if (config.type === 'file' && typeof path === 'string' && !isAbsolute(path)) {
    fields['path'] = resolve(baseDir, dirname(scope.file), path);
  }
  return { ...fields, type: config.type, name: ref.name };
}

function apiKey(scope: DesiredScope, key: DesiredKey, baseDir: string): ApiKeyArgs {
  const expiry = key.expiry;
  const store = secretStore(scope, key, baseDir);
  return {
    name: key.name,
    generation: key.generation,
    state: key.state === 'disabled' ? 'disabled' : 'enabled',
    ...(expiry.kind === 'in' && { expiresIn: expiry.text }),
    ...(expiry.kind === 'at' && { expiresAt: expiry.at.toISOString().replace('.000Z', 'Z') }),
    rotateBefore: durationText(key.rotation.rotateBeforeMs),
    ...(store !== undefined && { secretStore: store }),
  };
}

function roleArgs(role: DesiredRole): RoleArgs {
  return { name: role.name, permissions: [...role.permissions] };
}

function groupArgs(group: DesiredGroup): GroupArgs {
  return {
    name: group.name,
    description: group.description,
    roles: [...group.roles],
    accountAlerts: group.accountAlerts,
  };
}

/** The resource arguments of one manifest scope; `baseDir` is the loader's cwd (file names are relative to it). */
export function scopeArgs(scope: DesiredScope, baseDir: string): ScopeArgs {
  return {
    name: scope.name,
    driver: scope.provider.driver,
    ...(scope.provider.url !== undefined && { url: scope.provider.url }),
    roles: (scope.roles ?? []).map(roleArgs),
    groups: (scope.groups ?? []).map(groupArgs),
    serviceUsers: scope.serviceUsers.map((user) => ({
      name: user.name,
      description: user.description,
      groups: [...user.groups],
      // `state: deleted` asks for the key's removal: no resource, so terraform destroys it (and its secret).
      keys: user.keys.flatMap((key) => (key.state === 'deleted' ? [] : [apiKey(scope, key, baseDir)])),
    })),
  };
}

// Maps keyward's desired model (from loadManifests) to the keyward_service_user / keyward_api_key arguments a
// CDKTF stack declares. Pure: no constructs, no I/O; never sees a secret (the model holds none).
import { dirname, isAbsolute, resolve } from 'node:path';
import type { DesiredKey, DesiredScope, SourceLocation } from '../../core/desired.js';
import { userError } from '../../kernel/errors.js';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from '../../kernel/time/duration.js';

/** keyward_api_key's secret_store block, as the generated binding's ApiKeySecretStore. */
export interface SecretStoreArgs {
  readonly type: string;
  readonly name: string;
  readonly path?: string;
  readonly recipients?: string[];
  readonly repository?: string;
  readonly environment?: string;
  readonly organization?: string;
  readonly address?: string;
  readonly mount?: string;
  readonly command?: string[];
}

export interface ApiKeyArgs {
  readonly name: string;
  readonly generation: number;
  readonly state: 'enabled' | 'disabled';
  readonly expiresIn?: string;
  readonly expiresAt?: string;
  readonly rotateBefore: string;
  readonly secretStore?: SecretStoreArgs;
}

export interface ServiceUserArgs {
  readonly name: string;
  readonly description: string;
  readonly groups: string[];
  readonly keys: readonly ApiKeyArgs[];
}

export interface ScopeArgs {
  readonly name: string;
  readonly driver: string;
  readonly url?: string;
  readonly serviceUsers: readonly ServiceUserArgs[];
}

/** Store fields keyward_api_key's secret_store block carries, by store type. */
const BLOCK_FIELDS: Readonly<Record<string, readonly string[]>> = {
  file: ['path', 'recipients'],
  github: ['repository', 'environment', 'organization'],
  vault: ['address', 'mount', 'path'],
  exec: ['command'],
};

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

function secretStore(scope: DesiredScope, key: DesiredKey, baseDir: string): SecretStoreArgs | undefined {
  if (key.secrets.length > 1) {
    throw userError(
      'cdktf-several-stores',
      `${where(key.source)}: key ${key.name} of ${key.serviceUser} delivers to ${key.secrets.length} stores; keyward_api_key has one secret_store block, so declare one destination per key for CDKTF`,
    );
  }
  const ref = key.secrets[0];
  if (ref === undefined) return undefined;
  const config = scope.stores[ref.store];
  if (config === undefined)
    throw userError('cdktf-unknown-store', `${where(key.source)}: store ${ref.store} is not declared in ${scope.file}`);
  const known = BLOCK_FIELDS[config.type] ?? [];
  const extra = Object.keys(config).filter((f) => f !== 'type' && !known.includes(f));
  if (extra.length > 0) {
    throw userError(
      'cdktf-store-field',
      `${where(scope.source)}: store ${ref.store} (${config.type}) sets ${extra.join(', ')}, which keyward_api_key's secret_store block does not carry`,
    );
  }
  const text = (field: string): string | undefined => (typeof config[field] === 'string' ? config[field] : undefined);
  const path = text('path');
  return {
    type: config.type,
    name: ref.name,
    // A file store's path is relative to its manifest, wherever terraform later runs.
    ...(path !== undefined && {
      path: config.type === 'file' && !isAbsolute(path) ? resolve(baseDir, dirname(scope.file), path) : path,
    }),
    ...(stringList(config['recipients']) && { recipients: stringList(config['recipients']) }),
    ...(text('repository') !== undefined && { repository: text('repository') }),
    ...(text('environment') !== undefined && { environment: text('environment') }),
    ...(text('organization') !== undefined && { organization: text('organization') }),
    ...(text('address') !== undefined && { address: text('address') }),
    ...(text('mount') !== undefined && { mount: text('mount') }),
    ...(stringList(config['command']) && { command: stringList(config['command']) }),
  };
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

/** The resource arguments of one manifest scope; `baseDir` is the loader's cwd (file names are relative to it). */
export function scopeArgs(scope: DesiredScope, baseDir: string): ScopeArgs {
  return {
    name: scope.name,
    driver: scope.provider.driver,
    ...(scope.provider.url !== undefined && { url: scope.provider.url }),
    serviceUsers: scope.serviceUsers.map((user) => ({
      name: user.name,
      description: user.description,
      groups: [...user.groups],
      // `state: deleted` asks for the key's removal: no resource, so terraform destroys it (and its secret).
      keys: user.keys.flatMap((key) => (key.state === 'deleted' ? [] : [apiKey(scope, key, baseDir)])),
    })),
  };
}

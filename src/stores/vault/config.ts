// Reads a vault store's manifest configuration: address (or VAULT_ADDR), KV v2 mount, secret path, field, namespace.
// It only validates shape; it never talks to Vault and never reads the token.
import { rejectUnknownFields, storeConfigError, type StoreIdentity } from '../store-error.js';
import type { StoreConfig } from '../../core/ports/secret-store.js';

export interface VaultConfig {
  /** Base URL without a trailing slash, e.g. https://vault.example.com:8200. */
  readonly address: string;
  readonly mount: string;
  /** Path inside the mount; `{name}` is replaced by the secret's name, else the name is appended as a last segment. */
  readonly path: string;
  /** The key inside the secret's data that holds the value. */
  readonly field: string;
  readonly namespace: string | undefined;
}

const KNOWN_FIELDS = ['address', 'mount', 'path', 'field', 'namespace'] as const;
const SEGMENTS = /^[A-Za-z0-9_.{}-]+(\/[A-Za-z0-9_.{}-]+)*$/;

export function parseVaultConfig(
  name: string,
  config: StoreConfig,
  env: Readonly<Record<string, string | undefined>>,
): VaultConfig {
  const store: StoreIdentity = { type: 'vault', name };
  rejectUnknownFields(store, config, KNOWN_FIELDS);
  const text = (field: (typeof KNOWN_FIELDS)[number], fallback?: string): string | undefined => {
    const value = config[field] ?? fallback;
    if (value !== undefined && (typeof value !== 'string' || value.trim() === ''))
      throw storeConfigError(store, field, 'must be a non-empty string');
    return value;
  };
  const address = text('address', env['VAULT_ADDR']);
  if (address === undefined)
    throw storeConfigError(store, 'address', 'is required (or set VAULT_ADDR), e.g. https://vault.example.com:8200');
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw storeConfigError(store, 'address', `"${address}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw storeConfigError(store, 'address', 'must be an http(s) URL');
  const mount = text('mount', 'secret') as string;
  const path = text('path');
  if (path === undefined) throw storeConfigError(store, 'path', 'is required, e.g. apps/payments/{name}');
  for (const [field, value] of [
    ['mount', mount],
    ['path', path],
  ] as const) {
    if (!SEGMENTS.test(value) || value.split('/').some((s) => s === '.' || s === '..')) {
      throw storeConfigError(
        store,
        field,
        'must be slash-separated segments of letters, digits, "_", "-" and "." without leading or trailing "/"',
      );
    }
  }
  const field = text('field', 'value') as string;
  const namespace = text('namespace', env['VAULT_NAMESPACE']);
  return { address: address.replace(/\/+$/, ''), mount, path, field, namespace };
}

/** The secret's path inside the mount for a secret name. */
export function secretPath(config: VaultConfig, secretName: string): string {
  return config.path.includes('{name}') ? config.path.split('{name}').join(secretName) : `${config.path}/${secretName}`;
}

/** Why a secret name cannot be a Vault path segment, or undefined. */
export function secretNameProblem(secretName: string): string | undefined {
  if (!/^[A-Za-z0-9_.-]+$/.test(secretName) || secretName === '.' || secretName === '..') {
    return 'Vault secret names used as a path segment take letters, digits, "_", "-" and "." only';
  }
  return undefined;
}

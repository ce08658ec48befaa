// The vault store of examples/manifests/vault-store.yaml is valid and puts each secret at its own path.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createStore } from '../../../src/stores/registry.js';
import type { StoreConfig } from '../../../src/core/ports/secret-store.js';
import { parseVaultConfig, secretPath } from '../../../src/stores/vault/index.js';

const file = fileURLToPath(new URL('../../../examples/manifests/vault-store.yaml', import.meta.url));

describe('examples/manifests/vault-store.yaml', () => {
  it('declares a vault store whose secrets land at keyward/<name> in the secret mount', async () => {
    const manifest = parse(await readFile(file, 'utf8')) as {
      stores: Record<string, StoreConfig>;
      serviceUsers: { keys: { secret: { name: string } }[] }[];
    };
    const config = manifest.stores['kv'] as StoreConfig;
    expect(createStore('kv', config, { env: {}, baseDir: '/nonexistent' }).type).toBe('vault');
    const parsed = parseVaultConfig('kv', config, {});
    const names = manifest.serviceUsers.flatMap((u) => u.keys.map((k) => k.secret.name));
    expect(names.map((n) => `${parsed.mount}/${secretPath(parsed, n)}#${parsed.field}`)).toEqual([
      'secret/keyward/etl-loader#api_key',
      'secret/keyward/audit-exporter#api_key',
    ]);
  });
});

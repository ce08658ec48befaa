// The vault store's manifest configuration: defaults, VAULT_ADDR / VAULT_NAMESPACE, and errors naming the field.
import { describe, expect, it } from 'vitest';
import { parseVaultConfig, secretPath } from '../../../src/stores/vault/index.js';

const parse = (config: Record<string, unknown>, env: Record<string, string> = {}) =>
  parseVaultConfig('kv', { type: 'vault', ...config }, env);

describe('vault store config', () => {
  it('reads address, mount, path, field and namespace, with defaults from the environment', () => {
    expect(
      parse({
        address: 'https://vault.test:8200/',
        mount: 'kv',
        path: 'apps/payments/deploy',
        field: 'api_key',
        namespace: 'ops',
      }),
    ).toEqual({
      address: 'https://vault.test:8200',
      mount: 'kv',
      path: 'apps/payments/deploy',
      field: 'api_key',
      namespace: 'ops',
    });
    expect(parse({ path: 'apps' }, { VAULT_ADDR: 'http://127.0.0.1:8200', VAULT_NAMESPACE: 'team-a' })).toEqual({
      address: 'http://127.0.0.1:8200',
      mount: 'secret',
      path: 'apps',
      field: 'value',
      namespace: 'team-a',
    });
  });

  it('places the secret name at {name}, or as the last segment', () => {
    expect(secretPath(parse({ address: 'http://v', path: 'apps/payments' }), 'DEPLOY')).toBe('apps/payments/DEPLOY');
    expect(secretPath(parse({ address: 'http://v', path: 'apps/{name}/deploy' }), 'payments')).toBe(
      'apps/payments/deploy',
    );
  });

  it.each([
    [{ path: 'a' }, /stores\.kv\.address\): is required \(or set VAULT_ADDR\)/],
    [{ address: 'vault:8200', path: 'a' }, /stores\.kv\.address\): must be an http\(s\) URL/],
    [{ address: 'not a url', path: 'a' }, /stores\.kv\.address\): "not a url" is not a URL/],
    [{ address: 'http://v' }, /stores\.kv\.path\): is required/],
    [{ address: 'http://v', path: '/apps' }, /stores\.kv\.path\): must be slash-separated/],
    [{ address: 'http://v', path: 'apps/../x' }, /stores\.kv\.path\)/],
    [{ address: 'http://v', path: 'a', field: '' }, /stores\.kv\.field\): must be a non-empty string/],
    [{ address: 'http://v', path: 'a', token: 'x' }, /stores\.kv\.token\): unknown field/],
  ])('refuses %j', (config, message) => {
    expect(() => parse(config)).toThrow(message);
  });
});

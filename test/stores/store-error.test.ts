// The shared store error helpers: one message shape naming store and ref, user-facing config errors, redaction.
import { describe, expect, it } from 'vitest';
import { REDACTED, redact, rejectUnknownFields, storeConfigError, storeError } from '../../src/stores/store-error.js';

const store = { type: 'vault', name: 'prod' };

describe('store errors', () => {
  it('name the store type, store and secret, and carry them as details', () => {
    const error = storeError(
      store,
      { store: 'prod', name: 'API_KEY' },
      'store.vault.conflict',
      'version changed underneath',
    );
    expect(error.message).toBe('vault store "prod": secret API_KEY: version changed underneath');
    expect(error.details).toEqual({ storeType: 'vault', store: 'prod', secret: 'API_KEY' });
    expect(error.source).toBe('system');
    expect(storeError(store, null, 'store.vault.request', 'down', { source: 'user' }).message).toBe(
      'vault store "prod": down',
    );
  });

  it('configuration errors are user errors naming stores.<name>.<field>', () => {
    const error = storeConfigError(store, 'mount', 'must be a string');
    expect(error.message).toBe('vault store "prod" (stores.prod.mount): must be a string');
    expect(error.source).toBe('user');
    expect(() => rejectUnknownFields(store, { type: 'vault', mount: 'kv', mnt: 'x' }, ['mount'])).toThrow(
      'stores.prod.mnt',
    );
    expect(() => rejectUnknownFields(store, { type: 'vault', mount: 'kv' }, ['mount'])).not.toThrow();
  });

  it('redact replaces every occurrence of the value and of its trimmed form', () => {
    expect(redact('a s3cret b s3cret', 's3cret')).toBe(`a ${REDACTED} b ${REDACTED}`);
    expect(redact('got s3cret\n', 's3cret\n')).toBe(`got ${REDACTED}`);
    expect(redact('got s3cret.', 's3cret\n')).toBe(`got ${REDACTED}.`);
    expect(redact('nothing here', '')).toBe('nothing here');
  });
});

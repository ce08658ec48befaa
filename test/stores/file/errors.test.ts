// The file store's failure modes: unreadable files are never overwritten, identities and plaintext never reach errors.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeywardError } from '../../../src/kernel/errors.js';
import { createFileStore } from '../../../src/stores/file/index.js';
import { createStore } from '../../../src/stores/registry.js';
import { contractKey, expectNoSecret, expectStoreError } from '../../contract/store-contract.js';
import { makeFileHarness, run, type FileHarness } from './file-harness.js';

let h: FileHarness;
beforeEach(async () => {
  h = await makeFileHarness();
});
afterEach(async () => h.cleanup());

const ref = (name: string) => ({ store: 'local', name });
const secretsPath = () => join(h.dir, 'secrets.age');

function storeWithEnv(env: Record<string, string | undefined>) {
  return createFileStore(
    'local',
    { type: 'file', path: 'secrets.age', recipients: [h.recipient] },
    { env, baseDir: h.dir, clock: h.clock },
  );
}

describe('file store refuses to lose secrets', () => {
  it('never overwrites a file it cannot decrypt, and leaves no temp file behind', async () => {
    await h.breakBackend();
    const before = await readFile(secretsPath());
    const key = contractKey();
    const error = await expectStoreError(
      h.store.write(ref('A'), key.secret, key.meta),
      h.store,
      ref('A'),
      key.secretPart,
    );
    expect(error.code).toBe('store.file.undecryptable');
    expect(error.source).toBe('user');
    expect(error.message).toContain('refuses to overwrite');
    expect(await readFile(secretsPath())).toEqual(before);
    expect((await readdir(h.dir)).sort()).toEqual(['identity.txt', 'secrets.age']);
  });

  it('never quotes decrypted content that is not the expected JSON', async () => {
    const hidden = 'S3cr3tPlaintextThatMustNotLeak';
    for (const plaintext of [
      `not json ${hidden}`,
      JSON.stringify([hidden]),
      JSON.stringify({ A: hidden }),
      JSON.stringify({ A: { value: hidden, keyId: 7 } }),
    ]) {
      await writeFile(join(h.dir, 'plain'), plaintext);
      await run('age', ['-r', h.recipient, '-o', secretsPath(), join(h.dir, 'plain')]);
      const before = await readFile(secretsPath());
      const key = contractKey();
      const error = await expectStoreError(h.store.write(ref('B'), key.secret, key.meta), h.store, ref('B'), hidden);
      expect(error.code).toBe('store.file.corrupt');
      expect(await readFile(secretsPath())).toEqual(before);
      await expectStoreError(h.store.describe(ref('A')), h.store, ref('A'), hidden);
    }
  });
});

describe('file store identities', () => {
  it('creates the file without an identity, but will not read or rewrite it without one', async () => {
    const store = storeWithEnv({});
    expect(await store.describe(ref('A'))).toEqual({ state: 'absent' });
    const first = contractKey();
    await store.write(ref('A'), first.secret, first.meta);
    expect((await h.decryptWithAge())?.A?.keyId).toBe(first.meta.keyId);
    const second = contractKey();
    const error = await expectStoreError(
      store.write(ref('B'), second.secret, second.meta),
      store,
      ref('B'),
      second.secretPart,
    );
    expect(error.code).toBe('store.file.identity-missing');
    expect(error.message).toContain('KEYWARD_AGE_IDENTITY');
    await expect(store.describe(ref('A'))).rejects.toThrow(/KEYWARD_AGE_IDENTITY/);
  });

  it('accepts the identity itself in KEYWARD_AGE_IDENTITY', async () => {
    const key = contractKey();
    await h.store.write(ref('A'), key.secret, key.meta);
    const identity =
      (await readFile(h.identityPath, 'utf8')).split('\n').find((line) => line.startsWith('AGE-SECRET-KEY-1')) ?? '';
    const store = storeWithEnv({ KEYWARD_AGE_IDENTITY: identity });
    expect(await store.describe(ref('A'))).toMatchObject({ state: 'holds', keyId: key.meta.keyId });
  });

  it('names the bad line of an identity file but never its content', async () => {
    const key = contractKey();
    await h.store.write(ref('A'), key.secret, key.meta);
    const identity =
      (await readFile(h.identityPath, 'utf8')).split('\n').find((line) => line.startsWith('AGE-SECRET-KEY-1')) ?? '';
    const broken = `${identity.slice(0, -3)}QQQ`;
    const badFile = join(h.dir, 'bad-identity.txt');
    await writeFile(badFile, `# comment\n\n${broken}\n`);
    const error = await expectStoreError(
      storeWithEnv({ KEYWARD_AGE_IDENTITY: badFile }).describe(ref('A')),
      h.store,
      ref('A'),
      broken.slice(20),
    );
    expect(error.code).toBe('store.file.identity-invalid');
    expect(error.message).toContain(`${badFile}:3`);
    expectNoSecret(error, identity.slice(20));
    await writeFile(badFile, `# only comments\n`);
    await expect(storeWithEnv({ KEYWARD_AGE_IDENTITY: badFile }).describe(ref('A'))).rejects.toThrow(
      /holds no age identity/,
    );
    await expect(storeWithEnv({ KEYWARD_AGE_IDENTITY: join(h.dir, 'nope.txt') }).describe(ref('A'))).rejects.toThrow(
      /cannot read the age identity file/,
    );
  });

  it('says which identity failed when it does not match the recipients', async () => {
    const key = contractKey();
    await h.store.write(ref('A'), key.secret, key.meta);
    const { stdout } = await run('age-keygen', []);
    const other = join(h.dir, 'other.txt');
    await writeFile(other, stdout);
    const error = await expectStoreError(
      storeWithEnv({ KEYWARD_AGE_IDENTITY: other }).describe(ref('A')),
      h.store,
      ref('A'),
      key.secretPart,
    );
    expect(error.code).toBe('store.file.undecryptable');
    expect(error.message).toContain(other);
    expectNoSecret(
      error,
      stdout
        .split('\n')
        .find((l) => l.startsWith('AGE-SECRET-KEY-1'))
        ?.slice(20) ?? 'unreachable',
    );
  });
});

describe('file store configuration', () => {
  const ctx = { env: {}, baseDir: '/tmp' };
  const configError = (config: Record<string, unknown>): KeywardError => {
    try {
      createStore('vaultfile', { type: 'file', ...config }, ctx);
    } catch (error) {
      return error as KeywardError;
    }
    throw new Error('expected a configuration error');
  };
  it('rejects missing or bad fields naming stores.<name>.<field>', () => {
    expect(configError({ recipients: ['x'] }).message).toContain('stores.vaultfile.path');
    expect(configError({ path: 's.age' }).message).toContain('stores.vaultfile.recipients');
    expect(configError({ path: 's.age', recipients: [] }).message).toContain('stores.vaultfile.recipients');
    expect(configError({ path: 's.age', recipients: ['age1nope'] }).message).toContain(
      'stores.vaultfile.recipients[0]',
    );
    expect(configError({ path: 's.age', recipients: [h.recipient], extra: 1 }).message).toContain(
      'stores.vaultfile.extra',
    );
    expect(configError({ path: 's.age', recipients: [h.recipient], extra: 1 }).source).toBe('user');
  });
  it('resolves a relative path against the manifest directory and creates missing directories', async () => {
    const store = createFileStore(
      'f',
      { type: 'file', path: 'sub/dir/s.age', recipients: [h.recipient] },
      { env: {}, baseDir: h.dir },
    );
    expect(store.config.path).toBe(join(h.dir, 'sub/dir/s.age'));
    const key = contractKey();
    await store.write({ store: 'f', name: 'A' }, key.secret, key.meta);
    expect(await readdir(join(h.dir, 'sub/dir'))).toEqual(['s.age']);
  });
});

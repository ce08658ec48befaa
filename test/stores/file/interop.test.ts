// The file store against the real `age` binary: age decrypts what keyward wrote, keyward reads what age encrypted.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../../../src/kernel/secret.js';
import { contractKey } from '../../contract/store-contract.js';
import { makeFileHarness, run, type FileHarness } from './file-harness.js';

let h: FileHarness;
beforeEach(async () => {
  h = await makeFileHarness();
});
afterEach(async () => h.cleanup());

const ref = (name: string) => ({ store: 'local', name });

async function encryptWithAge(plaintext: string, args: string[]): Promise<void> {
  const input = join(h.dir, 'plain.json');
  await writeFile(input, plaintext, { mode: 0o600 });
  await run('age', [...args, '-r', h.recipient, '-o', join(h.dir, 'secrets.age'), input]);
}

describe('file store interop with the age binary', () => {
  it('age -d decrypts what keyward wrote: the documented JSON shape, file mode 0600', async () => {
    const key = contractKey();
    h.clock.set('2026-04-02T03:04:05Z');
    await h.store.write(ref('PAYMENTS_DEPLOY_KEY'), key.secret, key.meta);
    expect(await h.decryptWithAge()).toEqual({
      PAYMENTS_DEPLOY_KEY: { value: key.secret.reveal(), keyId: key.meta.keyId, updatedAt: '2026-04-02T03:04:05.000Z' },
    });
    expect((await stat(join(h.dir, 'secrets.age'))).mode & 0o777).toBe(0o600);
    const raw = await readFile(join(h.dir, 'secrets.age'));
    expect(raw.includes(key.secretPart)).toBe(false);
    expect(raw.subarray(0, 21).toString()).toBe('age-encryption.org/v1');
  });

  it('reads a binary file that age -r encrypted, and keeps hand-added fields on rewrite', async () => {
    await encryptWithAge(
      JSON.stringify({
        BY_HAND: { value: 'hand-made-value', keyId: 'k'.repeat(32), updatedAt: '2026-01-05T00:00:00Z', note: 'kept' },
      }),
      [],
    );
    expect(await h.store.describe(ref('BY_HAND'))).toEqual({
      state: 'holds',
      keyId: 'k'.repeat(32),
      updatedAt: new Date('2026-01-05T00:00:00Z'),
    });
    const key = contractKey();
    await h.store.write(ref('OTHER'), key.secret, key.meta);
    const doc = await h.decryptWithAge();
    expect(doc?.BY_HAND).toEqual({
      value: 'hand-made-value',
      keyId: 'k'.repeat(32),
      updatedAt: '2026-01-05T00:00:00Z',
      note: 'kept',
    });
    expect(doc?.OTHER?.value).toBe(key.secret.reveal());
  });

  it('reads an ASCII-armored file (age -a), and entries without keyId or time', async () => {
    await encryptWithAge(JSON.stringify({ BARE: { value: 'v' } }), ['-a']);
    expect(await h.store.describe(ref('BARE'))).toEqual({
      state: 'uncertain',
      candidates: [],
      reason: expect.any(String),
      updatedAt: null,
    });
    expect(await h.store.describe(ref('MISSING'))).toEqual({ state: 'absent' });
  });

  it('sees a file replaced behind its back (no stale cache)', async () => {
    const key = contractKey();
    await h.store.write(ref('A'), key.secret, key.meta);
    expect((await h.store.describe(ref('A'))).state).toBe('holds');
    await encryptWithAge(JSON.stringify({ B: { value: 'x', keyId: 'b'.repeat(32) } }), []);
    expect(await h.store.describe(ref('A'))).toEqual({ state: 'absent' });
    expect(await h.store.describe(ref('B'))).toEqual({ state: 'holds', keyId: 'b'.repeat(32), updatedAt: null });
  });

  it('a rewrite with a new value keeps the file decryptable by age and holds exactly the latest value', async () => {
    for (let generation = 1; generation <= 3; generation += 1) {
      await h.store.write(ref('ROTATED'), new Secret(`value-${generation}`), { ...contractKey().meta, generation });
    }
    expect((await h.decryptWithAge())?.ROTATED?.value).toBe('value-3');
  });
});

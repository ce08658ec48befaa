// The vault store after a write that failed at each of its requests: describe judges from version numbers (marker
// ahead of the data: the old key exactly; marker at the data: uncertain), and the next full write repairs it.
import { afterEach, describe, expect, it } from 'vitest';
import { KeywardError } from '../../../src/kernel/errors.js';
import { contractKey, expectNoSecret } from '../../contract/store-contract.js';
import { expectTrue } from '../../contract/store-crash-rules.js';
import type { KvMount } from '../../support/vault-fake/index.js';
import { vaultHarness, type VaultHarness } from './harness.js';

let h: VaultHarness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});
const ref = { store: 'vault', name: 'DEPLOY_KEY' };
const PATH = 'apps/payments/DEPLOY_KEY';
const mount = (x: VaultHarness) => x.fake.mounts.get('secret') as KvMount;

async function writtenOld(): Promise<{
  x: VaultHarness;
  old: ReturnType<typeof contractKey>;
  next: ReturnType<typeof contractKey>;
}> {
  const x = await vaultHarness();
  h = x;
  const old = contractKey('deploy', 1);
  await x.store.write(ref, old.secret, old.meta);
  return { x, old, next: contractKey('deploy', 2) };
}

async function failed(x: VaultHarness, next: ReturnType<typeof contractKey>): Promise<void> {
  const error = await x.store.write(ref, next.secret, next.meta).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KeywardError);
  expectNoSecret(error, next.secretPart);
}

async function repairs(x: VaultHarness, next: ReturnType<typeof contractKey>): Promise<void> {
  await x.store.write(ref, next.secret, next.meta);
  expect(await x.store.describe(ref)).toMatchObject({ state: 'holds', keyId: next.meta.keyId });
  expect(await x.peek('DEPLOY_KEY')).toBe(next.secret.reveal());
  expect(Object.keys(mount(x).entries.get(PATH)?.customMetadata ?? {}).filter((k) => k.includes('pending'))).toEqual(
    [],
  );
  expectNoSecret(x.events, next.secretPart);
}

describe('vault store after a failed write', () => {
  it('a data write refused after the marker leaves the old key, known exactly from the version numbers', async () => {
    const { x, old, next } = await writtenOld();
    x.afterStep('vault.pending-marked', () => x.fake.inject({ status: 403 }));
    await failed(x, next);
    expect(mount(x).entries.get(PATH)?.customMetadata).toMatchObject({
      keyward_pending_key_id: next.meta.keyId,
      keyward_pending_version: '2',
    });
    expect(await x.store.describe(ref)).toMatchObject({ state: 'holds', keyId: old.meta.keyId });
    expect(await x.peek('DEPLOY_KEY')).toBe(old.secret.reveal());
    await repairs(x, next);
  });

  it('a confirmation refused after the data was written reads as uncertain naming both keys', async () => {
    const { x, old, next } = await writtenOld();
    x.afterStep('vault.data-written', () => x.fake.inject({ status: 403 }));
    await failed(x, next);
    const described = await x.store.describe(ref);
    expect(described).toMatchObject({ state: 'uncertain', candidates: [next.meta.keyId, old.meta.keyId] });
    expectTrue(described, await x.peek('DEPLOY_KEY'));
    await repairs(x, next);
  });

  it('a marker over an unconfirmed write keeps both earlier candidates while its own data is not written', async () => {
    const { x, old, next } = await writtenOld();
    x.afterStep('vault.data-written', () => x.fake.inject({ status: 403 }));
    await failed(x, next);
    const third = contractKey('deploy', 3);
    x.afterStep('vault.pending-marked', () => x.fake.inject({ status: 403 }));
    await failed(x, third);
    expect(await x.store.describe(ref)).toMatchObject({
      state: 'uncertain',
      candidates: [next.meta.keyId, old.meta.keyId],
    });
    await repairs(x, third);
  });

  it('a version written by someone else after keyward confirmed reads as an unknown key', async () => {
    const { x } = await writtenOld();
    mount(x).write(PATH, { api_key: 'rotated by hand' }, undefined);
    expect(await x.store.describe(ref)).toMatchObject({ state: 'uncertain', candidates: [] });
  });

  it('a first write refused after the marker leaves nothing: absent', async () => {
    const x = await vaultHarness();
    h = x;
    const key = contractKey();
    x.afterStep('vault.pending-marked', () => x.fake.inject({ status: 403 }));
    await failed(x, key);
    expect(await x.store.describe(ref)).toEqual({ state: 'absent' });
    await repairs(x, key);
  });
});

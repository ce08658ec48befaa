// The vault store's own behaviour over the KV v2 fake: check-and-set against concurrent writers, custom_metadata,
// deleted versions, namespaces, permission and token errors — and that no secret reaches errors or events.
import { afterEach, describe, expect, it } from 'vitest';
import { KeywardError } from '../../../src/kernel/errors.js';
import { contractKey, expectNoSecret } from '../../contract/store-contract.js';
import { KvMount } from '../../support/vault-fake/index.js';
import { vaultHarness, type VaultHarness } from './harness.js';

let h: VaultHarness | undefined;
afterEach(async () => {
  if (h) {
    h.fake.assertNoViolations();
    await h.cleanup();
  }
  h = undefined;
});
const ref = (name: string) => ({ store: 'vault', name });
const PATH = 'apps/payments/DEPLOY_KEY';
const mount = (x: VaultHarness) => x.fake.mounts.get('secret') as KvMount;

async function failure(promise: Promise<unknown>): Promise<KeywardError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KeywardError);
  return error as KeywardError;
}

/** Another writer delivering `keyId` between keyward's metadata read and its data write. */
function otherWriter(x: VaultHarness, keyId: string, value: string): void {
  x.fake.interleave('POST', `/data/${PATH}`, () => {
    mount(x).write(PATH, { api_key: value }, undefined);
    mount(x).writeMetadata(PATH, { customMetadata: { keyward_key_id: keyId } });
  });
}

describe('vault store', () => {
  it('writes with cas 0 when absent and cas = current version after, keeping foreign custom_metadata', async () => {
    h = await vaultHarness();
    mount(h).writeMetadata(PATH, { customMetadata: { owner: 'payments-team' } });
    const first = contractKey('deploy', 1);
    const second = contractKey('deploy', 2);
    await h.store.write(ref('DEPLOY_KEY'), first.secret, first.meta);
    await h.store.write(ref('DEPLOY_KEY'), second.secret, second.meta);
    const writes = h.fake.requests.filter((r) => r.method === 'POST' && r.path.includes('/data/'));
    expect(writes.map((r) => (r.body as { options: { cas: number } }).options.cas)).toEqual([0, 1]);
    expect(mount(h).entries.get(PATH)?.customMetadata).toEqual({
      owner: 'payments-team',
      keyward_key_id: second.meta.keyId,
      keyward_version: '2',
      keyward_service_user: 'contract-user',
      keyward_key_name: 'deploy',
      keyward_generation: '2',
    });
    expect(await h.peek('DEPLOY_KEY')).toBe(second.secret.reveal());
  });

  it('works on a mount that requires check-and-set', async () => {
    h = await vaultHarness();
    h.fake.mounts.set('secret', new KvMount(h.clock, true));
    const key = contractKey();
    await h.store.write(ref('DEPLOY_KEY'), key.secret, key.meta);
    await h.store.write(ref('DEPLOY_KEY'), key.secret, key.meta);
    expect(mount(h).entries.get(PATH)?.currentVersion).toBe(2);
  });

  it('fails clearly, without retrying, when another writer delivered a different key in between', async () => {
    h = await vaultHarness();
    const key = contractKey();
    otherWriter(h, 'f'.repeat(32), 'someone else');
    const error = await failure(h.store.write(ref('DEPLOY_KEY'), key.secret, key.meta));
    expect(error).toMatchObject({ code: 'store.vault.conflict', source: 'user' });
    expect(error.message).toContain(
      'secret/apps/payments/DEPLOY_KEY changed while keyward was writing it (version 0 → 1, key ID ffffffff',
    );
    expect(await h.peek('DEPLOY_KEY')).toBe('someone else');
    expectNoSecret(error, key.secretPart);
  });

  it('follows a concurrent writer that delivered the same key: re-reads and writes once more', async () => {
    h = await vaultHarness();
    const key = contractKey();
    otherWriter(h, key.meta.keyId, key.secret.reveal());
    await h.store.write(ref('DEPLOY_KEY'), key.secret, key.meta);
    expect(mount(h).entries.get(PATH)?.currentVersion).toBe(2);
    expect(await h.store.describe(ref('DEPLOY_KEY'))).toMatchObject({ state: 'holds', keyId: key.meta.keyId });
  });

  it('describes a soft-deleted latest version and a metadata-only key as absent', async () => {
    h = await vaultHarness();
    const key = contractKey();
    await h.store.write(ref('DEPLOY_KEY'), key.secret, key.meta);
    mount(h).softDeleteLatest(PATH);
    expect(await h.store.describe(ref('DEPLOY_KEY'))).toEqual({ state: 'absent' });
    mount(h).writeMetadata('apps/payments/EMPTY', { customMetadata: { keyward_key_id: key.meta.keyId } });
    expect(await h.store.describe(ref('EMPTY'))).toEqual({ state: 'absent' });
  });

  it('puts the name where {name} stands in the path and the value under the configured field', async () => {
    h = await vaultHarness({ config: { path: 'teams/{name}/deploy', field: 'token' } });
    const key = contractKey();
    await h.store.write(ref('payments'), key.secret, key.meta);
    expect(h.fake.peek('secret', 'teams/payments/deploy', 'token')).toBe(key.secret.reveal());
  });

  it('sends the namespace header; a namespace Vault does not know reads as a missing mount, not as absent', async () => {
    h = await vaultHarness({ config: { namespace: 'team-b' }, fake: { namespace: 'team-a' } });
    const error = await failure(h.store.describe(ref('DEPLOY_KEY')));
    expect(error).toMatchObject({ code: 'store.vault.mount-not-found', source: 'user' });
    expect(error.message).toContain('secret/apps/payments/DEPLOY_KEY in namespace team-b');
    expect(h.fake.requests[0]?.namespace).toBe('team-b');
  });

  it('a refused token fails at once with the policy it needs', async () => {
    h = await vaultHarness({ fake: { tokens: { 'root-token': ['read'] } } });
    const key = contractKey();
    const error = await failure(h.store.write(ref('DEPLOY_KEY'), key.secret, key.meta));
    expect(error).toMatchObject({ code: 'store.vault.forbidden', source: 'user' });
    expect(error.message).toContain(
      'path "secret/data/apps/payments/DEPLOY_KEY" { capabilities = ["create", "update"] }',
    );
    expect(h.faults?.sleeps).toEqual([]);
    expectNoSecret(error, key.secretPart);
  });

  it('without VAULT_TOKEN fails naming store and secret, before any request', async () => {
    h = await vaultHarness({ env: {} });
    const error = await failure(h.store.describe(ref('DEPLOY_KEY')));
    expect(error.message).toMatch(/^vault store "vault": secret DEPLOY_KEY: no Vault token: set VAULT_TOKEN/);
    expect(h.fake.requests).toEqual([]);
  });

  it('refuses names that are not one path segment', async () => {
    h = await vaultHarness();
    for (const name of ['a/b', '..', 'x y']) {
      expect(await failure(h.store.describe(ref(name)))).toMatchObject({
        code: 'store.vault.secret-name',
        source: 'user',
      });
    }
  });

  it('retries 503 with backoff and 429 after its Retry-After, reporting retries as events', async () => {
    h = await vaultHarness();
    h.fake.inject({ status: 503 });
    h.fake.inject({ status: 429, retryAfter: 3 });
    const key = contractKey();
    await h.store.write(ref('DEPLOY_KEY'), key.secret, key.meta);
    expect(h.faults?.sleeps).toHaveLength(2);
    expect(h.faults?.sleeps[1]).toBe(3000);
    expect(h.events?.map((e) => e.code).filter((c) => c !== 'store.step')).toEqual([
      'store.write.retry',
      'store.write.retry',
    ]);
    expectNoSecret(h.events, key.secretPart);
  });

  it('an unreachable Vault is retried, then fails as a system error naming the ref', async () => {
    h = await vaultHarness();
    await h.fake.close();
    const store = h.store;
    h = await vaultHarness(); // a live fake for afterEach; the closed one stays closed
    const error = await failure(store.describe(ref('DEPLOY_KEY')));
    expect(error).toMatchObject({ code: 'store.vault.request', source: 'system' });
    expect(error.message).toMatch(/no answer from Vault \(ECONNREFUSED\)/);
  });
});

// The github store after a write that failed at each of its requests (the fake refuses or errs, as GitHub would):
// describe tells the old key, an unconfirmed write or the new key truly, and the next full write repairs it.
import { afterEach, describe, expect, it } from 'vitest';
import { KeywardError } from '../../../src/kernel/errors.js';
import { contractKey, expectNoSecret } from '../../contract/store-contract.js';
import { expectTrue } from '../../contract/store-crash-rules.js';
import { loadGithubDescription } from '../../support/github-fake/index.js';
import { githubHarness, type GithubHarness } from './harness.js';

const description = await loadGithubDescription();
let h: GithubHarness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});
const ref = { store: 'ci', name: 'DEPLOY_KEY' };
const variable = 'DEPLOY_KEY_KEY_ID';

async function writtenOld(): Promise<{
  x: GithubHarness;
  old: ReturnType<typeof contractKey>;
  next: ReturnType<typeof contractKey>;
}> {
  const x = await githubHarness(description, 'repository');
  h = x;
  const old = contractKey('deploy', 1);
  await x.store.write(ref, old.secret, old.meta);
  return { x, old, next: contractKey('deploy', 2) };
}

async function failed(x: GithubHarness, next: ReturnType<typeof contractKey>): Promise<KeywardError> {
  const error = await x.store.write(ref, next.secret, next.meta).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KeywardError);
  expectNoSecret(error, next.secretPart);
  return error as KeywardError;
}

async function repairs(x: GithubHarness, next: ReturnType<typeof contractKey>): Promise<void> {
  await x.store.write(ref, next.secret, next.meta);
  expect(await x.store.describe(ref)).toMatchObject({ state: 'holds', keyId: next.meta.keyId });
  expect(x.fake.secretValue(x.scope, 'DEPLOY_KEY')).toBe(next.secret.reveal());
  expect(x.fake.variableValue(x.scope, variable)).toBe(next.meta.keyId);
  expectNoSecret(x.events, next.secretPart);
}

describe('github store after a failed write', () => {
  it('a token that may not write variables fails at the marker, before the secret is touched (issue 10, finding 1)', async () => {
    const { x, old, next } = await writtenOld();
    x.fake.inject({ status: 403, refuse: true, method: 'PATCH', path: variable });
    const error = await failed(x, next);
    expect(error.source).toBe('user');
    expect(await x.store.describe(ref)).toMatchObject({ state: 'holds', keyId: old.meta.keyId });
    expect(x.fake.secretValue(x.scope, 'DEPLOY_KEY')).toBe(old.secret.reveal());
    await repairs(x, next);
  });

  it('a secret PUT that fails for good leaves an unconfirmed write naming both keys, and the value is the old one', async () => {
    const { x, old, next } = await writtenOld();
    x.afterStep('github.pending-marked', () => x.fake.inject({ status: 403, refuse: true, method: 'PUT' }));
    await failed(x, next);
    const described = await x.store.describe(ref);
    expect(described).toMatchObject({ state: 'uncertain', candidates: [next.meta.keyId, old.meta.keyId] });
    expectTrue(described, x.fake.secretValue(x.scope, 'DEPLOY_KEY'));
    expect(x.fake.secretValue(x.scope, 'DEPLOY_KEY')).toBe(old.secret.reveal());
    await repairs(x, next);
  });

  it('a confirmation that fails after the secret was put reads as uncertain, never as the old key', async () => {
    const { x, old, next } = await writtenOld();
    x.afterStep('github.secret-written', () =>
      x.fake.inject({ status: 403, refuse: true, method: 'PATCH', path: variable }),
    );
    await failed(x, next);
    const described = await x.store.describe(ref);
    expect(described).toMatchObject({ state: 'uncertain', candidates: [next.meta.keyId, old.meta.keyId] });
    expectTrue(described, x.fake.secretValue(x.scope, 'DEPLOY_KEY'));
    await repairs(x, next);
  });

  it('a second failed write keeps every key the secret may hold as a candidate', async () => {
    const { x, old, next } = await writtenOld();
    x.afterStep('github.secret-written', () =>
      x.fake.inject({ status: 403, refuse: true, method: 'PATCH', path: variable }),
    );
    await failed(x, next);
    const third = contractKey('deploy', 3);
    x.afterStep('github.pending-marked', () => x.fake.inject({ status: 403, refuse: true, method: 'PUT' }));
    await failed(x, third);
    expect(await x.store.describe(ref)).toMatchObject({
      state: 'uncertain',
      candidates: [third.meta.keyId, next.meta.keyId, old.meta.keyId],
    });
    await repairs(x, third);
  });

  it('a secret without its variable stays "unknown key" through a failed write (no candidate is invented)', async () => {
    const { x, next } = await writtenOld();
    x.fake.state.variablesOf(x.scope).clear();
    x.afterStep('github.pending-marked', () => x.fake.inject({ status: 403, refuse: true, method: 'PUT' }));
    await failed(x, next);
    expect(await x.store.describe(ref)).toMatchObject({ state: 'uncertain', candidates: [] });
    await repairs(x, next);
  });

  it('a delete that fails after the secret is gone reads as absent, and a second delete removes the variable', async () => {
    const { x } = await writtenOld();
    x.afterStep('github.secret-deleted', () =>
      x.fake.inject({ status: 403, refuse: true, method: 'DELETE', path: variable }),
    );
    await expect(x.store.delete(ref)).rejects.toBeInstanceOf(KeywardError);
    expect(await x.store.describe(ref)).toEqual({ state: 'absent' });
    expect(x.fake.variableValue(x.scope, variable)).toBeDefined();
    await x.store.delete(ref);
    expect(x.fake.variableValue(x.scope, variable)).toBeUndefined();
  });
});

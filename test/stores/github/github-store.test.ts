// The github store's own behaviour over the GitHub fake: sealing, the KEY_ID variable, org visibility, caching,
// rate limits, permission messages, GitHub App auth — and that no secret reaches errors, events or the wire.
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { KeywardError } from '../../../src/kernel/errors.js';
import { Secret } from '../../../src/kernel/secret.js';
import { contractKey, expectNoSecret } from '../../contract/store-contract.js';
import { loadGithubDescription, orgScope } from '../../support/github-fake/index.js';
import { githubHarness, type GithubHarness } from './harness.js';

const description = await loadGithubDescription();
let h: GithubHarness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});
const ref = (name: string) => ({ store: 'ci', name });
const calls = (x: GithubHarness) => x.fake.requests.map((r) => `${r.method} ${r.path} ${r.status}`);

async function failure(promise: Promise<unknown>): Promise<KeywardError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KeywardError);
  return error as KeywardError;
}

describe('github store', () => {
  it('marks <NAME>_KEY_ID pending, seals the value for the scope key, then confirms the key ID (POST first, PATCH after)', async () => {
    h = await githubHarness(description, 'repository');
    const key = contractKey();
    await h.store.write(ref('PAYMENTS_DEPLOY_KEY'), key.secret, key.meta);
    expect(h.fake.secretValue(h.scope, 'PAYMENTS_DEPLOY_KEY')).toBe(key.secret.reveal());
    expect(h.fake.variableValue(h.scope, 'PAYMENTS_DEPLOY_KEY_KEY_ID')).toBe(key.meta.keyId);
    const next = contractKey('deploy', 2);
    await h.store.write(ref('PAYMENTS_DEPLOY_KEY'), next.secret, next.meta);
    expect(h.fake.variableValue(h.scope, 'PAYMENTS_DEPLOY_KEY_KEY_ID')).toBe(next.meta.keyId);
    const variable = '/repos/acme/payments/actions/variables/PAYMENTS_DEPLOY_KEY_KEY_ID';
    const secret = '/repos/acme/payments/actions/secrets/PAYMENTS_DEPLOY_KEY';
    expect(calls(h)).toEqual([
      'GET /repos/acme/payments/actions/secrets/public-key 200',
      `GET ${secret} 404`, // no secret yet: it held nothing before, so the variable is not read
      `PATCH ${variable} 404`,
      'POST /repos/acme/payments/actions/variables 201', // the pending marker
      `PUT ${secret} 201`,
      `PATCH ${variable} 204`, // confirmed
      // the public key is cached for the store's lifetime
      `GET ${secret} 200`,
      `GET ${variable} 200`, // what the secret held before: a candidate until confirmed
      `PATCH ${variable} 204`,
      `PUT ${secret} 204`,
      `PATCH ${variable} 204`,
    ]);
    const markers = h.fake.requests
      .filter((r) => r.path.includes('/variables') && (r.method === 'PATCH' || r.method === 'POST'))
      .map((r) => (r.body as { value?: string }).value);
    expect(markers).toEqual([
      JSON.stringify({ pending: key.meta.keyId, was: [] }),
      JSON.stringify({ pending: key.meta.keyId, was: [] }),
      key.meta.keyId,
      JSON.stringify({ pending: next.meta.keyId, was: [key.meta.keyId] }),
      next.meta.keyId,
    ]);
    for (const r of h.fake.requests) expect(JSON.stringify(r.body ?? null)).not.toContain(key.secretPart);
  });

  it('organization secrets carry the visibility and the ids of the named repositories', async () => {
    h = await githubHarness(description, 'organization');
    const key = contractKey();
    await h.store.write(ref('DEPLOY_KEY'), key.secret, key.meta);
    const ids = ['acme/payments', 'acme/billing'].map(
      (n) => h?.fake.state.findRepository(...(n.split('/') as [string, string]))?.id,
    );
    const secret = h.fake.state.secretsOf(orgScope('acme')).get('DEPLOY_KEY');
    expect(secret).toMatchObject({ visibility: 'selected', selectedRepositoryIds: ids });
    expect(h.fake.state.variablesOf(orgScope('acme')).get('DEPLOY_KEY_KEY_ID')).toMatchObject({
      visibility: 'selected',
      selectedRepositoryIds: ids,
    });
    await h.store.write(ref('OTHER_KEY'), key.secret, key.meta);
    expect(calls(h).filter((c) => c.startsWith('GET /repos/acme/'))).toHaveLength(2); // names resolved once
  });

  it('describes a secret without its KEY_ID variable as uncertain (a secret with an unknown key ID)', async () => {
    h = await githubHarness(description, 'environment');
    const key = contractKey();
    await h.store.write(ref('DEPLOY_KEY'), key.secret, key.meta);
    h.fake.state.variablesOf(h.scope).clear();
    expect(await h.store.describe(ref('DEPLOY_KEY'))).toEqual({
      state: 'uncertain',
      candidates: [],
      reason: expect.any(String),
      updatedAt: new Date('2026-03-01T10:00:00Z'),
    });
  });

  it('refuses names GitHub refuses, before any request', async () => {
    h = await githubHarness(description, 'repository');
    for (const name of ['GITHUB_DEPLOY', 'github_x', '1KEY', 'DEPLOY-KEY', 'DÉPLOI', '']) {
      const error = await failure(h.store.describe(ref(name)));
      expect(error).toMatchObject({ source: 'user', code: 'store.github.secret-name' });
    }
    expect(h.fake.requests).toEqual([]);
  });

  it('waits out a 403 secondary rate limit for its retry-after and a 429 until x-ratelimit-reset', async () => {
    h = await githubHarness(description, 'repository');
    h.fake.inject({ status: 429, resetIn: 120, method: 'POST' });
    h.fake.inject({ status: 403, retryAfter: 60, method: 'PUT' });
    const key = contractKey();
    await h.store.write(ref('DEPLOY_KEY'), key.secret, key.meta);
    expect(h.faults?.sleeps).toEqual([120_000, 60_000]);
    expect(h.fake.secretValue(h.scope, 'DEPLOY_KEY')).toBe(key.secret.reveal());
    expect(h.events?.map((e) => e.code).filter((c) => c !== 'store.step')).toEqual([
      'store.write.retry',
      'store.write.retry',
    ]);
    expectNoSecret(h.events, key.secretPart);
    h.fake.assertNoViolations();
  });

  it('waits a minute on a secondary rate limit without a hint, and until x-ratelimit-reset on an exhausted quota', async () => {
    h = await githubHarness(description, 'repository');
    h.fake.inject({ status: 403, path: 'public-key' });
    h.fake.inject({ status: 403, resetIn: 120, path: 'public-key' });
    expect(await h.store.describe(ref('DEPLOY_KEY'))).toEqual({ state: 'absent' });
    expect(h.faults?.sleeps).toEqual([60_000, 120_000]);
  });

  it('does not sit out a rate limit that resets more than five minutes away: it fails and says so', async () => {
    h = await githubHarness(description, 'repository');
    h.fake.inject({ status: 429, resetIn: 3600 });
    const error = await failure(h.store.describe(ref('DEPLOY_KEY')));
    expect(error.message).toContain('GitHub answered 429 API rate limit exceeded');
    expect(h.faults?.sleeps).toEqual([]);
  });

  it('backs off on 5xx and gives up after five attempts with a system error', async () => {
    h = await githubHarness(description, 'repository');
    h.fake.inject({ status: 500, times: 5 });
    const error = await failure(h.store.describe(ref('DEPLOY_KEY')));
    expect(error).toMatchObject({ source: 'system', code: 'store.github.request' });
    expect(error.message).toContain('GitHub answered 500');
    expect(h.faults?.sleeps).toHaveLength(4);
  });

  it('names the missing "Variables: write" permission when only the variable write is refused', async () => {
    h = await githubHarness(description, 'repository', {
      fake: { tokens: { 'test-token': { secrets: 'write', variables: 'read' } } },
    });
    const key = contractKey();
    const error = await failure(h.store.write(ref('DEPLOY_KEY'), key.secret, key.meta));
    expect(error).toMatchObject({ source: 'user', code: 'store.github.forbidden' });
    expect(error.message).toContain('"Variables: write" (GitHub accepts: variables=write)');
    expect(error.message).toContain('default GITHUB_TOKEN of a workflow cannot write secrets');
    expectNoSecret(error, key.secretPart);
    expect(h.faults?.sleeps).toEqual([]);
  });

  it('says the credential is invalid on a 401', async () => {
    h = await githubHarness(description, 'repository', { env: { GITHUB_TOKEN: 'revoked' } });
    const error = await failure(h.store.write(ref('DEPLOY_KEY'), new Secret('v'), contractKey().meta));
    expect(error).toMatchObject({ source: 'user', code: 'store.github.unauthorized' });
    expect(error.message).toMatch(/GITHUB_TOKEN credential is invalid or expired.*"Secrets: write"/);
  });

  it('without credentials, fails the call naming store, secret and the variables to set', async () => {
    h = await githubHarness(description, 'repository', { env: {} });
    const error = await failure(h.store.describe(ref('DEPLOY_KEY')));
    expect(error).toMatchObject({ source: 'user', code: 'store.github.credentials' });
    expect(error.message).toMatch(/^github store "ci": secret DEPLOY_KEY: no GitHub credentials: set GITHUB_TOKEN/);
    expect(h.fake.requests).toEqual([]);
  });

  it('reports a repository it cannot see instead of calling every secret absent', async () => {
    h = await githubHarness(description, 'repository');
    h.fake.state.removeRepository('acme/payments');
    const error = await failure(h.store.describe(ref('DEPLOY_KEY')));
    expect(error).toMatchObject({ source: 'user', code: 'store.github.scope-not-found' });
    expect(error.message).toContain(
      'repository acme/payments was not found, or the GITHUB_TOKEN credential cannot see it',
    );
  });

  it('authenticates as a GitHub App installation through @octokit/auth-app', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    h = await githubHarness(description, 'repository', {
      env: {
        KEYWARD_GITHUB_APP_ID: '42',
        KEYWARD_GITHUB_APP_PRIVATE_KEY: pem.replace(/\n/g, '\\n'),
        KEYWARD_GITHUB_APP_INSTALLATION_ID: '7',
      },
      fake: {
        tokens: {},
        app: {
          appId: 42,
          installationId: 7,
          publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
          grant: { secrets: 'write', variables: 'write' },
        },
      },
    });
    const key = contractKey();
    await h.store.write(ref('DEPLOY_KEY'), key.secret, key.meta);
    expect(h.fake.secretValue(h.scope, 'DEPLOY_KEY')).toBe(key.secret.reveal());
    expect(calls(h)[0]).toBe('POST /app/installations/7/access_tokens 201');
  });

  it('refuses an incomplete GitHub App configuration', async () => {
    h = await githubHarness(description, 'repository', { env: { KEYWARD_GITHUB_APP_ID: '42' } });
    const error = await failure(h.store.describe(ref('DEPLOY_KEY')));
    expect(error.message).toContain(
      'KEYWARD_GITHUB_APP_PRIVATE_KEY (PEM) and a numeric KEYWARD_GITHUB_APP_INSTALLATION_ID are needed too',
    );
  });
});

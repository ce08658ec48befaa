// The GitHub fake itself: it must catch invalid requests and responses, unexpected routes, bad credentials and
// unused injections, and really open sealed boxes; otherwise the store tests built on it could not fail.
import { generateKeyPairSync, createSign } from 'node:crypto';
import sodium from 'libsodium-wrappers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../fake-clock.js';
import { loadGithubDescription, repoScope, startGithubFake, type GithubDescription, type GithubFake } from './index.js';

let description: GithubDescription;
let fake: GithubFake | undefined;
beforeAll(async () => {
  description = await loadGithubDescription();
  await sodium.ready;
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const clock = new FakeClock('2026-03-01T10:00:00Z');
async function start(extra: Partial<Parameters<typeof startGithubFake>[0]> = {}): Promise<GithubFake> {
  fake = await startGithubFake({ description, clock, repositories: ['acme/payments'], ...extra });
  return fake;
}
async function call(f: GithubFake, method: string, path: string, body?: unknown, token = 'test-token') {
  const response = await fetch(`${f.url}${path}`, {
    method,
    headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
}
async function sealFor(f: GithubFake, value: string) {
  const key = (await call(f, 'GET', '/repos/acme/payments/actions/secrets/public-key')).body as {
    key_id: string;
    key: string;
  };
  const sealed = sodium.crypto_box_seal(
    sodium.from_string(value),
    sodium.from_base64(key.key, sodium.base64_variants.ORIGINAL),
  );
  return { key_id: key.key_id, encrypted_value: sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL) };
}

describe('GitHub API fake', () => {
  it('opens the sealed box it receives and stores what it decrypts to', async () => {
    const f = await start();
    const put = await call(
      f,
      'PUT',
      '/repos/acme/payments/actions/secrets/DEPLOY_KEY',
      await sealFor(f, 'plain value'),
    );
    expect(put.status).toBe(201);
    expect(f.secretValue(repoScope('acme/payments'), 'deploy_key')).toBe('plain value');
    expect(
      (await call(f, 'PUT', '/repos/acme/payments/actions/secrets/DEPLOY_KEY', await sealFor(f, 'second'))).status,
    ).toBe(204);
    const got = await call(f, 'GET', '/repos/acme/payments/actions/secrets/DEPLOY_KEY');
    expect(got.body).toEqual({
      name: 'DEPLOY_KEY',
      created_at: '2026-03-01T10:00:00Z',
      updated_at: '2026-03-01T10:00:00Z',
    });
    f.assertNoViolations();
  });

  it('records a request body the description forbids (encrypted_value not base64)', async () => {
    const f = await start();
    const sealed = await sealFor(f, 'x');
    await call(f, 'PUT', '/repos/acme/payments/actions/secrets/DEPLOY_KEY', {
      ...sealed,
      encrypted_value: 'not base64!',
    });
    expect(f.violations.join('\n')).toMatch(
      /actions\/create-or-update-repo-secret request: \/encrypted_value must match pattern/,
    );
    expect(() => f.assertNoViolations()).toThrow(/GitHub fake saw problems/);
  });

  it('records a box that does not open with the scope key, and a stale key_id', async () => {
    const f = await start();
    const foreign = sodium.crypto_box_keypair();
    const sealed = sodium.to_base64(
      sodium.crypto_box_seal(sodium.from_string('x'), foreign.publicKey),
      sodium.base64_variants.ORIGINAL,
    );
    const put = await call(f, 'PUT', '/repos/acme/payments/actions/secrets/DEPLOY_KEY', {
      key_id: '1',
      encrypted_value: sealed,
    });
    expect(put.status).toBe(422);
    expect(f.violations.join('\n')).toMatch(/key_id 1 is not the scope's current key/);
    expect(f.violations.join('\n')).toMatch(/does not open/);
  });

  it('answers and records unexpected routes', async () => {
    const f = await start();
    expect((await call(f, 'GET', '/repos/acme/payments/actions/runs')).status).toBe(404);
    expect(f.violations).toEqual(['unexpected call GET /repos/acme/payments/actions/runs']);
  });

  it('checks responses against the description too', async () => {
    const f = await start({
      routes: [
        {
          method: 'GET',
          template: '/repos/{owner}/{repo}/actions/secrets',
          permission: 'secrets',
          access: 'read',
          handle: () => ({ status: 200, body: { secrets: [] } }),
        },
      ],
    });
    await call(f, 'GET', '/repos/acme/payments/actions/secrets');
    expect(f.violations.join('\n')).toMatch(
      /actions\/list-repo-secrets response 200: \/ must have required property 'total_count'/,
    );
  });

  it('refuses unknown tokens (401) and tokens without the permission (403)', async () => {
    const f = await start({ tokens: { reader: { secrets: 'read', variables: 'none' } } });
    expect((await call(f, 'GET', '/repos/acme/payments/actions/secrets/public-key', undefined, 'nope')).status).toBe(
      401,
    );
    expect((await call(f, 'GET', '/repos/acme/payments/actions/secrets/public-key', undefined, 'reader')).status).toBe(
      200,
    );
    const denied = await call(f, 'DELETE', '/repos/acme/payments/actions/secrets/X', undefined, 'reader');
    expect(denied).toMatchObject({ status: 403, body: { message: 'Resource not accessible by integration' } });
    expect((await call(f, 'GET', '/repos/acme/payments/actions/variables/X', undefined, 'reader')).status).toBe(403);
    f.assertNoViolations();
  });

  it('injects rate limits with retry-after or x-ratelimit-reset, and reports injections never used', async () => {
    const f = await start();
    f.inject({ status: 403, retryAfter: 30, path: 'public-key' });
    f.inject({ status: 429, resetIn: 90, method: 'GET' });
    f.inject({ status: 503, method: 'DELETE' });
    const first = await call(f, 'GET', '/repos/acme/payments/actions/secrets/public-key');
    expect(first.status).toBe(403);
    expect(first.body?.['message']).toMatch(/secondary rate limit/);
    expect(first.headers.get('retry-after')).toBe('30');
    const second = await call(f, 'GET', '/repos/acme/payments/actions/secrets/public-key');
    expect(second.status).toBe(429);
    expect(second.headers.get('x-ratelimit-reset')).toBe(String(Date.parse('2026-03-01T10:00:00Z') / 1000 + 90));
    expect((await call(f, 'GET', '/repos/acme/payments/actions/secrets/public-key')).status).toBe(200);
    expect(() => f.assertNoViolations()).toThrow(/injected 503 never used/);
    expect(f.requests.map((r) => [r.status, r.injected])).toEqual([
      [403, true],
      [429, true],
      [200, false],
    ]);
  });

  it('mints installation tokens only for a JWT signed by the configured app', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const f = await start({
      app: {
        appId: 42,
        installationId: 7,
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        grant: { secrets: 'write', variables: 'write' },
      },
    });
    const jwt = (iss: number) => {
      const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const unsigned = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ iss, iat: 1, exp: 2 })}`;
      return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url')}`;
    };
    const post = (token: string) =>
      fetch(`${f.url}/app/installations/7/access_tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await post(jwt(41))).status).toBe(401);
    const minted = (await (await post(jwt(42))).json()) as { token: string };
    expect(
      (await call(f, 'GET', '/repos/acme/payments/actions/secrets/public-key', undefined, minted.token)).status,
    ).toBe(200);
    f.assertNoViolations();
  });
});

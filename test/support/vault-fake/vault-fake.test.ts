// The Vault KV v2 fake itself: tokens, namespaces, versioning and check-and-set as documented, and violations for
// bodies the documentation does not allow — otherwise the vault store tests built on it could not fail.
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../fake-clock.js';
import { startVaultFake, type VaultFake } from './index.js';

let fake: VaultFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function call(
  f: VaultFake,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { 'x-vault-token': 'root-token' },
) {
  const response = await fetch(`${f.url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

describe('Vault KV v2 fake', () => {
  it('versions writes and enforces check-and-set as documented', async () => {
    const f = (fake = await startVaultFake({ clock: new FakeClock('2026-03-01T10:00:00Z') }));
    const first = await call(f, 'POST', '/v1/secret/data/app/key', { options: { cas: 0 }, data: { v: 'one' } });
    expect(first).toMatchObject({
      status: 200,
      body: { data: { version: 1, deletion_time: '', destroyed: false, created_time: '2026-03-01T10:00:00.000Z' } },
    });
    expect(await call(f, 'POST', '/v1/secret/data/app/key', { options: { cas: 0 }, data: { v: 'two' } })).toEqual({
      status: 400,
      body: { errors: ['check-and-set parameter did not match the current version'] },
    });
    expect((await call(f, 'PUT', '/v1/secret/data/app/key', { options: { cas: 1 }, data: { v: 'two' } })).status).toBe(
      200,
    );
    const read = await call(f, 'GET', '/v1/secret/data/app/key');
    expect(read.body?.['data']).toMatchObject({ data: { v: 'two' }, metadata: { version: 2 } });
    const meta = await call(f, 'GET', '/v1/secret/metadata/app/key');
    expect(meta.body?.['data']).toMatchObject({
      current_version: 2,
      oldest_version: 1,
      custom_metadata: null,
      versions: { 1: { destroyed: false }, 2: { deletion_time: '' } },
    });
    f.assertNoViolations();
  });

  it('answers 404 with no errors for an absent key, and "no handler" for an unknown mount or namespace', async () => {
    const f = (fake = await startVaultFake({ namespace: 'team-a' }));
    const headers = { 'x-vault-token': 'root-token', 'x-vault-namespace': 'team-a' };
    expect(await call(f, 'GET', '/v1/secret/metadata/nope', undefined, headers)).toEqual({
      status: 404,
      body: { errors: [] },
    });
    expect((await call(f, 'GET', '/v1/secret/metadata/nope')).body?.['errors']).toEqual([
      'no handler for route "secret/metadata/nope". route entry not found.',
    ]);
    expect((await call(f, 'GET', '/v1/kv/metadata/nope', undefined, headers)).status).toBe(404);
  });

  it('refuses missing or unknown tokens and missing capabilities with 403', async () => {
    const f = (fake = await startVaultFake({ tokens: { reader: ['read'] } }));
    expect(await call(f, 'GET', '/v1/secret/metadata/x', undefined, {})).toEqual({
      status: 403,
      body: { errors: ['permission denied'] },
    });
    expect((await call(f, 'GET', '/v1/secret/metadata/x', undefined, { 'x-vault-token': 'reader' })).status).toBe(404);
    expect((await call(f, 'POST', '/v1/secret/data/x', { data: {} }, { 'x-vault-token': 'reader' })).status).toBe(403);
  });

  it('replaces custom_metadata wholesale and deletes every version with the metadata', async () => {
    const f = (fake = await startVaultFake());
    await call(f, 'POST', '/v1/secret/metadata/k', { custom_metadata: { a: '1', b: '2' } });
    await call(f, 'POST', '/v1/secret/metadata/k', { custom_metadata: { c: '3' } });
    expect((await call(f, 'GET', '/v1/secret/metadata/k')).body?.['data']).toMatchObject({
      current_version: 0,
      custom_metadata: { c: '3' },
    });
    await call(f, 'POST', '/v1/secret/data/k', { data: { v: 'x' } });
    expect((await call(f, 'DELETE', '/v1/secret/metadata/k')).status).toBe(204);
    expect((await call(f, 'GET', '/v1/secret/data/k')).status).toBe(404);
    expect(f.peek('secret', 'k', 'v')).toBeUndefined();
  });

  it('records bodies the documentation does not allow, and KV calls the fake does not serve', async () => {
    const f = (fake = await startVaultFake());
    await call(f, 'POST', '/v1/secret/data/k', { value: 'x', options: { cas: -1 } });
    await call(f, 'POST', '/v1/secret/metadata/k', { custom_metadata: { n: 1 } });
    expect((await call(f, 'GET', '/v1/sys/health')).status).toBe(404); // no such mount here, as in Vault
    expect(f.violations).toEqual([
      'POST data k: unknown parameter "value"',
      'POST data k: "data" (map) is required',
      'POST data k: "options.cas" must be a non-negative integer',
      'POST metadata k: custom_metadata "n" must be a string',
    ]);
    expect((await call(f, 'GET', '/v1/secret/config')).status).toBe(404);
    expect(f.violations.at(-1)).toBe('unexpected call GET /v1/secret/config');
    f.inject({ status: 503 });
    expect(() => f.assertNoViolations()).toThrow(/injected 503 never used/);
  });
});

// Bootstrap: an empty database gets user admin (Administrators, All Access) holding the given or a generated key,
// stored only as a hash; a database with users is never bootstrapped again, even when servers start at once.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startKeyService } from '../../src/keyservice/server.js';
import { hashKey } from '../../src/keyservice/domain/key-material.js';
import { ADMIN_KEY, startTestService } from './support/harness.js';
import { createTestDatabase, testPostgresUrl } from './support/test-database.js';

const status = async (url: string, key: string) =>
  (await fetch(`${url}/v2/current_user`, { headers: { authorization: `Token ${key}` } })).status;

describe('bootstrap', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('stores only the hash of KEYWARD_BOOTSTRAP_KEY, and the key authenticates admin', async () => {
    const t = await startTestService('pglite');
    try {
      expect(t.service.bootstrap).toEqual({ created: true });
      const rows = await t.service.context.db.query<Record<string, unknown>>('SELECT * FROM api_keys');
      expect(JSON.stringify(rows)).not.toContain(ADMIN_KEY);
      expect(rows[0]).toMatchObject({
        id: ADMIN_KEY.slice(0, 32),
        hash: hashKey(ADMIN_KEY),
        type: 'interactive',
        expires_at: null,
      });
      const key = (await t.call('GET', '/v2/current_api_keys')).results[0];
      expect(key).toMatchObject({ name: 'bootstrap', type: 'interactive', expires_at: null, created_by: 'system' });
    } finally {
      await t.close();
    }
  });

  it('generates a key when none is given, hands it back once as a Secret, and refuses malformed keys', async () => {
    const service = await startKeyService({});
    try {
      const generated = service.bootstrap.generatedKey;
      expect(String(generated)).toBe('[secret]');
      expect(JSON.stringify({ generated })).not.toMatch(/[0-9a-f]{64}/);
      expect(await status(service.url, generated?.reveal() ?? '')).toBe(200);
    } finally {
      await service.close();
    }
    await expect(startKeyService({ bootstrapKey: 'ABC' })).rejects.toThrow(
      'KEYWARD_BOOTSTRAP_KEY must be 64 lowercase hex characters',
    );
  });

  it('keeps data in a PGlite directory across restarts and never bootstraps twice', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyward-boot-'));
    dirs.push(dir);
    const first = await startKeyService({ dataDir: join(dir, 'data'), bootstrapKey: ADMIN_KEY });
    await first.close();
    const otherKey = 'b'.repeat(64);
    const second = await startKeyService({ dataDir: join(dir, 'data'), bootstrapKey: otherKey });
    try {
      expect(second.bootstrap).toEqual({ created: false });
      expect(await status(second.url, ADMIN_KEY)).toBe(200);
      expect(await status(second.url, otherKey)).toBe(401);
    } finally {
      await second.close();
    }
  });

  const serverUrl = testPostgresUrl();
  if (serverUrl !== undefined) {
    it('two servers starting at once on one PostgreSQL database migrate and bootstrap exactly once', async () => {
      const db = await createTestDatabase(serverUrl);
      try {
        const services = await Promise.all(
          [0, 1].map(() => startKeyService({ databaseUrl: db.url, bootstrapKey: ADMIN_KEY })),
        );
        try {
          expect(services.map((s) => s.bootstrap.created).sort()).toEqual([false, true]);
          const users = await services[0]?.context.db.query<{ n: string }>('SELECT count(*)::text AS n FROM users');
          expect(users?.[0]?.n).toBe('1');
          for (const s of services) expect(await status(s.url, ADMIN_KEY)).toBe(200);
        } finally {
          await Promise.all(services.map((s) => s.close()));
        }
      } finally {
        await db.drop();
      }
    });

    it('is stateless over the database: a key disabled through one server is refused by another', async () => {
      const db = await createTestDatabase(serverUrl);
      // The second server caches nothing, so the change is visible without waiting out a TTL.
      const [a, b] = await Promise.all([
        startKeyService({ databaseUrl: db.url, bootstrapKey: ADMIN_KEY }),
        startKeyService({ databaseUrl: db.url, bootstrapKey: ADMIN_KEY, cacheTtlMs: 0 }),
      ]);
      try {
        const headers = { authorization: `Token ${ADMIN_KEY}`, 'content-type': 'application/json' };
        const post = async (url: string, path: string, body: unknown) =>
          (await (await fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })).json()) as {
            result: Record<string, string>;
          };
        const user = (await post(a.url, '/v2/users', { name: 'shared', type: 'service' })).result.id;
        const key = (
          await post(a.url, '/v2/api_keys', {
            name: 'k',
            user_id: user,
            expires_at: new Date(Date.now() + 86_400_000).toISOString(),
          })
        ).result;
        expect((await post(b.url, '/v2/api_keys/verify', { key: key.key })).result.code).toBe('VALID');
        await fetch(`${a.url}/v2/api_keys/${key.id}`, {
          method: 'PATCH',
          headers,
          body: JSON.stringify({ state: 'disabled' }),
        });
        expect((await post(b.url, '/v2/api_keys/verify', { key: key.key })).result.code).toBe('DISABLED');
      } finally {
        await Promise.all([a.close(), b.close()]);
        await db.drop();
      }
    });
  }
});

// PostgreSQL under the key service's limits: a slow statement ends at the statement timeout (503 `unavailable`), and a
// statement whose HTTP client left is cancelled on the server, not left running. Needs KEYWARD_TEST_DATABASE_URL.
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeywardError } from '../../../src/kernel/errors.js';
import type { Database } from '../../../src/keyservice/storage/database.js';
import { openPostgresDatabase } from '../../../src/keyservice/storage/postgres-database.js';
import { QueryScopes, type CancelSource } from '../../../src/keyservice/storage/query-scope.js';
import { backends } from '../support/harness.js';
import { createTestDatabase, testPostgresUrl, type TestDatabase } from '../support/test-database.js';

/** A response stand-in: `leave()` is the client hanging up before the answer. */
class FakeResponse extends EventEmitter implements CancelSource {
  closed = false;
  writableFinished = false;
  leave(): void {
    this.closed = true;
    this.emit('close');
  }
}

describe.each(backends().filter((b) => b === 'postgres'))('storage limits on %s', () => {
  let testDb: TestDatabase;
  let db: Database;
  const scopes = new QueryScopes();
  beforeAll(async () => {
    testDb = await createTestDatabase(testPostgresUrl() as string);
    db = await openPostgresDatabase(testDb.url, { statementTimeoutMs: 300, scopes });
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  it('ends a statement at the timeout with an `unavailable` error naming storage', async () => {
    const err = await db.query('SELECT pg_sleep(5)').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(KeywardError);
    expect(err).toMatchObject({ code: 'unavailable', message: 'storage (PostgreSQL) did not answer within 300 ms' });
  });

  it('cancels the statement of a client that left, on the server', async () => {
    const slow = await openPostgresDatabase(testDb.url, { statementTimeoutMs: 60_000, scopes });
    try {
      const res = new FakeResponse();
      let pending: Promise<unknown> = Promise.resolve();
      scopes.run(res, () => {
        pending = slow.query("SELECT pg_sleep(30), 'keyward-cancel-probe'").then(
          () => 'finished',
          (e: unknown) => e,
        );
      });
      const running = () =>
        db.query<{ n: string }>(
          "SELECT count(*)::text AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%keyward-cancel-probe%' AND pid <> pg_backend_pid()",
        );
      await expect.poll(async () => (await running())[0]?.n).toBe('1');
      res.leave();
      expect(await pending).toMatchObject({ code: 'client_gone' });
      await expect.poll(async () => (await running())[0]?.n).toBe('0');
    } finally {
      await slow.close();
    }
  });
});

// Runs the storage contract suite against embedded PGlite always, and against real PostgreSQL
// when KEYWARD_TEST_DATABASE_URL is set (CI sets it), on a fresh database dropped afterwards.
import { openPgliteDatabase } from '../../src/keyservice/storage/pglite-database.js';
import { openPostgresDatabase } from '../../src/keyservice/storage/postgres-database.js';
import { createTestDatabase, testPostgresUrl } from '../keyservice/support/test-database.js';
import { storageContract } from './storage-contract.js';

storageContract('pglite', async () => {
  const db = await openPgliteDatabase('memory://');
  return { db, cleanup: () => db.close() };
});

const serverUrl = testPostgresUrl();
if (serverUrl !== undefined) {
  storageContract('postgres', async () => {
    const testDb = await createTestDatabase(serverUrl);
    const db = await openPostgresDatabase(testDb.url);
    return {
      db,
      async cleanup() {
        await db.close();
        await testDb.drop();
      },
    };
  });
}
